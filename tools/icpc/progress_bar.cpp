// The progress bar (progress_bar.hpp): rate from the records so far, ETA from the share of
// the input's bytes read.
#include "tools/icpc/progress_bar.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace icp::cli {
namespace {

double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

}  // namespace

ProgressBar::ProgressBar(std::size_t total_bytes) : total_bytes_(total_bytes), started_(now_seconds()) {}

void ProgressBar::update(std::size_t bytes_read, std::size_t records) {
  bytes_read_ = bytes_read;
  records_ = records;
  const double now = now_seconds();
  if (now - last_draw_ < 0.2) return;
  last_draw_ = now;
  const double elapsed = std::max(now - started_, 1e-6);
  const double rate = static_cast<double>(records) / elapsed;
  std::string eta = "?";
  if (total_bytes_ > 0 && bytes_read > 0) {
    const double remaining = elapsed * (static_cast<double>(total_bytes_) / static_cast<double>(bytes_read) - 1.0);
    eta = fmt::format("{:.0f}s", std::max(0.0, remaining));
  }
  const double share = total_bytes_ > 0 ? static_cast<double>(bytes_read) / static_cast<double>(total_bytes_) : 0;
  const int filled = static_cast<int>(share * 30);
  fmt::print(stderr, "\r[{:=<{}}{:<{}}] {} records, {:.0f}/s, ETA {}  ", "", filled, "", 30 - filled, records, rate,
             eta);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  last_draw_ = 0;
  update(bytes_read_, records_);
  fmt::print(stderr, "\n");
}

}  // namespace icp::cli
