// The decision log of one ordered-batch run that answers nobody (`icpc eval --log`): the
// writer opened, the program kept, the tap the batch API calls, and each batch's entries
// submitted as its results come. Input: WriterOptions, the program, the run's settings.
// Output: the log; whether every entry was written.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "decision_log/log_tap.hpp"
#include "decision_log/log_writer.hpp"
#include "icp/date.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::decision_log {

class RunLog {
 public:
  // Opens the log (notes: what the host should print), keeps the program, and makes the tap.
  // A `redact` name the program does not declare is an error: nothing is opened.
  // `threads`: the run's; with more than one, bodies are hashed on the deciding threads.
  static std::unique_ptr<RunLog> open(const WriterOptions& options, const vm::Program& program, std::string profile,
                                      Date as_of, std::span<const std::string> redact, std::size_t threads,
                                      std::vector<std::string>& notes, std::string& error);

  DecisionTap& tap() { return *tap_; }
  // A batch's tapped entries (taken from BatchResults::tapped_buffer, no copy), written in
  // the background. False once a write failed: the run should stop (a decision that was not
  // logged is a failure).
  bool submit(const BatchResults& results);
  // Waits for every entry, fsyncs and closes. False with the first failure.
  bool close(std::string& error);

 private:
  RunLog(std::unique_ptr<LogWriter> writer, LogTap tap) : writer_(std::move(writer)), tap_(std::make_unique<LogTap>(std::move(tap))) {}
  std::unique_ptr<LogWriter> writer_;
  std::unique_ptr<LogTap> tap_;
  std::atomic<bool> failed_{false};
};

}  // namespace icp::decision_log
