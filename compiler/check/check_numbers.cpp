// Stage 2, check: constant numbers. Every number a rule holds is an exact Decimal (an int64
// count of 1/10000, include/icp/decimal.hpp), so constant arithmetic, negation and the integers
// that become decimals are folded here, each exact or refused with a located error.
// Input: checked constant operands. Output: a constant ir::Expr, or an error node.
#include <fmt/format.h>

#include "compiler/check/checker.hpp"
#include "grammar/lexical.hpp"

namespace icp::check {
namespace {

// The parser's largest integer literal is the largest whole Decimal, so every integer a rule
// writes is a number the VM holds (compiler/lower/lower.cpp, units_of_int).
static_assert(grammar::kMaxIntegerLiteral == INT64_MAX / Decimal::kScale);

const std::string kRange = fmt::format("numbers in rules go from {} to {}", Decimal::min().to_string(),
                                       Decimal::max().to_string());

}  // namespace

std::optional<Decimal> Checker::number_of(ir::ExprId id) {
  const ir::Expr& e = at(id);
  if (e.value.kind == ir::TypeKind::decimal) return e.value.decimal;
  // INVARIANT: integer constants are literals (at most kMaxIntegerLiteral) or were folded
  // here, so this holds; it is checked rather than assumed so that a new way to make an
  // integer constant cannot turn into a silent 0.
  if (auto decimal = Decimal::from_int(e.value.integer)) return decimal;
  sink_.report(DiagnosticCode::E0005, e.span, fmt::format("`{}` is out of range", e.value.integer), kRange);
  return std::nullopt;
}

ir::ExprId Checker::fold_arith(ir::ArithOp op, ir::TypeKind kind, ir::ExprId left, ir::ExprId right, Span span) {
  const auto a = number_of(left), b = number_of(right);
  if (!a || !b) return error_expr(span);
  std::optional<Decimal> folded;
  bool exact = true;
  switch (op) {
    case ir::ArithOp::add: folded = a->add(*b); break;
    case ir::ArithOp::sub: folded = a->sub(*b); break;
    case ir::ArithOp::mul:
      folded = a->mul(*b);
      exact = a->mul_is_exact(*b);
      break;
    case ir::ArithOp::div:  // INVARIANT: check_arith refused a constant zero divisor (E0309)
      folded = a->div(*b);
      exact = a->div_is_exact(*b);
      break;
  }
  if (!folded) {
    sink_.report(DiagnosticCode::E0005, span, "this constant arithmetic overflows", kRange);
    return error_expr(span);
  }
  if (!exact) {
    // The operands as folded, not the source text: the message then names the values that
    // were divided (`(1 + 2) / 7` says `3 / 7`), and reads the same after `icpc fmt`.
    static constexpr std::string_view kSymbols[] = {"+", "-", "*", "/"};
    sink_.report(DiagnosticCode::E0313, span,
                 fmt::format("`{} {} {}` has more than 4 fractional digits", a->to_string(),
                             kSymbols[static_cast<int>(op)], b->to_string()),
                 fmt::format("numbers are exact to 4 places and this rounds to `{}`; write the constant you mean",
                             folded->to_string()));
    return error_expr(span);
  }
  ir::Value value{.kind = kind};
  if (kind == ir::TypeKind::integer) {
    value.integer = folded->units() / Decimal::kScale;  // whole: + - * of two integers
  } else {
    value.decimal = *folded;
  }
  return constant(std::move(value), ir::Type::of(kind), span);
}

ir::ExprId Checker::fold_negate(ir::ExprId operand, Span span) {
  const auto value = number_of(operand);
  if (!value) return error_expr(span);
  const auto negated = Decimal().sub(*value);  // fails for the most negative decimal only
  if (!negated) {
    sink_.report(DiagnosticCode::E0005, span, "this negation overflows", kRange);
    return error_expr(span);
  }
  const ir::Type type = at(operand).type;
  ir::Value result{.kind = type.kind};
  if (type.kind == ir::TypeKind::integer) {
    result.integer = negated->units() / Decimal::kScale;
  } else {
    result.decimal = *negated;
  }
  return constant(std::move(result), type, span);
}

}  // namespace icp::check
