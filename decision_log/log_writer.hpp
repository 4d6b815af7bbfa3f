// The decision log's writer: appends entries to the folder's current file, chaining each to
// the one before, rotating files by size, and telling each submitter when its entries are
// written. Input: buffers of pending entries (entry_format.hpp), from any thread. Output:
// entries files; a callback per submission (written or not). Groups are written by the
// writer's thread, or by a submitter that finds nobody writing (submit_and_write).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sys/uio.h>

#include "decision_log/log_file.hpp"
#include "decision_log/log_folder.hpp"
#include "decision_log/sha256_state.hpp"

namespace icp::decision_log {

// When written entries are fsynced (docs/decision-log.md "Durability"). Every policy fsyncs a
// file when it is rotated and when the log is closed.
enum class FsyncPolicy : std::uint8_t {
  group,     // after each group, before its submitters are told: nothing told is lost, even by a power cut
  interval,  // at most `fsync_interval` after a write, on a thread of its own (writes go on meanwhile):
             // a process crash loses nothing told, a power cut up to that much
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
  // or not: a failed write, or a log already failed. Runs on the thread that wrote: keep it short.
  using Done = std::function<void(bool written)>;
  // Queues a buffer of pending entries for the writer's thread; entries are written in
  // submission order. Waits while max_queued_bytes are queued. Thread-safe.
  void submit(std::string pending, Done done = nullptr);
  // The same, but when nobody is writing, the calling thread writes at once and is told before
  // this returns: no hand-off to the writer's thread and back. What comes meanwhile waits for
  // the writer's thread, as a group.
  void submit_and_write(std::string pending, Done done);
  // Queues without waking anyone: the caller calls write_waiting() soon (a server, once it has
  // read what its connections sent at the same time, so that their entries go in one write).
  void submit_for_later(std::string pending, Done done);
  // Writes what waits, on the calling thread, unless a group is being written (then the
  // writer's thread takes it after that one).
  void write_waiting();
  // An empty buffer for the next submission, with the capacity of one already written: a
  // submitter that fills a fresh buffer per batch would fault in new pages for each (a third
  // of the log's cost when measured).
  std::string take_buffer();
  // Waits until every submission so far is done; false with the first failure since the
  // last flush.
  bool flush(std::string& error);
  // Flushes, fsyncs, stops the threads and releases the lock. Returns flush()'s result.
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
  enum class Hand : std::uint8_t { writer_thread, this_thread, later };
  LogWriter(WriterOptions options, FolderLock lock);
  void enqueue(std::string pending, Done done, Hand hand);
  void run();
  void sync_every_interval();
  std::vector<Submission> take_group();            // under the lock: the queue, and `writing_` set
  void end_group(std::vector<Submission>& group);  // under the lock
  void write_group(std::vector<Submission>& group);
  void write_next_group(std::unique_lock<std::mutex>& lock);  // take, write unlocked, end
  // The group's entries, a piece at a time; returns how many submissions were written whole.
  std::size_t write_entries(std::vector<Submission>& group, std::string& error, bool& failed);
  bool write_piece(std::string& error);
  bool sync(std::string& error);
  void fail(const std::string& error, bool broken);

  WriterOptions options_;
  FolderLock lock_;
  std::unique_ptr<LogFile> file_;

  // The chain's end and the piece being built: touched only by the thread that set `writing_`.
  std::uint64_t next_seq_ = 1;
  Digest prev_ = kGenesis;
  struct Slice {
    std::string_view body;            // in its submission's buffer
    std::size_t tail_at = 0, tail_size = 0;  // in tails_
  };
  std::vector<Slice> slices_;
  std::string tails_;
  std::vector<iovec> iovecs_;
  std::size_t piece_bytes_ = 0;
  std::uint64_t piece_first_seq_ = 1;  // the chain before the piece, to undo it after a failed write
  Digest piece_prev_ = kGenesis;
  std::atomic<bool> unsynced_{false};  // written since the last fsync

  mutable std::mutex mutex_;
  std::condition_variable work_, space_, idle_, stop_syncing_;
  std::deque<Submission> queue_;    // guarded
  std::vector<std::string> spare_;  // guarded: written buffers, emptied, for take_buffer()
  std::size_t queued_bytes_ = 0;    // guarded
  std::uint64_t submitted_ = 0, finished_ = 0;  // guarded: submissions queued and done
  std::string first_error_;         // guarded: since the last flush
  std::string broken_;              // guarded: set once the log cannot go on; every later submission fails
  bool writing_ = false;            // guarded: a thread is writing a group
  bool stopping_ = false;           // guarded
  bool closed_ = false;             // guarded
  Counters counters_;               // guarded
  std::thread thread_;
  std::thread syncer_;  // FsyncPolicy::interval only
};

}  // namespace icp::decision_log
