// Opening an output (a temporary file beside the target, or the target in place), checked
// writes, sync and rename, and the removal of temporary files on failure or on a signal.
#include "tools/icpc/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <utility>

#include <fmt/format.h>

#include "tools/icpc/standard_streams.hpp"

namespace icp::cli {
namespace {
namespace fs = std::filesystem;

// Temporary files a terminating signal must remove. A slot is claimed by compare-and-swap
// and filled before it is marked used; the handler only reads used slots and calls unlink and
// raise, which are async-signal-safe.
constexpr int kTemporarySlots = 16;
constexpr std::size_t kSlotPathBytes = 4096;
enum SlotState : int { kFree, kFilling, kUsed };
struct TemporarySlot {
  std::atomic<int> state{kFree};
  char path[kSlotPathBytes] = {};
};
TemporarySlot temporaries[kTemporarySlots];

extern "C" void remove_temporaries_and_reraise(int signal) {
  for (TemporarySlot& slot : temporaries) {
    if (slot.state.load() == kUsed) unlink(slot.path);
  }
  // SA_RESETHAND restored the default action: the signal stays pending until this handler
  // returns, then ends the process as it would have without icpc's cleanup.
  raise(signal);
}

void install_signal_cleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction current {};
      // An ignored signal stays ignored (nohup ignores SIGHUP for the whole run).
      if (sigaction(signal, nullptr, &current) != 0 || current.sa_handler == SIG_IGN) continue;
      struct sigaction action {};
      action.sa_handler = remove_temporaries_and_reraise;
      sigemptyset(&action.sa_mask);
      action.sa_flags = SA_RESETHAND;
      sigaction(signal, &action, nullptr);
    }
  });
}

// Returns the slot, or -1 when none is free or the path does not fit: the file is then still
// removed on failure, only not on a signal.
int register_temporary(const std::string& path) {
  if (path.size() >= kSlotPathBytes) return -1;
  install_signal_cleanup();
  for (int i = 0; i < kTemporarySlots; ++i) {
    int expected = kFree;
    if (!temporaries[i].state.compare_exchange_strong(expected, kFilling)) continue;
    std::memcpy(temporaries[i].path, path.c_str(), path.size() + 1);
    temporaries[i].state.store(kUsed);
    return i;
  }
  return -1;
}

void unregister_temporary(int slot) {
  if (slot >= 0) temporaries[slot].state.store(kFree);
}

// The name finally written when `path` is opened: symbolic links followed, the last one
// possibly dangling (open() would create the file it names).
fs::path follow_links(fs::path path) {
  for (int hops = 0; hops < 40; ++hops) {  // Linux's own limit before ELOOP
    std::error_code ec;
    if (!fs::is_symlink(path, ec)) return path;
    fs::path next = fs::read_symlink(path, ec);
    if (ec) return path;
    path = next.is_absolute() ? next : path.parent_path() / next;
  }
  return path;  // a loop: stat() says ELOOP
}

// The descriptor a path names (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N), or -1.
int named_descriptor(std::string_view path) {
  if (path == "/dev/stdout") return STDOUT_FILENO;
  if (path == "/dev/stderr") return STDERR_FILENO;
  for (const std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!path.starts_with(prefix)) continue;
    const std::string_view digits = path.substr(prefix.size());
    int fd = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), fd);
    if (error == std::errc() && end == digits.data() + digits.size()) return fd;
  }
  return -1;
}

// `.NAME.icpc-XXXXXX` beside `target`: hidden, and on the same file system, as rename needs.
std::string temporary_name(const fs::path& target) {
  static std::mt19937_64 engine{std::random_device{}()};
  static constexpr std::string_view kLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  // 200 bytes of the name leave room for the suffix within NAME_MAX (255).
  std::string name = "." + target.filename().string().substr(0, 200) + ".icpc-";
  for (int i = 0; i < 6; ++i) name += kLetters[engine() % kLetters.size()];
  return (target.parent_path() / name).string();
}

// A device, pipe or descriptor name opened for writing in place; -1 with errno set on failure.
// A descriptor is shared, not reopened: reopening the file behind `2>log` would start at
// offset 0 and overwrite what the shell's descriptor writes (or truncate a `>>` file).
int open_in_place(const std::string& path) {
  const int named = named_descriptor(path);
  if (named >= 0) {
    const int flags = fcntl(named, F_GETFL);
    if (flags < 0) return -1;
    // Read-only: not open for writing, e.g. a closed stdout reopened by standard_streams.
    if ((flags & O_ACCMODE) == O_RDONLY) {
      errno = EBADF;
      return -1;
    }
    return fcntl(named, F_DUPFD_CLOEXEC, 0);
  }
  return open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
}

// Creates a new temporary file beside `target`, named in `temporary`; -1 with errno set on
// failure. Mode 0666 as for any new file: the kernel applies the umask.
int create_temporary(const std::string& target, std::string& temporary) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    temporary = temporary_name(target);
    const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

