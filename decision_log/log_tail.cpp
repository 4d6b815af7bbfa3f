// Finding where a log left off (log_tail.hpp): files read backwards a block at a time, so a
// large file costs its last entry only. Input: entries files. Output: a LogTail.
#include "decision_log/log_tail.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "decision_log/entry_parse.hpp"

namespace icp::decision_log {
namespace {

class ReadOnlyFile {
 public:
  explicit ReadOnlyFile(const std::filesystem::path& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~ReadOnlyFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  ReadOnlyFile(const ReadOnlyFile&) = delete;
  ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

bool read_at(int fd, std::uint64_t offset, std::size_t size, char* to) {
  while (size > 0) {
    const ssize_t n = ::pread(fd, to, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    to += n;
    offset += static_cast<std::uint64_t>(n);
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool read_last_line(const std::filesystem::path& path, std::string& line, std::uint64_t& torn, std::uint64_t& size,
                    std::string& error) {
  line.clear();
  torn = 0;
  const ReadOnlyFile file(path);
  struct stat status{};
  if (file.fd() < 0 || ::fstat(file.fd(), &status) != 0) {
    error = fmt::format("cannot read `{}`: {}", path.string(), std::strerror(errno));
    return false;
  }
  size = static_cast<std::uint64_t>(status.st_size);
  // `tail` holds the file's last bytes, from `from` on; it grows backwards until it holds
  // the newline before the last whole line (or the file's start).
  std::string tail;
  std::uint64_t from = size;
  std::size_t block = std::size_t{64} << 10;
  for (;;) {
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(from, block));
    from -= take;
    tail.insert(0, take, '\0');
    if (!read_at(file.fd(), from, take, tail.data())) {
      error = fmt::format("cannot read `{}`: {}", path.string(), errno != 0 ? std::strerror(errno) : "it shrank");
      return false;
    }
    block *= 2;
    const std::size_t end = tail.rfind('\n');  // the last whole line ends here
    if (end == std::string::npos) {
      if (from == 0) {  // no newline at all: a torn first entry, or an empty file
        torn = size;
        return true;
      }
      continue;
    }
    const std::size_t begin = end == 0 ? std::string::npos : tail.rfind('\n', end - 1);
    if (begin == std::string::npos && from > 0) continue;
    torn = tail.size() - (end + 1);
    const std::size_t start = begin == std::string::npos ? 0 : begin + 1;
    line = tail.substr(start, end + 1 - start);
    return true;
  }
}

std::optional<LogTail> find_tail(const std::vector<EntriesFile>& files, std::string& error) {
  LogTail tail;
  if (files.empty()) return tail;
  EntryParser parser;
  Entry entry;
  for (std::size_t k = files.size(); k-- > 0;) {
    std::string line;
    std::uint64_t torn = 0, size = 0;
    if (!read_last_line(files[k].path, line, torn, size, error)) return std::nullopt;
    if (k + 1 == files.size()) {
      if (torn > 0) {
        tail.file_number = files[k].number + 1;
        tail.notes.push_back(fmt::format(
            "`{}` ends in a torn entry ({} bytes never finished: a crash while writing); it is left as it is and the "
            "log continues in `{}`",
            files[k].path.filename().string(), torn, entries_file_name(tail.file_number)));
      } else if (size == 0) {
        tail.file_number = files[k].number;  // an empty file holds nothing to keep: reuse it
      } else {
        tail.file_number = files[k].number;
        tail.file_bytes = size;
      }
    }
    if (line.empty()) continue;  // no whole line here: the chain goes on from an earlier file
    std::string problem;
    if (!parser.parse(std::string_view(line).substr(0, line.size() - 1), entry, problem)) {
      error = fmt::format("cannot continue the decision log: the last entry of `{}` is not a log entry ({}); run "
                          "`icpc log verify`",
                          files[k].path.string(), problem);
      return std::nullopt;
    }
    tail.next_seq = entry.seq + 1;
    tail.prev = sha256_digest(line);
    return tail;
  }
  return tail;
}

}  // namespace icp::decision_log
