// `icpc export --to TARGET --decisions FILE [--config exports.toml] [--accounts FILE]
// [--map MAPPING.toml] [--changed-since OLD] [--output FILE]`: the file a downstream system
// imports, from `icpc eval`'s decisions (docs/exports.md). Input: the decisions, the target's
// configuration, the accounts export. Output: one CSV, replaced whole or not at all.
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "analysis/crm/crm_export.hpp"
#include "analysis/export/decision_lines.hpp"
#include "analysis/export/export_config.hpp"
#include "analysis/export/export_run.hpp"
#include "compiler/render/escape.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/output_file.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/read_text.hpp"
#include "tools/icpc/validation_inputs.hpp"

namespace icp::cli {
namespace {

struct ExportOptions {
  std::string target, decisions, config = "exports.toml", accounts, map, changed_since, output;
};

std::optional<analysis::ExportConfig> load_config(const std::string& path) {
  const std::optional<std::string> text = read_text(path);
  if (!text) {
    print_error(fmt::format("cannot read `{}` (the export targets; see --config)", path));
    return std::nullopt;
  }
  analysis::Error error;
  std::optional<analysis::ExportConfig> config = analysis::parse_export_config(*text, path, error);
  if (!config) print_analysis_error(error);
  return config;
}

bool load_decisions(const std::string& path, analysis::DecisionLines& out) {
  analysis::Error error;
  auto read = [&](const analysis::Source& source) { return analysis::read_decision_lines(source, out, error); };
  if (read_export(path, read, error)) return true;
  print_analysis_error(error);
  return false;
}

// The accounts export by key: the key column from exports.toml, else the mapping's, else `id`.
bool load_accounts(const ExportOptions& options, const analysis::ExportConfig& config,
                   const analysis::CrmMapping& mapping, analysis::AccountTable& out) {
  analysis::CrmMapping keyed = mapping;
  if (!config.key.empty()) keyed.account_key = config.key;
  else if (options.map.empty()) keyed.account_key = "id";
  analysis::Error error;
  auto read = [&](const analysis::Source& source) { return analysis::read_accounts(source, keyed, out, error); };
  if (read_export(options.accounts, read, error)) return true;
  print_analysis_error(error);
  return false;
}

// --output, else the target's `file` (relative to exports.toml), else stdout.
std::string output_path(const ExportOptions& options, const analysis::ExportTarget& target) {
  if (!options.output.empty() || target.file.empty()) return options.output;
  return (std::filesystem::path(options.config).parent_path() / target.file).string();
}

// What could not be used, on stderr with file and line, and the --changed-since counts as
// notes. True when anything was not used.
bool report(const ExportOptions& options, const analysis::DecisionLines& decisions, const analysis::DecisionLines& old,
            const analysis::AccountTable& accounts, const analysis::ExportResult& result) {
  std::vector<std::string> problems = decisions.problems;
  problems.insert(problems.end(), old.problems.begin(), old.problems.end());
  for (const analysis::BadRow& row : accounts.bad) {
    problems.push_back(fmt::format("{}:{}: {} row{}: {}", row.file, row.line, analysis::bad_row_kind_name(row.kind),
                                   row.field.empty() ? "" : fmt::format(" (`{}`)", row.field), row.found));
  }
  problems.insert(problems.end(), result.problems.begin(), result.problems.end());
  for (const std::string& problem : problems) fmt::print(stderr, "{}\n", escape::text(problem));
  if (!options.changed_since.empty()) {
    print_note(fmt::format("{} of {} selected accounts changed since `{}`; {} unchanged left out", result.written,
                           result.selected, options.changed_since, result.unchanged));
  }
  if (result.gone > 0) {
    print_note(fmt::format("{} accounts selected in `{}` are not now; an import file cannot remove them",
                           result.gone, options.changed_since));
  }
  return !problems.empty();
}

int run_export(const ExportOptions& options) {
  const std::optional<analysis::ExportConfig> config = load_config(options.config);
  if (!config) return kExitUsage;
  const analysis::ExportTarget* target = config->target(options.target);
  if (target == nullptr) {
    std::string names;
    for (const auto& t : config->targets) names += fmt::format("{}`{}`", names.empty() ? "" : ", ", t.name);
    print_error(fmt::format("`{}` defines no target `{}` (its targets: {})", options.config, options.target, names));
    return kExitUsage;
  }
  const std::string output = output_path(options, *target);
  if (!outputs_apart_from_inputs({{"--decisions", options.decisions},
                                  {"--config", options.config},
                                  {"--accounts", options.accounts},
                                  {"--map", options.map},
                                  {"--changed-since", options.changed_since}},
                                 {{"--output", output}})) {
    return kExitUsage;
  }
  analysis::CrmMapping mapping;
  if (!options.map.empty() && !load_mapping(options.map, mapping)) return kExitUsage;
  analysis::DecisionLines decisions, old;
  if (!load_decisions(options.decisions, decisions)) return kExitUsage;
  if (!options.changed_since.empty() && !load_decisions(options.changed_since, old)) return kExitUsage;
  analysis::AccountTable accounts;
  if (!options.accounts.empty() && !load_accounts(options, *config, mapping, accounts)) return kExitUsage;
  const analysis::ExportInput input{*config,
                                    *target,
                                    decisions,
                                    options.accounts.empty() ? nullptr : &accounts,
                                    config->owner.empty() ? mapping.account_owner : config->owner,
                                    options.changed_since.empty() ? nullptr : &old};
  analysis::Error error;
  const std::optional<analysis::ExportResult> result = analysis::run_export(input, error);
  if (!result) {
    print_analysis_error(error);
    return kExitUsage;
  }
  const bool problems = report(options, decisions, old, accounts, *result);
  write_output(output, result->csv);
  return problems ? kExitProblems : kExitClean;
}

}  // namespace

void add_export_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* command = app.add_subcommand(
      "export", "Turn decisions into the file a downstream system imports: CRM update, audience, SDR list, CSV");
  command->add_option("--to", options->target, "The target: a [targets.NAME] table of the export configuration")
      ->required()
      ->type_name("TARGET");
  command->add_option("--decisions", options->decisions, "Decision lines from `icpc eval`; - reads stdin")
      ->required()
      ->type_name("FILE");
  command->add_option("--config", options->config, "The export targets (docs/exports.md)")
      ->type_name("EXPORTS.toml")
      ->capture_default_str();
  command->add_option("--accounts", options->accounts,
                      "The accounts export (CSV), for names, domains, owners and other account columns")
      ->type_name("FILE");
  command->add_option("--map", options->map, "The CRM column mapping: the accounts' key and owner columns")
      ->type_name("MAPPING.toml");
  command->add_option("--changed-since", options->changed_since,
                      "Older decision lines: write only the accounts whose exported fields changed")
      ->type_name("FILE");
  command->add_option("--output", options->output, "Where to write; default: the target's `file`, else stdout")
      ->type_name("FILE");
  command->footer("Exit codes:\n  0  the file was written, every decision used\n  1  lines that are no decisions, "
                  "accounts missing from the accounts export or bad account rows (reported; the rest still written)\n"
                  "  2  usage error, unreadable file, bad configuration or a failed write");
  command->callback([options, &exit_code] { exit_code = run_export(*options); });
}

}  // namespace icp::cli
