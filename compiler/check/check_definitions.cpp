// Stage 2, check: the definitions that carry conditions or parameters: signals, roles,
// exclusions, criteria, bonuses, tiers and the route, then the dependency graph's cycles
// and evaluation order. Input: collected names. Output: filled ir::Program vectors.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "compiler/check/checker.hpp"
#include "compiler/check/suggest.hpp"

namespace icp::check {
namespace {

const std::vector<std::string> kRoleProperties = {"titles", "owns", "objection", "proof"};

}  // namespace

void Checker::check_signals() {
  std::size_t index = 0;
  for (const auto* decl : declarations_of<syntax::SignalDecl>(tree_)) {
    if (index == vm::kMaxSignals) {
      sink_.report(DiagnosticCode::E0314, decl->name_span,
                   fmt::format("more than {} signals: a compiled program holds at most {}", vm::kMaxSignals,
                               vm::kMaxSignals),
                   "merge signals that count the same kind of event");
    }
    auto& signal = program_.signals[index++];
    const auto weight = check_literal(syn(decl->weight));
    const auto& weight_expr = at(weight);
    if (weight_expr.type.is_numeric()) {
      signal.weight = number_of(weight).value_or(Decimal());  // nullopt: reported
      if (signal.weight < Decimal()) {
        sink_.report(DiagnosticCode::E0311, weight_expr.span, "a signal's weight cannot be negative");
      }
    } else if (!weight_expr.type.is_error()) {
      sink_.report(DiagnosticCode::E0311, weight_expr.span, "a signal's weight must be a number",
                   "write it as `weight 10` or `weight 0.5`");
    }
    if (auto days = whole_days(decl->within, "a signal's window")) signal.window_days = *days;
    if (decl->cap) {
      const auto& cap = syn(*decl->cap);
      if (cap.kind != syntax::ExprKind::integer || cap.integer < 1) {
        sink_.report(DiagnosticCode::E0311, cap.span, "`cap` must be a whole number of events, at least 1",
                     "write it as `cap 3`");
      } else {
        signal.cap = cap.integer;
      }
    }
    if (decl->half_life) {
      if (auto days = whole_days(*decl->half_life, "a half-life")) {
        if (*days == 0) {
          sink_.report(DiagnosticCode::E0306, decl->half_life->span, "a half-life cannot be zero",
                       "use a half-life of at least `1d`, or remove the decay");
        } else {
          signal.half_life_days = *days;
        }
      }
    }
  }
}

void Checker::check_roles() {
  std::size_t index = 0;
  for (const auto* decl : declarations_of<syntax::RoleDecl>(tree_)) {
    auto& role = program_.roles[index++];
    std::map<std::string, Span> seen;
    for (const auto& property : decl->properties) {
      if (auto [it, fresh] = seen.emplace(property.key, property.key_span); !fresh) {
        auto& d = sink_.report(DiagnosticCode::E0105, property.key_span,
                               fmt::format("`{}` is given twice", property.key));
        d.notes.push_back({it->second, "first given here"});
        continue;
      }
      if (property.key == "titles") {
        const auto id = check_expr(property.value, ExprContext{{}, true, false});
        const auto& titles = at(id);
        if (titles.type.is_error()) continue;
        const bool strings = titles.op == ir::Op::constant && titles.type.kind == ir::TypeKind::list &&
                             (titles.type.element == ir::TypeKind::string ||
                              titles.type.element == ir::TypeKind::error);
        if (!strings) {
          sink_.report(DiagnosticCode::E0106, titles.span,
                       fmt::format("`titles` must be a list of strings, not {}", describe(titles.type)),
                       "write it as `titles [\"CFO\", \"VP Finance\"]`");
          continue;
        }
        for (const auto& item : titles.value.items) role.titles.push_back(item.text);
        role.titles_origin = titles.origin;
        if (role.titles.empty()) {
          sink_.report(DiagnosticCode::E0312, titles.span, fmt::format("role `{}` has an empty title list", role.name),
                       "list the titles that fill this role, such as `[\"CFO\"]`");
        }
        if (std::find(role.titles.begin(), role.titles.end(), "") != role.titles.end()) {
          sink_.report(DiagnosticCode::E0312, titles.span, "an empty title pattern matches no contact",
                       "remove it, or use `\"*\"` to match every title");
        }
      } else if (property.key == "owns" || property.key == "objection" || property.key == "proof") {
        const auto& value = syn(property.value);
        if (value.kind != syntax::ExprKind::string) {
          if (value.kind != syntax::ExprKind::error) {
            sink_.report(DiagnosticCode::E0106, value.span, fmt::format("`{}` must be a string", property.key),
                         fmt::format("write it as `{} \"...\"`", property.key));
          }
          continue;
        }
        (property.key == "owns" ? role.owns : property.key == "objection" ? role.objection : role.proof) = value.text;
      } else {
        sink_.report(DiagnosticCode::E0104, property.key_span,
                     fmt::format("roles have no property `{}`", property.key),
                     did_you_mean(property.key, kRoleProperties));
      }
    }
    if (!seen.contains("titles")) {
      sink_.report(DiagnosticCode::E0312, decl->name_span, fmt::format("role `{}` has no `titles`", role.name),
                   "add `titles [\"...\"]`: the contact titles that fill this role");
    }
  }
}

ir::ExprId Checker::check_condition(syntax::ExprId id, const std::string& owner_description) {
  const auto result = check_expr(id, ExprContext{});
  const auto& expr = at(result);
  if (!expr.type.is_error() && expr.type.kind != ir::TypeKind::boolean) {
    sink_.report(DiagnosticCode::E0302, expr.span,
                 fmt::format("the condition of {} is {}, not true/false", owner_description, describe(expr.type)),
                 "compare it with something, such as `employees >= 200`");
  }
  return result;
}

void Checker::check_conditions() {
  std::size_t exclusion = 0, bonus = 0;
  for (const auto& decl : tree_.declarations) {
    if (const auto* d = std::get_if<syntax::ExcludeDecl>(&decl)) {
      current_ = exclusion_vertex_[exclusion];
      program_.exclusions[exclusion].condition = check_condition(d->condition, fmt::format("exclusion `{}`", d->name));
      ++exclusion;
    } else if (const auto* d = std::get_if<syntax::BonusDecl>(&decl)) {
      current_ = bonus_vertex_[bonus];
      auto& ir_bonus = program_.bonuses[bonus++];
      const auto points = check_literal(syn(d->points));
      if (at(points).type.is_numeric()) {
        ir_bonus.points = number_of(points).value_or(Decimal());  // nullopt: reported
      }
      // A literal is never negative, so its negation cannot overflow.
      if (d->negative) ir_bonus.points = Decimal::from_units(-ir_bonus.points.units());
      ir_bonus.condition = check_condition(d->condition, fmt::format("bonus `{}`", d->name));
    }
  }
  current_.reset();
}

void Checker::check_tiers() {
  auto tiers = declarations_of<syntax::TierDecl>(tree_);
  std::stable_sort(tiers.begin(), tiers.end(),
                   [](const auto* a, const auto* b) { return a->number < b->number; });
  std::int64_t expected = 1;
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    const auto* decl = tiers[i];
    if (i > 0 && decl->number == tiers[i - 1]->number) {
      auto& d = sink_.report(DiagnosticCode::E0402, decl->number_span,
                             fmt::format("tier {} is declared twice", decl->number),
                             "number the tiers 1, 2, 3, ... without repeats");
      d.notes.push_back({tiers[i - 1]->number_span, "first declared here"});
      continue;
    }
    if (decl->number != expected) {
      const std::string what = decl->number < 1 ? fmt::format("tier {} is not allowed", decl->number)
                                                : fmt::format("tier {} is missing", expected);
      sink_.report(DiagnosticCode::E0401, decl->number_span,
                   fmt::format("{}: tiers must be numbered 1..N without gaps", what),
                   fmt::format("renumber this tier as `tier {}`", expected));
    }
    expected = std::max(expected, decl->number) + 1;
    current_ = graph_.add(ir::Node{ir::Node::Kind::tier, static_cast<std::uint32_t>(program_.tiers.size())},
                          fmt::format("tier {}", decl->number), decl->number_span);
    graph_.add_edge(tier_result_vertex_, *current_);
    const auto condition = check_condition(decl->condition, fmt::format("tier {}", decl->number));
    program_.tiers.push_back(ir::Tier{static_cast<std::int32_t>(decl->number), decl->label, condition, decl->span});
  }
  current_.reset();
}

