// Stage 2, check: expressions. Resolves each name (field, let, criterion, built-in,
// module member, enum value), gives every expression a static type and folds lets to
// constants. Input: syntax::Expr. Output: ir::Expr nodes appended to the program.
#include <algorithm>
#include <set>
#include <string_view>
#include <tuple>

#include <fmt/format.h>

#include "compiler/check/checker.hpp"
#include "compiler/check/suggest.hpp"

namespace icp::check {
namespace {

bool is_simple_name(const syntax::Expr& expr) {
  return expr.kind == syntax::ExprKind::name && expr.path.size() == 1;
}

}  // namespace

ir::ExprId Checker::add(ir::Expr expr) {
  program_.exprs.push_back(std::move(expr));
  return ir::ExprId{static_cast<std::uint32_t>(program_.exprs.size() - 1)};
}

ir::ExprId Checker::error_expr(Span span) {
  ir::Expr expr;
  expr.span = span;
  return add(std::move(expr));
}

ir::ExprId Checker::constant(ir::Value value, ir::Type type, Span span, std::string origin) {
  ir::Expr expr;
  expr.op = ir::Op::constant;
  expr.type = type;
  expr.span = span;
  expr.value = std::move(value);
  expr.origin = std::move(origin);
  return add(std::move(expr));
}

void Checker::depend_on(Vertex target) {
  if (current_) graph_.add_edge(*current_, target);
}

std::string Checker::suggest(std::string_view word, std::span<const std::string> candidates) {
  if (!can_suggest(candidates.size())) {
    suggestion_budget_ = 0;
    return {};
  }
  suggestion_budget_ -= candidates.size();
  return did_you_mean(word, candidates);
}

std::optional<std::int64_t> Checker::enum_value(ir::EnumId id, std::string_view name) {
  if (enum_indexes_.size() <= id.index) enum_indexes_.resize(program_.enums.size());
  auto& index = enum_indexes_[id.index];
  const auto& values = program_.enums[id.index].values;
  if (index.empty()) {
    // emplace keeps the first of repeated values (E0310), as a search from the front would.
    for (std::size_t i = 0; i < values.size(); ++i) index.emplace(values[i], static_cast<std::int64_t>(i));
  }
  if (auto it = index.find(name); it != index.end()) return it->second;
  return std::nullopt;
}

// "seed, series_a, growth": an enum's values for a help line, the first ones of a long enum.
std::string Checker::enum_values_text(ir::EnumId id) const {
  constexpr std::size_t kShown = 50;
  const auto& values = program_.enums[id.index].values;
  if (values.size() <= kShown) return fmt::format("{}", fmt::join(values, ", "));
  return fmt::format("{}, ... ({} more)", fmt::join(values.begin(), values.begin() + kShown, ", "),
                     values.size() - kShown);
}

std::vector<std::string> Checker::names_for_suggestion() const {
  std::vector<std::string> names;
  for (const auto& [name, symbol] : symbols_) {
    if (symbol.kind != SymbolKind::exclusion && symbol.kind != SymbolKind::bonus) names.push_back(name);
  }
  for (const char* builtin : {"score", "tier", "excluded", "committee_coverage", "id"}) names.emplace_back(builtin);
  return names;
}

const ir::Let& Checker::let(std::uint32_t index) {
  auto& let = program_.lets[index];
  if (let_state_[index] != State::pending) return let;  // in progress: a cycle, reported by the graph
  let_state_[index] = State::in_progress;
  const auto saved = current_;
  current_ = let_vertex_[index];
  const auto& syntax_let = *let_syntax_[index];
  const auto id = check_expr(syntax_let.value, ExprContext{{}, true, false});
  current_ = saved;
  const auto& expr = at(id);
  if (expr.op == ir::Op::constant) {
    let.value = expr.value;
    let.type = expr.type;
    const auto& value_syntax = syn(syntax_let.value);
    if (value_syntax.kind == syntax::ExprKind::list) {
      for (auto item : value_syntax.args) let.item_spans.push_back(syn(item).span);
    } else if (is_simple_name(value_syntax)) {
      if (auto it = symbols_.find(value_syntax.path[0]); it != symbols_.end() && it->second.kind == SymbolKind::let) {
        let.item_spans = program_.lets[it->second.index].item_spans;
      }
    }
  } else if (!expr.type.is_error()) {
    sink_.report(DiagnosticCode::E0304, expr.span, fmt::format("`let {}` is not a constant", let.name),
                 "a `let` holds a list, number or string; use a `criterion` for conditions on the account");
  }
  let_state_[index] = State::done;
  return let;
}

void Checker::check_criterion(std::uint32_t index) {
  if (criterion_state_[index] != State::pending) return;
  criterion_state_[index] = State::in_progress;
  const auto saved = current_;
  current_ = criterion_vertex_[index];
  const auto& decl = *criterion_syntax_[index];
  const auto id = check_condition(decl.condition, fmt::format("criterion `{}`", decl.name));
  program_.criteria[index].condition = id;
  criterion_may_be_unknown_[index] = at(id).may_be_unknown;
  current_ = saved;
  criterion_state_[index] = State::done;
}

ir::ExprId Checker::check_literal(const syntax::Expr& expr) {
  ir::Value value;
  switch (expr.kind) {
    case syntax::ExprKind::integer:
      value.kind = ir::TypeKind::integer;
      value.integer = expr.integer;
      break;
    case syntax::ExprKind::decimal: {
      auto parsed = Decimal::parse(expr.text);
      if (!parsed) {
        const auto point = expr.text.find('.');
        const bool too_precise = point != std::string::npos && expr.text.size() - point - 1 > 4;
        sink_.report(too_precise ? DiagnosticCode::E0308 : DiagnosticCode::E0005, expr.span,
                     too_precise ? fmt::format("`{}` has more than 4 fractional digits", expr.text)
                                 : fmt::format("decimal `{}` is too large", expr.text),
                     too_precise ? "decimals are exact to 4 places; round the literal"
                                 : fmt::format("decimals go up to {}", Decimal::max().to_string()));
        return error_expr(expr.span);
      }
      value.kind = ir::TypeKind::decimal;
      value.decimal = *parsed;
      break;
    }
    case syntax::ExprKind::string:
      value.kind = ir::TypeKind::string;
      value.text = expr.text;
      break;
    case syntax::ExprKind::date:
      value.kind = ir::TypeKind::date;
      value.date = date_from_civil(expr.date.year, expr.date.month, expr.date.day);
      break;
    case syntax::ExprKind::duration:
      value.kind = ir::TypeKind::duration;
      value.integer = expr.duration.hours();
      break;
    case syntax::ExprKind::percent:
      value.kind = ir::TypeKind::percent;
      value.integer = expr.integer;
      break;
    case syntax::ExprKind::boolean:
      value.kind = ir::TypeKind::boolean;
      value.boolean = expr.integer != 0;
      break;
    default:
      return error_expr(expr.span);
  }
  const ir::Type type = ir::Type::of(value.kind);
  return constant(std::move(value), type, expr.span);
}

ir::ExprId Checker::check_expr(syntax::ExprId id, const ExprContext& context) {
  // A generated chain (`id == "a" or id == "b" or ...`, `a + b + ...`) parses as a left
  // spine of links: walk it in a loop, leaf first, and recurse only into right operands,
  // whose depth the parser's nesting limit bounds.
  std::vector<std::pair<const syntax::Expr*, ExprContext>> links;
  syntax::ExprId leaf = id;
  ExprContext leaf_context = context;
  for (const syntax::Expr* expr = &syn(leaf); is_chain_link(*expr); expr = &syn(leaf)) {
    links.emplace_back(expr, leaf_context);
    leaf_context = chain_operand_context(*expr, leaf_context);
    leaf = expr->args[0];
  }
  ir::ExprId result = check_operand(leaf, leaf_context);
  for (auto link = links.rbegin(); link != links.rend(); ++link) result = check_link(*link->first, result, link->second);
  return result;
}

ir::ExprId Checker::check_operand(syntax::ExprId id, const ExprContext& context) {
  const auto& expr = syn(id);
  switch (expr.kind) {
    case syntax::ExprKind::integer:
    case syntax::ExprKind::decimal:
    case syntax::ExprKind::string:
    case syntax::ExprKind::date:
    case syntax::ExprKind::duration:
    case syntax::ExprKind::percent:
    case syntax::ExprKind::boolean: return check_literal(expr);
    case syntax::ExprKind::list: return check_list(expr, context);
    case syntax::ExprKind::name: return check_name(expr, context);
    case syntax::ExprKind::not_: {
      const auto operand = check_bool_operand(expr.args[0], context, "not");
      ir::Expr result{.op = ir::Op::not_, .type = ir::Type::of(ir::TypeKind::boolean), .span = expr.span};
      result.may_be_unknown = at(operand).may_be_unknown;
      result.args = {operand};
      return add(std::move(result));
    }
    case syntax::ExprKind::negate: {
      const auto operand = check_expr(expr.args[0], context);
      const auto& value = at(operand);
      if (value.type.is_error()) return error_expr(expr.span);
      if (!value.type.is_numeric()) {
        sink_.report(DiagnosticCode::E0301, value.span, fmt::format("`-` needs a number, found {}", describe(value.type)));
        return error_expr(expr.span);
      }
      if (value.op == ir::Op::constant) return fold_negate(operand, expr.span);
      ir::Expr result{.op = ir::Op::negate, .type = value.type, .may_be_unknown = value.may_be_unknown, .span = expr.span};
      result.args = {operand};
      return add(std::move(result));
    }
    case syntax::ExprKind::binary: return check_comparison(expr, context);  // links are check_expr's
    case syntax::ExprKind::in: return check_in(expr, context);
    case syntax::ExprKind::between: return check_between(expr, context);
    case syntax::ExprKind::has: return check_has(expr, context);
    case syntax::ExprKind::call: return check_call(expr, context);
    case syntax::ExprKind::count: return check_count(expr, context);
    case syntax::ExprKind::error: return error_expr(expr.span);
  }
  return error_expr(expr.span);
}

ir::ExprId Checker::check_bool_operand(syntax::ExprId id, const ExprContext& context, std::string_view op) {
  ExprContext inner = context;
  inner.expected_enum = {};
  return require_bool(check_expr(id, inner), op);
}

ir::ExprId Checker::require_bool(ir::ExprId result, std::string_view op) {
  const auto& expr = at(result);
  if (!expr.type.is_error() && expr.type.kind != ir::TypeKind::boolean) {
    sink_.report(DiagnosticCode::E0301, expr.span,
                 fmt::format("`{}` needs a true/false condition, found {}", op, describe(expr.type)),
                 "compare the value with something, such as `employees >= 200`");
    return error_expr(expr.span);
  }
  return result;
}

ir::ExprId Checker::check_name(const syntax::Expr& expr, const ExprContext& context) {
  if (expr.path.size() > 1) return check_module_member(expr);
  const std::string& name = expr.path[0];
  // An enum context takes bare names as its values first: `funding_stage == growth`.
  if (context.expected_enum.valid()) {
    if (auto index = enum_value(context.expected_enum, name)) {
      ir::Value value{.kind = ir::TypeKind::enumeration, .integer = *index};
      ir::Type type = ir::Type::of(ir::TypeKind::enumeration);
      type.enum_id = context.expected_enum;
      return constant(std::move(value), type, expr.span);
    }
  }
  auto builtin = [&](ir::Op op, ir::TypeKind kind, std::optional<Vertex> vertex) {
    if (context.constant_only) {
      sink_.report(DiagnosticCode::E0304, expr.span, fmt::format("a `let` cannot read `{}`", name),
                   "use a `criterion` or a condition instead");
      return error_expr(expr.span);
    }
    if (vertex) depend_on(*vertex);
    return add(ir::Expr{.op = op, .type = ir::Type::of(kind), .span = expr.span});
  };
  if (name == "score") return builtin(ir::Op::score, ir::TypeKind::decimal, score_vertex_);
  if (name == "tier") return builtin(ir::Op::tier, ir::TypeKind::integer, tier_result_vertex_);
  if (name == "excluded") return builtin(ir::Op::excluded, ir::TypeKind::boolean, excluded_vertex_);
  if (name == "committee_coverage") return builtin(ir::Op::committee_coverage, ir::TypeKind::percent, std::nullopt);
  if (name == "signals" || name == "contacts") {
    sink_.report(DiagnosticCode::E0301, expr.span, fmt::format("`{}` cannot be used as a value", name),
                 name == "signals" ? "count them: `count(signals within 30d)`"
                                   : "use `has_role(role)` or `committee_coverage`");
    return error_expr(expr.span);
  }
  if (name == "id") {
    if (context.constant_only) return builtin(ir::Op::field, ir::TypeKind::string, std::nullopt);
    return add(ir::Expr{.op = ir::Op::field, .type = ir::Type::of(ir::TypeKind::string), .span = expr.span,
                        .ref = ir::kIdField});
  }
  auto it = symbols_.find(name);
  if (it == symbols_.end()) {
    if (context.expected_enum.valid()) {
      std::string help = suggest(name, program_.enums[context.expected_enum.index].values);
      if (help.empty()) help = fmt::format("the values are {}", enum_values_text(context.expected_enum));
      sink_.report(DiagnosticCode::E0214, expr.span, fmt::format("`{}` is not a value of this enum", name), help);
      return error_expr(expr.span);
    }
    std::string help = can_suggest(symbols_.size()) ? suggest(name, names_for_suggestion()) : std::string();
    if (help.empty()) {
      for (const auto& [module_name, span] : imported_) {
        const auto* module = modules_.load(sources_, module_name, sink_);
        if (module != nullptr && module->member(name) != nullptr) {
          help = fmt::format("did you mean `std.{}.{}`?", module_name, name);
          break;
        }
      }
    }
    // Inside a list a bare word is most often text that lost its quotes: `["okta"]`.
    if (help.empty() && (name == "null" || name == "nil" || name == "none" || name == "undefined")) {
      help = "a missing optional field is unknown, not a value: test it with `present(field)`";
    }
    if (help.empty() && context.constant_only) help = "if this is text, write it in quotes: \"" + name + "\"";
    sink_.report(DiagnosticCode::E0210, expr.span,
                 fmt::format("unknown {} `{}`", context.condition_list ? "criterion" : "name", name), help);
    return error_expr(expr.span);
  }
  const Symbol symbol = it->second;
  switch (symbol.kind) {
    case SymbolKind::field: {
      if (context.constant_only) {
        sink_.report(DiagnosticCode::E0304, expr.span, fmt::format("a `let` cannot read the account field `{}`", name),
                     "use a `criterion` for conditions on the account");
        return error_expr(expr.span);
      }
      const auto& field = program_.fields[symbol.index];
      return add(ir::Expr{.op = ir::Op::field, .type = field.type, .may_be_unknown = field.optional,
                          .span = expr.span, .ref = symbol.index});
    }
    case SymbolKind::let: {
      depend_on(let_vertex_[symbol.index]);
      const auto& value = checked_let(symbol.index);
      if (value.type.is_error()) return error_expr(expr.span);
      auto result = constant(value.value, value.type, expr.span, value.name);
      if (context.expected_enum.valid()) return coerce_to_enum(result, context.expected_enum, expr.span);
      return result;
    }
    case SymbolKind::criterion: {
      if (context.constant_only) {
        sink_.report(DiagnosticCode::E0304, expr.span, fmt::format("a `let` cannot read the criterion `{}`", name));
        return error_expr(expr.span);
      }
      depend_on(criterion_vertex_[symbol.index]);
      return add(ir::Expr{.op = ir::Op::criterion, .type = ir::Type::of(ir::TypeKind::boolean),
                          .may_be_unknown = criterion_may_be_unknown(symbol.index), .span = expr.span,
                          .ref = symbol.index});
    }
    case SymbolKind::signal:
      sink_.report(DiagnosticCode::E0301, expr.span, fmt::format("signal `{}` is not a value", name),
                   fmt::format("count its events: `count({} within 30d)`", name));
      return error_expr(expr.span);
    case SymbolKind::role:
      sink_.report(DiagnosticCode::E0301, expr.span, fmt::format("role `{}` is not a value", name),
                   fmt::format("test it with `has_role({})`", name));
      return error_expr(expr.span);
    case SymbolKind::exclusion:
    case SymbolKind::bonus:
      sink_.report(DiagnosticCode::E0301, expr.span,
                   fmt::format("{} `{}` cannot be read in a condition", symbol.kind == SymbolKind::bonus ? "bonus" : "exclusion", name),
                   symbol.kind == SymbolKind::bonus ? "read `score`, which includes every bonus"
                                                    : "read `excluded`, which says whether any exclusion holds");
      return error_expr(expr.span);
  }
  return error_expr(expr.span);
}

ir::ExprId Checker::check_module_member(const syntax::Expr& expr) {
  const std::string dotted = fmt::format("{}", fmt::join(expr.path, "."));
  if (expr.path.size() != 3 || expr.path[0] != "std") {
    std::string help;
    if (expr.path.size() == 2 && imported_.contains(expr.path[0])) {
      help = fmt::format("did you mean `std.{}`?", dotted);
    }
    sink_.report(DiagnosticCode::E0210, expr.span, fmt::format("unknown name `{}`", dotted), help);
    return error_expr(expr.span);
  }
  const std::string& module_name = expr.path[1];
  const auto* module = modules_.load(sources_, module_name, sink_);
  if (module == nullptr) {
    sink_.report(DiagnosticCode::E0216, expr.span, fmt::format("no module `std.{}`", module_name));
    return error_expr(expr.span);
  }
  if (!imported_.contains(module_name)) {
    sink_.report(DiagnosticCode::E0218, expr.span, fmt::format("`std.{}` is not imported", module_name),
                 fmt::format("add `use std.{}` at the top of the file", module_name));
    return error_expr(expr.span);
  }
  const auto* member = module->member(expr.path[2]);
  if (member == nullptr) {
    std::vector<std::string> names;
    for (const auto& let : module->lets) names.push_back(let.name);
    const auto match = closest_match(expr.path[2], names);
    sink_.report(DiagnosticCode::E0217, expr.span, fmt::format("`std.{}` has no member `{}`", module_name, expr.path[2]),
                 match ? fmt::format("did you mean `std.{}.{}`?", module_name, *match)
                       : fmt::format("its members are {}", fmt::join(names, ", ")));
    return error_expr(expr.span);
  }
  return constant(member->value, member->type, expr.span, dotted);
}

ir::ExprId Checker::coerce_to_enum(ir::ExprId id, ir::EnumId enum_id, Span use_span) {
  auto& expr = at(id);
  if (expr.op != ir::Op::constant || expr.type.kind != ir::TypeKind::list ||
      expr.type.element != ir::TypeKind::symbol) {
    return id;
  }
  ir::Value converted{.kind = ir::TypeKind::list};
  bool ok = true;
  const ir::Let* let = nullptr;
  if (auto it = symbols_.find(expr.origin); it != symbols_.end() && it->second.kind == SymbolKind::let) {
    let = &program_.lets[it->second.index];
  }
  for (std::size_t i = 0; i < expr.value.items.size(); ++i) {
    const auto& name = expr.value.items[i].text;
    const auto found = enum_value(enum_id, name);
    if (!found) {
      const Span span = let != nullptr && i < let->item_spans.size() ? let->item_spans[i] : use_span;
      sink_.report(DiagnosticCode::E0214, span, fmt::format("`{}` is not a value of this enum", name),
                   suggest(name, program_.enums[enum_id.index].values));
      ok = false;
      continue;
    }
    converted.items.push_back(ir::Value{.kind = ir::TypeKind::enumeration, .integer = *found});
  }
  if (!ok) return error_expr(expr.span);
  return constant(std::move(converted), ir::Type::list_of(ir::TypeKind::enumeration, enum_id), expr.span, expr.origin);
}

ir::ExprId Checker::check_list(const syntax::Expr& expr, const ExprContext& context) {
  ir::Value list{.kind = ir::TypeKind::list};
  list.items.reserve(expr.args.size());  // no reallocation: `seen` views the items' text
  std::vector<ir::ExprId> items;  // kept as the constant's args: their spans locate bad codes
  std::set<std::tuple<int, std::string_view, std::int64_t, std::int64_t, std::int32_t, bool>> seen;
  ir::TypeKind element = ir::TypeKind::error;
  bool failed = false;
  for (auto item_id : expr.args) {
    const auto& item_syntax = syn(item_id);
    ir::ExprId item;
    // In a `let` with no enum in sight, a bare unknown name is kept as a symbol and
    // matched to an enum where the list is used.
    if (context.constant_only && !context.expected_enum.valid() && is_simple_name(item_syntax) &&
        !symbols_.contains(item_syntax.path[0])) {
      item = constant(ir::Value{.kind = ir::TypeKind::symbol, .text = item_syntax.path[0]},
                      ir::Type::of(ir::TypeKind::symbol), item_syntax.span);
    } else {
      item = check_expr(item_id, ExprContext{context.expected_enum, true, false});
    }
    const auto& value = at(item);
    if (value.type.is_error()) {
      failed = true;
      continue;
    }
    if (value.op != ir::Op::constant || value.type.kind == ir::TypeKind::list) {
      sink_.report(DiagnosticCode::E0305, value.span,
                   value.type.kind == ir::TypeKind::list ? "lists cannot be nested" : "list elements must be constants");
      failed = true;
      continue;
    }
    ir::TypeKind kind = value.type.kind;
    if (element == ir::TypeKind::error) {
      element = kind;
    } else if (element != kind) {
      const bool numbers = (element == ir::TypeKind::integer || element == ir::TypeKind::decimal) &&
                           (kind == ir::TypeKind::integer || kind == ir::TypeKind::decimal);
      if (!numbers) {
        sink_.report(DiagnosticCode::E0305, value.span,
                     fmt::format("this list mixes {} and {}", describe(ir::Type::of(element)), describe(value.type)),
                     "every element of a list must have the same type");
        failed = true;
        continue;
      }
      element = ir::TypeKind::decimal;
    }
    list.items.push_back(value.value);
    const ir::Value& added = list.items.back();
    // A set of the values so far keeps a generated list of 100,000 items linear-logarithmic.
    if (!seen.emplace(static_cast<int>(added.kind), added.text, added.integer, added.decimal.units(), added.date.days,
                      added.boolean).second) {
      sink_.report(DiagnosticCode::W0108, value.span, "this value is already in the list", "remove the repeat");
    }
    items.push_back(item);
  }
  if (failed) return error_expr(expr.span);
  if (element == ir::TypeKind::decimal) {  // integers mixed with decimals become decimals
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      if (list.items[i].kind != ir::TypeKind::integer) continue;
      const auto decimal = number_of(items[i]);
      if (!decimal) return error_expr(expr.span);
      list.items[i] = ir::Value{.kind = ir::TypeKind::decimal, .decimal = *decimal};
    }
  }
  ir::EnumId enum_id = element == ir::TypeKind::enumeration ? context.expected_enum : ir::EnumId{};
  const auto result = constant(std::move(list), ir::Type::list_of(element, enum_id), expr.span);
  at(result).args = std::move(items);
  return result;
}

}  // namespace icp::check
