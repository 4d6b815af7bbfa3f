// Stage 1, parse: source text -> SyntaxTree.
// Syntax errors become diagnostics (E00xx) with what was expected, in words; parsing
// then resumes at the next declaration keyword, so one typo does not hide the rest.
#pragma once

#include <string>

#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"
#include "grammar/syntax_tree.hpp"

namespace icp::grammar {

// Never throws on any input; every problem is reported into `sink`.
syntax::SyntaxTree parse(const SourceMap& sources, FileId file, DiagnosticSink& sink);

// `icpc dump syntax`: a stable, indented listing of the tree (no addresses), with
// line:col for every node.
std::string dump_syntax(const SourceMap& sources, const syntax::SyntaxTree& tree);

// Runs PEGTL's grammar analysis on the root rule; returns the number of problems
// (0 means no rule can loop without consuming input). Used by a test.
std::size_t analyze_grammar();

}  // namespace icp::grammar
