// Fuzz harness for `.icp` source, as `icpc check`, `build`, `fmt` and `eval` take it: the
// bytes are one profile file. Checked: every diagnostic renders in every output format (the
// JSON and SARIF ones as valid JSON); a program check accepts lowers, seals, survives the
// artifact round trip and decides records; `fmt` output parses, checks alike (same program
// id, same diagnostics) and is a fixed point.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/check/ir.hpp"
#include "compiler/compile/compile.hpp"
#include "compiler/format/format.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/render/render.hpp"
#include "fuzz/fuzz_support.hpp"
#include "runtime/format/artifact.hpp"

namespace icp::fuzz {
namespace {

constexpr std::string_view kPath = "fuzz.icp";

// What checking a text means, to compare a file with its formatted self.
struct Meaning {
  std::optional<std::string> program_id;  // when it checks without errors
  std::vector<std::string> diagnostics;   // code and message, sorted (positions move)
};

compiler::Compilation compile(const std::string& text) {
  project::Options options;
  options.today = fixed_as_of();
  return compiler::compile_inputs({project::Input{std::string(kPath), text}}, options);
}

// Every format `icpc check --format` prints; the machine-readable ones must parse.
void render_all(const compiler::Compilation& result) {
  render::render_text(result.sources, result.diagnostics, /*color=*/false);
  render::render_text(result.sources, result.diagnostics, /*color=*/true);
  render::render_github(result.sources, result.diagnostics);
  const std::string json = render::render_json(result.sources, result.diagnostics);
  std::size_t start = 0;
  while (start < json.size()) {
    const std::size_t end = json.find('\n', start);
    check_json(std::string_view(json).substr(start, end - start), "a diagnostic of `--format json`");
    if (end == std::string::npos) break;
    start = end + 1;
  }
  check_json(render::render_sarif(result.sources, result.diagnostics, {"0.0.0", "https://example.com/icp"}),
             "the `--format sarif` log");
}

// "Any program check accepts, build builds": the compile API lowered and sealed it as `icpc
// build` does; the artifact must load back to the same bytes and id, and the program must
// decide records.
std::string build(const compiler::Compilation& result) {
  const vm::Program& program = *result.programs[0];
  dump_ir(result.sources, *result.checked[0]);
  dump_bytecode(program, &result.sources);
  const std::string bytes = vm::serialize(program);
  vm::LoadResult loaded = vm::load(bytes);
  if (!loaded) fail("an artifact `icpc build` writes loads", loaded.error.message);
  ICP_FUZZ_CHECK(loaded.program->id == program.id, "a loaded artifact keeps its program id");
  ICP_FUZZ_CHECK(vm::serialize(*loaded.program) == bytes, "a loaded artifact serializes to its own bytes");
  decide_and_check(program, records_for(program, fixed_as_of()), fixed_as_of());
  return program.id;
}

Meaning meaning_of(const compiler::Compilation& result, bool build_it) {
  if (!result.failures.empty()) fail("a program check accepts seals", result.failures.front().message);
  Meaning meaning;
  for (const Diagnostic& d : result.diagnostics) {
    meaning.diagnostics.push_back(fmt::format("{} {}", info(d.code).name, d.message));
  }
  std::sort(meaning.diagnostics.begin(), meaning.diagnostics.end());
  ICP_FUZZ_CHECK(result.programs.at(0).has_value() == result.checked.at(0).has_value(),
                 "a file that checks without errors compiles to a program");
  if (result.programs[0]) meaning.program_id = build_it ? build(result) : result.programs[0]->id;
  return meaning;
}

// `icpc fmt`: the formatted text means what the original meant and formats to itself.
void check_format(const std::string& text, const Meaning& original) {
  const format::Result once = format::format_source(std::string(kPath), text);
  if (!once.text) {
    ICP_FUZZ_CHECK(!once.diagnostics.empty(), "fmt refuses a file only with a syntax error");
    return;
  }
  const format::Result twice = format::format_source(std::string(kPath), *once.text);
  if (!twice.text) fail("formatted source parses", *once.text);
  if (*twice.text != *once.text) fail("formatting is idempotent", fmt::format("{}\n  ---\n{}", *once.text, *twice.text));
  const Meaning formatted = meaning_of(compile(*once.text), /*build_it=*/false);
  if (formatted.program_id != original.program_id) {
    fail("formatting keeps the program id", fmt::format("{} -> {}", original.program_id.value_or("errors"),
                                                        formatted.program_id.value_or("errors")));
  }
  if (formatted.diagnostics != original.diagnostics) {
    fail("formatting keeps the diagnostics", fmt::format("{}\n  ->\n  {}", fmt::join(original.diagnostics, "\n  "),
                                                         fmt::join(formatted.diagnostics, "\n  ")));
  }
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icp::fuzz;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const icp::compiler::Compilation result = compile(text);
  render_all(result);
  const Meaning original = meaning_of(result, /*build_it=*/true);
  check_format(text, original);
  return 0;
}
