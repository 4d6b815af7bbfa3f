// bench_constant_rate: the wrk2-style load generator of the icpc serve benchmark (bench/serve/run,
// bench/README.md). Input: a server's address, a file of request bodies, a path, a rate.
// Output: one line `BENCH-SERVE {json}` with the keys decide.lua writes under wrk (load.py reads
// either), plus the achieved rate and how far the sender fell behind its schedule. One thread:
// the caller pins it with taskset. The open loop itself: paced_load.cpp.
#include <sys/prctl.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "bench/serve/paced_load.hpp"

namespace {

using icp::bench::LoadPlan;
using icp::bench::LoadResult;

struct Options {
  std::string host = "127.0.0.1";
  unsigned port = 0;
  std::string path;
  std::string bodies;
  std::string content_type = "application/json";
  double rate = 0;
  unsigned connections = 64;
  double duration_s = 10;
  double warmup_s = 2;
  double timeout_s = 10;
  std::optional<std::uint64_t> expect_bytes;
};

std::chrono::nanoseconds seconds(double s) {
  return std::chrono::nanoseconds(static_cast<std::int64_t>(s * 1e9));
}

// The request bodies: one per non-empty line, or with application/x-ndjson the whole file as
// one body (a batch), as decide.lua reads them.
std::vector<std::string> read_bodies(const Options& options) {
  std::ifstream in(options.bodies, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot be read", options.bodies));
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<std::string> bodies;
  if (options.content_type == "application/x-ndjson") {
    if (!text.empty()) bodies.push_back(std::move(text));
  } else {
    for (std::size_t from = 0; from < text.size();) {
      const std::size_t end = std::min(text.find('\n', from), text.size());
      if (end > from) bodies.push_back(text.substr(from, end - from));
      from = end + 1;
    }
  }
  if (bodies.empty()) throw std::runtime_error(fmt::format("{}: no request bodies (one per line)", options.bodies));
  return bodies;
}

// Each request built once, as wrk.format builds them: sending is one write of ready bytes.
std::vector<std::string> build_requests(const Options& options) {
  std::vector<std::string> requests;
  for (const std::string& body : read_bodies(options)) {
    requests.push_back(fmt::format("POST {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n{}",
                                   options.path, options.host, options.port, options.content_type, body.size(), body));
  }
  return requests;
}

std::string percentiles_json(const icp::bench::LatencyHistogram& histogram, bool with_p90_mean) {
  std::string out = fmt::format(R"({{"p50":{:.1f},)", histogram.percentile_us(50));
  if (with_p90_mean) out += fmt::format(R"("p90":{:.1f},)", histogram.percentile_us(90));
  out += fmt::format(R"("p99":{:.1f},"p999":{:.1f},"max":{:.1f})", histogram.percentile_us(99),
                     histogram.percentile_us(99.9), histogram.max_us());
  if (with_p90_mean) out += fmt::format(R"(,"mean":{:.1f})", histogram.mean_us());
  return out + "}";
}

// The BENCH-SERVE line: decide.lua's keys (requests, duration_us, bytes, errors, latency_us,
// programs, statuses, body_program_mismatches, wrong_length) and the generator's own.
std::string summary(const Options& options, const LoadResult& result) {
  const auto duration_us = std::max<std::int64_t>(1, result.measured_for.count() / 1000);
  const double achieved = static_cast<double>(result.requests) / (static_cast<double>(duration_us) / 1e6);
  return fmt::format(
      R"json(BENCH-SERVE {{"generator":"bench_constant_rate","latency_from":"due time (coordinated omission corrected)",)json"
      R"("requests":{},"duration_us":{},"bytes":{},"latency_us":{},{},"target_rate":{:.3f},"achieved_rate":{:.3f},)"
      R"("connections":{},"warmup_requests":{},"unsent":{},"schedule_lag_us":{},"pacer_late_us_max":{:.1f},)"
      R"("histogram_relative_error":{:.6f}}})",
      result.requests, duration_us, result.bytes, percentiles_json(result.latency, true), result.tally.json_members(),
      options.rate, achieved, options.connections, result.warmup_requests, result.unsent,
      percentiles_json(result.schedule_lag, false), static_cast<double>(result.pacer_late_max.count()) / 1000,
      icp::bench::LatencyHistogram::kRelativeError);
}

void add_options(CLI::App& app, Options& options) {
  app.add_option("--host", options.host, "the server's address")->capture_default_str();
  app.add_option("--port", options.port, "the server's port")->required()->check(CLI::Range(1, 65535));
  app.add_option("--path", options.path, "the request path and query, e.g. /v1/decide/rules?as_of=2026-11-23")
      ->required();
  app.add_option("--bodies", options.bodies, "request bodies, one per line, rotated (application/x-ndjson: the "
                                              "whole file is one body)")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--content-type", options.content_type)->capture_default_str();
  app.add_option("--rate", options.rate, "requests per second, spread evenly")->required()->check(CLI::PositiveNumber);
  app.add_option("--connections", options.connections, "keep-alive connections, one request on each at a time")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("--duration", options.duration_s, "seconds measured, after the warm-up")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--warmup", options.warmup_s, "seconds of load before the measured window (checked, not timed)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--timeout", options.timeout_s, "seconds a response may take after its send")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--expect-bytes", options.expect_bytes, "every response body must be this long");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_constant_rate: requests at a constant rate, spread evenly, latency from each due time "
               "(bench/README.md, \"icpc serve\")"};
  Options options;
  add_options(app, options);
  CLI11_PARSE(app, argc, argv);
  // Timer slack (50 µs by default) lets the kernel defer this thread's timed wake-ups to batch
  // them with others: at ~30 µs between due times that would bunch requests. 1 ns asks for
  // none, however the kernel applies it (asio's timers here wait on a timerfd).
  if (prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL) != 0) std::perror("bench_constant_rate: prctl(PR_SET_TIMERSLACK)");
  try {
    LoadPlan plan{.host = options.host, .port = static_cast<unsigned short>(options.port),
                  .requests = build_requests(options), .rate = options.rate, .connections = options.connections,
                  .warmup = seconds(options.warmup_s), .duration = seconds(options.duration_s),
                  .timeout = seconds(options.timeout_s), .expect_bytes = options.expect_bytes};
    const LoadResult result = icp::bench::run_paced_load(plan);
    std::fputs((summary(options, result) + "\n").c_str(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  } catch (const std::exception& error) {
    fmt::print(stderr, "bench_constant_rate: {}\n", error.what());
    return 1;
  }
}
