// Guarding descriptors 0-2 and SIGPIPE at start-up; checked writes, flushes and the final
// check of stdout and stderr, with the one-line message a failed one gets.
#include "tools/icpc/standard_streams.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "tools/icpc/commands.hpp"
#include "tools/icpc/output_file.hpp"

namespace icp::cli {
namespace {

// A failure is reported once: by main() from the WriteError, or by finish_standard_streams.
bool reported_stdout = false;
bool reported_stderr = false;

std::string reason(int error) {
  if (error == 0) return "an earlier write failed";
  if (error == EBADF) return "it is closed";
  if (error == EPIPE) return fmt::format("{} (the reader stopped early)", std::strerror(error));
  return std::strerror(error);
}

}  // namespace

bool prepare_standard_streams() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // Descriptors below `fd` are open, so open() returns `fd` itself.
    const int opened = open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY);
    if (opened != fd) return false;
  }
  std::signal(SIGPIPE, SIG_IGN);
  // Likewise a file-size limit (`ulimit -f`): EFBIG, reported, instead of a killed process
  // that leaves its temporary file behind.
  std::signal(SIGXFSZ, SIG_IGN);
  return true;
}

std::string standard_stream_failure(std::FILE* stream, int error) {
  const bool is_stdout = stream == stdout;
  (is_stdout ? reported_stdout : reported_stderr) = true;
  return fmt::format("cannot write to standard {}: {}; the output is incomplete (what was written cannot be "
                     "taken back)",
                     is_stdout ? "output" : "error", reason(error));
}

void write_standard(std::FILE* stream, std::string_view bytes) {
  if (bytes.empty()) return;
  // glibc's fwrite reports a full count when only the flush inside it failed: ferror() tells.
  if (std::fwrite(bytes.data(), 1, bytes.size(), stream) == bytes.size() && std::ferror(stream) == 0) return;
  throw WriteError(standard_stream_failure(stream, errno));
}

void flush_standard_output() {
  if (std::fflush(stdout) == 0 && std::ferror(stdout) == 0) return;
  throw WriteError(standard_stream_failure(stdout, errno));
}

int finish_standard_streams(int exit_code) {
  errno = 0;
  const bool flush_failed = std::fflush(stdout) != 0;
  int error = flush_failed ? errno : 0;
  // Closing a duplicate runs the file system's flush-on-close (NFS reports some write errors
  // only there, as gnulib's close_stdout catches) and leaves descriptor 1 itself in place.
  const int duplicate = dup(STDOUT_FILENO);
  if (duplicate >= 0 && close(duplicate) != 0 && error == 0) error = errno;
  if (flush_failed || std::ferror(stdout) != 0 || error != 0) {
    if (!reported_stdout) print_error(standard_stream_failure(stdout, error));
    exit_code = kExitUsage;
  }
  // A failed stderr cannot be reported: the exit code is all that is left to say it.
  if (std::fflush(stderr) != 0 || std::ferror(stderr) != 0) exit_code = kExitUsage;
  return exit_code;
}

}  // namespace icp::cli
