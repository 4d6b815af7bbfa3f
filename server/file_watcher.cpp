// The watcher's loop: inotify events on the files' folders, or a stat of each file every
// poll; either way a change is reported after `debounce` without another. Input: file events.
// Output: on_change calls.
#include "server/file_watcher.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "server/log.hpp"

namespace icp::server {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Everything that replaces or rewrites a file in its folder.
constexpr std::uint32_t kEvents = IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                                  IN_ATTRIB;
// How often the loops look at the stop flag, and how often polling stats the files.
constexpr std::chrono::milliseconds kTick{100};
constexpr std::chrono::milliseconds kPollInterval{500};

std::string normal(const std::string& path) {
  return fs::absolute(fs::path(path)).lexically_normal().generic_string();
}

// What polling compares: the file's identity, size and change time (absent: nullopt).
using Stamp = std::optional<std::tuple<ino_t, off_t, std::int64_t, std::int64_t>>;
Stamp stamp(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return std::make_tuple(st.st_ino, st.st_size, static_cast<std::int64_t>(st.st_mtim.tv_sec),
                         static_cast<std::int64_t>(st.st_mtim.tv_nsec));
}

}  // namespace

FileWatcher::FileWatcher(std::map<std::string, std::string> files, std::chrono::milliseconds debounce,
                         bool force_polling, OnChange on_change)
    : debounce_(debounce), on_change_(std::move(on_change)) {
  for (const auto& [path, name] : files) files_[normal(path)] = name;
  if (!force_polling) {
    inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    for (const auto& [path, name] : files_) {
      if (inotify_fd_ < 0) break;
      const std::string dir = fs::path(path).parent_path().generic_string();
      bool known = false;
      for (const auto& [wd, watched] : watched_dirs_) known = known || watched == dir;
      if (known) continue;
      const int wd = ::inotify_add_watch(inotify_fd_, dir.c_str(), kEvents);
      if (wd < 0) {
        log_line(fmt::format("cannot watch `{}` with inotify ({}): polling instead", dir, std::strerror(errno)));
        ::close(inotify_fd_);
        inotify_fd_ = -1;
        watched_dirs_.clear();
        break;
      }
      watched_dirs_[wd] = dir;
    }
  }
  thread_ = std::thread([this] { run(); });
}

FileWatcher::~FileWatcher() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
}

void FileWatcher::run() {
  if (inotify_fd_ >= 0) {
    run_inotify();
  } else {
    run_polling();
  }
}

void FileWatcher::note(const std::string& file, std::set<std::string>& pending, bool& all) {
  const auto found = files_.find(file);
  if (found == files_.end()) return;
  if (found->second.empty()) {
    all = true;
  } else {
    pending.insert(found->second);
  }
}

void FileWatcher::flush(std::set<std::string>& pending, bool& all) {
  const std::vector<std::string> names = all ? std::vector<std::string>{} : std::vector<std::string>(pending.begin(), pending.end());
  pending.clear();
  all = false;
  on_change_(names);
}

void FileWatcher::run_inotify() {
  std::set<std::string> pending;
  bool all = false;
  Clock::time_point last_event{};
  alignas(inotify_event) std::array<char, 16 * 1024> buffer{};
  while (!stop_) {
    pollfd fd{inotify_fd_, POLLIN, 0};
    ::poll(&fd, 1, static_cast<int>(kTick.count()));
    for (;;) {
      const ssize_t n = ::read(inotify_fd_, buffer.data(), buffer.size());
      if (n <= 0) break;
      for (ssize_t at = 0; at < n;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
        at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        const auto dir = watched_dirs_.find(event->wd);
        if (dir == watched_dirs_.end() || event->len == 0) continue;
        const std::string file = dir->second + "/" + event->name;
        if (files_.count(file) == 0) continue;
        note(file, pending, all);
        last_event = Clock::now();
      }
    }
    if ((all || !pending.empty()) && Clock::now() - last_event >= debounce_) flush(pending, all);
  }
}

void FileWatcher::run_polling() {
  std::map<std::string, Stamp> stamps;
  for (const auto& [path, name] : files_) stamps[path] = stamp(path);
  std::set<std::string> pending;
  bool all = false;
  Clock::time_point last_change{};
  Clock::time_point last_poll = Clock::now();
  while (!stop_) {
    std::this_thread::sleep_for(kTick);
    if (Clock::now() - last_poll >= std::min(kPollInterval, debounce_)) {
      last_poll = Clock::now();
      for (auto& [path, previous] : stamps) {
        Stamp now = stamp(path);
        if (now == previous) continue;
        previous = now;
        note(path, pending, all);
        last_change = Clock::now();
      }
    }
    if ((all || !pending.empty()) && Clock::now() - last_change >= debounce_) flush(pending, all);
  }
}

}  // namespace icp::server
