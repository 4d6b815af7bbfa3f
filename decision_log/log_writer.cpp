// The writer (log_writer.hpp): every submission queued when a writer takes its turn is one
// group; its entries are finished (seq, prev: the hash chain) into tails, and each piece of
// about 1 MiB is written with one writev(2), bodies straight from the submitters' buffers.
// A failed write is cut back off (LogFile::append), so a file keeps only whole entries and the
// chain goes on from the last one written. Input: submissions. Output: entries files.
#include "decision_log/log_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "decision_log/entry_format.hpp"
#include "decision_log/log_tail.hpp"

namespace icp::decision_log {
namespace {

// As many as the submitters that may wait at once (a run's one; a server's threads and batches).
constexpr std::size_t kSpareBuffers = 16;
// A group is written in pieces of about this size (whole submissions; one writev(2) each).
constexpr std::size_t kWriteBytes = std::size_t{1} << 20;

}  // namespace

std::unique_ptr<LogWriter> LogWriter::open(const WriterOptions& options, std::vector<std::string>& notes,
                                           std::string& error) {
  std::error_code ec;
  std::filesystem::create_directories(options.folder / kProgramsFolder, ec);
  if (ec) {
    error = fmt::format("cannot create the decision log `{}`: {}", options.folder.string(), ec.message());
    return nullptr;
  }
  std::optional<FolderLock> lock = FolderLock::acquire(options.folder, error);
  if (!lock) return nullptr;
  std::vector<EntriesFile> files;
  if (!list_entries_files(options.folder, files, error)) return nullptr;
  std::optional<LogTail> tail = find_tail(files, error);
  if (!tail) return nullptr;
  std::unique_ptr<LogWriter> writer(new LogWriter(options, std::move(*lock)));
  writer->file_ = std::make_unique<LogFile>(options.folder, tail->file_number, tail->file_bytes);
  if (!writer->file_->open(error)) return nullptr;
  writer->next_seq_ = tail->next_seq;
  writer->prev_ = tail->prev;
  notes = std::move(tail->notes);
  writer->thread_ = std::thread([raw = writer.get()] { raw->run(); });
  if (options.fsync == FsyncPolicy::interval) writer->syncer_ = std::thread([raw = writer.get()] { raw->sync_every_interval(); });
  return writer;
}

LogWriter::LogWriter(WriterOptions options, FolderLock lock) : options_(std::move(options)), lock_(std::move(lock)) {}

LogWriter::~LogWriter() {
  std::string ignored;
  close(ignored);
}

void LogWriter::submit(std::string pending, Done done) {
  enqueue(std::move(pending), std::move(done), Hand::writer_thread);
}

void LogWriter::submit_and_write(std::string pending, Done done) {
  enqueue(std::move(pending), std::move(done), Hand::this_thread);
}

void LogWriter::submit_for_later(std::string pending, Done done) {
  enqueue(std::move(pending), std::move(done), Hand::later);
}

void LogWriter::enqueue(std::string pending, Done done, Hand hand) {
  std::unique_lock lock(mutex_);
  if (stopping_) {
    lock.unlock();
    if (done) done(false);
    return;
  }
  space_.wait(lock, [this] { return queued_bytes_ < options_.max_queued_bytes || stopping_; });
  queued_bytes_ += pending.size();
  ++submitted_;
  queue_.push_back(Submission{std::move(pending), std::move(done)});
  if (hand == Hand::later) return;  // write_waiting() comes
  if (hand == Hand::writer_thread || writing_) {
    work_.notify_one();
    return;
  }
  // Nobody writes: this thread does, at once, sparing two hand-offs between threads.
  write_next_group(lock);
}

void LogWriter::write_waiting() {
  std::unique_lock lock(mutex_);
  if (queue_.empty()) return;
  if (writing_) {
    work_.notify_one();  // the group being written ends, then the writer's thread takes these
    return;
  }
  write_next_group(lock);
}

std::string LogWriter::take_buffer() {
  const std::lock_guard lock(mutex_);
  if (spare_.empty()) return {};
  std::string buffer = std::move(spare_.back());
  spare_.pop_back();
  return buffer;
}

bool LogWriter::flush(std::string& error) {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = submitted_;
  idle_.wait(lock, [&] { return finished_ >= target; });
  if (first_error_.empty()) return true;
  error = std::exchange(first_error_, {});
  return false;
}

bool LogWriter::close(std::string& error) {
  {
    const std::lock_guard lock(mutex_);
    if (closed_) return true;
    closed_ = true;
    stopping_ = true;
  }
  work_.notify_all();
  space_.notify_all();
  stop_syncing_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (syncer_.joinable()) syncer_.join();
  std::string problem;
  // Whatever the policy, a closed log is on disk.
  if (file_ && ((unsynced_.load() && !sync(problem)) || !file_->close(problem))) fail(problem, false);
  const std::lock_guard lock(mutex_);
  if (first_error_.empty()) return true;
  error = std::exchange(first_error_, {});
  return false;
}

LogWriter::Counters LogWriter::counters() const {
  const std::lock_guard lock(mutex_);
  return counters_;
}

std::vector<LogWriter::Submission> LogWriter::take_group() {
  std::vector<Submission> group(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  queued_bytes_ = 0;
  writing_ = true;
  space_.notify_all();
  return group;
}

void LogWriter::end_group(std::vector<Submission>& group) {
  writing_ = false;
  finished_ += group.size();
  // Up to a few written buffers are kept for take_buffer(), emptied but with their capacity.
  for (Submission& submission : group) {
    if (spare_.size() >= kSpareBuffers) break;
    submission.pending.clear();
    spare_.push_back(std::move(submission.pending));
  }
  idle_.notify_all();
  // The writer's thread waits for this group to end only when more is queued, or to stop; a
  // wake-up per group would cost a context switch per request of a server.
  if (!queue_.empty() || stopping_) work_.notify_one();
}

// The writer's thread: a group whenever submissions wait and no submitter is writing (the
// chain's end is one thread's at a time: `writing_`).
// Takes the waiting submissions as one group and writes them with the lock released (held on
// entry and on return), so submitters can queue the next group meanwhile.
void LogWriter::write_next_group(std::unique_lock<std::mutex>& lock) {
  std::vector<Submission> group = take_group();
  lock.unlock();
  write_group(group);
  lock.lock();
  end_group(group);
}

void LogWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [this] { return !writing_ && (!queue_.empty() || stopping_); });
    if (queue_.empty()) return;  // stopping, nothing left
    write_next_group(lock);
  }
}

