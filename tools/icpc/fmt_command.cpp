// `icpc fmt [--check] [PATH...]`: rewrites profiles in the canonical layout (compiler/format),
// or with --check only shows, as a unified diff, what it would change.
// Input: files and folders (found as `icpc check` finds them) or stdin. Output: files
// rewritten in place, the diff or formatted text on stdout, exit 0, 1 or 2.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "compiler/format/format.hpp"
#include "compiler/project/manifest.hpp"
#include "compiler/project/project.hpp"
#include "compiler/render/render.hpp"
#include "compiler/format/unified_diff.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/output_file.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/read_text.hpp"
#include "tools/icpc/standard_streams.hpp"

namespace icp::cli {
namespace {
namespace fs = std::filesystem;

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;
  bool stdin_ = false;
  std::string color = "auto";
};

// PATHs as given, else icp.toml's `files` (the nearest icp.toml here or above), else ".".
std::optional<std::vector<fs::path>> input_paths(const FmtOptions& options) {
  if (!options.paths.empty()) return std::vector<fs::path>(options.paths.begin(), options.paths.end());
  const std::optional<fs::path> found = manifest::find(fs::current_path());
  if (!found) return std::vector<fs::path>{"."};
  const fs::path path = found->lexically_proximate(fs::current_path());
  const std::string text = read_text(path).value_or("");
  std::vector<manifest::Error> errors;
  std::optional<manifest::Manifest> parsed = manifest::parse(text, path, errors);
  std::vector<fs::path> paths;
  if (parsed) paths = manifest::resolve_files(*parsed, errors);
  for (const manifest::Error& error : errors) {
    print_error(error.begin.line == 0 ? error.message
                                      : fmt::format("{}:{}:{}: {}", error.path, error.begin.line,
                                                    error.begin.column, error.message));
  }
  if (!errors.empty()) return std::nullopt;
  return paths;
}

// "a/" + path, as git labels the two sides of a diff.
std::string label(std::string_view side, const std::string& path) {
  return fmt::format("{}{}{}", side, path.starts_with('/') ? "" : "/", path);
}

// Formats one text; prints its syntax errors, or its diff with --check. Returns the
// formatted text, or nullopt when the file has syntax errors.
std::optional<std::string> format_one(const FmtOptions& options, const std::string& path, const std::string& text) {
  format::Result result = format::format_source(path, text);
  if (!result.text) {
    fmt::print(stderr, "{}", render::render_text(result.sources, result.diagnostics, use_color(options.color, false)));
    return std::nullopt;
  }
  if (options.check) fmt::print("{}", diff::unified_diff(text, *result.text, label("a", path), label("b", path)));
  return std::move(result.text);
}

int run_stdin(const FmtOptions& options) {
  if (!outputs_apart_from_inputs({{"standard input", "-"}}, {})) return kExitUsage;
  // One byte past the limit at most: the parser refuses the text (E0008) without all of it.
  const std::string text = read_standard_input();
  const std::optional<std::string> formatted = format_one(options, "<stdin>", text);
  if (!formatted) return kExitProblems;
  if (!options.check) fmt::print("{}", *formatted);
  return options.check && *formatted != text ? kExitProblems : kExitClean;
}

int run_fmt(const FmtOptions& options) {
  const bool dash = std::find(options.paths.begin(), options.paths.end(), "-") != options.paths.end();
  if (options.stdin_ || dash) {
    if (options.paths.size() > (dash ? 1U : 0U)) {
      print_error("`-` (standard input) cannot be combined with other paths");
      return kExitUsage;
    }
    return run_stdin(options);
  }
  const std::optional<std::vector<fs::path>> paths = input_paths(options);
  if (!paths) return kExitUsage;
  std::vector<std::string> io_errors;
  const std::vector<std::string> files = project::discover(*paths, io_errors);
  for (const std::string& error : io_errors) print_error(error);
  if (!io_errors.empty()) return kExitUsage;
  if (files.empty()) {
    print_error("no `.icp` files to format");
    return kExitUsage;
  }
  std::vector<NamedFile> inputs;
  for (const std::string& path : files) inputs.push_back({"the profile", path});
  if (!outputs_apart_from_inputs(inputs, {})) return kExitUsage;
  std::size_t changed = 0, broken = 0;
  for (const std::string& path : files) {
    std::optional<std::string> text = project::read_source(path, io_errors);
    if (!text) {
      for (const std::string& error : io_errors) print_error(error);
      return kExitUsage;
    }
    const std::optional<std::string> formatted = format_one(options, path, *text);
    if (!formatted) {
      ++broken;
      continue;
    }
    if (*formatted == *text) continue;
    ++changed;
    if (options.check) continue;
    // Replaced whole through a temporary file, keeping the file's mode (output_file.hpp).
    write_output(path, *formatted);
  }
  flush_standard_output();
  fmt::print(stderr, "icpc: {} {} {}, {} already formatted{}\n", changed, changed == 1 ? "file" : "files",
             options.check ? "would be reformatted" : "reformatted", files.size() - changed - broken,
             broken == 0 ? "" : fmt::format(", {} with syntax errors left as they are", broken));
  return broken > 0 || (options.check && changed > 0) ? kExitProblems : kExitClean;
}

}  // namespace

void add_fmt_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<FmtOptions>();
  CLI::App* fmt_app = app.add_subcommand("fmt", "Rewrite profiles in the canonical layout");
  fmt_app->add_option("path", options->paths,
                      "Files and folders to format (folders: every *.icp below them), or `-` for standard input; "
                      "default: icp.toml's `files`, else the current folder")
      ->type_name("PATH");
  fmt_app->add_flag("--check", options->check,
                    "Change nothing: print a unified diff of what would change and exit 1 if anything would");
  fmt_app->add_flag("--stdin", options->stdin_, "Read a profile from standard input and write it to standard output");
  add_color_option(*fmt_app, options->color,
                   "Colour the diagnostics: auto (when stderr is a terminal and NO_COLOR is unset), always or never");
  fmt_app->footer("Exit codes:\n"
                  "  0  every file is formatted (with --check: nothing would change)\n"
                  "  1  a file has syntax errors (left untouched), or with --check a file would change\n"
                  "  2  usage error, unreadable file or a failed write");
  fmt_app->callback([options, &exit_code] { exit_code = run_fmt(*options); });
}

}  // namespace icp::cli
