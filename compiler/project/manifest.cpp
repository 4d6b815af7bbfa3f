// Reads icp.toml with toml++ and checks every key, so that a typo in the manifest is
// reported where it was written instead of being silently ignored.
// Input: manifest text. Output: Manifest, or Errors with line and column.
#include "compiler/project/manifest.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <system_error>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "compiler/project/project_walk.hpp"
#include "compiler/project/toml_limits.hpp"

#include "compiler/check/suggest.hpp"
#include "compiler/project/toml_words.hpp"

namespace icp::manifest {
namespace fs = std::filesystem;
namespace {

// KEEP IN SYNC: the branches of `parse` below and the help that lists the keys.
const std::array<std::string, 7> kKeys = {"files", "max_profiles", "today", "as_of", "lints", "tests", "downstream"};

LineCol to_line_col(const toml::source_position& position) {
  return LineCol{position.line, position.column};
}

// Collects errors for one manifest; every check reports and carries on.
class Reader {
 public:
  Reader(const fs::path& path, std::vector<Error>& errors)
      : path_(path.generic_string()), errors_(errors) {}

  void error(const toml::source_region& where, std::string message, std::string help = {}) {
    errors_.push_back(Error{path_, to_line_col(where.begin), to_line_col(where.end),
                            std::move(message), std::move(help)});
  }

  std::optional<std::vector<Entry>> strings(std::string_view key, const toml::node& node) {
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      error(node.source(), fmt::format("`{}` must be an array of strings, found {}", key, toml_kind_of(node)),
            fmt::format("write `{} = [\"icp/*.icp\"]`", key));
      return std::nullopt;
    }
    std::vector<Entry> entries;
    for (const toml::node& item : *array) {
      const auto* text = item.as_string();
      if (text == nullptr || text->get().empty()) {
        error(item.source(), fmt::format("`{}` must hold non-empty strings, found {}", key,
                                         text == nullptr ? toml_kind_of(item) : "an empty string"));
        continue;
      }
      entries.push_back(Entry{text->get(), to_line_col(item.source().begin), to_line_col(item.source().end)});
    }
    return entries;
  }

  void max_profiles(const toml::node& node, Manifest& manifest) {
    const auto* value = node.as_integer();
    if (value == nullptr || value->get() < 1) {
      error(node.source(),
            fmt::format("`max_profiles` must be a whole number of at least 1, found {}",
                        value == nullptr ? std::string(toml_kind_of(node)) : fmt::format("{}", value->get())));
      return;
    }
    manifest.max_profiles = static_cast<std::size_t>(value->get());
  }

  // `today` and `as_of`: a TOML date, or a string holding one.
  void date(std::string_view key, const toml::node& node, std::optional<Date>& out) {
    const std::string help = fmt::format("write a calendar date as YYYY-MM-DD, e.g. `{} = 2026-11-23`", key);
    if (const auto* date = node.as_date()) {
      const toml::date& d = date->get();
      if (is_valid_civil(d.year, d.month, d.day)) {
        out = date_from_civil(d.year, d.month, d.day);
        return;
      }
    }
    if (const auto* text = node.as_string()) {
      if (auto date = parse_date(text->get())) {
        out = *date;
        return;
      }
      error(node.source(), fmt::format("`{}` is not a date: `{}`", key, text->get()), help);
      return;
    }
    error(node.source(), fmt::format("`{}` must be a date, found {}", key, toml_kind_of(node)), help);
  }

