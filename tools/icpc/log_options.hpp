// The `--log DIR` options `icpc eval` and `icpc serve` share (docs/decision-log.md): where the
// decision log goes, what it leaves out, when files rotate and when they are fsynced.
// Input: the command line. Output: the decision log's WriterOptions, checked.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "decision_log/log_writer.hpp"

namespace icp::cli {

struct LogOptions {
  std::string folder;  // empty: no log
  std::vector<std::string> redact;
  std::size_t max_file_bytes = std::size_t{64} << 20;
  std::string fsync;
};

// Adds --log, --log-redact, --log-max-file-size and --log-fsync (whose default, `fsync`, is
// stored in `options` and shown in --help).
void add_log_options(CLI::App& command, LogOptions& options, const std::string& default_fsync);

// The writer's options, or nullopt after printing what is wrong (exit 2).
std::optional<decision_log::WriterOptions> writer_options(const LogOptions& options);

}  // namespace icp::cli
