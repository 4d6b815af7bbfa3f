// Every file an icpc command writes (--output, --errors, `build -o`, `fmt` in place) and its
// standard output go through Output. Input: bytes. Output: a file replaced whole or not at all,
// or a WriteError that main() prints before exiting 2.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace icp::cli {

// A failed open, write, flush, sync or rename of an output; what() is the whole message
// (file, errno text, what became of the file). main() prints it and exits 2.
class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where a command's bytes go.
// - stdout or stderr: written through stdio, in order with fmt::print; nothing to roll back.
// - a regular file (or a name not yet taken): written to a temporary file beside it
//   (`.NAME.icpc-XXXXXX`, created as any new file is, so the umask applies; when it replaces
//   a file, that file's mode and, where allowed, owner), synced to disk, and renamed over it
//   by commit(). Until then the old file stays whole; on failure, destruction or SIGINT,
//   SIGTERM or SIGHUP the temporary file is removed. A symbolic link is followed: the file it
//   names is replaced and the link stays.
// - a device, pipe or anything under /dev or /proc (/dev/null, a FIFO): written in place, as
//   there is no file to replace; /dev/stdout, /dev/stderr and /dev/fd/N write to a duplicate
//   of that descriptor, sharing its offset as `2>&1` does.
// Every method throws WriteError on failure.
class Output {
 public:
  explicit Output(std::FILE* standard_stream);  // stdout or stderr
  explicit Output(const std::string& path);     // opens it (see above)
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output();

  void write(std::string_view bytes);
  // Flushes (and for a temporary file syncs and closes) without renaming yet, so a command
  // with two outputs can finish writing both before it replaces either.
  void close();
  // close(), then the rename over the target. Once committed, nothing more may be written.
  void commit();
  const std::string& path() const { return path_; }  // "" for stdout and stderr

 private:
  [[noreturn]] void fail(int error, std::string_view doing = "");
  void remove_temporary();

  std::FILE* stream_ = nullptr;
  bool standard_ = false;
  std::string path_;       // as the user named it, for messages
  std::string target_;     // the file replaced: path_ with symbolic links followed
  std::string temporary_;  // the file being written until commit(); "" once renamed or removed
  bool replacing_ = false; // written to temporary_ and renamed over target_ (else in place)
  bool existed_ = false;   // target_ was a file before (messages say it was left as it was)
  int slot_ = -1;          // in the registry a signal handler cleans up
};

// The whole of `bytes` to `path` through an Output ("" = stdout), committed.
void write_output(const std::string& path, std::string_view bytes);
// Several files (path, bytes), each through an Output: all are written and closed before any
// is renamed over its target, as a command with several outputs needs.
void write_outputs(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace icp::cli