  void lints(const toml::node& node, Manifest& manifest) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      error(node.source(), fmt::format("`lints` must be a table, found {}", toml_kind_of(node)),
            "write `[lints]` followed by lines such as `unused-let = \"allow\"`");
      return;
    }
    std::map<DiagnosticCode, std::string> named_as;  // to catch a code given twice
    for (auto&& [key, value] : *table) lint(key, value, manifest, named_as);
  }

  // [downstream] min_targets = N, live = [...], [downstream.targets] name = [profiles...]
  void downstream(const toml::node& node, Manifest& manifest) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      error(node.source(), fmt::format("`downstream` must be a table, found {}", toml_kind_of(node)),
            "write `[downstream]` followed by `min_targets = 5` and a `[downstream.targets]` table");
      return;
    }
    Downstream out;
    for (auto&& [key, value] : *table) {
      if (key.str() == "min_targets") {
        const auto* count = value.as_integer();
        if (count == nullptr || count->get() < 0) {
          error(value.source(), "`min_targets` must be a whole number of at least 0");
        } else {
          out.min_targets = static_cast<std::size_t>(count->get());
        }
      } else if (key.str() == "live") {
        out.live = strings("live", value);
      } else if (key.str() == "targets") {
        downstream_targets(value, out);
      } else {
        error(key.source(), fmt::format("unknown key `{}` in [downstream]", key.str()),
              "the keys are `min_targets`, `live` and `targets`");
      }
    }
    manifest.downstream = std::move(out);
  }

 private:
  void downstream_targets(const toml::node& node, Downstream& out) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      error(node.source(), fmt::format("`targets` must be a table, found {}", toml_kind_of(node)),
            "write `[downstream.targets]` followed by lines such as `salesforce = [\"icp/*.icp\"]`");
      return;
    }
    for (auto&& [key, value] : *table) {
      std::optional<std::vector<Entry>> profiles = strings(key.str(), value);
      if (!profiles) continue;
      out.targets.push_back(DownstreamTarget{
          Entry{std::string(key.str()), to_line_col(key.source().begin), to_line_col(key.source().end)},
          std::move(*profiles)});
    }
  }

  void lint(const toml::key& key, const toml::node& value, Manifest& manifest,
            std::map<DiagnosticCode, std::string>& named_as) {
    const auto code = find_diagnostic(key.str());
    if (!code) {
      std::vector<std::string> names;
      for (const DiagnosticInfo& entry : all_diagnostics()) {
        if (entry.severity == Severity::warning) names.emplace_back(entry.slug);
      }
      std::string help = did_you_mean(key.str(), names);
      if (help.empty()) help = "name a warning by its code (`W0103`) or slug (`unused-let`)";
      error(key.source(), fmt::format("unknown lint `{}`", key.str()), std::move(help));
      return;
    }
    const auto* text = value.as_string();
    const std::string_view level = text != nullptr ? std::string_view(text->get()) : std::string_view();
    const std::optional<LintLevel> parsed = level == "allow"  ? std::optional(LintLevel::allow)
                                            : level == "warn" ? std::optional(LintLevel::warn)
                                            : level == "deny" ? std::optional(LintLevel::deny)
                                                              : std::nullopt;
    if (!parsed) {
      error(value.source(),
            text != nullptr ? fmt::format("unknown lint level `{}`", level)
                            : fmt::format("a lint level must be a string, found {}", toml_kind_of(value)),
            "use \"allow\", \"warn\" or \"deny\"");
      return;
    }
    const DiagnosticInfo& entry = info(*code);
    if (entry.severity == Severity::error && *parsed != LintLevel::deny) {
      error(value.source(), fmt::format("`{}` ({}) is an error and cannot be set to `{}`", key.str(),
                                        entry.name == key.str() ? entry.slug : entry.name, level),
            "only warnings (W0xxx) can be allowed or set to warn");
      return;
    }
    if (auto [it, inserted] = named_as.emplace(*code, std::string(key.str())); !inserted) {
      error(key.source(), fmt::format("`{}` and `{}` name the same lint", it->second, key.str()),
            "keep one of the two lines");
      return;
    }
    if (entry.severity == Severity::warning) manifest.lints[*code] = *parsed;
  }

  std::string path_;
  std::vector<Error>& errors_;
};

bool has_wildcard(std::string_view text) { return text.find_first_of("*?") != std::string_view::npos; }

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

