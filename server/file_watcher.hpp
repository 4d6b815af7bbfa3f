// Watching the served files for changes: inotify on their folders (so an editor's
// rename-over, a delete-and-recreate and a git checkout are seen, not only in-place writes),
// or polling their stat when inotify is unavailable. Changes are debounced: a file is
// reported once it has been quiet for the debounce time. Input: the files and what each
// change means. Output: calls of `on_change` with the names to reload, on the watcher's thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace icp::server {

class FileWatcher {
 public:
  // `names` given to on_change for a file; a file mapped to an empty name (icp.toml) means
  // "every profile", reported as an empty list.
  using OnChange = std::function<void(const std::vector<std::string>& names)>;
  FileWatcher(std::map<std::string, std::string> files, std::chrono::milliseconds debounce, bool force_polling,
              OnChange on_change);
  ~FileWatcher();  // stops and joins the thread
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  bool polling() const { return inotify_fd_ < 0; }

 private:
  void run();
  void run_inotify();
  void run_polling();
  void note(const std::string& file, std::set<std::string>& pending, bool& all);
  void flush(std::set<std::string>& pending, bool& all);

  std::map<std::string, std::string> files_;  // normalised path -> profile name ("" = all)
  std::chrono::milliseconds debounce_;
  OnChange on_change_;
  int inotify_fd_ = -1;
  std::map<int, std::string> watched_dirs_;  // inotify watch -> folder
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace icp::server
