// The reload thread (reloader.hpp): takes queued reloads one at a time and runs them.
// Input: posted jobs. Output: reloads done, each job's callback called with its results.
#include "server/reloader.hpp"

namespace icp::server {

Reloader::Reloader(Reload reload) : reload_(std::move(reload)), thread_([this] { run(); }) {}

Reloader::~Reloader() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Reloader::post(std::string trigger, std::vector<std::string> names, Done done) {
  {
    const std::lock_guard lock(mutex_);
    jobs_.push_back(Job{std::move(trigger), std::move(names), std::move(done)});
  }
  wake_.notify_one();
}

void Reloader::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    std::vector<ReloadResult> results = reload_(job.trigger, job.names);
    if (job.done) job.done(std::move(results));
  }
}

}  // namespace icp::server
