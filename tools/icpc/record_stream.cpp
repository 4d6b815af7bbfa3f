// Batching, parallel evaluation in contiguous ranges, ordered output, progress bar.
#include "tools/icpc/record_stream.hpp"

#include <chrono>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace icp::cli {
namespace {

// About 4 MiB of input per batch: large enough that thread start-up is noise, small
// enough that memory does not grow with the input.
constexpr std::size_t kBatchBytes = std::size_t{4} << 20;

double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r") == std::string_view::npos; }

// Splits `text` (whole lines only) into non-blank lines, numbering from `first_number`.
std::size_t split_lines(std::string_view text, std::size_t first_number, std::vector<InputLine>& lines) {
  std::size_t number = first_number;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // byte-order mark
    if (!blank(line)) lines.push_back({line, number});
    ++number;
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return number;
}

struct WorkerOutput {
  std::string out;
  std::string errors;
};

void run_batch(const std::vector<InputLine>& lines, std::size_t threads, const LineHandler& handle,
               std::vector<WorkerOutput>& outputs) {
  const std::size_t workers = std::max<std::size_t>(1, std::min(threads, lines.size()));
  for (auto& o : outputs) {
    o.out.clear();
    o.errors.clear();
  }
  auto work = [&](std::size_t worker) {
    // Contiguous ranges keep input order when the outputs are concatenated.
    const std::size_t begin = lines.size() * worker / workers;
    const std::size_t end = lines.size() * (worker + 1) / workers;
    for (std::size_t i = begin; i < end; ++i) handle(worker, lines[i], outputs[worker].out, outputs[worker].errors);
  };
  if (workers == 1) {
    work(0);
    return;
  }
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();
}

}  // namespace

bool stream_records(std::FILE* input, std::size_t threads, const LineHandler& handle, std::FILE* output,
                    std::FILE* errors, const std::function<void(const StreamStats&)>& progress,
                    StreamStats& stats) {
  threads = std::max<std::size_t>(1, threads);
  std::vector<WorkerOutput> outputs(threads);
  std::vector<InputLine> lines;
  std::string buffer;
  std::string carry;  // a line cut by the batch boundary, completed by the next read
  std::size_t next_number = 1;
  std::vector<char> chunk(kBatchBytes);
  bool at_end = false;
  while (!at_end) {
    const std::size_t got = std::fread(chunk.data(), 1, chunk.size(), input);
    if (got < chunk.size()) {
      if (std::ferror(input)) return false;
      at_end = true;
    }
    stats.bytes += got;
    buffer.assign(carry);
    buffer.append(chunk.data(), got);
    carry.clear();
    if (!at_end) {
      const std::size_t last = buffer.rfind('\n');
      const std::size_t keep = last == std::string::npos ? 0 : last + 1;
      carry.assign(buffer, keep, std::string::npos);
      buffer.resize(keep);
    }
    lines.clear();
    next_number = split_lines(buffer, next_number, lines);
    run_batch(lines, threads, handle, outputs);
    for (const auto& o : outputs) {
      std::fwrite(o.out.data(), 1, o.out.size(), output);
      std::fwrite(o.errors.data(), 1, o.errors.size(), errors);
    }
    stats.records += lines.size();
    if (progress) progress(stats);
  }
  return true;
}

ProgressBar::ProgressBar(std::size_t total_bytes) : total_bytes_(total_bytes), started_(now_seconds()) {}

void ProgressBar::update(const StreamStats& stats) {
  const double now = now_seconds();
  if (now - last_draw_ < 0.2) return;
  last_draw_ = now;
  const double elapsed = std::max(now - started_, 1e-6);
  const double rate = static_cast<double>(stats.records) / elapsed;
  std::string eta = "?";
  if (total_bytes_ > 0 && stats.bytes > 0) {
    const double remaining = elapsed * (static_cast<double>(total_bytes_) / static_cast<double>(stats.bytes) - 1.0);
    eta = fmt::format("{:.0f}s", std::max(0.0, remaining));
  }
  const double share = total_bytes_ > 0 ? static_cast<double>(stats.bytes) / static_cast<double>(total_bytes_) : 0;
  const int filled = static_cast<int>(share * 30);
  fmt::print(stderr, "\r[{:=<{}}{:<{}}] {} records, {:.0f}/s, ETA {}  ", "", filled, "", 30 - filled, stats.records,
             rate, eta);
  std::fflush(stderr);
}

void ProgressBar::finish(const StreamStats& stats) {
  last_draw_ = 0;
  update(stats);
  fmt::print(stderr, "\n");
}

}  // namespace icp::cli
