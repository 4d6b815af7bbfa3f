// Reloads off the I/O threads: compiling a profile takes milliseconds to tens of them, and on
// an I/O thread (SIGHUP, POST /v1/admin/reload) every connection it serves would wait that
// long. One thread runs the reloads in the order asked. Input: reload requests. Output: each
// request's results, handed to its callback on the reload thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/profile_registry.hpp"

namespace icp::server {

class Reloader {
 public:
  // Reloads the named profiles (all when empty), logging and counting each outcome.
  using Reload = std::function<std::vector<ReloadResult>(std::string_view trigger, const std::vector<std::string>& names)>;
  using Done = std::function<void(std::vector<ReloadResult>)>;

  explicit Reloader(Reload reload);
  // Finishes the reload running, drops those still waiting (the server is stopping), joins.
  ~Reloader();
  Reloader(const Reloader&) = delete;
  Reloader& operator=(const Reloader&) = delete;

  // Queues a reload; `done` (may be empty) gets its results on the reload thread.
  void post(std::string trigger, std::vector<std::string> names, Done done);

 private:
  struct Job {
    std::string trigger;
    std::vector<std::string> names;
    Done done;
  };
  void run();

  Reload reload_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;  // guarded
  bool stopping_ = false;  // guarded
  std::thread thread_;
};

}  // namespace icp::server