// Wildcard matching without recursion: on a mismatch, go back to the last star and let it
// take one more item (the classic greedy algorithm). Linear for most patterns and at worst
// the product of the two lengths, never exponential, whatever pattern a manifest holds
// (`*a*a*a*...` took exponential time when each star was a recursive call).
template <typename Item, typename IsStar, typename Same>
bool wildcard(std::span<const Item> pattern, std::span<const Item> items, IsStar is_star, Same same) {
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t p = 0, i = 0, star = kNone, resume = 0;
  while (i < items.size()) {
    if (p < pattern.size() && is_star(pattern[p])) {
      star = p++;
      resume = i;
    } else if (p < pattern.size() && same(pattern[p], items[i])) {
      ++p;
      ++i;
    } else if (star != kNone) {
      p = star + 1;
      i = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && is_star(pattern[p])) ++p;
  return p == pattern.size();
}

// `*` is any run of bytes within one segment, `?` one byte.
bool match_segment(std::string_view pattern, std::string_view name) {
  return wildcard<char>(pattern, name, [](char c) { return c == '*'; },
                        [](char p, char c) { return p == '?' || p == c; });
}

// A whole `**` segment is any number of segments (none included).
bool match_parts(std::span<const std::string_view> pattern, std::span<const std::string_view> parts) {
  return wildcard<std::string_view>(pattern, parts, [](std::string_view part) { return part == "**"; },
                                    [](std::string_view p, std::string_view part) { return match_segment(p, part); });
}

// Every file of the project under `base` (project_files: hidden folders and nested projects
// are not entered, as in a shell glob the former) whose path relative to it matches `pattern`.
std::vector<fs::path> glob_files(const fs::path& base, std::string_view pattern) {
  std::vector<fs::path> found;
  std::error_code ec;
  if (!fs::is_directory(base, ec)) return found;
  for (fs::path& file : project::project_files(base, ec)) {
    if (glob_match(pattern, file.lexically_relative(base).generic_string())) found.push_back(std::move(file));
  }
  return found;
}

}  // namespace

std::optional<Manifest> parse(std::string_view text, const fs::path& path, std::vector<Error>& errors) {
  const std::size_t errors_before = errors.size();
  Manifest manifest;
  manifest.path = path;
  manifest.root = path.parent_path();
  Reader reader(path, errors);
  if (auto problem = toml_limits::check(text)) {
    errors.push_back(Error{path.generic_string(), problem->begin, problem->end, problem->message, problem->help});
    return std::nullopt;
  }
  toml::table table;
  try {
    table = toml::parse(text, path.generic_string());
  } catch (const toml::parse_error& failure) {
    reader.error(failure.source(), fmt::format("invalid TOML: {}", failure.description()));
    return std::nullopt;
  }
  for (auto&& [key, node] : table) {
    const std::string_view name = key.str();
    if (name == "files") {
      manifest.files = reader.strings(name, node);
    } else if (name == "tests") {
      manifest.tests = reader.strings(name, node).value_or(std::vector<Entry>{});
    } else if (name == "max_profiles") {
      reader.max_profiles(node, manifest);
    } else if (name == "today") {
      reader.date(name, node, manifest.today);
    } else if (name == "as_of") {
      reader.date(name, node, manifest.as_of);
    } else if (name == "lints") {
      reader.lints(node, manifest);
    } else if (name == "downstream") {
      reader.downstream(node, manifest);
    } else {
      std::string help = did_you_mean(name, kKeys);
      if (help.empty()) help = "the keys are `files`, `max_profiles`, `today`, `as_of`, `lints`, `tests` and `downstream`";
      reader.error(key.source(), fmt::format("unknown key `{}` in {}", name, kFileName), std::move(help));
    }
  }
  if (errors.size() == errors_before) return manifest;
  std::stable_sort(errors.begin() + static_cast<std::ptrdiff_t>(errors_before), errors.end(),
                   [](const Error& a, const Error& b) {
                     return std::tuple(a.begin.line, a.begin.column) < std::tuple(b.begin.line, b.begin.column);
                   });
  return std::nullopt;
}

