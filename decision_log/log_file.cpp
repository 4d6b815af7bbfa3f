// The open entries file (log_file.hpp). Input: iovecs. Output: appended bytes, or an error
// with the file as it was before.
#include "decision_log/log_file.hpp"

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "decision_log/log_folder.hpp"

namespace icp::decision_log {

LogFile::~LogFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string LogFile::name() const { return (folder_ / entries_file_name(number_)).string(); }

bool LogFile::open(std::string& error) {
  const int fd = open_for_append(folder_ / entries_file_name(number_), error);
  if (fd < 0) return false;
  const std::lock_guard lock(fd_mutex_);
  fd_ = fd;
  return true;
}

bool LogFile::append(const std::vector<iovec>& pieces, std::size_t bytes, std::string& error, bool& broken) {
  std::vector<iovec> rest(pieces);
  std::size_t first = 0;
  std::size_t left = bytes;
  while (left > 0) {
    const int count = static_cast<int>(std::min<std::size_t>(rest.size() - first, IOV_MAX));
    const ssize_t n = ::writev(fd_, rest.data() + first, count);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = fmt::format("cannot write the decision log `{}`: {}", name(), n < 0 ? std::strerror(errno) : "nothing written");
      if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
        error += fmt::format("; and it could not be cut back to its last whole entry: {}", std::strerror(errno));
        broken = true;
      }
      return false;
    }
    left -= static_cast<std::size_t>(n);
    // Past the pieces written whole, into the one written in part.
    for (auto done = static_cast<std::size_t>(n); done > 0;) {
      iovec& piece = rest[first];
      const std::size_t take = std::min(done, piece.iov_len);
      piece.iov_base = static_cast<char*>(piece.iov_base) + take;
      piece.iov_len -= take;
      done -= take;
      if (piece.iov_len == 0) ++first;
    }
    while (first < rest.size() && rest[first].iov_len == 0) ++first;
  }
  size_ += bytes;
  return true;
}

bool LogFile::rotate(std::string& error) {
  if (!sync(error)) return false;
  const int next = open_for_append(folder_ / entries_file_name(number_ + 1), error);
  if (next < 0) return false;
  const std::lock_guard lock(fd_mutex_);
  ::close(fd_);
  fd_ = next;
  ++number_;
  size_ = 0;
  return true;
}

bool LogFile::sync(std::string& error) {
  if (fd_ >= 0 && ::fdatasync(fd_) != 0) {
    error = fmt::format("cannot fsync the decision log `{}`: {}", name(), std::strerror(errno));
    return false;
  }
  return true;
}

int LogFile::duplicate() const {
  const std::lock_guard lock(fd_mutex_);
  return fd_ < 0 ? -1 : ::fcntl(fd_, F_DUPFD_CLOEXEC, 0);
}

bool LogFile::close(std::string& error) {
  const std::lock_guard lock(fd_mutex_);
  if (fd_ < 0) return true;
  const bool ok = ::close(fd_) == 0;
  if (!ok) error = fmt::format("cannot close `{}`: {}", name(), std::strerror(errno));
  fd_ = -1;
  return ok;
}

}  // namespace icp::decision_log
