// The log's files mapped one after another and cut at newlines (log_scanner.hpp).
// Input: entries files. Output: LogLines.
#include "decision_log/log_scanner.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace icp::decision_log {

LogScanner::~LogScanner() { unmap(); }

bool LogScanner::open(const std::filesystem::path& folder, std::string& error) {
  return list_entries_files(folder, files_, error);
}

void LogScanner::unmap() {
  if (mapped_ && size_ > 0) ::munmap(const_cast<char*>(data_), size_);
  mapped_ = false;
  data_ = nullptr;
  size_ = 0;
}

bool LogScanner::map(std::size_t index) {
  const std::filesystem::path& path = files_[index].path;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat status{};
  if (fd < 0 || ::fstat(fd, &status) != 0) {
    error_ = fmt::format("cannot read `{}`: {}", path.string(), std::strerror(errno));
    if (fd >= 0) ::close(fd);
    return false;
  }
  size_ = static_cast<std::size_t>(status.st_size);
  if (size_ > 0) {
    void* data = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) {
      error_ = fmt::format("cannot read `{}`: {}", path.string(), std::strerror(errno));
      ::close(fd);
      size_ = 0;
      return false;
    }
    ::madvise(data, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(data);
  }
  ::close(fd);
  mapped_ = true;
  at_ = 0;
  number_ = 0;
  return true;
}

bool LogScanner::next(LogLine& line) {
  for (;;) {
    if (!mapped_) {
      if (current_ >= files_.size() || !error_.empty()) return false;
      if (!map(current_)) return false;
    }
    if (at_ < size_) {
      const char* begin = data_ + at_;
      const void* newline = std::memchr(begin, '\n', size_ - at_);
      const std::size_t length =
          newline == nullptr ? size_ - at_ : static_cast<std::size_t>(static_cast<const char*>(newline) - begin) + 1;
      line = LogLine{current_, ++number_, std::string_view(begin, length), newline == nullptr};
      at_ += length;
      return true;
    }
    unmap();
    ++current_;
  }
}

}  // namespace icp::decision_log
