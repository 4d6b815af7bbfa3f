// Why an account moved between two versions of a profile (see explain_move in impact.hpp).
// Input: both versions' audited decisions for the same account. Output: short phrases such
// as "criterion size: true → false (employees = 180; `employees between 200 and 2000` →
// `employees between 250 and 2000`)". Definitions are matched by name (tiers by number).
#include <algorithm>

#include <fmt/format.h>

#include "runtime/decision_text.hpp"
#include "tools/icpc/impact.hpp"

namespace icp::cli {
namespace {

using vm::Tri;

const char* tri_text(Tri value) { return value == Tri::yes ? "true" : value == Tri::no ? "false" : "unknown"; }

// One named condition of one version, as the audit saw it.
struct Condition {
  std::string name;
  Tri result = Tri::no;
  vm::ReadRange range;
  std::string text;  // the condition as written (empty for an artifact without debug info)
};

enum class Kind { exclusion, criterion, tier, bonus };

std::string source_text(const std::vector<vm::SourceRef>& refs, std::size_t i) {
  return i < refs.size() ? refs[i].text : std::string();
}

std::vector<Condition> conditions(const AuditedSide& side, Kind kind) {
  const vm::Program& p = *side.program;
  const vm::Decision& d = *side.decision;
  std::vector<Condition> list;
  switch (kind) {
    case Kind::exclusion:
      for (std::size_t i = 0; i < p.exclusions.size(); ++i)
        list.push_back({p.exclusions[i].name, d.exclusions[i], d.audit.exclusions[i], source_text(p.debug.exclusions, i)});
      break;
    case Kind::criterion:
      for (std::size_t i = 0; i < p.criteria.size(); ++i)
        list.push_back({p.criteria[i].name, d.criteria[i], d.audit.criteria[i], source_text(p.debug.criteria, i)});
      break;
    case Kind::tier:
      for (std::size_t i = 0; i < p.tiers.size(); ++i)
        list.push_back({fmt::format("{}", p.tiers[i].number), d.tiers[i], d.audit.tiers[i], source_text(p.debug.tiers, i)});
      break;
    case Kind::bonus:
      for (std::size_t i = 0; i < p.bonuses.size(); ++i)
        list.push_back({p.bonuses[i].name, d.bonuses[i], d.audit.bonuses[i], source_text(p.debug.bonuses, i)});
      break;
  }
  return list;
}

// "employees = 180", "country missing", "size = false": what a condition read.
void add_values(const AuditedSide& side, vm::ReadRange range, std::vector<std::string>& items) {
  const vm::Program& p = *side.program;
  const vm::Decision& d = *side.decision;
  for (std::uint32_t i = range.begin; i < range.end; ++i) {
    const vm::AuditRead& read = d.audit.reads[i];
    std::string item;
    if (read.kind == vm::AuditRead::Kind::criterion) {
      item = p.criteria[read.index].name + " = " + tri_text(d.criteria[read.index]);
    } else if (read.kind != vm::AuditRead::Kind::field) {
      item = vm::computed_read_text(p, d, read);  // count, has_role, committee_coverage
    } else if (!side.record->present(read.index)) {
      item = p.schema.fields[read.index].name + " missing";
    } else {
      item = p.schema.fields[read.index].name + " = ";
      vm::append_field_value(p, *side.record, read.index, item);
    }
    if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(std::move(item));
  }
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : std::string(separator)) + item;
  return text;
}

// "(employees = 180; `old text` → `new text`)", leaving out what is empty or unchanged.
std::string details(const std::vector<std::string>& values, const std::string& old_text, const std::string& new_text) {
  std::vector<std::string> parts;
  if (!values.empty()) parts.push_back(join(values, ", "));
  if (old_text != new_text && !old_text.empty() && !new_text.empty()) {
    parts.push_back(fmt::format("`{}` → `{}`", old_text, new_text));
  } else if (old_text.empty() != new_text.empty()) {
    parts.push_back(fmt::format("`{}`", old_text.empty() ? new_text : old_text));
  }
  return parts.empty() ? std::string() : " (" + join(parts, "; ") + ")";
}

const Condition* find(const std::vector<Condition>& list, const std::string& name) {
  auto it = std::find_if(list.begin(), list.end(), [&](const Condition& c) { return c.name == name; });
  return it == list.end() ? nullptr : &*it;
}

// The conditions of one kind whose result differs, added or removed ones that hold, in the
// new version's order and then the removed ones in the old order. With `text_changed_only`,
// only those whose text changed too (a tier that moved because a criterion did is noise).
void compare(Kind kind, const AuditedSide& o, const AuditedSide& n, bool text_changed_only,
             std::vector<std::string>& reasons) {
  static constexpr const char* kWords[] = {"exclusion", "criterion", "tier", "bonus"};
  const std::string word = kWords[static_cast<int>(kind)];
  const std::vector<Condition> old_list = conditions(o, kind), new_list = conditions(n, kind);
  for (const Condition& now : new_list) {
    const Condition* was = find(old_list, now.name);
    std::vector<std::string> values;
    add_values(n, now.range, values);
    if (was == nullptr) {
      if (now.result == Tri::yes) reasons.push_back(fmt::format("{} {} (new): true{}", word, now.name, details(values, "", now.text)));
      continue;
    }
    if (was->result == now.result || (text_changed_only && was->text == now.text)) continue;
    add_values(o, was->range, values);
    reasons.push_back(fmt::format("{} {}: {} → {}{}", word, now.name, tri_text(was->result), tri_text(now.result),
                                  details(values, was->text, now.text)));
  }
  for (const Condition& was : old_list) {
    if (find(new_list, was.name) != nullptr || was.result != Tri::yes) continue;
    std::vector<std::string> values;
    add_values(o, was.range, values);
    reasons.push_back(fmt::format("{} {} (removed): was true{}", word, was.name, details(values, was.text, "")));
  }
}

std::string points_text(const std::optional<Decimal>& points) { return points ? points->to_string() : "overflow"; }

std::string signal_rule(const vm::SignalDef& def) {
  std::string text = fmt::format("weight {} within {}d", def.weight.to_string(), def.window_days);
  if (def.cap) text += fmt::format(" cap {}", *def.cap);
  if (def.half_life_days) text += fmt::format(" decay half_life {}d", *def.half_life_days);
  return text;
}

// The signals and bonuses behind a score change, after "score A → B: ".
void score_reasons(const AuditedSide& o, const AuditedSide& n, std::vector<std::string>& reasons) {
  const vm::Program &op = *o.program, &np = *n.program;
  const vm::Decision &od = *o.decision, &nd = *n.decision;
  if (od.score == nd.score) return;
  std::vector<std::string> items;
  for (std::size_t i = 0; i < np.signals.size(); ++i) {
    const auto& now = nd.audit.signals[i].points;
    auto was = std::find_if(op.signals.begin(), op.signals.end(), [&](const auto& s) { return s.name == np.signals[i].name; });
    if (was == op.signals.end()) {
      if (now != Decimal{}) items.push_back(fmt::format("signal {} (new) {} points", np.signals[i].name, points_text(now)));
      continue;
    }
    const auto& before = od.audit.signals[static_cast<std::size_t>(was - op.signals.begin())].points;
    if (before == now) continue;
    std::string rule;
    if (signal_rule(*was) != signal_rule(np.signals[i])) rule = fmt::format(" ({} → {})", signal_rule(*was), signal_rule(np.signals[i]));
    items.push_back(fmt::format("signal {} {} → {} points{}", np.signals[i].name, points_text(before), points_text(now), rule));
  }
  for (std::size_t i = 0; i < op.signals.size(); ++i) {
    const bool kept = std::any_of(np.signals.begin(), np.signals.end(), [&](const auto& s) { return s.name == op.signals[i].name; });
    const auto& before = od.audit.signals[i].points;
    if (!kept && before != Decimal{}) items.push_back(fmt::format("signal {} (removed) was {} points", op.signals[i].name, points_text(before)));
  }
  for (std::size_t i = 0; i < np.bonuses.size(); ++i) {
    auto was = std::find_if(op.bonuses.begin(), op.bonuses.end(), [&](const auto& b) { return b.name == np.bonuses[i].name; });
    if (was == op.bonuses.end() || nd.bonuses[i] != Tri::yes) continue;
    const std::size_t w = static_cast<std::size_t>(was - op.bonuses.begin());
    if (od.bonuses[w] == Tri::yes && was->points != np.bonuses[i].points) {
      items.push_back(fmt::format("bonus {} +{} → +{}", np.bonuses[i].name, was->points.to_string(), np.bonuses[i].points.to_string()));
    }
  }
  std::string head = fmt::format("score {} → {}", points_text(od.score), points_text(nd.score));
  reasons.push_back(items.empty() ? head : head + ": " + join(items, ", "));
}

std::string route_rule_text(const vm::Program& p, std::uint32_t rule) {
  const std::string when = p.route[rule].code ? "when " + source_text(p.debug.route, rule) : std::string("else");
  return fmt::format("rule {} `{}`", rule + 1, when);
}

}  // namespace

