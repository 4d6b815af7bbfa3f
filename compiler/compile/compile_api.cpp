// The public compile API (include/icp/compile.hpp) over the internal one (compile.hpp,
// compile_project.hpp): a profile's text or file, and an optional icp.toml, compiled, with
// every diagnostic and failure turned into a CompileDiagnostic and rendered as `icpc check`
// renders them. Input: source and CompileOptions. Output: a CompileResult.
#include "icp/compile.hpp"

#include <algorithm>
#include <utility>

#include "compiler/compile/compile_project.hpp"
#include "compiler/render/render.hpp"
#include "runtime/api/program_core.hpp"
#include "runtime/format/artifact.hpp"

namespace icp {
namespace {

CompileDiagnostic::Severity public_severity(Severity severity) {
  // Lint levels make a warning an error or drop it; a note only ever hangs on a diagnostic.
  return severity == Severity::error ? CompileDiagnostic::Severity::error : CompileDiagnostic::Severity::warning;
}

CompileDiagnostic from_diagnostic(const SourceMap& sources, const Diagnostic& diagnostic) {
  const render::Location at = render::locate(sources, diagnostic.span);
  CompileDiagnostic out;
  out.file = std::string(at.path);
  out.line = at.begin.line;
  out.column = at.begin.column;
  out.end_line = at.end.line;
  out.end_column = at.end.column;
  out.severity = public_severity(diagnostic.severity);
  out.code = std::string(info(diagnostic.code).name);
  out.message = diagnostic.message;
  out.help = diagnostic.help;
  return out;
}

CompileDiagnostic from_failure(const compiler::Failure& failure) {
  CompileDiagnostic out;
  out.file = failure.path;
  if (failure.begin.line != 0) {
    out.line = failure.begin.line;
    out.column = failure.begin.column;
    out.end_line = failure.end.line;
    out.end_column = failure.end.column;
  }
  out.message = failure.message;
  out.help = failure.help;
  return out;
}

CompileResult publish(compiler::Compilation compiled, bool color) {
  CompileResult result;
  for (const Diagnostic& d : compiled.diagnostics) result.diagnostics.push_back(from_diagnostic(compiled.sources, d));
  for (const compiler::Failure& failure : compiled.failures) result.diagnostics.push_back(from_failure(failure));
  result.rendered = render::render_text(compiled.sources, compiled.diagnostics, color);
  for (const compiler::Failure& failure : compiled.failures) result.rendered += compiler::render_failure(failure, color);
  if (compiled.ok() && compiled.programs.size() == 1 && compiled.programs[0]) {
    result.program = internal::ProgramAccess::wrap(std::move(*compiled.programs[0]));
  }
  return result;
}

project::Options internal_options(const CompileOptions& options) {
  project::Options out;
  out.today = options.today;
  out.deny_warnings = options.deny_warnings;
  return out;
}

// One profile's text, under icp.toml when one is named.
compiler::Compilation compile_input(project::Input input, const CompileOptions& options) {
  const project::Options settings = internal_options(options);
  if (options.manifest.empty()) return compiler::compile_inputs({std::move(input)}, settings);
  compiler::Compilation failed;
  const std::optional<compiler::ProjectManifest> manifest = compiler::read_manifest(options.manifest, failed.failures);
  if (!manifest) return failed;
  return compiler::compile_inputs({std::move(input)}, *manifest, settings);
}

}  // namespace

std::size_t CompileResult::count(CompileDiagnostic::Severity severity) const {
  return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                [severity](const CompileDiagnostic& d) { return d.severity == severity; }));
}

CompileResult compile_source(std::string_view source, std::string_view name, const CompileOptions& options) {
  return publish(compile_input(project::Input{std::string(name), std::string(source)}, options), options.color);
}

CompileResult compile_file(const std::string& path, const CompileOptions& options) {
  compiler::Compilation failed;
  std::optional<project::Input> input = compiler::read_profile(path, internal_options(options), failed.failures);
  if (!input) return publish(std::move(failed), options.color);
  return publish(compile_input(std::move(*input), options), options.color);
}

}  // namespace icp
