// `icpc dump syntax FILE` and `icpc dump ir FILE`: the text dump of one stage's product
// for one file. Input: a file path. Output: the dump on stdout; diagnostics (if any) on
// stderr with exit 1.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/check/check.hpp"
#include "compiler/render/escape.hpp"
#include "compiler/check/ir.hpp"
#include "compiler/project/project.hpp"
#include "compiler/render/render.hpp"
#include "compiler/lower/lower.hpp"
#include "grammar/parse.hpp"
#include "tools/icpc/rules_source.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/standard_streams.hpp"

namespace icp::cli {
namespace {
namespace fs = std::filesystem;

struct DumpOptions {
  std::string file;
  std::string color = "auto";
};

// Reads the one file into `sources`; nullopt (after printing why) when it cannot.
std::optional<FileId> load(const DumpOptions& options, SourceMap& sources) {
  if (!outputs_apart_from_inputs({{"the file", options.file}}, {})) return std::nullopt;
  std::error_code ec;
  if (fs::is_directory(options.file, ec)) {
    print_error(fmt::format("`{}` is a folder; `dump` takes one file", options.file));
    return std::nullopt;
  }
  std::vector<std::string> io_errors;
  const fs::path path(options.file);
  const std::vector<std::string> found = project::discover(std::span(&path, 1), io_errors);
  std::optional<std::string> text;
  if (found.size() == 1) text = project::read_source(found.front(), io_errors);
  for (const std::string& error : io_errors) print_error(error);
  if (!text) return std::nullopt;
  return sources.add(found.front(), std::move(*text));
}

// A dump line by line, each escaped for the terminal: the dumpers quote strings as the
// language writes them (`\n` included), so a line break in the listing is always theirs,
// and what is left to escape (an ESC or a bidi override in a string, a comment or an
// artifact's name) is on one line.
void print_listing(std::string_view listing) {
  std::string out;
  for (std::size_t start = 0; start < listing.size();) {
    const std::size_t end = std::min(listing.find('\n', start), listing.size());
    escape::append_text(listing.substr(start, end - start), out);
    if (end < listing.size()) out += '\n';
    start = end + 1;
  }
  write_standard(stdout, out);
}

int report(const SourceMap& sources, DiagnosticSink& sink, const DumpOptions& options) {
  sink.sort();
  fmt::print(stderr, "{}", render::render_text(sources, sink.diagnostics(), use_color(options.color, false)));
  return sink.has_errors() ? kExitProblems : kExitClean;
}

// The tree is printed even after syntax errors: recovery keeps what parsed, and seeing
// it is the point of dumping while a grammar change is in progress.
int run_dump_syntax(const DumpOptions& options) {
  SourceMap sources;
  const std::optional<FileId> file = load(options, sources);
  if (!file) return kExitUsage;
  DiagnosticSink sink;
  const syntax::SyntaxTree tree = grammar::parse(sources, *file, sink);
  print_listing(grammar::dump_syntax(sources, tree));
  flush_standard_output();
  return report(sources, sink, options);
}

int run_dump_ir(const DumpOptions& options) {
  SourceMap sources;
  const std::optional<FileId> file = load(options, sources);
  if (!file) return kExitUsage;
  DiagnosticSink sink;
  const syntax::SyntaxTree tree = grammar::parse(sources, *file, sink);
  std::optional<ir::Program> program;
  if (!sink.has_errors()) {
    check::ModuleCache modules;
    program = check::check(sources, modules, tree, sink);
  }
  if (!program || sink.has_errors()) return report(sources, sink, options);
  print_listing(ir::dump_ir(sources, *program));
  return kExitClean;
}

// Takes a source (checked and lowered first) or a built artifact (loaded and verified);
// with a source the listing shows the source line of each instruction.
int run_dump_bytecode(const DumpOptions& options) {
  if (!outputs_apart_from_inputs({{"the file", options.file}}, {})) return kExitUsage;
  int exit_code = kExitClean;
  std::optional<Rules> rules = load_rules(options.file, options.color, /*show_warnings=*/false, exit_code);
  if (!rules) return exit_code;
  print_listing(dump_bytecode(rules->program, rules->from_source ? &rules->sources : nullptr));
  return kExitClean;
}

void add_stage(CLI::App& dump, const char* name, const char* description, int (*run)(const DumpOptions&),
               int& exit_code) {
  auto options = std::make_shared<DumpOptions>();
  CLI::App* stage = dump.add_subcommand(name, description);
  stage->add_option("file", options->file, "The file to dump (.icp; for bytecode also .icpb)")->required()->type_name("FILE");
  add_color_option(*stage, options->color,
                   "Colour the diagnostics: auto (when stderr is a terminal and NO_COLOR is unset), always or never");
  stage->footer(exit_codes_footer());
  stage->callback([options, run, &exit_code] { exit_code = run(*options); });
}

}  // namespace

void add_dump_command(CLI::App& app, int& exit_code) {
  CLI::App* dump = app.add_subcommand("dump", "Print a stage's product for one file, for debugging the compiler");
  dump->require_subcommand(1);
  add_stage(*dump, "syntax", "Print the syntax tree the parser builds", run_dump_syntax, exit_code);
  add_stage(*dump, "ir", "Print the checked program (IR); exits 1 with the diagnostics if the file has errors",
            run_dump_ir, exit_code);
  add_stage(*dump, "bytecode",
            "Print the bytecode listing of an .icp file (lowered) or an .icpb artifact (verified), with source lines",
            run_dump_bytecode, exit_code);
  dump->footer(exit_codes_footer());
}

}  // namespace icp::cli