std::optional<fs::path> find(const fs::path& start) {
  std::error_code ec;
  fs::path folder = fs::absolute(start, ec).lexically_normal();
  if (ec) return std::nullopt;
  while (true) {
    const fs::path candidate = folder / kFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (!folder.has_relative_path()) return std::nullopt;
    folder = folder.parent_path();
  }
}

std::vector<fs::path> resolve_files(const Manifest& manifest, std::vector<Error>& errors) {
  const fs::path root = manifest.root.empty() ? fs::path(".") : manifest.root;
  if (!manifest.files) return {root};
  std::vector<fs::path> paths;
  const std::string manifest_path = manifest.path.generic_string();
  for (const Entry& entry : *manifest.files) {
    std::error_code ec;
    if (!has_wildcard(entry.text)) {
      const fs::path path = (root / entry.text).lexically_normal();
      if (fs::exists(path, ec)) {
        paths.push_back(path);
      } else {
        errors.push_back(Error{manifest_path, entry.begin, entry.end,
                               fmt::format("`{}` does not exist", entry.text), "paths are relative to icp.toml"});
      }
      continue;
    }
    // Search from the longest folder prefix without wildcards, not from the root.
    fs::path base = root;
    const std::vector<std::string_view> parts = split(entry.text);
    std::size_t first_glob = 0;
    while (first_glob + 1 < parts.size() && !has_wildcard(parts[first_glob])) base /= parts[first_glob++];
    std::string rest;
    for (std::size_t i = first_glob; i < parts.size(); ++i) rest += fmt::format("{}{}", i == first_glob ? "" : "/", parts[i]);
    const std::vector<fs::path> found = glob_files(base.lexically_normal(), rest);
    if (found.empty()) {
      errors.push_back(Error{manifest_path, entry.begin, entry.end,
                             fmt::format("`{}` matches no file", entry.text), "paths are relative to icp.toml"});
    }
    paths.insert(paths.end(), found.begin(), found.end());
  }
  return paths;
}

std::vector<fs::path> resolve_tests(const Manifest& manifest, std::vector<Error>& errors) {
  if (manifest.tests.empty()) return {};
  Manifest as_files = manifest;  // `tests` entries follow the rules of `files`
  as_files.files = manifest.tests;
  std::vector<fs::path> paths = resolve_files(as_files, errors);
  for (fs::path& path : paths) path = path.lexically_normal();
  return paths;
}

bool entry_names(const Entry& entry, std::string_view profile) {
  const std::string pattern = fs::path(entry.text).lexically_normal().generic_string();
  return glob_match(pattern, profile);
}

std::vector<Error> unmatched_downstream(const Manifest& manifest, const std::vector<std::string>& profiles) {
  std::vector<Error> errors;
  if (!manifest.downstream) return errors;
  auto check = [&](const Entry& entry) {
    const bool named = std::any_of(profiles.begin(), profiles.end(),
                                   [&](const std::string& profile) { return entry_names(entry, profile); });
    if (named) return;
    errors.push_back(Error{manifest.path.generic_string(), entry.begin, entry.end,
                           fmt::format("`{}` names no profile of the project", entry.text),
                           "paths are relative to icp.toml, as in `files`"});
  };
  for (const Entry& entry : manifest.downstream->live.value_or(std::vector<Entry>{})) check(entry);
  for (const DownstreamTarget& target : manifest.downstream->targets) {
    for (const Entry& entry : target.profiles) check(entry);
  }
  return errors;
}

bool glob_match(std::string_view pattern, std::string_view path) {
  const std::vector<std::string_view> pattern_parts = split(pattern);
  const std::vector<std::string_view> path_parts = split(path);
  return match_parts(pattern_parts, path_parts);
}

}  // namespace icp::manifest