ir::RouteAction Checker::check_action(const syntax::RouteAction& action) {
  ir::RouteAction result;
  result.kind = static_cast<ir::RouteAction::Kind>(action.kind);
  result.queue = action.queue;
  result.cadence = action.cadence;
  if (action.sla) {
    result.sla_hours = action.sla->value.hours();
    result.sla_text = fmt::format("{}{}", action.sla->value.amount, action.sla->value.unit);
  }
  return result;
}

void Checker::check_route() {
  const auto routes = declarations_of<syntax::RouteDecl>(tree_);
  if (routes.empty()) {
    if (program_.profile.span.end != 0) {
      const Span keyword{tree_.file, program_.profile.span.begin, program_.profile.span.begin + 7};
      sink_.report(DiagnosticCode::E0405, keyword,
                   fmt::format("profile `{}` has no `route` block", program_.profile.name),
                   "add `route { when excluded -> disqualify  else -> ignore }`");
    }
    return;
  }
  for (std::size_t i = 1; i < routes.size(); ++i) {
    auto& d = sink_.report(DiagnosticCode::E0107, routes[i]->span, "a second `route` block",
                           "put every route rule in one `route` block");
    d.notes.push_back({routes[0]->span, "the first `route` block is here"});
  }
  const auto& rules = routes.front()->rules;
  bool else_seen = false;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& rule = rules[i];
    ir::RouteRule ir_rule{std::nullopt, check_action(rule.action), rule.span};
    if (rule.is_else) {
      if (else_seen || i + 1 != rules.size()) {
        sink_.report(DiagnosticCode::E0404, rule.span,
                     else_seen ? "a second `else` rule" : "`else` must be the last route rule",
                     "move the `else` rule to the end of the `route` block");
      }
      else_seen = true;
    } else {
      ir_rule.condition = check_condition(rule.condition, fmt::format("route rule {}", i + 1));
    }
    program_.route.push_back(std::move(ir_rule));
  }
  if (!else_seen) {
    const Span span = routes.front()->span;
    sink_.report(DiagnosticCode::E0403, Span{span.file, span.begin, span.begin + 5},
                 "the `route` block has no `else` rule",
                 "end the block with `else -> ignore` (or another action) so every account gets a route");
  }
}

