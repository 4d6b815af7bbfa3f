// Loading rules from source (the compile API) or from an artifact (load + verify), with the
// diagnostics and failures printed as icpc prints them.
#include "tools/icpc/rules_source.hpp"

#include <fmt/format.h>

#include "compiler/render/render.hpp"
#include "runtime/format/artifact.hpp"
#include "tools/icpc/commands.hpp"

namespace icp::cli {

bool is_artifact_path(std::string_view path) { return path.ends_with(".icpb"); }

void print_failures(const std::vector<compiler::Failure>& failures, bool color) {
  for (const compiler::Failure& failure : failures) {
    if (failure.source) {
      fmt::print(stderr, "{}", compiler::render_failure(failure, color));
    } else {
      print_error(failure.message);
    }
  }
}

namespace {

std::optional<Rules> load_artifact(const std::string& name, vm::LoadResult loaded, int& exit_code) {
  if (!loaded) {
    print_error(fmt::format("`{}` is not a valid icp artifact: {} (byte {})", name, loaded.error.message,
                            loaded.error.offset));
    exit_code = kExitUsage;
    return std::nullopt;
  }
  return Rules{std::move(*loaded.program), SourceMap(), false};
}

// The compiled profile, after its diagnostics (errors, and warnings when `show_warnings`).
std::optional<Rules> take_program(compiler::Compilation compiled, std::string_view color, bool show_warnings,
                                  int& exit_code) {
  std::vector<Diagnostic> shown;
  for (const auto& d : compiled.diagnostics) {
    if (d.severity == Severity::error || show_warnings) shown.push_back(d);
  }
  fmt::print(stderr, "{}", render::render_text(compiled.sources, shown, use_color(color, false)));
  if (!compiled.failures.empty()) {  // an unreadable file, or a compiler bug
    print_failures(compiled.failures, use_color(color, false));
    exit_code = kExitUsage;
    return std::nullopt;
  }
  if (!compiled.programs.at(0)) {
    exit_code = kExitProblems;
    return std::nullopt;
  }
  return Rules{std::move(*compiled.programs[0]), std::move(compiled.sources), true};
}

}  // namespace

std::optional<Rules> load_rules(const std::string& path, std::string_view color, bool show_warnings,
                                int& exit_code) {
  if (is_artifact_path(path)) return load_artifact(path, vm::load_file(path), exit_code);
  // `today` is the clock's: icp.toml is for `icpc check`; building ignores it.
  return take_program(compiler::compile_file(path, project::Options{}), color, show_warnings, exit_code);
}

std::optional<Rules> load_rules_from_bytes(const std::string& name, std::string bytes, std::string_view color,
                                           bool show_warnings, int& exit_code) {
  if (is_artifact_path(name)) return load_artifact(name, vm::load(bytes), exit_code);
  return take_program(compiler::compile_inputs({project::Input{name, std::move(bytes)}}, project::Options{}), color,
                      show_warnings, exit_code);
}

}  // namespace icp::cli
