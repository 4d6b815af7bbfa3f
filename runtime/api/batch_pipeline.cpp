// The ordered pipeline (batch_pipeline.hpp): a queue of batches for the worker threads, and
// the calling thread reading ahead and handing finished batches over oldest first.
#include "runtime/api/batch_pipeline.hpp"

#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace icp::vm {
namespace {

// Worker threads take batches from a queue; the calling thread reads ahead and hands the
// finished batches over in input order, so reading, deciding and writing overlap.
class WorkerPool {
 public:
  WorkerPool(BatchInput::Format format, std::span<const std::unique_ptr<BatchWorker>> workers) : format_(format) {
    for (const auto& worker : workers) pool_.emplace_back([this, w = worker.get()] { work(*w); });
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      // Empty after a whole run; once the sink stopped the stream (or threw), the batches
      // no worker has started are dropped rather than decided for nothing.
      queue_.clear();
    }
    wake_workers_.notify_all();
    for (auto& thread : pool_) thread.join();
  }
  void submit(Batch* batch) {
    {
      std::lock_guard lock(mutex_);
      batch->done = false;
      queue_.push_back(batch);
    }
    wake_workers_.notify_one();
  }
  void wait(Batch* batch) {
    std::unique_lock lock(mutex_);
    batch_done_.wait(lock, [batch] { return batch->done; });
  }

 private:
  void work(BatchWorker& worker) {
    for (;;) {
      Batch* batch = nullptr;
      {
        std::unique_lock lock(mutex_);
        wake_workers_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        batch = queue_.front();
        queue_.pop_front();
      }
      worker.decide(format_, *batch, nullptr);
      {
        std::lock_guard lock(mutex_);
        batch->done = true;
      }
      batch_done_.notify_all();
    }
  }

  BatchInput::Format format_;
  std::mutex mutex_;
  std::condition_variable wake_workers_, batch_done_;
  std::deque<Batch*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> pool_;
};

bool hand_over(Batch& batch, CountingSink& sink) {
  if (!sink.on_results(batch.results())) return false;
  sink.on_progress(batch.input_bytes, sink.records());
  return true;
}

// One thread reads, decides and hands over each batch in turn: nothing to pass between
// threads. The worker hands decisions over as they reach kDrainBytes, within a batch.
PipelineEnd run_alone(BatchSource& source, BatchInput::Format format, BatchWorker& worker, CountingSink& sink,
                      int& read_errno) {
  Batch batch;
  while (!source.at_end()) {
    if (!source.read(batch)) {
      read_errno = errno;
      return PipelineEnd::read_failed;
    }
    if (!worker.decide(format, batch, &sink) || !hand_over(batch, sink)) return PipelineEnd::stopped;
    batch.first_number = batch.next_number;
  }
  return PipelineEnd::done;
}

}  // namespace

PipelineEnd run_pipeline(BatchSource& source, BatchInput::Format format,
                         std::span<const std::unique_ptr<BatchWorker>> workers, CountingSink& sink, int& read_errno) {
  if (workers.size() == 1) return run_alone(source, format, *workers.front(), sink, read_errno);
  // Two batches per worker in flight: one being decided, one read ahead.
  std::vector<Batch> slots(2 * workers.size());
  std::deque<Batch*> in_flight;  // in input order
  std::size_t next_slot = 0, next_number = 1;
  PipelineEnd end = PipelineEnd::done;
  WorkerPool pool(format, workers);
  while (!source.at_end()) {
    Batch* batch = &slots[next_slot];
    next_slot = (next_slot + 1) % slots.size();
    if (in_flight.size() == slots.size()) {  // the oldest batch is the slot to reuse
      pool.wait(in_flight.front());
      if (!hand_over(*in_flight.front(), sink)) return PipelineEnd::stopped;
      in_flight.pop_front();
    }
    batch->first_number = next_number;
    if (!source.read(*batch)) {
      read_errno = errno;
      end = PipelineEnd::read_failed;
      break;
    }
    next_number += source.numbers_in(*batch);
    pool.submit(batch);
    in_flight.push_back(batch);
  }
  for (Batch* batch : in_flight) {
    pool.wait(batch);
    if (!hand_over(*batch, sink)) return PipelineEnd::stopped;
  }
  return end;
}

}  // namespace icp::vm
