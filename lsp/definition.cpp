// textDocument/definition: where a name is declared. Input: the analysis and a position.
// Output: the Location of the declared name (in the same document: a profile is one file),
// or null for a built-in, a standard-library member or an unknown name.
#include "compiler/render/json_writer.hpp"
#include "lsp/features.hpp"
#include "lsp/json_out.hpp"

namespace icp::lsp {

std::string definition(const Analysis& analysis, std::string_view uri, Position position) {
  const std::optional<SymbolIndex::Hit> hit = analysis.symbols->at(analysis.lines->offset(position));
  if (!hit || hit->symbol == nullptr) return "null";
  const Span at = hit->symbol->name_span;
  render::JsonWriter json(false);
  write_location(json, uri, Range{analysis.lines->position(at.begin), analysis.lines->position(at.end)});
  return json.take();
}

}  // namespace icp::lsp
