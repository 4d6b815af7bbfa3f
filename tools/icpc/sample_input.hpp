// The accounts `icpc diff` and `icpc queue` read, as `icpc eval` reads its input: JSON Lines,
// one JSON document, or CSV with signal and contact side files, a CRM export through its
// column mapping (--map). Input: the options. Output: an analysis::Sample, or a printed error.
#pragma once

#include <initializer_list>
#include <string>

#include <CLI/CLI.hpp>

#include "analysis/crm/crm_mapping.hpp"
#include "analysis/impact/sample.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::cli {

// The sample's file and side files, read as `icpc eval` reads its input.
struct SampleOptions {
  std::string input;     // "-" = stdin
  std::string format;    // jsonl, json or csv; empty: from the extension, as eval does
  std::string signals;   // CSV side files
  std::string contacts;
  std::string map;       // CSV: a CRM export read through this column mapping
};

// Adds --input-format, --signals, --contacts and --map (not --input, whose wording differs).
void add_sample_options(CLI::App& command, SampleOptions& options);

// The fields the mapping names that a profile does not declare, each once, as notes.
void print_mapping_notes(const analysis::CrmMapping& mapping, std::initializer_list<const vm::Program*> programs);

// Opens and reads the sample (and, for CSV, its side files) through `mapping` when
// options.map is set (`mapping` must outlive the sample). Prints what went wrong and returns
// false; prints the side rows no account used once the sample is read, and sets
// `unused_side_rows` when there were any.
bool read_sample(const SampleOptions& options, const analysis::CrmMapping& mapping, analysis::Sample& sample,
                 bool* unused_side_rows = nullptr);

}  // namespace icp::cli