// FsyncPolicy::interval: an fsync of the file open now, every interval in which something was
// written, on a descriptor of its own, so that writes go on while the disk catches up.
void LogWriter::sync_every_interval() {
  std::unique_lock lock(mutex_);
  while (!stop_syncing_.wait_for(lock, options_.fsync_interval, [this] { return stopping_; })) {
    if (!unsynced_.exchange(false)) continue;
    lock.unlock();
    const int fd = file_->duplicate();
    const bool synced = fd < 0 || ::fdatasync(fd) == 0;
    const int failure = errno;
    if (fd >= 0) ::close(fd);
    lock.lock();
    if (synced) {
      ++counters_.fsyncs;
    } else if (broken_.empty()) {
      // After a failed fsync the kernel may have dropped the pages: nothing written since can be trusted.
      broken_ = fmt::format("cannot fsync the decision log `{}`: {}", file_->name(), std::strerror(failure));
      if (first_error_.empty()) first_error_ = broken_;
    }
  }
}

void LogWriter::write_group(std::vector<Submission>& group) {
  std::string error;
  bool failed = false;
  {
    const std::lock_guard lock(mutex_);
    if (!broken_.empty()) {
      failed = true;
      error = broken_;
    }
  }
  const std::uint64_t first_seq = next_seq_;
  std::size_t written_through = failed ? 0 : write_entries(group, error, failed);
  if (written_through > 0 && options_.fsync == FsyncPolicy::group && !sync(error)) {
    written_through = 0;  // written, but not known to be durable: none is told it is
    failed = true;
  }
  if (failed) fail(error, false);
  {
    const std::lock_guard lock(mutex_);
    ++counters_.groups;
    counters_.entries += next_seq_ - first_seq;  // a failed write took its entries back
    counters_.failed_submissions += group.size() - written_through;
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (group[i].done) group[i].done(i < written_through);
  }
}

std::size_t LogWriter::write_entries(std::vector<Submission>& group, std::string& error, bool& failed) {
  std::size_t complete = 0;         // submissions whose entries are all in the piece or written
  std::size_t written_through = 0;  // submissions whose entries are all written
  piece_first_seq_ = next_seq_;
  piece_prev_ = prev_;
  for (std::size_t i = 0; i < group.size(); ++i) {
    PendingReader reader(group[i].pending);
    PendingEntry entry;
    while (reader.next(entry)) {
      const std::uint64_t used = file_->size() + piece_bytes_;
      if (used > 0 && used + entry.body.size() + kTailBytes > options_.max_file_bytes) {
        if (!write_piece(error)) {
          failed = true;
          return written_through;
        }
        written_through = complete;
        if (!file_->rotate(error)) {
          failed = true;
          return written_through;
        }
      }
      const std::size_t tail_at = tails_.size();
      prev_ = finish_tail(entry, next_seq_++, prev_, tails_);
      slices_.push_back(Slice{entry.body, tail_at, tails_.size() - tail_at});
      piece_bytes_ += entry.body.size() + tails_.size() - tail_at;
    }
    complete = i + 1;
    // Written a piece at a time: the tails and iovecs stay small and warm.
    if (piece_bytes_ >= kWriteBytes) {
      if (!write_piece(error)) {
        failed = true;
        return written_through;
      }
      written_through = complete;
    }
  }
  if (!write_piece(error)) {
    failed = true;
    return written_through;
  }
  return complete;
}

bool LogWriter::write_piece(std::string& error) {
  iovecs_.clear();
  for (const Slice& slice : slices_) {
    iovecs_.push_back(iovec{const_cast<char*>(slice.body.data()), slice.body.size()});
    iovecs_.push_back(iovec{tails_.data() + slice.tail_at, slice.tail_size});
  }
  bool broken = false;
  const bool written = piece_bytes_ == 0 || file_->append(iovecs_, piece_bytes_, error, broken);
  if (!written) {
    // The file is back to its last whole entry, the chain to the entry before the piece.
    next_seq_ = piece_first_seq_;
    prev_ = piece_prev_;
    if (broken) fail(error, true);
  } else if (piece_bytes_ > 0) {
    unsynced_ = true;
  }
  slices_.clear();
  tails_.clear();
  piece_bytes_ = 0;
  piece_first_seq_ = next_seq_;
  piece_prev_ = prev_;
  return written;
}

bool LogWriter::sync(std::string& error) {
  unsynced_ = false;
  if (!file_->sync(error)) {
    // After a failed fsync the kernel may have dropped the pages: nothing written since can be trusted.
    fail(error, true);
    return false;
  }
  const std::lock_guard lock(mutex_);
  ++counters_.fsyncs;
  return true;
}

void LogWriter::fail(const std::string& error, bool broken) {
  const std::lock_guard lock(mutex_);
  if (first_error_.empty()) first_error_ = error;
  if (broken && broken_.empty()) broken_ = error;
}

}  // namespace icp::decision_log
