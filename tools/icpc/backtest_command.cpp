// `icpc backtest RULES --accounts A.csv --opportunities O.csv [--signals F] [--contacts F]
// [--map M.toml] [--from D] [--to D] [--format text|json|html] [--output F]`: what the profile
// would have said about each deal's account on its engage date, against how the deal went.
// Exit 0 when every row was used, 1 when rows or accounts were rejected (still reported).
#include <memory>

#include <fmt/format.h>

#include "analysis/backtest/backtest_analysis.hpp"
#include "analysis/backtest/backtest_render.hpp"
#include "compiler/render/escape.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/eval_support.hpp"
#include "tools/icpc/rules_source.hpp"
#include "tools/icpc/validation_inputs.hpp"

namespace icp::cli {
namespace {

struct BacktestOptions {
  std::string rules;
  ValidationOptions common;
  std::string signals, contacts;
  std::string color = "auto";
};

int run(const BacktestOptions& options) {
  if (!outputs_apart_from_inputs(options.common, {{"the profile", options.rules},
                                                  {"--signals", options.signals},
                                                  {"--contacts", options.contacts}})) {
    return kExitUsage;
  }
  int exit_code = kExitClean;
  std::optional<Rules> rules = load_rules(options.rules, options.color, /*show_warnings=*/false, exit_code);
  if (!rules) return exit_code;
  analysis::CrmExports inputs;
  if (!load_validation_inputs(options.common, inputs)) return kExitUsage;
  vm::SideTables side;
  std::vector<vm::SideError> side_errors;
  if (!load_side_files(options.signals, options.contacts, side, side_errors)) return kExitUsage;
  for (const auto& error : side_errors) fmt::print(stderr, "{}\n", escape::text(error.message));
  analysis::Error error;
  const std::optional<analysis::Backtest> report =
      analysis::run_backtest({rules->program, inputs.mapping, inputs.accounts, inputs.opportunities, &side,
                              inputs.window.from, inputs.window.to},
                             error);
  if (!report) {
    print_analysis_error(error);
    return kExitUsage;
  }
  for (const auto& note : report->mapping_notes) print_note(note);
  for (const vm::SideError& unused : report->unused_side_rows) fmt::print(stderr, "{}\n", unused.message);
  const std::vector<std::string> unused_lines = unused_side_counts(side, report->unused_side_rows_per_file);
  for (const auto& line : unused_lines) fmt::print(stderr, "icpc: {}\n", escape::text(line));
  const std::string& format = options.common.format;
  const std::string text = format == "json"   ? analysis::render_backtest_json(*report)
                           : format == "html" ? analysis::render_backtest_html(*report)
                                              : analysis::render_backtest_text(*report);
  write_report(options.common.output, text);
  const bool clean = report->bad_rows.empty() && report->rejected_accounts.empty() && unused_lines.empty();
  return clean ? kExitClean : kExitProblems;
}

}  // namespace

void add_backtest_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BacktestOptions>();
  CLI::App* command = app.add_subcommand(
      "backtest", "Check a profile against CRM history: win rate, coverage and cycle by tier, as of each engage date");
  command->add_option("rules", options->rules, "The profile: an .icp source or a built .icpb artifact")
      ->required()
      ->type_name("RULES");
  add_validation_options(*command, options->common);
  command->add_option("--signals", options->signals, "Signal events (account_id, type, at or days_ago), .csv or .jsonl")
      ->type_name("FILE");
  command->add_option("--contacts", options->contacts, "Contacts (account_id, title), .csv or .jsonl")->type_name("FILE");
  add_color_option(*command, options->color, "Colour the profile's diagnostics: auto, always or never");
  command->footer("Exit codes:\n  0  report written, every row used\n  1  the profile has errors, or rows or accounts "
                  "were rejected (reported; the rest still counted)\n  2  usage error, unreadable file, bad mapping or a failed write");
  command->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace icp::cli
