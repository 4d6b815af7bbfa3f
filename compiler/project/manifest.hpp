// The project manifest, `icp.toml`: which files form the project, its profile limit,
// the date lint treats as today, per-code lint levels and the decision test files.
// Input: the manifest's text (read with toml++). Output: a validated Manifest, or errors
// that point at the offending key or value by line and column.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"
#include "icp/date.hpp"

namespace icp::manifest {

inline constexpr std::string_view kFileName = "icp.toml";
// LANGUAGE.md: "more than three profiles in one project" is a warning (W0107).
inline constexpr std::size_t kDefaultMaxProfiles = 3;

// allow drops a warning, warn keeps it, deny turns it into an error.
enum class LintLevel : std::uint8_t { allow, warn, deny };

// A string as written in the manifest, with where, for errors that point back at it.
struct Entry {
  std::string text;
  LineCol begin;
  LineCol end;
};

// `[downstream]`: the systems that consume the project's profiles (a CRM update, an audience,
// an SDR tool: docs/exports.md), and how many a live profile must feed (W0109).
struct DownstreamTarget {
  Entry name;                  // the system, as named in [downstream.targets]
  std::vector<Entry> profiles;  // the profiles that feed it: paths or globs, as in `files`
};
struct Downstream {
  std::size_t min_targets = 0;
  std::optional<std::vector<Entry>> live;  // the live profiles; nullopt: every profile
  std::vector<DownstreamTarget> targets;   // in name order
};

struct Manifest {
  std::filesystem::path path;  // the icp.toml that was read
  std::filesystem::path root;  // its folder; `files` and `tests` are relative to it
  std::optional<std::vector<Entry>> files;  // nullopt: every *.icp under `root`
  std::size_t max_profiles = kDefaultMaxProfiles;
  std::optional<Date> today;
  std::optional<Date> as_of;  // the evaluation commands' default --as-of (eval, explain, diff)
  std::map<DiagnosticCode, LintLevel> lints;  // only codes the manifest names
  std::vector<Entry> tests;                   // decision test files (issue 4)
  std::optional<Downstream> downstream;       // issue 18
};

// A manifest problem. `begin.line == 0` when there is no position (a missing file).
struct Error {
  std::string path;
  LineCol begin{0, 0};
  LineCol end{0, 0};
  std::string message;  // lowercase, no final period, names in backticks
  std::string help;     // empty when there is nothing to suggest
};

// Parses and validates the text of `path`. Reports every problem it finds, sorted by
// position, and returns nullopt when there is any.
std::optional<Manifest> parse(std::string_view text, const std::filesystem::path& path,
                              std::vector<Error>& errors);

// The icp.toml in `start` or the nearest folder above it.
std::optional<std::filesystem::path> find(const std::filesystem::path& start);

// `files` expanded to existing paths: a plain entry is a file or folder (folders are
// searched for *.icp later, by the project driver); an entry with `*`, `?` or `**` is a
// glob over the files under `root`. A plain entry that does not exist, or a glob that
// matches nothing, is an error at that entry. Without `files`: `{root}`.
std::vector<std::filesystem::path> resolve_files(const Manifest& manifest,
                                                 std::vector<Error>& errors);

// `tests` entries resolved as `files` entries are (without `tests`: none), each path
// normalised ("./x.test.toml" -> "x.test.toml").
std::vector<std::filesystem::path> resolve_tests(const Manifest& manifest, std::vector<Error>& errors);

// Whether a `files`-style entry (a path or a glob, relative to the manifest's folder) names
// `profile`, a path relative to that folder.
bool entry_names(const Entry& entry, std::string_view profile);

// [downstream] entries (`live` and each target's profiles) that name none of `profiles`
// (paths relative to the manifest's folder): a typo would silently count a system for nothing.
std::vector<Error> unmatched_downstream(const Manifest& manifest, const std::vector<std::string>& profiles);

// Glob match over `/`-separated paths: `*` is any run within one segment, `?` one byte
// of it, and a whole `**` segment any number of segments (none included).
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace icp::manifest
