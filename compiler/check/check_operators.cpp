// Stage 2, check: operators and calls. Types comparisons, arithmetic, `in`, `between`,
// `has`, `count(...)` and the built-in functions, and folds constant arithmetic.
// Input: syntax::Expr. Output: typed ir::Expr nodes.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/check/checker.hpp"
#include "compiler/check/suggest.hpp"

namespace icp::check {
namespace {

using ir::TypeKind;

const std::vector<std::string> kFunctions = {"all", "any", "at_least", "starts_with",
                                             "lower", "present", "has_role", "count"};

bool is_simple_name(const syntax::Expr& expr) {
  return expr.kind == syntax::ExprKind::name && expr.path.size() == 1;
}

// How other languages spell a missing value; icp has none (a missing field is unknown).
bool is_null_word(const syntax::Expr& expr) {
  if (!is_simple_name(expr)) return false;
  const std::string& name = expr.path[0];
  return name == "null" || name == "nil" || name == "none" || name == "undefined";
}

std::string_view op_text(syntax::BinaryOp op) {
  static constexpr std::string_view kText[] = {"or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/"};
  return kText[static_cast<int>(op)];
}

bool any_unknown(const std::vector<const ir::Expr*>& exprs) {
  return std::any_of(exprs.begin(), exprs.end(), [](const ir::Expr* e) { return e->may_be_unknown; });
}

std::optional<Decimal> as_decimal(const ir::Value& value) {
  if (value.kind == TypeKind::integer) return Decimal::from_int(value.integer);
  return value.decimal;
}

}  // namespace

bool Checker::compatible_for_compare(const ir::Type& left, const ir::Type& right) const {
  if (left.is_error() || right.is_error()) return true;
  if (left.is_numeric() && right.is_numeric()) return true;
  auto either = [&](TypeKind a, TypeKind b) {
    return (left.kind == a && right.kind == b) || (left.kind == b && right.kind == a);
  };
  if (either(TypeKind::percent, TypeKind::percent) || either(TypeKind::percent, TypeKind::integer)) return true;
  if (either(TypeKind::naics, TypeKind::integer) || either(TypeKind::naics, TypeKind::string) ||
      either(TypeKind::naics, TypeKind::naics)) {
    return true;
  }
  if (either(TypeKind::country, TypeKind::string) || either(TypeKind::country, TypeKind::country)) return true;
  if (left.kind == TypeKind::enumeration && right.kind == TypeKind::enumeration) return left.enum_id == right.enum_id;
  return left.kind == right.kind &&
         (left.kind == TypeKind::string || left.kind == TypeKind::date || left.kind == TypeKind::boolean);
}

// `x == null` and `x != null` say "missing" and "given": present() says it in icp. Nothing
// when the word is declared, or is a value of the enum being compared.
std::optional<std::string> Checker::null_comparison_help(syntax::BinaryOp op, const syntax::Expr& value,
                                                         const syntax::Expr& null_word,
                                                         const ExprContext& context) const {
  const std::string& word = null_word.path[0];
  if (symbols_.contains(word)) return std::nullopt;
  if (context.expected_enum.valid()) {
    const auto& values = program_.enums[context.expected_enum.index].values;
    if (std::find(values.begin(), values.end(), word) != values.end()) return std::nullopt;
  }
  if (is_simple_name(value) && op == syntax::BinaryOp::eq) {
    return fmt::format("a missing optional field is unknown, not a value: write `not present({})`", value.path[0]);
  }
  if (is_simple_name(value) && op == syntax::BinaryOp::ne) {
    return fmt::format("a missing optional field is unknown, not a value: write `present({})`", value.path[0]);
  }
  return std::string("a missing optional field is unknown, not a value: test it with `present(field)`");
}

// `tech == "okta"`, `tech != "okta"`, `tech == [...]`: a set is tested with `has`.
std::string Checker::set_comparison_help(syntax::BinaryOp op, const ir::Expr& left, const ir::Expr& right) const {
  const bool set_left = left.type.kind == TypeKind::string_set;
  const ir::Expr& set = set_left ? left : right;
  const ir::Expr& other = set_left ? right : left;
  const std::string_view text = sources_.file(program_.file).text();
  const auto written = [&](const ir::Expr& e) -> std::string_view {
    if (e.span.file != program_.file || e.span.end > text.size() || e.span.begin >= e.span.end) return "...";
    return text.substr(e.span.begin, e.span.end - e.span.begin);
  };
  if (other.type.kind == TypeKind::string) {
    if (op == syntax::BinaryOp::ne) {
      return fmt::format("to test that the set lacks the value, write `not ({} has {})`", written(set), written(other));
    }
    return fmt::format("test membership with `has`, such as `{} has {}`", written(set), written(other));
  }
  if (other.type.kind == TypeKind::list) {
    return fmt::format("test a set against a list with `has any` or `has all`, such as `{} has any [...]`",
                       written(set));
  }
  return fmt::format("test membership with `has`, such as `{} has \"okta\"`", written(set));
}

bool Checker::element_compatible(const ir::Type& value, const ir::Type& list) const {
  if (list.element == TypeKind::error) return true;  // the empty list
  ir::Type element = ir::Type::of(list.element);
  element.enum_id = list.enum_id;
  return compatible_for_compare(value, element);
}

bool Checker::is_chain_link(const syntax::Expr& expr) {
  return expr.kind == syntax::ExprKind::binary &&
         (expr.op == syntax::BinaryOp::and_ || expr.op == syntax::BinaryOp::or_ || expr.op >= syntax::BinaryOp::add);
}

ExprContext Checker::chain_operand_context(const syntax::Expr& link, const ExprContext& context) {
  if (link.op == syntax::BinaryOp::and_ || link.op == syntax::BinaryOp::or_) {
    ExprContext inner = context;
    inner.expected_enum = {};
    return inner;
  }
  return ExprContext{{}, context.constant_only, false};
}

ir::ExprId Checker::check_link(const syntax::Expr& expr, ir::ExprId left, const ExprContext& context) {
  using syntax::BinaryOp;
  if (expr.op >= BinaryOp::add) return check_arith(expr, left, check_expr(expr.args[1], chain_operand_context(expr, context)));
  left = require_bool(left, op_text(expr.op));
  const auto right = check_bool_operand(expr.args[1], context, op_text(expr.op));
  ir::Expr result{.op = expr.op == BinaryOp::and_ ? ir::Op::and_ : ir::Op::or_,
                  .type = ir::Type::of(TypeKind::boolean), .span = expr.span};
  result.may_be_unknown = at(left).may_be_unknown || at(right).may_be_unknown;
  result.args = {left, right};
  if (at(left).type.is_error() || at(right).type.is_error()) result.type = {};
  return add(std::move(result));
}

ir::ExprId Checker::check_comparison(const syntax::Expr& expr, const ExprContext& context) {
  ExprContext inner{{}, context.constant_only, false};
  // `growth == funding_stage`: check the side that can give an enum context first.
  const bool swap = is_simple_name(syn(expr.args[0])) && !symbols_.contains(syn(expr.args[0]).path[0]) &&
                    syn(expr.args[0]).path[0] != "tier" && syn(expr.args[0]).path[0] != "score";
  const auto first = check_expr(expr.args[swap ? 1 : 0], inner);
  ExprContext second_context = inner;
  if (at(first).type.kind == TypeKind::enumeration) second_context.expected_enum = at(first).type.enum_id;
  if (const syntax::Expr& other = syn(expr.args[swap ? 0 : 1]); is_null_word(other)) {
    if (auto help = null_comparison_help(expr.op, syn(expr.args[swap ? 1 : 0]), other, second_context)) {
      sink_.report(DiagnosticCode::E0210, other.span, fmt::format("icp has no `{}`", other.path[0]), *help);
      return error_expr(expr.span);
    }
  }
  const auto second = check_expr(expr.args[swap ? 0 : 1], second_context);
  const auto left = swap ? second : first;
  const auto right = swap ? first : second;
  const auto& l = at(left);
  const auto& r = at(right);
  if (l.type.is_error() || r.type.is_error()) return error_expr(expr.span);
  const bool ordered = expr.op != syntax::BinaryOp::eq && expr.op != syntax::BinaryOp::ne;
  bool ok = compatible_for_compare(l.type, r.type);
  if (ok && ordered) {
    auto orderable = [](const ir::Type& t) {
      return t.is_numeric() || t.kind == TypeKind::percent || t.kind == TypeKind::date || t.kind == TypeKind::string;
    };
    ok = orderable(l.type) && orderable(r.type);
  }
  // A NAICS code equals an integer literal written as digits (`naics == 5415`), which the
  // lowering turns into text; a computed integer has no such text, so it cannot compare.
  auto computed_int = [&](const ir::Expr& code, const ir::Expr& other) {
    return code.type.kind == TypeKind::naics && other.type.kind == TypeKind::integer && other.op != ir::Op::constant;
  };
  const bool naics_vs_number = computed_int(l, r) || computed_int(r, l);
  ok = ok && !naics_vs_number;
  if (!ok) {
    std::string help;
    if (naics_vs_number) help = "compare a NAICS code with a code written as digits, such as `naics == 5415`";
    if (l.type.kind == TypeKind::percent || r.type.kind == TypeKind::percent) help = "compare with a percentage such as `80%`";
    if (l.type.kind == TypeKind::list || r.type.kind == TypeKind::list) help = "test membership with `in`";
    if (l.type.kind == TypeKind::string_set || r.type.kind == TypeKind::string_set) help = set_comparison_help(expr.op, l, r);
    sink_.report(DiagnosticCode::E0301, expr.span,
                 fmt::format("`{}` cannot compare {} with {}", op_text(expr.op), describe(l.type), describe(r.type)),
                 help);
    return error_expr(expr.span);
  }
  validate_codes(left, right);
  validate_codes(right, left);
  static constexpr ir::CompareOp kOps[] = {ir::CompareOp::eq, ir::CompareOp::ne, ir::CompareOp::lt,
                                           ir::CompareOp::le, ir::CompareOp::gt, ir::CompareOp::ge};
  ir::Expr result{.op = ir::Op::compare, .type = ir::Type::of(TypeKind::boolean),
                  .may_be_unknown = l.may_be_unknown || r.may_be_unknown, .span = expr.span,
                  .compare_op = kOps[static_cast<int>(expr.op) - static_cast<int>(syntax::BinaryOp::eq)]};
  result.args = {left, right};
  return add(std::move(result));
}

ir::ExprId Checker::check_arith(const syntax::Expr& expr, ir::ExprId left, ir::ExprId right) {
  const auto& l = at(left);
  const auto& r = at(right);
  if (l.type.is_error() || r.type.is_error()) return error_expr(expr.span);
  if (!l.type.is_numeric() || !r.type.is_numeric()) {
    sink_.report(DiagnosticCode::E0301, expr.span,
                 fmt::format("`{}` needs numbers, found {} and {}", op_text(expr.op), describe(l.type), describe(r.type)));
    return error_expr(expr.span);
  }
  const bool divide = expr.op == syntax::BinaryOp::div;
  const TypeKind kind = !divide && l.type.kind == TypeKind::integer && r.type.kind == TypeKind::integer
                            ? TypeKind::integer
                            : TypeKind::decimal;
  if (divide && r.op == ir::Op::constant && as_decimal(r.value) == Decimal()) {
    sink_.report(DiagnosticCode::E0309, r.span, "division by zero", "divide by a number other than 0");
    return error_expr(expr.span);
  }
  static constexpr ir::ArithOp kOps[] = {ir::ArithOp::add, ir::ArithOp::sub, ir::ArithOp::mul, ir::ArithOp::div};
  const ir::ArithOp op = kOps[static_cast<int>(expr.op) - static_cast<int>(syntax::BinaryOp::add)];
  if (l.op == ir::Op::constant && r.op == ir::Op::constant) return fold_arith(op, kind, left, right, expr.span);
  ir::Expr result{.op = ir::Op::arith, .type = ir::Type::of(kind),
                  .may_be_unknown = l.may_be_unknown || r.may_be_unknown || divide, .span = expr.span,
                  .arith_op = op};
  result.args = {left, right};
  return add(std::move(result));
}

ir::ExprId Checker::check_in(const syntax::Expr& expr, const ExprContext& context) {
  ExprContext inner{{}, context.constant_only, false};
  const auto value = check_expr(expr.args[0], inner);
  ExprContext list_context = inner;
  if (at(value).type.kind == TypeKind::enumeration) list_context.expected_enum = at(value).type.enum_id;
  auto list = check_expr(expr.args[1], list_context);
  const auto& v = at(value);
  const auto& l = at(list);
  if (v.type.is_error() || l.type.is_error()) return error_expr(expr.span);
  if (l.type.kind != TypeKind::list) {
    sink_.report(DiagnosticCode::E0301, l.span, fmt::format("`in` needs a list on its right, found {}", describe(l.type)),
                 l.type.kind == TypeKind::string_set ? "to test a set, write `set has value`" : "write a list such as `[1, 2]`");
    return error_expr(expr.span);
  }
  if (v.type.kind == TypeKind::string_set) {
    sink_.report(DiagnosticCode::E0301, v.span, "`in` tests one value, but this is a set",
                 "to test a set against a list, write `tech has any [...]` or `tech has all [...]`");
    return error_expr(expr.span);
  }
  if (l.type.element == TypeKind::symbol) {
    sink_.report(DiagnosticCode::E0301, l.span, fmt::format("`{}` is a list of bare names, not of {}s", l.origin, describe(v.type)),
                 "write text in quotes, such as [\"okta\"]");
    return error_expr(expr.span);
  }
  if (!element_compatible(v.type, l.type) || v.type.kind == TypeKind::boolean) {
    sink_.report(DiagnosticCode::E0301, expr.span,
                 fmt::format("`in` cannot look for {} in {}", describe(v.type), describe(l.type)));
    return error_expr(expr.span);
  }
  validate_codes(value, list);
  if (v.type.kind == TypeKind::naics) count_naics_list(at(list));
  ir::Expr result{.op = ir::Op::in_list, .type = ir::Type::of(TypeKind::boolean),
                  .may_be_unknown = v.may_be_unknown, .span = expr.span};
  result.args = {value, list};
  return add(std::move(result));
}

// Each distinct list a NAICS code is looked up in becomes a prefix table of the compiled
// program, which holds at most vm::kMaxNaicsSets. KEEP IN SYNC: lower.cpp, set_of (the
// same texts, sorted and unique, make the same table).
void Checker::count_naics_list(const ir::Expr& list) {
  std::vector<std::string> texts;
  for (const ir::Value& item : list.value.items) {
    texts.push_back(item.kind == TypeKind::integer ? std::to_string(item.integer) : item.text);
  }
  std::sort(texts.begin(), texts.end());
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  if (!naics_lists_.insert(std::move(texts)).second || naics_lists_.size() != vm::kMaxNaicsSets + 1) return;
  sink_.report(DiagnosticCode::E0314, list.span,
               fmt::format("more than {} different lists of NAICS codes: a compiled program holds at most {}",
                           vm::kMaxNaicsSets, vm::kMaxNaicsSets),
               "name the lists you reuse with `let`, or merge lists that mean the same");
}

ir::ExprId Checker::check_between(const syntax::Expr& expr, const ExprContext& context) {
  ExprContext inner{{}, context.constant_only, false};
  std::vector<ir::ExprId> args;
  for (auto arg : expr.args) args.push_back(check_expr(arg, inner));
  std::vector<const ir::Expr*> exprs;
  for (auto id : args) exprs.push_back(&at(id));
  if (std::any_of(exprs.begin(), exprs.end(), [](const ir::Expr* e) { return e->type.is_error(); })) {
    return error_expr(expr.span);
  }
  auto orderable = [](const ir::Type& t) { return t.is_numeric() || t.kind == TypeKind::percent || t.kind == TypeKind::date; };
  for (std::size_t i = 1; i < 3; ++i) {
    if (!orderable(exprs[0]->type) || !compatible_for_compare(exprs[0]->type, exprs[i]->type)) {
      sink_.report(DiagnosticCode::E0301, expr.span,
                   fmt::format("`between` cannot compare {} with {}", describe(exprs[0]->type), describe(exprs[i]->type)),
                   "`between` takes numbers or dates: `employees between 200 and 2000`");
      return error_expr(expr.span);
    }
  }
  ir::Expr result{.op = ir::Op::between, .type = ir::Type::of(TypeKind::boolean),
                  .may_be_unknown = any_unknown(exprs), .span = expr.span};
  result.args = args;
  return add(std::move(result));
}

ir::ExprId Checker::check_has(const syntax::Expr& expr, const ExprContext& context) {
  ExprContext inner{{}, context.constant_only, false};
  const auto set = check_expr(expr.args[0], inner);
  const auto value = check_expr(expr.args[1], inner);
  const auto& s = at(set);
  const auto& v = at(value);
  if (s.type.is_error() || v.type.is_error()) return error_expr(expr.span);
  if (s.type.kind != TypeKind::string_set) {
    sink_.report(DiagnosticCode::E0301, s.span, fmt::format("`has` needs a set such as `tech`, found {}", describe(s.type)),
                 s.type.kind == TypeKind::list ? "" : "to compare one value with a list, write `value in [...]`");
    return error_expr(expr.span);
  }
  ir::Op op = ir::Op::set_has;
  if (expr.has_mode == syntax::HasMode::one) {
    if (v.type.kind != TypeKind::string) {
      sink_.report(DiagnosticCode::E0301, v.span, fmt::format("`has` looks for a string, found {}", describe(v.type)),
                   v.type.kind == TypeKind::list ? "to look for several, write `has any [...]` or `has all [...]`" : "");
      return error_expr(expr.span);
    }
  } else {
    op = expr.has_mode == syntax::HasMode::any ? ir::Op::set_has_any : ir::Op::set_has_all;
    const bool strings = v.type.kind == TypeKind::list &&
                         (v.type.element == TypeKind::string || v.type.element == TypeKind::error);
    if (!strings) {
      sink_.report(DiagnosticCode::E0301, v.span,
                   fmt::format("`has {}` needs a list of strings, found {}",
                               expr.has_mode == syntax::HasMode::any ? "any" : "all", describe(v.type)),
                   v.type.element == TypeKind::symbol ? "write text in quotes, such as [\"okta\"]" : "");
      return error_expr(expr.span);
    }
  }
  ir::Expr result{.op = op, .type = ir::Type::of(TypeKind::boolean),
                  .may_be_unknown = s.may_be_unknown || v.may_be_unknown, .span = expr.span};
  result.args = {set, value};
  return add(std::move(result));
}

ir::ExprId Checker::check_count(const syntax::Expr& expr, const ExprContext& context) {
  if (context.constant_only) {
    sink_.report(DiagnosticCode::E0304, expr.span, "a `let` cannot count signals", "use a `criterion` instead");
    return error_expr(expr.span);
  }
  const std::string& name = expr.path.empty() ? std::string() : expr.path[0];
  std::uint32_t ref = ir::kAllSignals;
  if (name != "signals") {
    auto it = symbols_.find(name);
    if (it == symbols_.end() || it->second.kind != SymbolKind::signal) {
      std::vector<std::string> names;
      if (can_suggest(program_.signals.size() + 1)) {
        names.emplace_back("signals");
        for (const auto& signal : program_.signals) names.push_back(signal.name);
      }
      sink_.report(DiagnosticCode::E0212, expr.name_span, fmt::format("unknown signal `{}`", name),
                   suggest(name, names));
      return error_expr(expr.span);
    }
    ref = it->second.index;
  }
  const auto days = whole_days({expr.duration, expr.duration_span}, "a count window");
  if (!days) return error_expr(expr.span);
  // Each window counted over every signal is a slot of every signal type in the compiled
  // program, which holds vm::kMaxWindowEntries of them.
  if (ref == ir::kAllSignals && every_signal_windows_.insert(*days).second &&
      every_signal_windows_.size() * program_.signals.size() > vm::kMaxWindowEntries) {
    sink_.report(DiagnosticCode::E0314, expr.span,
                 fmt::format("{} windows counted over every signal, for {} signals, make more window slots than a "
                             "compiled program holds ({})",
                             every_signal_windows_.size(), program_.signals.size(), vm::kMaxWindowEntries),
                 "count over fewer different windows");
    return error_expr(expr.span);
  }
  return add(ir::Expr{.op = ir::Op::count, .type = ir::Type::of(TypeKind::integer), .span = expr.span,
                      .ref = ref, .integer = *days});
}

ir::ExprId Checker::check_call(const syntax::Expr& expr, const ExprContext& context) {
  const std::string& name = expr.path[0];
  auto arity = [&](std::size_t min, std::size_t max, const char* usage) {
    if (expr.args.size() >= min && expr.args.size() <= max) return true;
    sink_.report(DiagnosticCode::E0303, expr.span,
                 fmt::format("`{}` takes {} argument{}, found {}", name,
                             min == max ? fmt::format("{}", min) : fmt::format("at least {}", min),
                             max == 1 ? "" : "s", expr.args.size()),
                 fmt::format("write it as `{}`", usage));
    return false;
  };
  if (context.constant_only && name != "lower") {
    sink_.report(DiagnosticCode::E0304, expr.span, fmt::format("a `let` cannot call `{}`", name),
                 "use a `criterion` for conditions on the account");
    return error_expr(expr.span);
  }
  if (name == "all" || name == "any" || name == "at_least") {
    const bool at_least = name == "at_least";
    if (!arity(at_least ? 2 : 1, SIZE_MAX, at_least ? "at_least(2, a, b, c)" : "all(a, b, c)")) return error_expr(expr.span);
    ExprContext inner{{}, false, true};
    std::int64_t k = 0;
    std::size_t first = 0;
    if (at_least) {
      const auto k_id = check_expr(expr.args[0], ExprContext{{}, true, false});
      const auto& k_expr = at(k_id);
      first = 1;
      if (k_expr.type.is_error()) return error_expr(expr.span);
      if (k_expr.op != ir::Op::constant || k_expr.type.kind != TypeKind::integer || k_expr.value.integer < 1) {
        sink_.report(DiagnosticCode::E0307, k_expr.span, "the first argument of `at_least` must be a whole number, at least 1",
                     "write it as `at_least(4, a, b, c, d, e)`");
        return error_expr(expr.span);
      }
      k = k_expr.value.integer;
      const auto n = static_cast<std::int64_t>(expr.args.size() - 1);
      if (k > n) {
        sink_.report(DiagnosticCode::E0307, k_expr.span,
                     fmt::format("`at_least({}, ...)` lists only {} condition{}, so it can never hold", k, n, n == 1 ? "" : "s"),
                     fmt::format("use a number from 1 to {}", n));
        return error_expr(expr.span);
      }
      // AT_LEAST carries k in a 16-bit operand whose top value is reserved (vm::kMaxAtLeast).
      if (k > vm::kMaxAtLeast) {
        sink_.report(DiagnosticCode::E0307, k_expr.span, fmt::format("`at_least` counts up to {} conditions", vm::kMaxAtLeast),
                     "split the conditions into criteria and count those");
        return error_expr(expr.span);
      }
    }
    std::vector<ir::ExprId> args;
    bool failed = false, unknown = false;
    for (std::size_t i = first; i < expr.args.size(); ++i) {
      const auto arg = check_bool_operand(expr.args[i], inner, name);
      failed = failed || at(arg).type.is_error();
      unknown = unknown || at(arg).may_be_unknown;
      args.push_back(arg);
    }
    if (failed) return error_expr(expr.span);
    if (!at_least && args.size() == 1) return args.front();
    ir::Expr result{.op = at_least ? ir::Op::at_least : name == "all" ? ir::Op::and_ : ir::Op::or_,
                    .type = ir::Type::of(TypeKind::boolean), .may_be_unknown = unknown, .span = expr.span,
                    .integer = k};
    result.args = std::move(args);
    return add(std::move(result));
  }
  if (name == "present" || name == "has_role") {
    const bool present = name == "present";
    if (!arity(1, 1, present ? "present(revenue_musd)" : "has_role(economic_buyer)")) return error_expr(expr.span);
    const auto& arg = syn(expr.args[0]);
    const SymbolKind wanted = present ? SymbolKind::field : SymbolKind::role;
    std::optional<std::uint32_t> ref;
    if (is_simple_name(arg)) {
      if (present && arg.path[0] == "id") ref = ir::kIdField;
      if (auto it = symbols_.find(arg.path[0]); it != symbols_.end() && it->second.kind == wanted) ref = it->second.index;
    }
    if (!ref) {
      std::vector<std::string> names;
      for (const auto& [symbol_name, symbol] : symbols_) {
        if (symbol.kind == wanted && can_suggest(symbols_.size())) names.push_back(symbol_name);
      }
      const std::string written = is_simple_name(arg) ? arg.path[0] : std::string("this");
      sink_.report(present ? DiagnosticCode::E0211 : DiagnosticCode::E0213, arg.span,
                   present ? fmt::format("`{}` is not a field of the account", written)
                           : fmt::format("unknown role `{}`", written),
                   suggest(written, names));
      return error_expr(expr.span);
    }
    return add(ir::Expr{.op = present ? ir::Op::present : ir::Op::has_role, .type = ir::Type::of(TypeKind::boolean),
                        .span = expr.span, .ref = *ref});
  }
  if (name == "starts_with" || name == "lower") {
    const bool starts = name == "starts_with";
    if (!arity(starts ? 2 : 1, starts ? 2 : 1, starts ? "starts_with(name, \"Acme\")" : "lower(name)")) {
      return error_expr(expr.span);
    }
    std::vector<ir::ExprId> args;
    std::vector<const ir::Expr*> exprs;
    for (auto arg : expr.args) args.push_back(check_expr(arg, ExprContext{{}, context.constant_only, false}));
    for (auto id : args) exprs.push_back(&at(id));
    for (const auto* arg : exprs) {
      if (arg->type.is_error()) return error_expr(expr.span);
      const bool text = arg->type.kind == TypeKind::string || arg->type.kind == TypeKind::naics ||
                        arg->type.kind == TypeKind::country;
      if (!text) {
        sink_.report(DiagnosticCode::E0301, arg->span, fmt::format("`{}` needs text, found {}", name, describe(arg->type)));
        return error_expr(expr.span);
      }
    }
    ir::Expr result{.op = starts ? ir::Op::starts_with : ir::Op::lower,
                    .type = ir::Type::of(starts ? TypeKind::boolean : TypeKind::string),
                    .may_be_unknown = any_unknown(exprs), .span = expr.span};
    result.args = std::move(args);
    return add(std::move(result));
  }
  // `contains(tech, "okta")`: membership is an operator in icp.
  const bool membership = name == "contains" || name == "includes";
  sink_.report(DiagnosticCode::E0215, expr.name_span, fmt::format("unknown function `{}`", name),
               membership ? std::string("test a set with `has`, as in `tech has \"okta\"`") : did_you_mean(name, kFunctions));
  return error_expr(expr.span);
}

}  // namespace icp::check
