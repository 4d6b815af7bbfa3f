// Reading the accounts of `icpc diff` and `icpc queue` (see sample_input.hpp). Input: the
// options and the files they name. Output: a Sample, or an error printed for exit code 2.
#include "tools/icpc/sample_input.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <fmt/format.h>

#include "analysis/crm/crm_columns.hpp"
#include "compiler/render/escape.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/eval_support.hpp"

namespace icp::cli {

void add_sample_options(CLI::App& command, SampleOptions& options) {
  command.add_option("--input-format", options.format, "jsonl, json or csv; default: from the extension")
      ->check(CLI::IsMember({"jsonl", "json", "csv"}).description(""))
      ->type_name("FORMAT");
  command.add_option("--signals", options.signals, "CSV input only: signal events side file")->type_name("FILE");
  command.add_option("--contacts", options.contacts, "CSV input only: contacts side file")->type_name("FILE");
  command.add_option("--map", options.map, "CSV input only: read a CRM export through this column mapping")
      ->type_name("MAPPING.toml");
}

// The fields the mapping names that a version does not declare, each once.
void print_mapping_notes(const analysis::CrmMapping& mapping, std::initializer_list<const vm::Program*> programs) {
  std::vector<std::string> shown;
  for (const vm::Program* program : programs) {
    for (const std::string& note : analysis::mapping_notes(mapping, program->schema)) {
      if (std::find(shown.begin(), shown.end(), note) != shown.end()) continue;
      shown.push_back(note);
      print_note(note);
    }
  }
}

namespace {

analysis::SampleFormat input_format(const SampleOptions& options) {
  const std::string& format = options.format;
  if (format == "csv" || (format.empty() && options.input.ends_with(".csv"))) return analysis::SampleFormat::csv;
  if (format == "json" || (format.empty() && options.input.ends_with(".json"))) return analysis::SampleFormat::json;
  return analysis::SampleFormat::jsonl;
}

}  // namespace

bool read_sample(const SampleOptions& options, const analysis::CrmMapping& mapping, analysis::Sample& sample,
                 bool* unused_side_rows) {
  const std::string name = options.input == "-" ? "<stdin>" : options.input;
  const analysis::SampleFormat format = input_format(options);
  if (format != analysis::SampleFormat::csv && (!options.signals.empty() || !options.contacts.empty())) {
    print_error("--signals and --contacts join side files to CSV accounts; JSON accounts carry their own");
    return false;
  }
  if (format != analysis::SampleFormat::csv && !options.map.empty()) {
    print_error("--map reads the columns of a CSV export; JSON accounts are written in the profile's own field names");
    return false;
  }
  OpenFiles files;
  if (!files.open(options.input, "", "")) return false;
  const analysis::Source source{name, {}, files.input()};
  analysis::Error error;
  std::vector<vm::SideError> side_errors;
  bool read = false;
  if (format == analysis::SampleFormat::csv) {
    vm::SideTables side;
    if (!load_side_files(options.signals, options.contacts, side, side_errors)) return false;
    read = options.map.empty() ? sample.read_csv(source, std::move(side), error)
                               : sample.read_csv(source, std::move(side), mapping, error);
  } else {
    read = format == analysis::SampleFormat::json ? sample.read_json(source, error)
                                                  : sample.read_json_lines(source, error);
  }
  if (!read) {
    print_error(analysis::to_text(error));
    return false;
  }
  for (const vm::SideError& side_error : side_errors) fmt::print(stderr, "{}\n", escape::text(side_error.message));
  for (const vm::SideError& unused : sample.unused_side_rows()) {
    fmt::print(stderr, "{}\n", escape::text(unused.message));
  }
  const std::vector<std::string> unused = unused_side_counts(sample.side(), sample.unused_side_rows_per_file());
  for (const auto& line : unused) fmt::print(stderr, "{}\n", escape::text("icpc: " + line));
  if (unused_side_rows != nullptr) *unused_side_rows = !unused.empty() || !side_errors.empty();
  return true;
}

}  // namespace icp::cli
