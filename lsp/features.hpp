// The requests the server answers from an analysed document: hover, go to definition,
// completion, the outline, quick fixes and formatting. Input: an Analysis (or the document's text, for formatting) and
// a position. Output: the JSON of the response's `result` ("null" when there is nothing).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lsp/analysis.hpp"
#include "lsp/positions.hpp"

namespace icp::lsp {

// A declaration longer than this is shown cut, ending in `...`: a generated `let` of 500,000 ids
// must not become a megabyte of tooltip. KEEP IN SYNC: docs/reliability.md.
inline constexpr std::size_t kMaxHoverDeclaration = 2000;

std::string hover(const Analysis& analysis, Position position);
std::string definition(const Analysis& analysis, std::string_view uri, Position position);
std::string completion(const Analysis& analysis, Position position);
std::string outline(const Analysis& analysis);  // textDocument/documentSymbol

// A diagnostic the editor sent back with the replacement its help suggests.
struct QuickFix {
  Range range;
  std::string replacement;
};
std::string quick_fixes(std::string_view uri, const std::vector<QuickFix>& fixes);
// `icpc fmt`'s output as one edit replacing the whole text; [] when it is already formatted,
// null when it has syntax errors (the diagnostics say where; nothing is rewritten).
std::string formatting(std::string_view path, const std::string& text);

}  // namespace icp::lsp