// A stdio stream over `fd`; on failure `fd` is closed and errno kept.
std::FILE* open_stream(int fd) {
  std::FILE* stream = fdopen(fd, "wb");
  if (stream == nullptr) {
    const int error = errno;
    ::close(fd);
    errno = error;
  }
  return stream;
}

}  // namespace

Output::Output(std::FILE* standard_stream) : stream_(standard_stream), standard_(true) {}

Output::Output(const std::string& path) : path_(path) {
  // /dev/stdout, /dev/fd/N and /proc/self/fd/N name whatever a descriptor holds: write to it.
  const bool special = path.starts_with("/dev/") || path.starts_with("/proc/");
  target_ = special ? path : follow_links(path).string();
  struct stat status {};
  const bool exists = stat(target_.c_str(), &status) == 0;
  if (!exists && errno != ENOENT) fail(errno);
  if (exists && S_ISDIR(status.st_mode)) throw WriteError(fmt::format("cannot write `{}`: it is a folder", path));
  if (special || (exists && !S_ISREG(status.st_mode))) {
    const int fd = open_in_place(target_);
    if (fd < 0 || (stream_ = open_stream(fd)) == nullptr) fail(errno);
    return;
  }
  replacing_ = true;
  existed_ = exists;
  // A file the user may not write is not replaced behind its back (rename would allow it).
  if (exists && access(target_.c_str(), W_OK) != 0) fail(errno);
  const int fd = create_temporary(target_, temporary_);
  if (fd < 0) {
    const int error = errno;
    const std::string folder = fs::path(target_).parent_path().string();
    temporary_.clear();
    fail(error, fmt::format("cannot create a temporary file in `{}`", folder.empty() ? "." : folder));
  }
  slot_ = register_temporary(temporary_);
  if ((stream_ = open_stream(fd)) == nullptr) fail(errno);
  if (exists) {
    // The replaced file's owner and mode carry over, as editors keep them. Changing the owner
    // needs root (or a group the user is in); when refused, the file is the user's, as a new one.
    if (fchown(fd, status.st_uid, status.st_gid) != 0) {
      // Refused: kept as created.
    }
    if (fchmod(fd, status.st_mode & 07777) != 0) fail(errno);
  }
}

Output::~Output() {
  if (!standard_ && stream_ != nullptr) std::fclose(stream_);
  remove_temporary();
}

void Output::write(std::string_view bytes) {
  if (bytes.empty()) return;
  // glibc's fwrite reports a full count when only the flush inside it failed: ferror() tells.
  if (std::fwrite(bytes.data(), 1, bytes.size(), stream_) == bytes.size() && std::ferror(stream_) == 0) return;
  fail(errno);
}

void Output::close() {
  if (stream_ == nullptr) return;
  if (std::fflush(stream_) != 0 || std::ferror(stream_) != 0) fail(errno);
  if (standard_) return;
  // The data reaches the disk before the rename publishes it, so after a crash the name holds
  // the old file or the new one, never an empty one (delayed allocation on ext4 and XFS).
  // Devices and pipes written in place have nothing to sync.
  // A file system that cannot sync at all (EINVAL, ENOTSUP) has no stronger promise to give.
  if (replacing_ && fsync(fileno(stream_)) != 0 && errno != EINVAL && errno != ENOTSUP) fail(errno);
  if (std::fclose(std::exchange(stream_, nullptr)) != 0) fail(errno);
}

void Output::commit() {
  close();
  if (temporary_.empty()) return;
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0) fail(errno);
  unregister_temporary(std::exchange(slot_, -1));
  temporary_.clear();
}

void Output::fail(int error, std::string_view doing) {
  std::string message;
  if (standard_) {
    message = standard_stream_failure(stream_, error);
  } else {
    message = fmt::format("cannot write `{}`: {}{}", path_, doing.empty() ? "" : fmt::format("{}: ", doing),
                          std::strerror(error));
    if (replacing_) message += fmt::format("; `{}` was {}", path_, existed_ ? "left as it was" : "not created");
    // A constructor that throws gets no destructor: close here.
    if (stream_ != nullptr) std::fclose(std::exchange(stream_, nullptr));
  }
  remove_temporary();
  throw WriteError(message);
}

void Output::remove_temporary() {
  if (temporary_.empty()) return;
  unlink(temporary_.c_str());
  unregister_temporary(std::exchange(slot_, -1));
  temporary_.clear();
}

void write_output(const std::string& path, std::string_view bytes) {
  if (path.empty()) {
    Output output(stdout);
    output.write(bytes);
    output.commit();
    return;
  }
  Output output(path);
  output.write(bytes);
  output.commit();
}

void write_outputs(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<std::unique_ptr<Output>> outputs;
  for (const auto& [path, bytes] : files) {
    outputs.push_back(std::make_unique<Output>(path));
    outputs.back()->write(bytes);
  }
  // Every file is complete and synced before the first replaces its target, so a failure
  // leaves the old set as it was (a rename itself failing part-way is reported as such).
  for (auto& output : outputs) output->close();
  for (auto& output : outputs) output->commit();
}

}  // namespace icp::cli
