// `icpc build RULES.icp [-o RULES.icpb]`: check, lower and write the verified bytecode
// artifact. The same source always gives byte-identical output.
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "compiler/render/escape.hpp"
#include "runtime/format/artifact.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/output_file.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/rules_source.hpp"

namespace icp::cli {
namespace {
namespace fs = std::filesystem;

struct BuildOptions {
  std::string source;
  std::string output;  // default: the source path with `.icpb`
  std::string color = "auto";
};

int run_build(const BuildOptions& options) {
  if (options.source.ends_with(".icpb")) {
    print_error(fmt::format("`{}` is already an artifact; `build` takes an .icp source", options.source));
    return kExitUsage;
  }
  const std::string output =
      options.output.empty() ? fs::path(options.source).replace_extension(".icpb").string() : options.output;
  if (!outputs_apart_from_inputs({{"the profile", options.source}}, {{"-o", output}})) return kExitUsage;
  int exit_code = kExitClean;
  std::optional<Rules> rules = load_rules(options.source, options.color, /*show_warnings=*/true, exit_code);
  if (!rules) return exit_code;
  const std::string bytes = vm::serialize(rules->program);
  // Through a temporary file and a rename (output_file.hpp), so a failed build never leaves
  // a truncated artifact where a routing service might load it.
  write_output(output, bytes);
  fmt::print("{}: {} bytes, program {}\n", escape::text(output), bytes.size(), rules->program.id);
  return kExitClean;
}

}  // namespace

void add_build_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BuildOptions>();
  CLI::App* build = app.add_subcommand("build", "Compile a profile to a verified bytecode artifact (.icpb)");
  build->add_option("source", options->source, "The .icp profile")->required()->type_name("RULES.icp");
  build->add_option("-o,--output", options->output, "Where to write the artifact; default: the source with .icpb")
      ->type_name("FILE");
  add_color_option(*build, options->color, "Colour the diagnostics: auto, always or never");
  build->footer(exit_codes_footer());
  build->callback([options, &exit_code] { exit_code = run_build(*options); });
}

}  // namespace icp::cli
