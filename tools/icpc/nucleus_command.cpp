// `icpc nucleus --accounts A.csv --opportunities O.csv [--retention FILE] [--map M.toml]
// [--from D] [--to D] [--format text|json|html] [--output F]`: the closed-won analysis that
// seeds a new profile. Exit 0 when every row was used, 1 when rows were rejected (reported).
#include <memory>

#include <fmt/format.h>

#include "analysis/backtest/nucleus_analysis.hpp"
#include "analysis/backtest/nucleus_render.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/validation_inputs.hpp"

namespace icp::cli {
namespace {

struct NucleusOptions {
  ValidationOptions common;
  std::string retention;
};

int run(const NucleusOptions& options) {
  if (!outputs_apart_from_inputs(options.common, {{"--retention", options.retention}})) return kExitUsage;
  analysis::CrmExports inputs;
  if (!load_validation_inputs(options.common, inputs)) return kExitUsage;
  analysis::Retention retention;
  analysis::Error error;
  bool has_retention = false;
  if (!options.retention.empty()) {
    auto read = [&](const analysis::Source& source) {
      return analysis::read_retention(source, inputs.mapping, inputs.accounts, retention, error);
    };
    if (!read_export(options.retention, read, error)) {
      print_analysis_error(error);
      return kExitUsage;
    }
    has_retention = true;
  } else if (!inputs.mapping.account_retention.empty()) {
    if (!analysis::retention_from_accounts(inputs.mapping, inputs.accounts, retention, error)) {
      print_analysis_error(error);
      return kExitUsage;
    }
    has_retention = true;
  }
  const analysis::Nucleus report =
      analysis::run_nucleus({inputs.mapping, inputs.accounts, inputs.opportunities,
                             has_retention ? &retention : nullptr, inputs.window.from, inputs.window.to});
  const std::string& format = options.common.format;
  const std::string text = format == "json"   ? analysis::render_nucleus_json(report)
                           : format == "html" ? analysis::render_nucleus_html(report)
                                              : analysis::render_nucleus_text(report);
  write_report(options.common.output, text);
  return report.bad_rows.empty() ? kExitClean : kExitProblems;
}

}  // namespace

void add_nucleus_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<NucleusOptions>();
  CLI::App* command = app.add_subcommand(
      "nucleus", "Closed-won analysis: the accounts in the top quartile by deal size, speed and retention");
  add_validation_options(*command, options->common);
  command->add_option("--retention", options->retention,
                      "Net retention per account (CSV: key and value columns, see [retention] in the mapping); "
                      "or map a column of the accounts file with [accounts] retention")
      ->type_name("FILE");
  command->footer("Exit codes:\n  0  report written, every row used\n  1  rows were rejected (reported; the rest "
                  "still counted)\n  2  usage error, unreadable file, bad mapping or a failed write");
  command->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace icp::cli
