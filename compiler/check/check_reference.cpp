// Stage 2, check: constants checked against reference data. A NAICS code compared with
// a `naics` value must exist in NAICS 2022 (W0301), a string compared with a `country`
// must be an ISO 3166-1 alpha-2 code (W0302): the lists the runtime decodes records with.
// Input: typed IR. Output: warnings.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "compiler/check/checker.hpp"
#include "compiler/check/reference_data.hpp"
#include "runtime/input/reference_codes.hpp"

namespace icp::check {
namespace {

std::string code_text(const ir::Value& value) {
  return value.kind == ir::TypeKind::integer ? std::to_string(value.integer) : value.text;
}

}  // namespace

void Checker::validate_code(ir::TypeKind kind, const ir::Value& value, Span span) {
  const std::string code = code_text(value);
  if (kind == ir::TypeKind::naics) {
    if (vm::is_naics_code(code)) return;
    std::string help;
    if (auto successor = reference::naics_successor(code)) {
      help = fmt::format("NAICS 2022 moved it to `{}` ({})", *successor,
                         vm::naics_title(*successor).value_or(""));
    } else if (code.size() < 2 || code.size() > 6 ||
               !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      help = "NAICS codes are 2 to 6 digits, such as `5415` or `541512`";
    }
    sink_.report(DiagnosticCode::W0301, span, fmt::format("`{}` is not a NAICS 2022 code", code), help);
    return;
  }
  if (kind == ir::TypeKind::country) {
    if (vm::is_country_code(code)) return;
    std::string upper = code;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == "UK") upper = "GB";  // the most common mistake: ISO uses GB for the United Kingdom
    std::string help;
    if (auto name = vm::country_name(upper)) help = fmt::format("did you mean `\"{}\"` ({})?", upper, *name);
    sink_.report(DiagnosticCode::W0302, span,
                 fmt::format("`\"{}\"` is not an ISO 3166-1 alpha-2 country code", code), help);
  }
}

// `value_side` has the type that gives the codes their meaning (naics or country);
// `constant_side` is a constant code or list of codes to validate.
void Checker::validate_codes(ir::ExprId value_side, ir::ExprId constant_side) {
  const ir::TypeKind kind = at(value_side).type.kind;
  if (kind != ir::TypeKind::naics && kind != ir::TypeKind::country) return;
  const ir::Expr& constant = at(constant_side);
  if (constant.op != ir::Op::constant) return;
  if (constant.origin.starts_with("std.")) return;  // stdlib sets are validated by their own tests
  if (constant.type.kind != ir::TypeKind::list) {
    validate_code(kind, constant.value, constant.span);
    return;
  }
  if (!constant.args.empty()) {  // a list literal: each element has its span
    for (std::size_t i = 0; i < constant.args.size(); ++i) {
      validate_code(kind, at(constant.args[i]).value, at(constant.args[i]).span);
    }
    return;
  }
  auto it = symbols_.find(constant.origin);
  if (it == symbols_.end() || it->second.kind != SymbolKind::let) return;
  // A let is validated once per meaning, at its own elements, however often it is used.
  if (!validated_lets_.emplace(std::pair(it->second.index, kind), true).second) return;
  const auto& let = program_.lets[it->second.index];
  for (std::size_t i = 0; i < let.value.items.size(); ++i) {
    validate_code(kind, let.value.items[i], i < let.item_spans.size() ? let.item_spans[i] : constant.span);
  }
}

}  // namespace icp::check
