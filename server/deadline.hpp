// When a connection's client must next have sent or read something: set by the connection's
// reads and writes, checked by its watchdog timer a few times per --timeout. A tcp_stream
// timer re-armed around every socket operation cost two handler runs and a timer queue update
// per operation. Input: after() on the connection's strand. Output: expired().
#pragma once

#include <algorithm>
#include <chrono>

namespace icp::server {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  void after(Clock::duration wait) { at_ = Clock::now() + wait; }
  bool expired(Clock::time_point now) const { return now >= at_; }
  // How often a watchdog looks: a client is dropped within 1.25 timeouts of its last activity.
  static Clock::duration check_every(std::chrono::milliseconds timeout) {
    return std::clamp<Clock::duration>(timeout / 4, std::chrono::milliseconds(10), std::chrono::seconds(1));
  }

 private:
  Clock::time_point at_ = Clock::time_point::max();
};

}  // namespace icp::server
