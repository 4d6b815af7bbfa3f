// The check stage over a project: texts -> every file parsed, checked and linted, with the
// project-wide checks (too many profiles) and icp.toml's lint levels applied; and finding and
// reading the files. Input: paths, or in-memory texts. Output: the SourceMap, the sorted
// diagnostics and one IR program per file that checked without errors. The compile API
// (compiler/compile/) runs it, then lowers.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "compiler/check/ir.hpp"
#include "compiler/project/manifest.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/parse.hpp"
#include "grammar/source.hpp"
#include "icp/date.hpp"

namespace icp::project {

struct Options {
  // The date review-overdue (W0101) compares with; nullopt: the system clock's date in UTC.
  std::optional<Date> today;
  std::size_t max_profiles = manifest::kDefaultMaxProfiles;
  std::map<DiagnosticCode, manifest::LintLevel> lints;  // from icp.toml
  // `--deny warnings`: every warning that is not allowed becomes an error.
  bool deny_warnings = false;
  grammar::Limits limits;  // the parser's; tests lower them to reach them with small files
  // icp.toml's [downstream] and its folder: W0109 for a live profile that feeds fewer
  // systems than `min_targets`.
  std::optional<manifest::Downstream> downstream;
  std::filesystem::path manifest_root;
};

// One project file as read: the path to print in diagnostics, and its bytes.
struct Input {
  std::string path;
  std::string text;
};

struct Result {
  SourceMap sources;
  std::vector<FileId> files;  // the project's files, in path order; stdlib modules follow them in `sources`
  std::vector<std::optional<ir::Program>> programs;  // parallel to `files`; nullopt when a file has errors
  std::vector<Diagnostic> diagnostics;               // lint levels applied; sorted by file and position

  std::size_t count(Severity severity) const;
};

// The files to check, as paths to print: a folder gives every *.icp below it (hidden
// folders such as .git are skipped), a file is taken as given. Relative paths stay
// relative; absolute ones under the current folder are made relative to it. Sorted,
// without duplicates. A path that does not exist is an I/O error.
std::vector<std::string> discover(std::span<const std::filesystem::path> paths,
                                  std::vector<std::string>& io_errors);

// A file's first `max_bytes` + 1 bytes (all of it when smaller), or nullopt when it cannot be
// opened or read.
std::optional<std::string> read_at_most(const std::filesystem::path& path, std::size_t max_bytes);

// A file's bytes, or nullopt with "cannot read `path`: reason" added to `io_errors`. At most
// `max_bytes` + 1 bytes are read: enough for the parser to refuse a file that is too large
// (E0008) without holding all of it.
std::optional<std::string> read_source(const std::string& path, std::vector<std::string>& io_errors,
                                       std::size_t max_bytes = grammar::kMaxSourceBytes);

// Parses every input, checks each file without syntax errors (one ModuleCache for all,
// so each stdlib module is parsed once), lints each file that checked cleanly, adds
// W0107 when more than `max_profiles` files declare a profile, W0109 for each live profile
// that feeds fewer downstream systems than icp.toml's [downstream] asks, then applies lint
// levels.
// Inputs are checked in the order given (compiler::compile_files sorts them by path first).
// The check stage of the compile API (compiler/compile/compile.hpp), which also lowers.
Result check_inputs(std::vector<Input> inputs, const Options& options);

// A profile's path as printed, relative to the manifest's folder (as `files` entries are).
std::string path_in_project(const std::string& printed, const std::filesystem::path& root);

// allow drops a warning; deny (or `deny_warnings`) makes it an error, with a note saying why.
void apply_lint_levels(std::vector<Diagnostic>& diagnostics, const Options& options);

// The system clock's current date in UTC: the default `today`, when neither
// `--today` nor icp.toml's `today` gives one.
Date utc_today();

}  // namespace icp::project
