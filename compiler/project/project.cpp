// Runs the check stages over a whole project: discover and read files, parse, check, lint,
// project-wide checks, lint levels. Input: paths or texts. Output: project::Result.
// Kept out of tools/ so tests drive exactly what `icpc check` runs.
#include "compiler/project/project.hpp"
#include "compiler/project/project_walk.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>
#include <variant>

#include <fmt/format.h>

#include "compiler/check/check.hpp"
#include "compiler/check/recovery.hpp"
#include "compiler/lint/lint.hpp"
#include "grammar/parse.hpp"

namespace icp::project {
namespace fs = std::filesystem;
namespace {

// The path to print: relative paths as written (normalised), absolute paths relative to
// the current folder when they lie below it.
std::string display_path(const fs::path& path) {
  fs::path shown = path.lexically_normal();
  if (shown.is_absolute()) {
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    if (!ec) {
      const fs::path relative = shown.lexically_relative(cwd);
      if (!relative.empty() && *relative.begin() != "..") shown = relative;
    }
  }
  std::string text = shown.generic_string();
  if (text.size() > 1 && text.ends_with('/')) text.pop_back();
  return text.empty() ? "." : text;
}

// Every *.icp file of the project below `folder` (project_files: no hidden folder, no nested project).
std::vector<fs::path> icp_files_under(const fs::path& folder, std::vector<std::string>& io_errors) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (fs::path& file : project_files(folder, ec)) {
    if (file.extension() == ".icp") found.push_back(std::move(file));
  }
  if (ec) io_errors.push_back(fmt::format("cannot read folder `{}`: {}", display_path(folder), ec.message()));
  return found;
}

// The span `profile "Name"` of the file's first profile declaration, if it has one.
std::optional<Span> profile_header(const syntax::SyntaxTree& tree) {
  for (const syntax::Declaration& declaration : tree.declarations) {
    if (const auto* profile = std::get_if<syntax::ProfileDecl>(&declaration)) {
      return Span{tree.file, profile->span.begin, std::max(profile->span.begin, profile->name_span.end)};
    }
  }
  return std::nullopt;
}

// W0107 once, on the first profile past the limit: the project is what the warning is
// about, but a caret needs a place, and that file is where the limit was crossed.
void check_profile_count(const std::vector<std::optional<Span>>& headers, const Options& options,
                         DiagnosticSink& sink) {
  std::vector<Span> profiles;
  for (const auto& header : headers) {
    if (header) profiles.push_back(*header);
  }
  if (profiles.size() <= options.max_profiles) return;
  sink.report(DiagnosticCode::W0107, profiles[options.max_profiles],
              fmt::format("the project holds {} profiles, more than `max_profiles` allows ({})",
                          profiles.size(), options.max_profiles),
              "merge or remove profiles, or raise `max_profiles` in icp.toml");
}

// W0109 on each live profile that feeds fewer systems than `min_targets` (issue 18: a profile
// is live when at least five downstream systems consume it). On the profile header, like W0107.
void check_downstream(const Result& result, const std::vector<std::optional<Span>>& headers, const Options& options,
                      DiagnosticSink& sink) {
  if (!options.downstream) return;
  const manifest::Downstream& downstream = *options.downstream;
  for (std::size_t i = 0; i < result.files.size(); ++i) {
    if (!headers[i]) continue;
    const std::string path = path_in_project(result.sources.file(result.files[i]).path(), options.manifest_root);
    auto names = [&](const std::vector<manifest::Entry>& entries) {
      return std::any_of(entries.begin(), entries.end(),
                         [&](const manifest::Entry& entry) { return manifest::entry_names(entry, path); });
    };
    if (downstream.live && !names(*downstream.live)) continue;
    std::vector<std::string> fed;
    for (const manifest::DownstreamTarget& target : downstream.targets) {
      if (names(target.profiles)) fed.push_back(fmt::format("`{}`", target.name.text));
    }
    if (fed.size() >= downstream.min_targets) continue;
    std::string list;
    for (const auto& name : fed) list += (list.empty() ? "" : ", ") + name;
    sink.report(DiagnosticCode::W0109, *headers[i],
                fmt::format("this live profile feeds {} downstream system{}{}, fewer than the {} that "
                            "`[downstream] min_targets` in icp.toml asks",
                            fed.size(), fed.size() == 1 ? "" : "s", fed.empty() ? "" : " (" + list + ")",
                            downstream.min_targets),
                "list each system that consumes it under [downstream.targets] in icp.toml, or lower `min_targets`");
  }
}

}  // namespace

std::string path_in_project(const std::string& printed, const fs::path& root) {
  const fs::path base = root.empty() ? fs::path(".") : root.lexically_normal();
  return fs::path(printed).lexically_normal().lexically_relative(base).generic_string();
}

