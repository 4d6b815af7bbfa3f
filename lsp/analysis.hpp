// What the server knows about one open document at one version: its syntax tree and names
// (from the document alone, so hover and completion work while it has errors), and its
// checked IR when it compiled without errors (for types). Input: a document. Output: an
// Analysis, and the diagnostics publications of the check that produced it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/check/ir.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"
#include "grammar/syntax_tree.hpp"
#include "lsp/diagnostics.hpp"
#include "lsp/positions.hpp"
#include "lsp/symbols.hpp"

namespace icp::lsp {

class Documents;
struct Document;

struct Analysis {
  SourceMap sources;  // the document's text alone, as file 0
  syntax::SyntaxTree tree;
  std::optional<SymbolIndex> symbols;
  std::optional<LineMap> lines;       // over sources.file(0).text(), which never moves
  std::optional<ir::Program> program;  // present when the document checked without errors

  const std::string& text() const { return sources.file(0).text(); }
  // The source text of a span of the document.
  std::string_view slice(Span span) const;
};

struct AnalysisResult {
  Analysis analysis;
  std::vector<Publication> publications;
};

AnalysisResult analyze(const Document& document, const Documents& open);
// An analysis with no names, for a document whose check failed (out of memory): requests on
// it answer null until the document changes.
Analysis unchecked(const Document& document);

}  // namespace icp::lsp
