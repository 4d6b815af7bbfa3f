// `icpc check [PATH...]`: reads icp.toml, compiles the project (compiler/compile) and
// prints its diagnostics in the chosen format. Input: command-line options.
// Output: diagnostics on stdout, the summary line, and exit code 0, 1 or 2.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "compiler/compile/compile_project.hpp"
#include "compiler/compile/failure_diagnostics.hpp"
#include "compiler/render/render.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/read_text.hpp"
#include "tools/icpc/rules_source.hpp"
#include "tools/icpc/standard_streams.hpp"

namespace icp::cli {
namespace {
namespace fs = std::filesystem;

struct CheckOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string deny;
  std::string color = "auto";
  std::string manifest;
  std::string today;
};

// The manifest named by `--manifest`, else icp.toml here or above; nullopt in `manifest`
// when there is none. Returns false, with `failures` saying why, when it cannot be used.
bool load_manifest(const CheckOptions& options, std::optional<compiler::ProjectManifest>& manifest,
                   std::vector<compiler::Failure>& failures) {
  const std::optional<fs::path> path =
      options.manifest.empty() ? compiler::find_manifest() : std::optional(fs::path(options.manifest));
  if (!path) return true;
  manifest = compiler::read_manifest(*path, failures);
  return manifest.has_value();
}

// --today, else (compile_project) icp.toml's `today`, else the clock (UTC). False after
// printing why when --today is not a date.
bool choose_today(const CheckOptions& options, std::optional<Date>& today) {
  if (options.today.empty()) return true;
  today = parse_date(options.today);
  if (!today) print_error(fmt::format("`--today` must be a date as YYYY-MM-DD, found `{}`", options.today));
  return today.has_value();
}

// The repository the current folder is in (the nearest folder above with a `.git`, a folder
// or a worktree's file), for SARIF's paths: code scanning resolves them against the
// repository's root, whatever folder icpc ran in. Empty outside a repository.
std::string repository_root() {
  std::error_code ec;
  const fs::path here = fs::current_path(ec);
  if (ec) return {};
  for (fs::path folder = here;; folder = folder.parent_path()) {
    if (fs::exists(folder / ".git", ec)) return folder.generic_string();
    if (folder == folder.parent_path()) return {};
  }
}

// Diagnostics in a machine format (json, sarif, github) on stdout.
void print_machine(const CheckOptions& options, const SourceMap& sources, std::span<const Diagnostic> diagnostics) {
  if (options.format == "json") {
    fmt::print("{}", render::render_json(sources, diagnostics));
  } else if (options.format == "sarif") {
    std::error_code ec;
    const std::string root = repository_root();
    fmt::print("{}", render::render_sarif(sources, diagnostics,
                                          render::SarifTool{ICP_VERSION, ICP_INFORMATION_URI, root,
                                                            root.empty() ? "" : fs::current_path(ec).generic_string()}));
  } else {
    fmt::print("{}", render::render_github(sources, diagnostics));
  }
}

void print_report(const CheckOptions& options, const compiler::Compilation& result) {
  const std::size_t errors = result.count(Severity::error);
  const std::size_t warnings = result.count(Severity::warning);
  if (options.format == "text") {
    const bool color = use_color(options.color, true);
    fmt::print("{}{}", render::render_text(result.sources, result.diagnostics, color),
               render::summary_line(errors, warnings, result.files.size(), color));
    return;
  }
  print_machine(options, result.sources, result.diagnostics);
  // Machine formats keep stdout parseable; the summary is for the person reading the log.
  flush_standard_output();
  fmt::print(stderr, "{}", render::summary_line(errors, warnings, result.files.size(), use_color(options.color, false)));
}

// The project cannot be checked (exit 2): the failures on stderr as always and, in a machine
// format, as E0701 results on stdout, so a CI step reading it still gets a valid file.
int report_failures(const CheckOptions& options, const std::vector<compiler::Failure>& failures) {
  print_failures(failures, use_color("auto", false));
  if (options.format != "text") {
    SourceMap sources;
    std::vector<Diagnostic> diagnostics;
    compiler::append_failure_diagnostics(failures, sources, diagnostics);
    print_machine(options, sources, diagnostics);
    flush_standard_output();
  }
  return kExitUsage;
}

int run_check(const CheckOptions& options) {
  std::vector<NamedFile> inputs{{"--manifest", options.manifest}};
  for (const std::string& path : options.paths) inputs.push_back({"the profile", path});
  if (!outputs_apart_from_inputs(inputs, {})) return kExitUsage;
  compiler::Project project;
  std::vector<compiler::Failure> manifest_failures;
  if (!load_manifest(options, project.manifest, manifest_failures)) return report_failures(options, manifest_failures);
  project::Options project_options;
  if (!choose_today(options, project_options.today)) return kExitUsage;
  project_options.deny_warnings = options.deny == "warnings";
  const bool dash = std::find(options.paths.begin(), options.paths.end(), "-") != options.paths.end();
  if (dash && options.paths.size() > 1) {
    print_error("`-` (standard input) cannot be combined with other paths");
    return kExitUsage;
  }
  project.paths.assign(options.paths.begin(), options.paths.end());
  // The manifest's `today`, lint levels, `max_profiles`, `files` and `tests` (issue 4:
  // "`icpc check` also runs the tests the manifest names") apply there. Standard input (an
  // editor's unsaved buffer, a generated profile) gets the manifest's settings, not its
  // tests: they name profiles by file.
  if (dash && project.manifest) compiler::apply_settings(project.manifest->manifest, project_options);
  const compiler::Compilation result =
      dash ? compiler::compile_inputs({project::Input{"<stdin>", read_standard_input()}}, project_options)
           : compiler::compile_project(project, project_options);
  if (!result.failures.empty()) return report_failures(options, result.failures);
  print_report(options, result);
  return result.count(Severity::error) > 0 ? kExitProblems : kExitClean;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* check = app.add_subcommand("check", "Check profiles for errors and warnings");
  check->add_option("path", options->paths,
                    "Files and folders to check (folders: every *.icp below them), or - for standard input; "
                    "default: icp.toml's `files`, else the current folder")
      ->type_name("PATH");
  check->add_option("--format", options->format,
                    "Output: text (for people), json (one object per line), sarif (SARIF 2.1.0, for code "
                    "scanning) or github (workflow annotations)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}).description(""))
      ->type_name("FORMAT")
      ->capture_default_str();
  check->add_option("--deny", options->deny, "`--deny warnings` turns every warning into an error")
      ->check(CLI::IsMember({"warnings"}).description(""))
      ->type_name("warnings");
  add_color_option(*check, options->color,
                   "Colour the text output: auto (when stdout is a terminal and NO_COLOR is unset), always or never");
  add_manifest_option(*check, options->manifest);
  check->add_option("--today", options->today,
                    "The date the review-overdue check treats as today; default: icp.toml's `today`, "
                    "else the system clock's date in UTC")
      ->type_name("YYYY-MM-DD");
  check->footer(exit_codes_footer());
  check->callback([options, &exit_code] { exit_code = run_check(*options); });
}

}  // namespace icp::cli
