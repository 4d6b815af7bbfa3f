// The compile API's steps after checking: each profile that checked without errors is
// lowered and sealed. Input: texts or paths. Output: a Compilation (compile.hpp).
#include "compiler/compile/compile.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include <fmt/format.h>

#include "compiler/lower/lower.hpp"
#include "compiler/render/escape.hpp"
#include "compiler/render/render.hpp"
#include "runtime/format/artifact.hpp"

namespace icp::compiler {
namespace fs = std::filesystem;
namespace {

Failure plain_failure(std::string path, std::string message) {
  Failure failure;
  failure.path = std::move(path);
  failure.message = std::move(message);
  return failure;
}

// Lowering and sealing a program the checker accepted cannot fail on any input: when it
// does, it is a compiler bug, reported as a failure of that file rather than a crash.
std::optional<vm::Program> lower_and_seal(const SourceMap& sources, FileId file, const ir::Program& checked,
                                          std::vector<Failure>& failures) {
  const std::string& path = sources.file(file).path();
  try {
    vm::Program program = lower(sources, checked);
    if (auto error = vm::seal(program)) {
      failures.push_back(plain_failure(
          path, fmt::format("internal error: the lowered program fails verification: {}", error->message)));
      return std::nullopt;
    }
    return program;
  } catch (const std::exception& error) {
    failures.push_back(plain_failure(path, fmt::format("internal error: {}", error.what())));
    return std::nullopt;
  }
}

Compilation failed(std::vector<Failure> failures) {
  Compilation compilation;
  compilation.failures = std::move(failures);
  return compilation;
}

}  // namespace

std::size_t Compilation::count(Severity severity) const {
  return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                [severity](const Diagnostic& d) { return d.severity == severity; }));
}

Compilation compile_inputs(std::vector<project::Input> inputs, const project::Options& options) {
  project::Result checked = project::check_inputs(std::move(inputs), options);
  Compilation compilation;
  compilation.sources = std::move(checked.sources);
  compilation.files = std::move(checked.files);
  compilation.checked = std::move(checked.programs);
  compilation.diagnostics = std::move(checked.diagnostics);
  for (std::size_t i = 0; i < compilation.files.size(); ++i) {
    const std::optional<ir::Program>& program = compilation.checked[i];
    compilation.programs.push_back(
        program ? lower_and_seal(compilation.sources, compilation.files[i], *program, compilation.failures)
                : std::nullopt);
  }
  return compilation;
}

std::optional<project::Input> read_profile(const std::string& path, const project::Options& options,
                                           std::vector<Failure>& failures) {
  std::vector<std::string> io_errors;
  std::optional<std::string> text = project::read_source(path, io_errors, options.limits.max_bytes);
  if (!text) {
    failures.push_back(plain_failure(path, io_errors.front()));
    return std::nullopt;
  }
  return project::Input{path, std::move(*text)};
}

Compilation compile_file(const std::string& path, const project::Options& options) {
  std::vector<Failure> failures;
  std::optional<project::Input> input = read_profile(path, options, failures);
  if (!input) return failed(std::move(failures));
  return compile_inputs({std::move(*input)}, options);
}

Compilation compile_files(std::span<const fs::path> paths, const project::Options& options) {
  std::vector<std::string> io_errors;
  const std::vector<std::string> files = project::discover(paths, io_errors);
  std::vector<Failure> failures;
  // discover's errors name a path the user gave, inside the message.
  for (std::string& error : io_errors) failures.push_back(plain_failure("", std::move(error)));
  std::vector<project::Input> inputs;
  for (const std::string& file : files) {
    if (std::optional<project::Input> input = read_profile(file, options, failures)) inputs.push_back(std::move(*input));
  }
  if (failures.empty() && inputs.empty()) failures.push_back(plain_failure("", "no `.icp` files to check"));
  if (!failures.empty()) return failed(std::move(failures));
  return compile_inputs(std::move(inputs), options);
}

std::string render_failure(const Failure& failure, bool color) {
  if (failure.source && failure.begin.line != 0) {
    return render::render_error_at(*failure.source, failure.begin, failure.end, failure.message, failure.help, color);
  }
  return fmt::format("error: {}\n", escape::text(failure.message));
}

}  // namespace icp::compiler