std::vector<std::string> explain_move(const AuditedSide& old_side, const AuditedSide& new_side, bool with_route) {
  if (old_side.decision == nullptr || new_side.decision == nullptr) {
    const bool old_rejected = old_side.decision == nullptr, new_rejected = new_side.decision == nullptr;
    if (old_rejected && new_rejected) return {"rejected by both: " + new_side.error};
    return {fmt::format("rejected by {} only: {}", old_rejected ? "old" : "new",
                        old_rejected ? old_side.error : new_side.error)};
  }
  std::vector<std::string> reasons;
  compare(Kind::exclusion, old_side, new_side, false, reasons);
  compare(Kind::criterion, old_side, new_side, false, reasons);
  const std::size_t before_tiers = reasons.size();
  compare(Kind::tier, old_side, new_side, /*text_changed_only=*/before_tiers != 0, reasons);
  score_reasons(old_side, new_side, reasons);
  compare(Kind::bonus, old_side, new_side, false, reasons);
  const std::uint32_t old_rule = old_side.decision->route_rule, new_rule = new_side.decision->route_rule;
  // The rule that matched, with its condition: the route's action is already in the heading.
  const std::string was = route_rule_text(*old_side.program, old_rule), now = route_rule_text(*new_side.program, new_rule);
  if ((with_route || reasons.empty()) && was != now) reasons.push_back(fmt::format("route {} → {}", was, now));
  if (reasons.empty()) reasons.push_back("no condition, signal or route rule differs in result");
  return reasons;
}

}  // namespace icp::cli
