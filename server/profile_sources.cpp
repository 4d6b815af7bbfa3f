// Resolving the served files (icp.toml's `files`, folders, single files) and compiling or
// loading each. Input: paths as given. Output: ProfileSources; ServedPrograms or diagnostics.
#include "server/profile_sources.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <fmt/format.h>

#include "compiler/compile/compile_project.hpp"
#include "compiler/project/manifest.hpp"
#include "compiler/project/project.hpp"
#include "icp/compile.hpp"

namespace icp::server {
namespace fs = std::filesystem;
namespace {

// An artifact holds a program the compiler accepted: far below this; a larger file is not one.
constexpr std::size_t kMaxArtifactBytes = std::size_t{64} << 20;

bool is_artifact(const fs::path& path) { return path.extension() == ".icpb"; }

struct Manifest {
  std::string path;
  std::size_t max_profiles = manifest::kDefaultMaxProfiles;
  std::vector<fs::path> files;
};

std::optional<Manifest> read_project(const fs::path& path, std::string& error) {
  std::vector<compiler::Failure> failures;
  const std::optional<compiler::ProjectManifest> project = compiler::read_manifest(path, failures);
  if (!project) {
    error = failures.empty() ? fmt::format("cannot read `{}`", path.generic_string())
                             : compiler::render_failure(failures.front(), false);
    while (!error.empty() && error.back() == '\n') error.pop_back();
    return std::nullopt;
  }
  std::vector<manifest::Error> errors;
  Manifest out{path.generic_string(), project->manifest.max_profiles,
               manifest::resolve_files(project->manifest, errors)};
  if (!errors.empty()) {
    error = fmt::format("{}: {}", errors.front().path, errors.front().message);
    return std::nullopt;
  }
  return out;
}

bool add_file(const fs::path& path, const std::string& manifest, std::vector<ProfileSource>& profiles) {
  const std::string file = path.lexically_normal().generic_string();
  profiles.push_back(ProfileSource{path.stem().string(), file, is_artifact(path) ? "" : manifest, is_artifact(path)});
  return true;
}

// Folders expand to their *.icp files, as `icpc check PATH` expands them.
bool add_paths(const std::vector<fs::path>& paths, const std::string& manifest, std::vector<ProfileSource>& profiles,
               std::string& error) {
  for (const fs::path& path : paths) {
    std::error_code ec;
    if (is_artifact(path) && fs::is_regular_file(path, ec)) {
      add_file(path, manifest, profiles);
      continue;
    }
    std::vector<std::string> io_errors;
    const fs::path one[] = {path};
    const std::vector<std::string> found = project::discover(one, io_errors);
    if (!io_errors.empty()) {
      error = io_errors.front();
      return false;
    }
    for (const std::string& file : found) add_file(file, manifest, profiles);
  }
  return true;
}

// The project a path names: icp.toml itself, or a folder holding one.
std::optional<fs::path> project_of(const fs::path& path) {
  std::error_code ec;
  if (path.filename() == manifest::kFileName) return path;
  if (fs::is_directory(path, ec) && fs::exists(path / manifest::kFileName, ec)) return path / manifest::kFileName;
  return std::nullopt;
}

bool check_names(std::vector<ProfileSource>& profiles, std::size_t max_profiles, std::string& error) {
  std::sort(profiles.begin(), profiles.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  if (profiles.empty()) {
    error = "no profile to serve: name .icp or .icpb files, a folder or an icp.toml";
    return false;
  }
  for (std::size_t i = 1; i < profiles.size(); ++i) {
    if (profiles[i].name == profiles[i - 1].name) {
      error = fmt::format("`{}` and `{}` would both be served as `{}`: profiles are addressed by their file's stem",
                          profiles[i - 1].file, profiles[i].file, profiles[i].name);
      return false;
    }
  }
  if (profiles.size() > max_profiles) {
    error = fmt::format("{} profiles to serve, more than the {} a project may hold (icp.toml `max_profiles`)",
                        profiles.size(), max_profiles);
    return false;
  }
  return true;
}

}  // namespace

std::optional<ServedFiles> resolve_served_files(const std::vector<std::string>& paths, const std::string& manifest,
                                                std::string& error) {
  ServedFiles served;
  std::size_t max_profiles = manifest::kDefaultMaxProfiles;
  std::vector<fs::path> plain;
  std::optional<fs::path> project_path = manifest.empty() ? std::nullopt : std::optional<fs::path>(manifest);
  for (const std::string& path : paths) {
    if (std::optional<fs::path> project = project_of(path)) {
      if (project_path && *project_path != *project) {
        error = fmt::format("`{}` and `{}`: serve one project at a time", project_path->generic_string(),
                            project->generic_string());
        return std::nullopt;
      }
      project_path = project;
      continue;
    }
    plain.emplace_back(path);
  }
  if (!project_path && paths.empty()) project_path = compiler::find_manifest();
  if (!project_path && plain.empty()) {
    error = "no icp.toml here or above: name the profiles to serve";
    return std::nullopt;
  }
  std::optional<Manifest> project;
  if (project_path) {
    project = read_project(*project_path, error);
    if (!project) return std::nullopt;
    served.manifest = project->path;
    max_profiles = project->max_profiles;
    // The project's own files, unless files were named: then those, under its settings.
    if (plain.empty()) plain = project->files;
  }
  if (!add_paths(plain, served.manifest, served.profiles, error)) return std::nullopt;
  if (!check_names(served.profiles, max_profiles, error)) return std::nullopt;
  return served;
}

namespace {

LoadOutcome load_artifact(const ProfileSource& source) {
  LoadOutcome outcome;
  std::optional<std::string> bytes = project::read_at_most(source.file, kMaxArtifactBytes);
  if (!bytes) {
    outcome.error = fmt::format("cannot read `{}`", source.file);
  } else if (bytes->size() > kMaxArtifactBytes) {
    outcome.error = fmt::format("`{}` is larger than {} MiB: not an icp artifact", source.file, kMaxArtifactBytes >> 20);
  } else {
    std::string error;
    outcome.program = ServedProgram::from_artifact(*bytes, error);
    if (!outcome.program) outcome.error = fmt::format("`{}` is {}", source.file, error);
  }
  outcome.summary = outcome.error;
  return outcome;
}

std::string first_error(const CompileResult& result) {
  for (const CompileDiagnostic& d : result.diagnostics) {
    if (d.severity != CompileDiagnostic::Severity::error) continue;
    const std::string code = d.code.empty() ? "" : fmt::format("[{}]", d.code);
    if (d.line == 0) return fmt::format("{}: error{}: {}", d.file, code, d.message);
    return fmt::format("{}:{}:{}: error{}: {}", d.file, d.line, d.column, code, d.message);
  }
  return "the profile did not compile";
}

}  // namespace

LoadOutcome load_profile(const ProfileSource& source) {
  if (source.artifact) return load_artifact(source);
  CompileOptions options;
  options.manifest = source.manifest;
  CompileResult result = compile_file(source.file, options);
  LoadOutcome outcome;
  outcome.warnings = result.count(CompileDiagnostic::Severity::warning);
  if (!result.ok()) {
    outcome.error = result.rendered;
    outcome.summary = first_error(result);
    return outcome;
  }
  outcome.program = ServedProgram::from_program(std::move(*result.program));
  return outcome;
}

}  // namespace icp::server
