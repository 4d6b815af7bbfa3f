// A project's compilation: icp.toml read, its files resolved, its profiles compiled and its
// decision tests run. Input: a Project and options. Output: a Compilation (compile.hpp).
#include "compiler/compile/compile_project.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "compiler/project/toml_limits.hpp"
#include "compiler/testing/test_check.hpp"
#include "grammar/parse.hpp"

namespace icp::compiler {
namespace fs = std::filesystem;
namespace {

// icp.toml and test files are TOML, read up to the larger of the TOML and source limits plus
// a byte, so that the reader past them refuses them with a located error (as icpc reads).
constexpr std::size_t kMaxTextBytes = std::max(grammar::kMaxSourceBytes, toml_limits::kMaxBytes);

// Each manifest error as a failure that draws the entry it is about.
void add_manifest_errors(std::vector<manifest::Error> errors, const std::shared_ptr<const SourceFile>& source,
                         std::vector<Failure>& failures) {
  for (manifest::Error& error : errors) {
    Failure failure{error.path, error.begin, error.end, std::move(error.message), std::move(error.help), nullptr};
    if (error.begin.line != 0) {
      failure.source = error.path == source->path() ? source
                                                    : std::make_shared<const SourceFile>(error.path, source->text());
    }
    failures.push_back(std::move(failure));
  }
}

// icp.toml's `tests`, read; false (with failures added) when an entry matches nothing or a
// file cannot be read.
bool read_manifest_tests(const ProjectManifest& project, std::vector<project::Input>& tests,
                         std::vector<Failure>& failures) {
  std::vector<manifest::Error> errors;
  const std::vector<fs::path> files = manifest::resolve_tests(project.manifest, errors);
  if (!errors.empty()) {
    add_manifest_errors(std::move(errors), project.source, failures);
    return false;
  }
  for (const fs::path& file : files) {
    std::optional<std::string> text = project::read_at_most(file, kMaxTextBytes);
    if (!text) {
      failures.push_back(Failure{file.generic_string(), {0, 0}, {0, 0},
                                 fmt::format("cannot read `{}`", file.generic_string()), "", nullptr});
      return false;
    }
    tests.push_back(project::Input{file.generic_string(), std::move(*text)});
  }
  return true;
}

// The decision tests icp.toml names, run against the compiled profiles (issue 4: "`icpc
// check` also runs the tests the manifest names").
void run_manifest_tests(const ProjectManifest& project, Compilation& compilation) {
  std::vector<project::Input> tests;
  if (read_manifest_tests(project, tests, compilation.failures)) check_tests(std::move(tests), {}, compilation);
}

}  // namespace

void apply_settings(const manifest::Manifest& manifest, project::Options& options) {
  if (!options.today) options.today = manifest.today;
  options.max_profiles = manifest.max_profiles;
  options.lints = manifest.lints;
  options.downstream = manifest.downstream;
  options.manifest_root = manifest.root;
}

// [downstream] entries that name no compiled profile are failures at the entry.
void check_downstream_entries(const ProjectManifest& project, Compilation& compilation) {
  std::vector<std::string> profiles;
  for (const FileId file : compilation.files) {
    profiles.push_back(project::path_in_project(compilation.sources.file(file).path(), project.manifest.root));
  }
  add_manifest_errors(manifest::unmatched_downstream(project.manifest, profiles), project.source, compilation.failures);
}

std::optional<fs::path> find_manifest() {
  std::optional<fs::path> path = manifest::find(fs::current_path());
  if (path) path = path->lexically_proximate(fs::current_path());
  return path;
}

std::optional<ProjectManifest> read_manifest(const fs::path& path, std::vector<Failure>& failures) {
  std::optional<std::string> text = project::read_at_most(path, kMaxTextBytes);
  if (!text) {
    failures.push_back(Failure{path.generic_string(), {0, 0}, {0, 0},
                               fmt::format("cannot read manifest `{}`", path.generic_string()), "", nullptr});
    return std::nullopt;
  }
  std::vector<manifest::Error> errors;
  std::optional<manifest::Manifest> parsed = manifest::parse(*text, path, errors);
  auto source = std::make_shared<const SourceFile>(path.generic_string(), std::move(*text));
  if (!parsed) {
    add_manifest_errors(std::move(errors), source, failures);
    return std::nullopt;
  }
  return ProjectManifest{std::move(*parsed), std::move(source)};
}

Compilation compile_project(const Project& project, project::Options options) {
  std::vector<fs::path> paths = project.paths;
  if (project.manifest) {
    apply_settings(project.manifest->manifest, options);
    if (paths.empty()) {
      std::vector<manifest::Error> errors;
      paths = manifest::resolve_files(project.manifest->manifest, errors);
      if (!errors.empty()) {
        Compilation failed;
        add_manifest_errors(std::move(errors), project.manifest->source, failed.failures);
        return failed;
      }
    }
  } else if (paths.empty()) {
    paths.emplace_back(".");
  }
  Compilation compilation = compile_files(paths, options);
  if (project.manifest && compilation.failures.empty()) check_downstream_entries(*project.manifest, compilation);
  if (project.manifest && compilation.failures.empty()) run_manifest_tests(*project.manifest, compilation);
  return compilation;
}

Compilation compile_inputs(std::vector<project::Input> inputs, const ProjectManifest& manifest,
                           project::Options options) {
  apply_settings(manifest.manifest, options);
  Compilation compilation = compile_inputs(std::move(inputs), options);
  if (compilation.failures.empty()) check_downstream_entries(manifest, compilation);
  if (compilation.failures.empty()) run_manifest_tests(manifest, compilation);
  return compilation;
}

void check_tests(std::vector<project::Input> tests, const fs::path& base, Compilation& compilation) {
  if (tests.empty()) return;
  std::vector<decision_test::ProfileUnderTest> profiles;
  for (std::size_t i = 0; i < compilation.files.size(); ++i) {
    const std::optional<vm::Program>& program = compilation.programs[i];
    profiles.push_back({compilation.sources.file(compilation.files[i]).path(), program ? &*program : nullptr});
  }
  decision_test::check_tests(std::move(tests), base, profiles, compilation.sources, compilation.diagnostics);
}

}  // namespace icp::compiler
