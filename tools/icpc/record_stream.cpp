// Batching, a reader/worker/writer pipeline with output in input order, progress bar. The
// input is read by vm::LineBlockReader, so a line over the record limit is never held whole.
#include "tools/icpc/record_stream.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "runtime/input/record_reader.hpp"

namespace icp::cli {
namespace {

// About 1 MiB of input per batch (about 2,000 accounts): large enough that handing a
// batch to a thread is noise, small enough that a few batches in flight keep memory flat.
constexpr std::size_t kBatchBytes = vm::LineBlockReader::kDefaultBlockBytes;
// Output buffered by the single-threaded path before a write: small enough to stay in cache.
constexpr std::size_t kDrainBytes = std::size_t{1} << 18;

double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

std::size_t count_newlines(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1)) ++count;
  return count;
}

// One batch: whole lines of input, and the output and rejections they produced.
struct Batch {
  vm::LineBlock input;
  std::size_t first_number = 1;  // line number of the input's first line
  std::size_t records = 0;
  std::string out;
  std::string errors;
  bool done = false;  // guarded by Pipeline::mutex when threads run
};

// Runs `handle` on every non-blank line of the batch, in order. Returns the number of the
// line after the batch.
std::size_t process(Batch& batch, std::size_t worker, const LineHandler& handle) {
  batch.out.clear();
  batch.errors.clear();
  batch.records = 0;
  vm::LineSplitter lines = batch.input.lines(batch.first_number);
  for (InputLine line; lines.next(line);) {
    ++batch.records;
    handle(worker, line, batch.out, batch.errors);
  }
  return lines.next_number();
}

// Reads the next batch, numbered from `first_number`. False on a read error.
bool read_batch(vm::LineBlockReader& reader, Batch& batch, std::size_t first_number, StreamStats& stats) {
  if (!reader.read(batch.input)) return false;
  stats.bytes = reader.bytes_read();
  batch.first_number = first_number;
  return true;
}

void write_batch(const Batch& batch, Output& output, Output& errors, StreamStats& stats) {
  output.write(batch.out);
  errors.write(batch.errors);
  stats.records += batch.records;
}

// Worker threads take batches from a queue; the calling thread reads ahead and writes the
// finished batches in input order, so reading, evaluating and writing overlap.
class Pipeline {
 public:
  Pipeline(std::size_t threads, const LineHandler& handle) : handle_(handle) {
    for (std::size_t w = 0; w < threads; ++w) pool_.emplace_back([this, w] { work(w); });
  }
  ~Pipeline() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      // Empty after a whole run; after a failed write (a WriteError on its way out), the
      // batches no worker has started are dropped rather than evaluated for nothing.
      queue_.clear();
    }
    wake_workers_.notify_all();
    for (auto& t : pool_) t.join();
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
  void work(std::size_t worker) {
    for (;;) {
      Batch* batch = nullptr;
      {
        std::unique_lock lock(mutex_);
        wake_workers_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        batch = queue_.front();
        queue_.pop_front();
      }
      process(*batch, worker, handle_);
      {
        std::lock_guard lock(mutex_);
        batch->done = true;
      }
      batch_done_.notify_all();
    }
  }

  const LineHandler& handle_;
  std::mutex mutex_;
  std::condition_variable wake_workers_, batch_done_;
  std::deque<Batch*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> pool_;
};

}  // namespace

bool stream_records(std::FILE* input, std::size_t threads, const LineHandler& handle, Output& output,
                    Output& errors, const std::function<void(const StreamStats&)>& progress, StreamStats& stats) {
  threads = std::max<std::size_t>(1, threads);
  vm::LineBlockReader reader(input, kBatchBytes);
  std::size_t next_number = 1;
  if (threads == 1) {  // one thread does everything, in order: nothing to hand over
    Batch batch;
    // Decisions go out every kDrainBytes, not once per batch: a batch of audited decisions
    // (~7 MB) would leave the caches before being written, and copying into it cost more.
    const LineHandler draining = [&](std::size_t w, const InputLine& line, std::string& out, std::string& errs) {
      handle(w, line, out, errs);
      if (out.size() < kDrainBytes) return;
      output.write(out);
      out.clear();
    };
    while (!reader.at_end()) {
      if (!read_batch(reader, batch, next_number, stats)) return false;
      next_number = process(batch, 0, draining);
      write_batch(batch, output, errors, stats);
      if (progress) progress(stats);
    }
    return true;
  }
  // Two batches per worker in flight: one being evaluated, one read ahead.
  std::vector<Batch> slots(2 * threads);
  std::deque<Batch*> in_flight;  // in input order
  std::size_t next_slot = 0;
  bool ok = true;
  {
    Pipeline pipeline(threads, handle);
    while (!reader.at_end()) {
      Batch* batch = &slots[next_slot];
      next_slot = (next_slot + 1) % slots.size();
      if (in_flight.size() == slots.size()) {  // the oldest batch is the slot to reuse
        pipeline.wait(in_flight.front());
        write_batch(*in_flight.front(), output, errors, stats);
        in_flight.pop_front();
        if (progress) progress(stats);
      }
      if (!read_batch(reader, *batch, next_number, stats)) {
        ok = false;
        break;
      }
      next_number += count_newlines(batch->input.text());
      pipeline.submit(batch);
      in_flight.push_back(batch);
    }
    for (Batch* batch : in_flight) {
      pipeline.wait(batch);
      if (ok) write_batch(*batch, output, errors, stats);
    }
  }
  if (ok && progress) progress(stats);
  return ok;
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
