// Shared by `icpc backtest` and `icpc nucleus`: their common options (exports, mapping,
// window, format, output), reading the exports through the mapping, and writing the report.
// Input: the command line. Output: loaded tables, or an error printed with exit code 2.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "tools/icpc/crm_export.hpp"
#include "tools/icpc/crm_mapping.hpp"

namespace icp::cli {

struct ValidationOptions {
  std::string accounts;
  std::string opportunities;
  std::string map;
  std::string from, to;
  std::string format = "text";
  std::string output;
};

struct ValidationInputs {
  CrmMapping mapping;
  AccountTable accounts;
  OpportunityTable opportunities;
  Window window;
};

// Adds --accounts, --opportunities, --map, --from, --to, --format and --output.
void add_validation_options(CLI::App& command, ValidationOptions& options);

// Reads the mapping and both exports. On failure prints the error and returns false.
bool load_validation_inputs(const ValidationOptions& options, ValidationInputs& out);

// Writes the report to --output or stdout; prints the error and returns false on failure.
bool write_report(const std::string& output, const std::string& report);

// Today's UTC date: the reference for "a date in the future" in the exports.
Date today_utc();

}  // namespace icp::cli
