// The compile API: profile source -> every diagnostic and, for each profile without errors,
// its sealed vm::Program (lowered, verified, prepared, id set). Input: texts, one file as
// named, or files and folders (a project with its icp.toml: compile_project.hpp). Output: a
// Compilation. icpc, the tests and the fuzz harnesses all compile here: parse -> check -> lint
// -> lower -> seal is written once.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "compiler/check/ir.hpp"
#include "compiler/project/project.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::compiler {

// A problem that is not a diagnostic of a profile: a file or folder that cannot be read, a
// bad icp.toml (pointing at its key or entry), no profile to compile, a compiler bug. The
// stage that meets one stops: what it would have checked is not.
struct Failure {
  std::string path;  // the file it is about; empty when none
  LineCol begin{0, 0};  // a position in `source`; line 0 when there is none
  LineCol end{0, 0};
  std::string message;  // lowercase, no final period, names in backticks
  std::string help;     // empty when there is nothing to suggest
  std::shared_ptr<const SourceFile> source;  // the text `begin` is in; null without a position
};

struct Compilation {
  SourceMap sources;          // the profiles (in `files` order), then stdlib modules and test files
  std::vector<FileId> files;  // the profiles compiled, in input order (path order for folders)
  // Parallel to `files`, each present when that file checked without errors. A warning that
  // lint levels or `deny_warnings` made an error keeps them (the program is sound; icp.toml's
  // decision tests still run against it): whether the compilation passed is ok().
  std::vector<std::optional<ir::Program>> checked;  // the IR (`icpc dump ir`)
  std::vector<std::optional<vm::Program>> programs;  // sealed: ready to serialize or evaluate
  std::vector<Diagnostic> diagnostics;  // lint levels applied; sorted by file and position
  std::vector<Failure> failures;

  std::size_t count(Severity severity) const;
  // No failure and no error: what `icpc check` exits 0 on.
  bool ok() const { return failures.empty() && count(Severity::error) == 0; }
};

// Compiles texts already in memory, each a profile named by its path (as diagnostics print
// it), in the order given. Each stdlib module is parsed once for all of them.
Compilation compile_inputs(std::vector<project::Input> inputs, const project::Options& options);

// One profile file, named in diagnostics exactly as `path` is written (`icpc build PATH`).
// A file that cannot be read is a failure ("cannot read `x`: reason").
Compilation compile_file(const std::string& path, const project::Options& options);

// A profile file's text, named as `path` is written, read up to options.limits.max_bytes
// and a byte (the parser refuses a longer file with E0008); nullopt, with the failure added
// ("cannot read `x`: reason"), when it cannot be read.
std::optional<project::Input> read_profile(const std::string& path, const project::Options& options,
                                           std::vector<Failure>& failures);

// Files and folders as `icpc check PATH...` takes them (project::discover: every *.icp below
// a folder, sorted, without duplicates). Failures: a path that does not exist or cannot be
// read (then nothing is checked), no `.icp` file at all.
Compilation compile_files(std::span<const std::filesystem::path> paths, const project::Options& options);

// A failure as `icpc` draws it: with a position, the line and carets (render_error_at);
// without, `error: message`. Both end in a newline.
std::string render_failure(const Failure& failure, bool color);

}  // namespace icp::compiler
