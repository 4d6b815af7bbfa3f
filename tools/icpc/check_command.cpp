// `icpc check [PATH...]`: reads icp.toml, runs the project driver (compiler/project) and
// prints its diagnostics in the chosen format. Input: command-line options.
// Output: diagnostics on stdout, the summary line, and exit code 0, 1 or 2.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "compiler/project/manifest.hpp"
#include "compiler/project/project.hpp"
#include "compiler/render/render.hpp"
#include "compiler/testing/test_check.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/read_text.hpp"
#include "tools/icpc/standard_streams.hpp"
#include "tools/icpc/test_discovery.hpp"

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

void print_manifest_errors(const std::vector<manifest::Error>& errors, const std::string& text) {
  const bool color = use_color("auto", false);
  for (const manifest::Error& error : errors) {
    if (error.begin.line == 0) {
      print_error(error.message);
      continue;
    }
    const SourceFile file(error.path, text);
    fmt::print(stderr, "{}", render::render_error_at(file, error.begin, error.end, error.message, error.help, color));
  }
}

// The manifest named by `--manifest`, else icp.toml here or above; nullopt in `manifest`
// when there is none. Returns false (after printing why) when it cannot be used.
bool load_manifest(const CheckOptions& options, std::optional<manifest::Manifest>& manifest) {
  std::optional<fs::path> path;
  if (!options.manifest.empty()) {
    path = fs::path(options.manifest);
  } else {
    path = manifest::find(fs::current_path());
    // Shown in messages and used to resolve `files`: keep it short, relative to here.
    if (path) path = path->lexically_proximate(fs::current_path());
  }
  if (!path) return true;
  const std::optional<std::string> text = read_text(*path);
  if (!text) {
    print_error(fmt::format("cannot read manifest `{}`", path->generic_string()));
    return false;
  }
  std::vector<manifest::Error> errors;
  manifest = manifest::parse(*text, *path, errors);
  if (!errors.empty()) print_manifest_errors(errors, *text);
  return manifest.has_value();
}

// --today, else icp.toml's `today`, else the clock (UTC).
std::optional<Date> choose_today(const CheckOptions& options, const std::optional<manifest::Manifest>& manifest) {
  if (!options.today.empty()) {
    const std::optional<Date> date = parse_date(options.today);
    if (!date) print_error(fmt::format("`--today` must be a date as YYYY-MM-DD, found `{}`", options.today));
    return date;
  }
  if (manifest && manifest->today) return manifest->today;
  return project::utc_today();
}

// PATHs from the command line, else the manifest's `files`, else the current folder.
std::optional<std::vector<fs::path>> choose_paths(const CheckOptions& options,
                                                  const std::optional<manifest::Manifest>& manifest) {
  if (!options.paths.empty()) return std::vector<fs::path>(options.paths.begin(), options.paths.end());
  if (!manifest) return std::vector<fs::path>{"."};
  std::vector<manifest::Error> errors;
  std::vector<fs::path> paths = manifest::resolve_files(*manifest, errors);
  if (errors.empty()) return paths;
  print_manifest_errors(errors, read_text(manifest->path).value_or(""));
  return std::nullopt;
}

void print_report(const CheckOptions& options, const project::Result& result) {
  const std::size_t errors = result.count(Severity::error);
  const std::size_t warnings = result.count(Severity::warning);
  if (options.format == "text") {
    const bool color = use_color(options.color, true);
    fmt::print("{}{}", render::render_text(result.sources, result.diagnostics, color),
               render::summary_line(errors, warnings, result.files.size(), color));
    return;
  }
  if (options.format == "json") {
    fmt::print("{}", render::render_json(result.sources, result.diagnostics));
  } else if (options.format == "sarif") {
    fmt::print("{}", render::render_sarif(result.sources, result.diagnostics,
                                          render::SarifTool{ICP_VERSION, ICP_INFORMATION_URI}));
  } else {
    fmt::print("{}", render::render_github(result.sources, result.diagnostics));
  }
  // Machine formats keep stdout parseable; the summary is for the person reading the log.
  flush_standard_output();
  fmt::print(stderr, "{}", render::summary_line(errors, warnings, result.files.size(), use_color(options.color, false)));
}

// The decision tests icp.toml names (issue 4: "`icpc check` also runs the tests the
// manifest names"): failures become E0601/E0602 diagnostics. False on a bad `tests` entry.
bool run_manifest_tests(const manifest::Manifest& manifest, project::Result& result) {
  if (manifest.tests.empty()) return true;
  std::vector<manifest::Error> errors;
  const std::vector<fs::path> files = resolve_manifest_tests(manifest, errors);
  if (!errors.empty()) {
    print_manifest_errors(errors, read_text(manifest.path).value_or(""));
    return false;
  }
  std::vector<project::Input> inputs;
  for (const fs::path& file : files) {
    std::optional<std::string> text = read_text(file);
    if (!text) {
      print_error(fmt::format("cannot read `{}`", file.generic_string()));
      return false;
    }
    inputs.push_back(project::Input{file.generic_string(), std::move(*text)});
  }
  decision_test::check_tests(std::move(inputs), {}, result);
  return true;
}

int run_check(const CheckOptions& options) {
  std::vector<NamedFile> inputs{{"--manifest", options.manifest}};
  for (const std::string& path : options.paths) inputs.push_back({"the profile", path});
  if (!outputs_apart_from_inputs(inputs, {})) return kExitUsage;
  std::optional<manifest::Manifest> manifest;
  if (!load_manifest(options, manifest)) return kExitUsage;
  const std::optional<Date> today = choose_today(options, manifest);
  if (!today) return kExitUsage;
  const std::optional<std::vector<fs::path>> paths = choose_paths(options, manifest);
  if (!paths) return kExitUsage;

  project::Options project_options;
  project_options.today = *today;
  project_options.deny_warnings = options.deny == "warnings";
  if (manifest) {
    project_options.max_profiles = manifest->max_profiles;
    project_options.lints = manifest->lints;
  }
  project::Result result = project::check_project(*paths, project_options);
  for (const std::string& error : result.io_errors) print_error(error);
  if (!result.io_errors.empty()) return kExitUsage;
  if (result.files.empty()) {
    print_error("no `.icp` files to check");
    return kExitUsage;
  }
  if (manifest && !run_manifest_tests(*manifest, result)) return kExitUsage;
  print_report(options, result);
  return result.count(Severity::error) > 0 ? kExitProblems : kExitClean;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* check = app.add_subcommand("check", "Check profiles for errors and warnings");
  check->add_option("path", options->paths,
                    "Files and folders to check (folders: every *.icp below them); "
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
