// The open-loop engine of bench_constant_rate (bench/serve/constant_rate.cpp). Input: a plan
// (server address, pre-built HTTP requests, rate, connections, warm-up, duration, timeout).
// Output: every response checked and counted, and the latency of each request measured from
// when it was due on the schedule, not from when it was sent.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/serve/latency_histogram.hpp"
#include "bench/serve/response_tally.hpp"

namespace icp::bench {

struct LoadPlan {
  std::string host;
  unsigned short port = 0;
  std::vector<std::string> requests;  // whole HTTP/1.1 requests, sent in rotation
  double rate = 0;                    // requests per second, spread evenly
  unsigned connections = 64;
  std::chrono::nanoseconds warmup{0};    // requests due in it are sent and checked, not timed
  std::chrono::nanoseconds duration{0};  // the measured window, after the warm-up
  std::chrono::nanoseconds timeout{0};   // a response later than this after its send is a timeout
  std::optional<std::uint64_t> expect_bytes;
};

struct LoadResult {
  explicit LoadResult(std::optional<std::uint64_t> expect_bytes) : tally(expect_bytes) {}

  ResponseTally tally;             // every response, warm-up included
  LatencyHistogram latency;        // due → response complete, requests due in the measured window
  LatencyHistogram schedule_lag;   // due → send (the pacer's lateness and the wait for a free connection)
  std::uint64_t requests = 0;      // responses to requests due in the measured window
  std::uint64_t warmup_requests = 0;
  std::uint64_t bytes = 0;         // response bytes (headers and body) of the measured responses
  std::uint64_t unsent = 0;        // due, never sent: no connection was free before the drain ended
  std::chrono::nanoseconds measured_for{0};    // window start → its end or its last response, later of the two
  std::chrono::nanoseconds pacer_late_max{0};  // the most the pacer woke after a due time (measured window)
};

// Connects every connection, then sends request k at start + k / rate until the window ends
// (or SIGINT / SIGTERM ends it early), then waits for the responses still due (at most the
// timeout, then what is left counts as timeouts). Throws std::runtime_error when the first
// connections cannot be made.
LoadResult run_paced_load(const LoadPlan& plan);

}  // namespace icp::bench
