// The batch API's ordered pipeline (private to runtime/api): with N > 1 threads, N workers
// decide whole batches while the calling thread reads ahead and hands the finished batches
// to the sink in input order; with one, the calling thread does it all. Input: a
// BatchSource. Output: every batch's results, in order, whatever N.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>

#include "icp/batch.hpp"
#include "runtime/api/batch_source.hpp"
#include "runtime/api/batch_worker.hpp"

namespace icp::vm {

// Forwards to a host's sink, counting the records and rejections it was given.
class CountingSink final : public BatchSink {
 public:
  explicit CountingSink(BatchSink& sink) : sink_(sink) {}
  bool on_results(const BatchResults& results) override {
    records_ += results.records;
    rejected_ += results.rejections.size();
    if (results.first_future != nullptr && future_records_ == 0) first_future_ = *results.first_future;
    future_records_ += results.future_records;
    return sink_.on_results(results);
  }
  bool on_side_file_error(const SideFileError& error) override { return sink_.on_side_file_error(error); }
  void on_progress(std::size_t bytes_read, std::size_t records) override { sink_.on_progress(bytes_read, records); }
  std::size_t records() const { return records_; }
  std::size_t rejected() const { return rejected_; }
  std::size_t future_records() const { return future_records_; }
  const std::optional<FutureEvent>& first_future() const { return first_future_; }

 private:
  BatchSink& sink_;
  std::size_t records_ = 0, rejected_ = 0, future_records_ = 0;
  std::optional<FutureEvent> first_future_;
};

enum class PipelineEnd { done, read_failed, stopped };

// Reads `source` to its end, deciding its batches on `workers` (one per thread). After a read
// error, the batches read before it still go to the sink (so what it was given does not
// depend on the thread count); once the sink returns false, nothing more is read or given.
// `read_errno` is errno as the failed read left it.
PipelineEnd run_pipeline(BatchSource& source, BatchInput::Format format,
                         std::span<const std::unique_ptr<BatchWorker>> workers, CountingSink& sink, int& read_errno);

}  // namespace icp::vm
