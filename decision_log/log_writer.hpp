// The decision log's writer: one thread that appends entries to the folder's current file,
// chaining each to the one before, rotating files by size, and telling each submitter when its
// entries are written. Input: buffers of pending entries (entry_format.hpp), from any thread.
// Output: entries files; a callback per submission (written or not).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "decision_log/log_folder.hpp"
#include "decision_log/sha256_state.hpp"

namespace icp::decision_log {

// When written entries are fsynced (docs/decision-log.md "Durability"). Every policy fsyncs a
// file when it is rotated and when the log is closed.
enum class FsyncPolicy : std::uint8_t {
  group,     // after each group, before its submitters are told: nothing told is lost, even by a power cut
  interval,  // at most `fsync_interval` after a write: a process crash loses nothing told, a power cut that much
  close,     // only at rotation and close (a batch run that is redone if the machine fails)
};

struct WriterOptions {
  std::filesystem::path folder;
  std::uint64_t max_file_bytes = std::uint64_t{64} << 20;  // a file is rotated before it would pass this
  FsyncPolicy fsync = FsyncPolicy::interval;
  std::chrono::milliseconds fsync_interval{1000};
  // submit() waits while this much waits to be written: enough for a few batches' entries, so
  // a run that decides faster than its log is written waits rather than holding it all.
  std::size_t max_queued_bytes = std::size_t{8} << 20;
};

class LogWriter {
 public:
  // Creates the folder if needed, takes its lock, finds where the log left off (log_tail.hpp)
  // and starts the writer's thread. `notes` gets what the host should print (a torn tail).
  static std::unique_ptr<LogWriter> open(const WriterOptions& options, std::vector<std::string>& notes,
                                         std::string& error);
  ~LogWriter();  // close(), its error dropped
  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;

  // Told once a submission's entries are all written (and fsynced when the policy is `group`),
  // or not: a failed write, or a log already failed. Runs on the writer's thread: keep it short.
  using Done = std::function<void(bool written)>;
  // Queues a buffer of pending entries; entries are written in submission order. Waits while
  // max_queued_bytes are queued. Thread-safe.
  void submit(std::string pending, Done done = nullptr);
  // An empty buffer for the next submission, with the capacity of one already written: a
  // submitter that fills a fresh buffer per batch would fault in new pages for each (a third
  // of the log's cost when measured).
  std::string take_buffer();
  // Waits until every submission so far is done; false with the first failure since the
  // last flush.
  bool flush(std::string& error);
  // Flushes, fsyncs, stops the thread and releases the lock. Returns flush()'s result.
  bool close(std::string& error);

  struct Counters {
    std::uint64_t entries = 0, groups = 0, failed_submissions = 0, fsyncs = 0;
  };
  Counters counters() const;
  const std::filesystem::path& folder() const { return options_.folder; }

 private:
  struct Submission {
    std::string pending;
    Done done;
  };
  LogWriter(WriterOptions options, FolderLock lock);
  void run();
  void write_group(std::vector<Submission>& group);
  bool write_buffer(std::string& error);
  bool rotate(std::string& error);
  bool sync(std::string& error);
  void fail(const std::string& error);

  WriterOptions options_;
  FolderLock lock_;

  // The chain's end and the open file: the writer's thread alone touches these once started.
  int fd_ = -1;
  std::uint64_t file_number_ = 1;
  std::uint64_t file_bytes_ = 0;
  std::uint64_t next_seq_ = 1;
  Digest prev_ = kGenesis;
  std::string buffer_;                 // finished lines not yet written
  std::uint64_t buffer_first_seq_ = 1; // the chain as it was before buffer_'s lines, to undo them
  Digest buffer_prev_ = kGenesis;
  bool dirty_ = false;                 // written since the last fsync
  std::chrono::steady_clock::time_point last_sync_;

  mutable std::mutex mutex_;
  std::condition_variable work_, space_, idle_;
  std::deque<Submission> queue_;    // guarded
  std::vector<std::string> spare_;  // guarded: written buffers, emptied, for take_buffer()
  std::size_t queued_bytes_ = 0;    // guarded
  std::uint64_t submitted_ = 0, finished_ = 0;  // guarded: submissions queued and done
  std::string first_error_;         // guarded: since the last flush
  std::string broken_;              // guarded: set once the log cannot go on; every later submission fails
  bool stopping_ = false;           // guarded
  bool closed_ = false;             // guarded
  Counters counters_;               // guarded
  std::thread thread_;
};

}  // namespace icp::decision_log