void Checker::add_aggregate_vertices() {
  score_vertex_ = graph_.add(ir::Node{ir::Node::Kind::score, 0}, "score", {});
  tier_result_vertex_ = graph_.add(ir::Node{ir::Node::Kind::tier_result, 0}, "tier", {});
  excluded_vertex_ = graph_.add(ir::Node{ir::Node::Kind::excluded, 0}, "excluded", {});
}

void Checker::finish_graph() {
  for (Vertex v : bonus_vertex_) graph_.add_edge(score_vertex_, v);
  for (Vertex v : exclusion_vertex_) graph_.add_edge(excluded_vertex_, v);
  const auto cycles = graph_.cycles();
  for (const auto& cycle : cycles) {
    std::string path;
    for (Vertex v : cycle) path += fmt::format("{} -> ", graph_.description(v));
    path += graph_.description(cycle.front());
    auto& d = sink_.report(DiagnosticCode::E0501, graph_.span(cycle.front()),
                           fmt::format("{} depends on itself: {}", graph_.description(cycle.front()), path),
                           "break the cycle: a definition cannot read, directly or indirectly, its own result");
    for (std::size_t i = 1; i < cycle.size(); ++i) {
      if (graph_.span(cycle[i]).end != 0) {
        d.notes.push_back({graph_.span(cycle[i]), fmt::format("{} is part of the cycle", graph_.description(cycle[i]))});
      }
    }
  }
  if (cycles.empty()) program_.evaluation_order = graph_.evaluation_order();
}

}  // namespace icp::check
