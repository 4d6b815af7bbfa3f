// The compile API for a project as `icpc check` reads it: icp.toml's `files` (or the paths
// given), its `today`, lint levels and `max_profiles`, and the decision tests it names, run
// against the compiled profiles. Input: a manifest (optional) and paths. Output: a
// Compilation whose failures point into icp.toml where an entry is at fault.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "compiler/compile/compile.hpp"
#include "compiler/project/manifest.hpp"

namespace icp::compiler {

// icp.toml as read, with its text for the failures that point at its entries later.
struct ProjectManifest {
  manifest::Manifest manifest;
  std::shared_ptr<const SourceFile> source;
};

// The icp.toml of the current folder or the nearest folder above it, relative to the current
// folder (so messages and `files` stay short), or nullopt when there is none.
std::optional<std::filesystem::path> find_manifest();

// Reads and validates icp.toml at `path` (as it is to be printed). nullopt, with the reasons
// added to `failures`, when it cannot be read ("cannot read manifest `x`") or is invalid (a
// failure per problem, at its key or value).
std::optional<ProjectManifest> read_manifest(const std::filesystem::path& path, std::vector<Failure>& failures);

// icp.toml's settings replace the options' (`today` only when the caller gave none: a
// `--today` on the command line wins): `today`, lint levels and `max_profiles`.
void apply_settings(const manifest::Manifest& manifest, project::Options& options);

struct Project {
  std::optional<ProjectManifest> manifest;  // none: the defaults, and no decision tests
  std::vector<std::filesystem::path> paths;  // empty: icp.toml's `files`, else the current folder
};

// Compiles the project's profiles (compile_files), then runs the decision tests icp.toml's
// `tests` names against them (check_tests). `today` is options.today, else icp.toml's, else
// the clock; icp.toml's `max_profiles` and lint levels replace the options'. A `files` or
// `tests` entry that matches nothing, or a test file that cannot be read, is a failure.
Compilation compile_project(const Project& project, project::Options options);

// Compiles texts (compile_inputs) under icp.toml's `today` (unless options.today is set),
// lint levels and `max_profiles`, then runs the decision tests its `tests` names against them.
// Its `files` are not read: the texts are the project. The compile API for hosts uses it.
Compilation compile_inputs(std::vector<project::Input> inputs, const ProjectManifest& manifest,
                           project::Options options);

// Runs decision test files (path as printed + text; `rules` and account files resolved
// against `base`, empty for the current folder) against the compiled profiles: a failing
// case is E0601, a malformed test file E0602, both in the compilation's diagnostics.
void check_tests(std::vector<project::Input> tests, const std::filesystem::path& base, Compilation& compilation);

}  // namespace icp::compiler
