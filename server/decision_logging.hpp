// The decision log as `icpc serve` keeps it (docs/decision-log.md): one writer for every
// profile and request; each request's entries built on the thread that answers it (hashed
// there, in parallel), and its response held until the writer says they are written.
// Input: deciders' decisions, batches' tapped entries. Output: pending entries and ids.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decision_log/log_tap.hpp"
#include "decision_log/log_writer.hpp"
#include "icp/date.hpp"
#include "server/served_program.hpp"

namespace icp::server {

class ServerLog {
 public:
  ServerLog(std::unique_ptr<decision_log::LogWriter> writer, std::vector<std::string> redact)
      : writer_(std::move(writer)), redact_(std::move(redact)) {}

  // One request's id (a UUID version 7) and wall-clock time.
  struct Request {
    std::string id;
    std::string time;
  };
  static Request start_request();

  // Appends the pending entry of the decider's last decision to `pending` and returns its
  // decision id: the request's id, or "<request id>.<profile>" with `per_profile` (one account
  // decided by every served profile).
  std::string append(Decider& decider, const Request& request, std::string_view profile, bool per_profile,
                     std::string& pending) const;

  // The tap of a batch request, whose entries share its id, time, profile, program and as_of.
  decision_log::LogTap batch_tap(const ServedProgram& program, std::string profile, Date as_of,
                                 const Request& request) const;

  // The --log-redact names that none of `programs` declares (nor is `signals` or `contacts`):
  // likely misspelt, so the server warns at start.
  std::vector<std::string> unknown_redactions(const std::vector<const ServedProgram*>& programs) const;

  // The registry's hook: keeps a program in the log before it serves.
  bool keep(const ServedProgram& program, std::string& error) const;

  // How the server runs a task after the handlers that are ready now (a post to its I/O
  // context). Set once the context exists.
  void set_defer(std::function<void(std::function<void()>)> defer) { defer_ = std::move(defer); }
  // Queues a request's entries; `done` is told once they are written. The write comes after
  // the handlers ready now, so the requests read together are written together (group commit
  // within one turn of the event loop).
  void submit(std::string pending, decision_log::LogWriter::Done done);

  decision_log::LogWriter& writer() { return *writer_; }
  const std::vector<std::string>& redact() const { return redact_; }

 private:
  std::unique_ptr<decision_log::LogWriter> writer_;
  std::vector<std::string> redact_;
  std::function<void(std::function<void()>)> defer_;
  std::atomic<bool> write_scheduled_{false};
};

}  // namespace icp::server
