// The server's metrics, exposed at /metrics in the Prometheus text format 0.0.4. Input:
// counts and durations reported by the handlers and the reloader. Output: the exposition text
// (counters, one latency histogram per endpoint, gauges for each profile's program).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "server/profile_registry.hpp"

namespace icp::server {

// KEEP IN SYNC: kEndpointNames in metrics.cpp and docs/serve.md "Metrics".
enum class Endpoint : std::uint8_t { decide, decide_all, batch, profiles, healthz, readyz, metrics, reload, other };
inline constexpr std::size_t kEndpointCount = 9;
std::string_view endpoint_name(Endpoint endpoint);

class Metrics {
 public:
  Metrics();
  void count_request(Endpoint endpoint, unsigned status, double seconds);
  void count_decision(std::string_view profile, std::string_view verdict, std::string_view action, std::uint64_t n = 1);
  void count_rejected(std::string_view profile, std::uint64_t n = 1);
  void count_reload(std::string_view profile, ReloadResult::Outcome outcome);
  void count_connection_refused() { refused_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_opened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  // A request whose decisions the decision log could not write (answered 503).
  void count_log_failure() { log_failures_.fetch_add(1, std::memory_order_relaxed); }

  // What the decision log's writer has done, for the exposition (--log only).
  struct LogCounts {
    std::uint64_t entries = 0, groups = 0, fsyncs = 0;
  };
  // The whole exposition; `profiles` gives the program each profile serves now; `log` the
  // decision log's counts, when there is a log.
  std::string render(const std::vector<ProfileStatus>& profiles, const LogCounts* log = nullptr) const;

  // Latency bucket bounds in seconds (the `le` labels), ascending; +Inf is implied.
  static constexpr std::array<double, 14> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,    0.1,    0.25,  0.5,   1,     5};

 private:
  void render_log(const LogCounts& log, std::string& out) const;

  struct Histogram {
    std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets{};  // the last: over every bound
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_nanos{0};
  };
  std::array<Histogram, kEndpointCount> latency_;
  mutable std::mutex mutex_;
  std::map<std::pair<Endpoint, unsigned>, std::uint64_t> requests_;                           // guarded
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> decisions_;      // guarded
  std::map<std::string, std::uint64_t> rejected_;                                             // guarded
  std::map<std::pair<std::string, std::string>, std::uint64_t> reloads_;                      // guarded
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> refused_connections_{0};
  std::atomic<std::uint64_t> log_failures_{0};
};

}  // namespace icp::server
