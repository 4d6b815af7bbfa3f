// One run's decision log (run_log.hpp). Input: settings and tapped batches. Output: entries.
#include "decision_log/run_log.hpp"

#include <fmt/format.h>

#include "decision_log/log_settings.hpp"
#include "decision_log/program_store.hpp"
#include "runtime/format/artifact.hpp"

namespace icp::decision_log {

std::unique_ptr<RunLog> RunLog::open(const WriterOptions& options, const vm::Program& program, std::string profile,
                                     Date as_of, std::span<const std::string> redact, std::size_t threads,
                                     std::vector<std::string>& notes, std::string& error) {
  // Checked before anything is written: a misspelt name would log the field it meant to hide.
  if (const std::vector<std::string> unknown = unknown_redactions(program.schema, redact); !unknown.empty()) {
    error = fmt::format("--log-redact `{}`: `{}` declares no such field (a declared field, `signals` or `contacts`)",
                        unknown.front(), profile);
    return nullptr;
  }
  std::unique_ptr<LogWriter> writer = LogWriter::open(options, notes, error);
  if (!writer || !keep_program(options.folder, program.id, vm::serialize(program), error)) return nullptr;
  LogTap tap(request_fields(program, std::move(profile), as_of, redact), /*hash=*/threads > 1);
  return std::unique_ptr<RunLog>(new RunLog(std::move(writer), std::move(tap)));
}

bool RunLog::submit(const BatchResults& results) {
  if (!results.tapped.empty()) {
    // The batch's buffer is taken as it is; the batch gets one already written, whose pages
    // are there (a fresh one per batch would fault its pages in again).
    std::string buffer = writer_->take_buffer();
    buffer.swap(*results.tapped_buffer);
    writer_->submit(std::move(buffer), [this](bool written) {
      if (!written) failed_.store(true);
    });
  }
  return !failed_.load();
}

bool RunLog::close(std::string& error) { return writer_->close(error); }

}  // namespace icp::decision_log
