// Loading rules from source (check + lower + seal) or from an artifact (load + verify).
#include "tools/icpc/rules_source.hpp"

#include <fmt/format.h>

#include "compiler/lower/lower.hpp"
#include "compiler/project/project.hpp"
#include "compiler/render/render.hpp"
#include "runtime/format/artifact.hpp"
#include "tools/icpc/commands.hpp"

namespace icp::cli {

bool is_artifact_path(std::string_view path) { return path.ends_with(".icpb"); }

std::optional<Rules> load_rules(const std::string& path, std::string_view color, bool show_warnings,
                                int& exit_code) {
  if (is_artifact_path(path)) {
    vm::LoadResult loaded = vm::load_file(path);
    if (!loaded) {
      print_error(fmt::format("`{}` is not a valid icp artifact: {} (byte {})", path, loaded.error.message,
                              loaded.error.offset));
      exit_code = kExitUsage;
      return std::nullopt;
    }
    return Rules{std::move(*loaded.program), SourceMap(), false};
  }
  std::vector<std::string> io_errors;
  std::optional<std::string> text = project::read_source(path, io_errors);
  if (!text) {
    for (const auto& error : io_errors) print_error(error);
    exit_code = kExitUsage;
    return std::nullopt;
  }
  return load_rules_from_bytes(path, std::move(*text), color, show_warnings, exit_code);
}

std::optional<Rules> load_rules_from_bytes(const std::string& name, std::string bytes, std::string_view color,
                                           bool show_warnings, int& exit_code) {
  if (is_artifact_path(name)) {
    vm::LoadResult loaded = vm::load(bytes);
    if (!loaded) {
      print_error(fmt::format("`{}` is not a valid icp artifact: {} (byte {})", name, loaded.error.message,
                              loaded.error.offset));
      exit_code = kExitUsage;
      return std::nullopt;
    }
    return Rules{std::move(*loaded.program), SourceMap(), false};
  }
  project::Options options;
  options.today = project::utc_today();
  project::Result result = project::check_inputs({project::Input{name, std::move(bytes)}}, options);
  std::vector<Diagnostic> shown;
  for (const auto& d : result.diagnostics) {
    if (d.severity == Severity::error || show_warnings) shown.push_back(d);
  }
  fmt::print(stderr, "{}", render::render_text(result.sources, shown, use_color(color, false)));
  if (!result.programs.at(0)) {
    exit_code = kExitProblems;
    return std::nullopt;
  }
  Rules rules{vm::Program(), std::move(result.sources), true};
  rules.program = lower(rules.sources, *result.programs[0]);
  if (auto error = vm::seal(rules.program)) {
    // Lowering produced something the verifier refuses: a compiler bug, not a user error.
    print_error(fmt::format("internal error: the lowered program fails verification: {}", error->message));
    exit_code = kExitUsage;
    return std::nullopt;
  }
  return rules;
}

}  // namespace icp::cli
