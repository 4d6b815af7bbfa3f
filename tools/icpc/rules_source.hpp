// The rules that `build`, `eval`, `explain`, `test`, `diff` and `dump bytecode` run: an
// `.icp` source is compiled (compiler/compile); an `.icpb` artifact is loaded and verified.
// Either way the result is a sealed vm::Program (verified, prepared, id set).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/compile/compile.hpp"
#include "grammar/source.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::cli {

struct Rules {
  vm::Program program;
  SourceMap sources;        // the profile's text (empty for an artifact)
  bool from_source = false;
};

// Prints diagnostics or the load error on stderr and returns nullopt with `exit_code`
// set: 1 when the profile has errors, 2 when the file cannot be read or is not a valid
// artifact. Warnings are printed only when `show_warnings`.
std::optional<Rules> load_rules(const std::string& path, std::string_view color, bool show_warnings,
                                int& exit_code);

// The same from bytes already in memory (a file read from git): `name` names them in
// diagnostics and, by its `.icpb` extension, says whether they are an artifact.
std::optional<Rules> load_rules_from_bytes(const std::string& name, std::string bytes, std::string_view color,
                                           bool show_warnings, int& exit_code);

// Compile failures on stderr: with a position, its line and carets; without, `icpc: error:`.
void print_failures(const std::vector<compiler::Failure>& failures, bool color);

// Whether a path names a compiled artifact (by its `.icpb` extension).
bool is_artifact_path(std::string_view path);

}  // namespace icp::cli
