// Shared by `icpc backtest` and `icpc nucleus` (the mapping also by eval, diff, explain and
// queue): their common options (exports, mapping,
// window, format, output), opening the files they name for the analysis library, and
// writing the report. Input: the command line. Output: the exports read through the
// mapping (analysis/crm/), or an error printed for exit code 2.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/crm/crm_export.hpp"
#include "analysis/error.hpp"
#include "analysis/source.hpp"
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

// Adds --accounts, --opportunities, --map, --from, --to, --format and --output.
void add_validation_options(CLI::App& command, ValidationOptions& options);

// Prints why and returns false when --output is one of the exports, the mapping or one of
// `inputs` (the command's own input files): see overwrite_guard.hpp.
bool outputs_apart_from_inputs(const ValidationOptions& options, std::vector<NamedFile> inputs);

// The mapping file named by --map (docs/backtest.md "Mapping"), parsed by the library. On
// failure prints the error (file:line:column) and returns false.
bool load_mapping(const std::string& path, analysis::CrmMapping& out);

// Reads the mapping and both exports. On failure prints the error and returns false.
bool load_validation_inputs(const ValidationOptions& options, analysis::CrmExports& out);

// Opens the export `path` and hands `read` a Source over it: the file is read as a stream,
// not whole. False with `error` when it cannot be opened, or when `read` fails.
bool read_export(const std::string& path, const std::function<bool(const analysis::Source&)>& read,
                 analysis::Error& error);

// `icpc: error: ` and the error, with its mapping hint worded for icpc (`--map`).
void print_analysis_error(const analysis::Error& error);

// Writes the report to --output (replaced whole, see output_file.hpp) or stdout. Throws
// WriteError on failure.
void write_report(const std::string& output, const std::string& report);

// Today's UTC date: the reference for "a date in the future" in the exports.
Date today_utc();

}  // namespace icp::cli
