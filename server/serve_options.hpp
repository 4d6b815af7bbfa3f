// What `icpc serve` was asked to do: the parsed command line, handed from tools/icpc to the
// server. Input: none (plain values). Output: read by every part of server/.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "decision_log/log_writer.hpp"

namespace icp::server {

struct ServeOptions {
  std::vector<std::string> paths;  // empty: the nearest icp.toml's project
  std::string manifest;            // an icp.toml to compile the named .icp files under
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one (printed on the start line)
  std::size_t threads = 1;          // I/O threads; batches running share as many deciding threads
  std::size_t max_body = std::size_t{1} << 20;          // one account (POST /v1/decide...)
  std::size_t max_batch_body = std::size_t{1} << 30;    // a batch request's whole body
  std::size_t max_connections = 512;
  std::size_t max_batches = 0;       // batches deciding at once; 0: as many as --threads
  std::chrono::milliseconds timeout{30000};  // a client that sends or reads nothing this long is dropped
  std::chrono::milliseconds drain_timeout{30000};  // SIGTERM: how long in-flight requests may take
  std::string admin_token_file;      // empty: admin endpoints need no token
  bool watch = true;                 // reload a profile when its file changes
  std::chrono::milliseconds watch_debounce{200};  // quiet time after a change before reloading
  bool force_polling = false;        // watch by polling even where inotify works (tests, odd file systems)
  // --log DIR: every decision is written to the decision log before it is answered.
  std::optional<decision_log::WriterOptions> log;
  std::vector<std::string> log_redact;  // what logged inputs leave out
};

}  // namespace icp::server
