// `icpc explain RULES --account FILE --as-of DATE [--id ID] [--map MAPPING.toml]`: why one
// account got its decision, for people. Input: a profile (.icp or .icpb) and one account as a
// JSON object, an account of a JSON Lines file, or a row of a CSV export (read through a CRM
// mapping with --map). Output: the verdict, every condition with its result and the values it
// read, signal points, bonuses, committee roles, the route rule that fired with file:line and
// why the rules above it did not, as aligned text on stdout.
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
#include "tools/icpc/sample_input.hpp"
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

// The account's events after the as-of date, which its explanation lists as ignored: warned
// of on stderr too, as `icpc eval` warns.
void warn_future(const std::optional<FutureEvent>& future, Date as_of) {
  if (future) warn_future_events(1, as_of, *future, fmt::format("line {}", future->line));
}

// Prints why no account was explained and returns the exit code: a rejected account is 1,
// an input that cannot be read or names no such account 2.
int print_failure(const ExplainOptions& options, const analysis::Error& input_error, const vm::DecodeError& error) {
  if (!input_error.message.empty()) {
    print_analysis_error(input_error);
    return kExitUsage;
  }
  print_rejection(options, error);
  return kExitProblems;
}

// A row of a CSV export, optionally through a CRM mapping.
int explain_csv(const ExplainOptions& options, const vm::Program& program, Date as_of) {
  analysis::CrmMapping mapping;
  if (!options.map.empty()) {
    if (!load_mapping(options.map, mapping)) return kExitUsage;
    for (const std::string& note : analysis::mapping_notes(mapping, program.schema)) print_note(note);
  }
  std::optional<std::string> out;
  std::optional<FutureEvent> future;
  vm::DecodeError error;
  analysis::Error input_error;
  auto explain = [&](const analysis::Source& source) {
    out = analysis::explain_csv_account(program, source, options.id, options.map.empty() ? nullptr : &mapping, as_of,
                                        use_color(options.color, /*to_stdout=*/true), error, input_error, &future);
    return input_error.message.empty();
  };
  if (!read_export(options.account, explain, input_error)) {
    print_analysis_error(input_error);
    return kExitUsage;
  }
  if (!out) return print_failure(options, input_error, error);
  write_standard(stdout, *out);
  warn_future(future, as_of);
  return kExitClean;
}

// One account of a JSON Lines file: the one named by --id, or the only one.
int explain_json_lines(const ExplainOptions& options, const vm::Program& program, Date as_of) {
  analysis::Sample sample;
  if (!read_sample(SampleOptions{.input = options.account, .format = "jsonl"}, analysis::CrmMapping(), sample)) {
    return kExitUsage;
  }
  std::optional<FutureEvent> future;
  vm::DecodeError error;
  analysis::Error input_error;
  const std::optional<std::string> out =
      analysis::explain_sample_account(program, sample, options.id, as_of, use_color(options.color, /*to_stdout=*/true),
                                       error, input_error, &future);
  if (!out) return print_failure(options, input_error, error);
  write_standard(stdout, *out);
  warn_future(future, as_of);
  return kExitClean;
}

// JSON Lines by its extension, or when --id picks an account of a file that is not `.json`
// (stdin included); otherwise one JSON object, possibly pretty-printed.
bool reads_json_lines(const ExplainOptions& options) {
  if (options.account.ends_with(".jsonl") || options.account.ends_with(".ndjson")) return true;
  return !options.id.empty() && !options.account.ends_with(".json");
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
  const bool json_lines = !csv && reads_json_lines(options);
  if (!csv && !json_lines && !options.id.empty()) {
    print_error("--id picks an account of a JSON Lines file (.jsonl) or a CSV export; a .json file holds one account");
    return kExitUsage;
  }
  if (csv || json_lines) {
    std::optional<Rules> rules = load_rules(options.rules, options.color, /*show_warnings=*/false, exit_code);
    if (!rules) return exit_code;
    return csv ? explain_csv(options, rules->program, *as_of) : explain_json_lines(options, rules->program, *as_of);
  }
  std::string text;
  std::size_t bytes = 0;
  if (!read_account(options.account, text, bytes)) return kExitUsage;
  std::optional<Rules> rules = load_rules(options.rules, options.color, /*show_warnings=*/false, exit_code);
  if (!rules) return exit_code;
  const vm::Program& program = rules->program;

  vm::DecodeError error;
  std::optional<FutureEvent> future;
  const std::optional<std::string> out = analysis::explain_account(
      program, text, *as_of, use_color(options.color, /*to_stdout=*/true), error, bytes, &future);
  if (!out) {
    print_rejection(options, error);
    return kExitProblems;
  }
  write_standard(stdout, *out);
  warn_future(future, *as_of);
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
                      "One account as a JSON object, or accounts as JSON Lines (.jsonl) or a CSV export (.csv, or with "
                      "--map); - reads stdin")
      ->required()
      ->type_name("FILE");
  explain->add_option("--id", options->id, "JSON Lines or CSV: the id of the account to explain (needed when the file holds more)")
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