std::size_t Result::count(Severity severity) const {
  return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                [severity](const Diagnostic& d) { return d.severity == severity; }));
}

std::optional<std::string> read_at_most(const fs::path& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  // In blocks, up to one byte past the limit: a file of gigabytes is not loaded to be refused.
  constexpr std::size_t kBlock = 1 << 16;
  while (in && text.size() <= max_bytes) {
    const std::size_t size = text.size();
    text.resize(size + std::min(kBlock, max_bytes + 1 - size));
    in.read(text.data() + size, static_cast<std::streamsize>(text.size() - size));
    text.resize(size + static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return std::nullopt;
  return text;
}

std::optional<std::string> read_source(const std::string& path, std::vector<std::string>& io_errors,
                                       std::size_t max_bytes) {
  std::optional<std::string> text = read_at_most(path, max_bytes);
  if (!text) {
    io_errors.push_back(
        fmt::format("cannot read `{}`: {}", path, std::error_code(errno, std::generic_category()).message()));
  }
  return text;
}

std::vector<std::string> discover(std::span<const fs::path> paths, std::vector<std::string>& io_errors) {
  std::vector<std::pair<std::string, fs::path>> found;  // display path, path to dedupe by
  const auto add = [&found](const fs::path& path) {
    std::error_code ec;
    fs::path identity = fs::weakly_canonical(path, ec);
    found.emplace_back(display_path(path), ec ? path : identity);
  };
  for (const fs::path& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
      io_errors.push_back(fmt::format("cannot read `{}`: no such file or folder", display_path(path)));
    } else if (fs::is_directory(status)) {
      for (const fs::path& file : icp_files_under(path, io_errors)) add(file);
    } else {
      add(path);
    }
  }
  std::sort(found.begin(), found.end());
  std::set<fs::path> seen;
  std::vector<std::string> files;
  for (auto& [shown, identity] : found) {
    if (seen.insert(identity).second) files.push_back(std::move(shown));
  }
  return files;
}

Result check_inputs(std::vector<Input> inputs, const Options& options) {
  Result result;
  // Every project file goes into the SourceMap before checking starts, so FileIds (and
  // with them the order of the diagnostics) follow the inputs, not the stdlib loads.
  for (Input& input : inputs) result.files.push_back(result.sources.add(std::move(input.path), std::move(input.text)));

  const Date today = options.today.value_or(utc_today());
  check::ModuleCache modules;
  DiagnosticSink sink;
  std::vector<std::optional<Span>> headers;
  for (const FileId file : result.files) {
    DiagnosticSink file_sink;
    const syntax::SyntaxTree tree = grammar::parse(result.sources, file, file_sink, options.limits);
    headers.push_back(profile_header(tree));
    std::optional<ir::Program> program;
    // A tree with syntax errors has holes: what parsed is still checked, without the echoes
    // of the holes, and gives no program.
    if (!file_sink.has_errors()) {
      program = check::check(result.sources, modules, tree, file_sink);
    } else {
      check::check_despite_syntax_errors(result.sources, modules, tree, file_sink);
    }
    if (program) lint::lint(result.sources, *program, lint::Options{today}, file_sink);
    sink.append(file_sink);
    result.programs.push_back(std::move(program));
  }
  check_profile_count(headers, options, sink);
  check_downstream(result, headers, options, sink);

  apply_lint_levels(sink.diagnostics(), options);
  sink.sort();
  result.diagnostics = std::move(sink.diagnostics());
  return result;
}

void apply_lint_levels(std::vector<Diagnostic>& diagnostics, const Options& options) {
  std::vector<Diagnostic> kept;
  kept.reserve(diagnostics.size());
  for (Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.severity != Severity::warning) {
      kept.push_back(std::move(diagnostic));
      continue;
    }
    const auto level = options.lints.find(diagnostic.code);
    const manifest::LintLevel chosen = level == options.lints.end() ? manifest::LintLevel::warn : level->second;
    if (chosen == manifest::LintLevel::allow) continue;
    const DiagnosticInfo& code = info(diagnostic.code);
    if (chosen == manifest::LintLevel::deny) {
      diagnostic.severity = Severity::error;
      diagnostic.notes.push_back(
          DiagnosticNote{std::nullopt, fmt::format("`{}` is set to \"deny\" in icp.toml", code.slug)});
    } else if (options.deny_warnings) {
      diagnostic.severity = Severity::error;
      diagnostic.notes.push_back(DiagnosticNote{std::nullopt, "`--deny warnings` turns warnings into errors"});
    }
    kept.push_back(std::move(diagnostic));
  }
  diagnostics = std::move(kept);
}

Date utc_today() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date{static_cast<std::int32_t>(today.time_since_epoch().count())};
}

}  // namespace icp::project
