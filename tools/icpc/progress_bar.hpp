// `icpc eval`'s progress bar: one line on stderr, redrawn at most five times a second, with
// the records decided, their rate and an ETA. Input: the bytes and records read so far
// (icp::BatchSink::on_progress). Output: the bar, on a terminal only (the caller decides).
#pragma once

#include <cstddef>

namespace icp::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::size_t total_bytes);  // 0: unknown size (no ETA)
  void update(std::size_t bytes_read, std::size_t records);
  void finish();

 private:
  std::size_t total_bytes_;
  std::size_t bytes_read_ = 0, records_ = 0;
  double started_ = 0;
  double last_draw_ = 0;
};

}  // namespace icp::cli
