// textDocument/documentSymbol: the profile's outline (an editor's outline view, breadcrumbs
// and "go to symbol"). Input: the analysis. Output: a DocumentSymbol per declared name in file
// order, each with its kind and the declaration's first line; enum values stay in their field.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/render/json_writer.hpp"
#include "lsp/features.hpp"
#include "lsp/json_out.hpp"
#include "runtime/base/utf8.hpp"

namespace icp::lsp {
namespace {

// LSP's SymbolKind values.
int symbol_kind(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::field: return 8;        // Field
    case SymbolKind::enum_value: return 22;  // EnumMember
    case SymbolKind::let: return 14;         // Constant
    case SymbolKind::signal: return 24;      // Event
    case SymbolKind::role: return 5;         // Class
    case SymbolKind::tier: return 16;        // Number
    default: return 12;                      // Function: criteria, bonuses, exclusions
  }
}

Range range_of(const Analysis& analysis, Span span) {
  return Range{analysis.lines->position(span.begin), analysis.lines->position(span.end)};
}

}  // namespace

std::string outline(const Analysis& analysis) {
  render::JsonWriter json(false);
  json.begin_array();
  for (const Symbol& symbol : analysis.symbols->symbols()) {
    if (symbol.kind == SymbolKind::enum_value) continue;
    std::string_view first_line = analysis.slice(symbol.span);
    first_line = first_line.substr(0, first_line.find('\n'));
    json.begin_object();
    json.field("name", symbol.kind == SymbolKind::tier ? fmt::format("tier {}", symbol.name) : symbol.name);
    json.field("detail", utf8_prefix(first_line, 80));
    json.field("kind", symbol_kind(symbol.kind));
    json.key("range");
    // The range must hold the selection range: a field's span is `name: type`, the others'
    // the whole declaration.
    write_range(json, range_of(analysis, join(symbol.span, symbol.name_span)));
    json.key("selectionRange");
    write_range(json, range_of(analysis, symbol.name_span));
    json.end_object();
  }
  json.end_array();
  return json.take();
}

}  // namespace icp::lsp
