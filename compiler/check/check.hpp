// Stage 2, check: SyntaxTree -> ir::Program.
// Resolves names (with "did you mean"), loads `use`d stdlib modules, types every
// expression, validates constants against NAICS 2022 and ISO 3166-1, and orders the
// definitions with a Boost.Graph dependency graph (cycles are errors).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/check/ir.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/syntax_tree.hpp"

namespace icp::check {

// Parsed stdlib modules, shared by every file of a project so each is parsed once.
class ModuleCache {
 public:
  struct Module {
    FileId file = 0;
    syntax::SyntaxTree tree;
    std::vector<ir::Let> lets;  // the module's members, folded to constants
    bool ok = false;            // parsed and checked without errors
    const ir::Let* member(std::string_view name) const;
  };
  // Parses the module on first use (adding its text to `sources`); nullptr if no such module.
  const Module* load(SourceMap& sources, const std::string& name, DiagnosticSink& sink);

 private:
  std::map<std::string, Module> modules_;
};

// Returns the program when the file has no errors; diagnostics go to `sink` either way.
std::optional<ir::Program> check(SourceMap& sources, ModuleCache& modules,
                                 const syntax::SyntaxTree& tree, DiagnosticSink& sink);

}  // namespace icp::check
