// Shared by `icpc backtest` and `icpc nucleus`: their common options (exports, mapping,
// window, format, output), reading the exports through the mapping, and writing the report.
// Input: the command line. Output: loaded tables, or an error printed with exit code 2.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tools/icpc/crm_export.hpp"
#include "tools/icpc/crm_mapping.hpp"
#include "tools/icpc/overwrite_guard.hpp"

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

// Prints why and returns false when --output is one of the exports, the mapping or one of
// `inputs` (the command's own input files): see overwrite_guard.hpp.
bool outputs_apart_from_inputs(const ValidationOptions& options, std::vector<NamedFile> inputs);

// Reads the mapping and both exports. On failure prints the error and returns false.
bool load_validation_inputs(const ValidationOptions& options, ValidationInputs& out);

// Writes the report to --output (replaced whole, see output_file.hpp) or stdout. Throws
// WriteError on failure.
void write_report(const std::string& output, const std::string& report);

// Today's UTC date: the reference for "a date in the future" in the exports.
Date today_utc();

}  // namespace icp::cli
