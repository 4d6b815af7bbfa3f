// Stage 1, parse: source text -> SyntaxTree.
// Syntax errors become diagnostics (E00xx) with what was expected, in words; parsing
// then resumes at the next declaration keyword, so one typo does not hide the rest, and
// the skipped text is kept in SyntaxTree::unparsed for the check stage.
#pragma once

#include <string>

#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"
#include "grammar/syntax_tree.hpp"

namespace icp::grammar {

// What the parser accepts; past a limit it reports a located error, never crashes.
// Chains (`a or b or c ...`, `a + b + ...`) and lists have no limit of their own: every stage
// handles them in loops, so only the file's size bounds them.
// The largest profile read, 8 MiB: 30 times the largest profile written by hand we know of,
// room for a generated blocklist of 500,000 ids (E0008). KEEP IN SYNC: docs/reliability.md.
inline constexpr std::size_t kMaxSourceBytes = std::size_t{8} << 20;
// How deep parentheses, lists, calls, `not` and unary `-` may nest (E0007). Each level
// costs stack in the parser and in every later stage; at this depth the whole pipeline
// stays far inside a small thread stack (tests/unit/limits_test.cpp measures it).
inline constexpr int kMaxNesting = 64;

struct Limits {
  std::size_t max_bytes = kMaxSourceBytes;
};

// Never throws on any input; every problem is reported into `sink`.
syntax::SyntaxTree parse(const SourceMap& sources, FileId file, DiagnosticSink& sink, const Limits& limits = {});

// `icpc dump syntax`: a stable, indented listing of the tree (no addresses), with
// line:col for every node.
std::string dump_syntax(const SourceMap& sources, const syntax::SyntaxTree& tree);

// Runs PEGTL's grammar analysis on the root rule; returns the number of problems
// (0 means no rule can loop without consuming input). Used by a test.
std::size_t analyze_grammar();

}  // namespace icp::grammar
