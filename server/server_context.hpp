// What every connection shares: the options, the profiles, the metrics, the admin check, the
// reload thread and the decision log. Input: built once by Server. Output: read by the handlers.
#pragma once

#include <atomic>
#include <cstddef>

#include "server/admin_auth.hpp"
#include "server/decision_logging.hpp"
#include "server/metrics.hpp"
#include "server/profile_registry.hpp"
#include "server/reloader.hpp"
#include "server/serve_options.hpp"

namespace icp::server {

struct ServerContext {
  const ServeOptions& options;
  ProfileRegistry& registry;
  Metrics& metrics;
  const AdminAuth& auth;
  Reloader& reloader;
  std::atomic<bool> draining{false};  // SIGTERM: answer what is in flight, then close
  std::atomic<std::size_t> batches_running{0};
  ServerLog* log = nullptr;  // with --log: every decision is written before it is answered
};

}  // namespace icp::server
