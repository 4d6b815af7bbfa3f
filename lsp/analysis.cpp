// One document analysed (analysis.hpp): parsed on its own for its names, and checked with its
// project for diagnostics and types. Input: a document and the open documents. Output: an
// Analysis and the diagnostics to publish.
#include "lsp/analysis.hpp"

#include <algorithm>

#include "grammar/parse.hpp"
#include "lsp/documents.hpp"

namespace icp::lsp {

std::string_view Analysis::slice(Span span) const {
  const std::string& source = text();
  const std::uint32_t begin = std::min<std::uint32_t>(span.begin, static_cast<std::uint32_t>(source.size()));
  const std::uint32_t end = std::clamp<std::uint32_t>(span.end, begin, static_cast<std::uint32_t>(source.size()));
  return std::string_view(source).substr(begin, end - begin);
}

AnalysisResult analyze(const Document& document, const Documents& open) {
  AnalysisResult result;
  Analysis& analysis = result.analysis;
  const FileId file = analysis.sources.add(document.path.value_or(document.uri), document.text);
  // The parser's own diagnostics are the check's too; they are published from the check.
  DiagnosticSink ignored;
  analysis.tree = grammar::parse(analysis.sources, file, ignored);
  analysis.symbols.emplace(analysis.tree);
  analysis.lines.emplace(analysis.text());
  Checked checked = check_document(document, open);
  analysis.program = std::move(checked.program);
  result.publications = std::move(checked.publications);
  return result;
}

Analysis unchecked(const Document& document) {
  Analysis analysis;
  analysis.sources.add(document.path.value_or(document.uri), "");
  analysis.symbols.emplace(analysis.tree);
  analysis.lines.emplace(analysis.text());
  return analysis;
}

}  // namespace icp::lsp
