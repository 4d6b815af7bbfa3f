// The writer's thread (log_writer.hpp): takes every submission queued since its last turn as
// one group, finishes their entries into one buffer (seq, prev, the hash chain), writes it
// with one write(2), fsyncs as the policy says, and tells each submitter. A failed write is
// cut off again (ftruncate to the size before it), so the file never keeps half a group and
// the chain goes on from its last whole entry. Input: submissions. Output: entries files.
#include "decision_log/log_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "decision_log/entry_format.hpp"
#include "decision_log/log_tail.hpp"

namespace icp::decision_log {
namespace {

// As many as the submitters that may wait at once (a run's one; a server's threads and batches).
constexpr std::size_t kSpareBuffers = 16;
// A group is written in pieces of about this size (whole submissions; one write(2) each).
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
  writer->file_number_ = tail->file_number;
  writer->file_bytes_ = tail->file_bytes;
  writer->next_seq_ = tail->next_seq;
  writer->prev_ = tail->prev;
  writer->fd_ = open_for_append(options.folder / entries_file_name(tail->file_number), error);
  if (writer->fd_ < 0) return nullptr;
  notes = std::move(tail->notes);
  writer->thread_ = std::thread([raw = writer.get()] { raw->run(); });
  return writer;
}

LogWriter::LogWriter(WriterOptions options, FolderLock lock)
    : options_(std::move(options)), lock_(std::move(lock)), last_sync_(std::chrono::steady_clock::now()) {}

LogWriter::~LogWriter() {
  std::string ignored;
  close(ignored);
}

void LogWriter::submit(std::string pending, Done done) {
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
  work_.notify_one();
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
  work_.notify_one();
  space_.notify_all();
  if (thread_.joinable()) thread_.join();
  bool ok = true;
  std::string problem;
  if (fd_ >= 0) {
    if (dirty_ && !sync(problem)) ok = false;
    if (::close(fd_) != 0 && ok) {
      problem = fmt::format("cannot close `{}`: {}", entries_file_name(file_number_), std::strerror(errno));
      ok = false;
    }
    fd_ = -1;
  }
  const std::lock_guard lock(mutex_);
  if (!ok && first_error_.empty()) first_error_ = problem;
  if (first_error_.empty()) return true;
  error = std::exchange(first_error_, {});
  return false;
}

LogWriter::Counters LogWriter::counters() const {
  const std::lock_guard lock(mutex_);
  return counters_;
}

void LogWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (queue_.empty() && !stopping_) {
      if (dirty_ && options_.fsync == FsyncPolicy::interval) {
        const auto due = last_sync_ + options_.fsync_interval;
        if (!work_.wait_until(lock, due, [this] { return !queue_.empty() || stopping_; })) {
          lock.unlock();
          std::string error;
          if (!sync(error)) fail(error);
          lock.lock();
          continue;
        }
      } else {
        work_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      }
    }
    if (queue_.empty() && stopping_) return;
    std::vector<Submission> group(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
    queue_.clear();
    queued_bytes_ = 0;
    space_.notify_all();
    lock.unlock();
    write_group(group);
    lock.lock();
    finished_ += group.size();
    // Up to a few written buffers are kept for take_buffer(), emptied but with their capacity.
    for (Submission& submission : group) {
      if (spare_.size() >= kSpareBuffers) break;
      submission.pending.clear();
      spare_.push_back(std::move(submission.pending));
    }
    idle_.notify_all();
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
  std::size_t complete = 0;         // submissions whose entries are all in buffer_ or written
  std::size_t written_through = 0;  // submissions whose entries are all written
  const std::uint64_t first_seq = next_seq_;
  buffer_.clear();
  buffer_first_seq_ = next_seq_;
  buffer_prev_ = prev_;
  for (std::size_t i = 0; i < group.size() && !failed; ++i) {
    PendingReader reader(group[i].pending);
    PendingEntry entry;
    while (reader.next(entry)) {
      const std::uint64_t size = entry.body.size() + kTailBytes;
      const std::uint64_t used = file_bytes_ + buffer_.size();
      if (used > 0 && used + size > options_.max_file_bytes) {
        if (!write_buffer(error) || !rotate(error)) {
          failed = true;
          break;
        }
        written_through = complete;
      }
      prev_ = finish_entry(entry, next_seq_++, prev_, buffer_);
    }
    if (failed) break;
    complete = i + 1;
    // Written a piece at a time: the buffer stays small and warm instead of growing to the group.
    if (buffer_.size() >= kWriteBytes) {
      if (!write_buffer(error)) {
        failed = true;
        break;
      }
      written_through = complete;
    }
  }
  if (!failed) {
    if (write_buffer(error)) {
      written_through = complete;
    } else {
      failed = true;
    }
  }
  if (written_through > 0 && options_.fsync == FsyncPolicy::group && dirty_ && !sync(error)) {
    written_through = 0;  // written, but not known to be durable: none is told it is
    failed = true;
  }
  if (options_.fsync == FsyncPolicy::interval && dirty_ &&
      std::chrono::steady_clock::now() - last_sync_ >= options_.fsync_interval && !sync(error)) {
    failed = true;
  }
  if (failed) fail(error);
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

bool LogWriter::write_buffer(std::string& error) {
  std::string_view rest = buffer_;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = fmt::format("cannot write the decision log `{}`: {}", (options_.folder / entries_file_name(file_number_)).string(),
                          n < 0 ? std::strerror(errno) : "nothing was written");
      // Undo: the file goes back to its last whole entry, the chain to the entry before the buffer.
      if (::ftruncate(fd_, static_cast<off_t>(file_bytes_)) != 0) {
        const std::lock_guard lock(mutex_);
        broken_ = fmt::format("{}; and it could not be cut back to its last whole entry: {}", error, std::strerror(errno));
      }
      next_seq_ = buffer_first_seq_;
      prev_ = buffer_prev_;
      buffer_.clear();
      return false;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  file_bytes_ += buffer_.size();
  dirty_ = dirty_ || !buffer_.empty();
  buffer_.clear();
  buffer_first_seq_ = next_seq_;
  buffer_prev_ = prev_;
  return true;
}

bool LogWriter::rotate(std::string& error) {
  if (dirty_ && !sync(error)) return false;
  ::close(fd_);
  fd_ = -1;
  const std::filesystem::path path = options_.folder / entries_file_name(file_number_ + 1);
  fd_ = open_for_append(path, error);
  if (fd_ < 0) {
    const std::lock_guard lock(mutex_);
    broken_ = error;
    return false;
  }
  ++file_number_;
  file_bytes_ = 0;
  return true;
}

bool LogWriter::sync(std::string& error) {
  if (::fdatasync(fd_) != 0) {
    error = fmt::format("cannot fsync the decision log `{}`: {}", (options_.folder / entries_file_name(file_number_)).string(),
                        std::strerror(errno));
    // After a failed fsync the kernel may have dropped the pages: nothing written since can be trusted.
    const std::lock_guard lock(mutex_);
    broken_ = error;
    return false;
  }
  dirty_ = false;
  last_sync_ = std::chrono::steady_clock::now();
  const std::lock_guard lock(mutex_);
  ++counters_.fsyncs;
  return true;
}

void LogWriter::fail(const std::string& error) {
  const std::lock_guard lock(mutex_);
  if (first_error_.empty()) first_error_ = error;
}

}  // namespace icp::decision_log
