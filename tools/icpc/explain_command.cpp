// `icpc explain RULES --account FILE --as-of DATE [--id ID] [--map MAPPING.toml]`: why one
// account got its decision, for people. Input: a profile (.icp or .icpb) and one account as a
// JSON object, or a row of a CSV export (read through a CRM mapping with --map). Output: the
// verdict, every condition with its result and the values it read, signal points, bonuses,
// committee roles and the route rule that fired with file:line, as aligned text on stdout.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "analysis/crm/crm_columns.hpp"
#include "analysis/explain/explain_report.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record_reader.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/eval_support.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/rules_source.hpp"
#include "tools/icpc/standard_streams.hpp"
#include "tools/icpc/validation_inputs.hpp"

namespace icp::cli {
namespace {

struct ExplainOptions {
  std::string rules;
  std::string account;
  std::string id;   // CSV: the account's id (its key column with --map)
  std::string map;  // CSV: a CRM export read through this column mapping
  std::string as_of;
  std::string color = "auto";
};

// Reads the account file ("-" = stdin), whole up to the record limit. Prints the error and
// returns false.
bool read_account(const std::string& path, std::string& text, std::size_t& bytes) {
  std::error_code ec;
  if (path != "-" && std::filesystem::is_directory(path, ec)) {
    print_error(fmt::format("`{}` is a folder, not an account file", path));
    return false;
  }
  std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    print_error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
    return false;
  }
  const bool failed = !vm::read_json_document(file, text, bytes);
  if (file != stdin) std::fclose(file);
  if (failed) print_error(fmt::format("cannot read `{}`", path));
  return !failed;
}

void print_rejection(const ExplainOptions& options, const vm::DecodeError& error) {
  const std::string name = options.account == "-" ? "<stdin>" : options.account;
  print_error(fmt::format("{}: record {} rejected: {}", name,
                          error.id.empty() ? std::string("(no readable id)") : fmt::format("`{}`", error.id),
                          error.message));
}

// A row of a CSV export, optionally through a CRM mapping.
int explain_csv(const ExplainOptions& options, const vm::Program& program, Date as_of) {
  analysis::CrmMapping mapping;
  if (!options.map.empty()) {
    if (!load_mapping(options.map, mapping)) return kExitUsage;
    for (const std::string& note : analysis::mapping_notes(mapping, program.schema)) print_note(note);
  }
  std::optional<std::string> out;
  vm::DecodeError error;
  analysis::Error input_error;
  auto explain = [&](const analysis::Source& source) {
    out = analysis::explain_csv_account(program, source, options.id, options.map.empty() ? nullptr : &mapping, as_of,
                                        use_color(options.color, /*to_stdout=*/true), error, input_error);
    return input_error.message.empty();
  };
  if (!read_export(options.account, explain, input_error)) {
    print_analysis_error(input_error);
    return kExitUsage;
  }
  if (!out) {
    print_rejection(options, error);
    return kExitProblems;
  }
  write_standard(stdout, *out);
  return kExitClean;
}

int run_explain(const ExplainOptions& options) {
  int exit_code = kExitClean;
  std::optional<Date> as_of = parse_as_of(options.as_of);
  if (!as_of) return kExitUsage;
  if (!outputs_apart_from_inputs({{"the profile", options.rules}, {"--account", options.account}, {"--map", options.map}},
                                 {})) {
    return kExitUsage;
  }
  const bool csv = options.account.ends_with(".csv") || !options.map.empty();
  if (!csv && !options.id.empty()) {
    print_error("--id picks a row of a CSV export; a JSON account file holds one account");
    return kExitUsage;
  }
  if (csv) {
    int exit_code = kExitClean;
    std::optional<Rules> rules = load_rules(options.rules, options.color, /*show_warnings=*/false, exit_code);
    return rules ? explain_csv(options, rules->program, *as_of) : exit_code;
  }
  std::string text;
  std::size_t bytes = 0;
  if (!read_account(options.account, text, bytes)) return kExitUsage;
  std::optional<Rules> rules = load_rules(options.rules, options.color, /*show_warnings=*/false, exit_code);
  if (!rules) return exit_code;
  const vm::Program& program = rules->program;

  vm::DecodeError error;
  const std::optional<std::string> out = analysis::explain_account(
      program, text, *as_of, use_color(options.color, /*to_stdout=*/true), error, bytes);
  if (!out) {
    print_rejection(options, error);
    return kExitProblems;
  }
  write_standard(stdout, *out);
  return kExitClean;
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* explain = app.add_subcommand("explain", "Show why one account gets its decision, for people");
  explain->add_option("rules", options->rules, "The profile: an .icp source or a built .icpb artifact")
      ->required()
      ->type_name("RULES");
  explain->add_option("--account", options->account,
                      "One account as a JSON object, or a CSV export (.csv, or with --map); - reads stdin")
      ->required()
      ->type_name("FILE");
  explain->add_option("--id", options->id, "CSV: the id of the account to explain (needed when the export holds more)")
      ->type_name("ID");
  explain->add_option("--map", options->map,
                      "Read --account as a CRM export (CSV) through this column mapping; see docs/backtest.md")
      ->type_name("MAPPING.toml");
  explain->add_option("--as-of", options->as_of, "The evaluation date; default: icp.toml's `as_of`, else today (UTC)")
      ->type_name("YYYY-MM-DD");
  add_color_option(*explain, options->color, "Colour the output: auto, always or never");
  explain->footer("Exit codes:\n  0  the account was explained\n  1  the profile has errors, or the account "
                  "was rejected\n  2  usage error, unreadable file, invalid artifact or a failed write");
  explain->callback([options, &exit_code] { exit_code = run_explain(*options); });
}

}  // namespace icp::cli
