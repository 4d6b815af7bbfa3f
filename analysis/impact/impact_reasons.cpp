// Why an account moved between two versions of a profile (see impact_reasons.hpp).
// Input: both versions' audited decisions for the same account. Output: short phrases such
// as "criterion size: true → false (employees = 180; `employees between 200 and 2000` →
// `employees between 250 and 2000`)". Definitions are matched by name (tiers by number).
#include "analysis/impact/impact_reasons.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "analysis/impact/impact.hpp"
#include "runtime/output/decision_text.hpp"

namespace icp::analysis {
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

// What one reason lists of the values read, without repeats, in first-read order.
struct Values {
  std::vector<std::string> items;
  std::set<std::string, std::less<>> seen;  // a rule reading thousands of criteria: no quadratic search
};

// "employees = 180", "country missing", "size = false": what a condition read.
void add_values(const AuditedSide& side, vm::ReadRange range, Values& values) {
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
    if (values.seen.insert(item).second) values.items.push_back(std::move(item));
  }
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : std::string(separator)) + item;
  return text;
}

// Texts longer than this (a generated rule of 20,000 terms) are shown as an excerpt: around
// the first difference when two versions are compared, else their beginning.
constexpr std::size_t kShownTextBytes = 400;
constexpr std::size_t kExcerptContext = 60;  // bytes kept before the first difference

// The nearest code point boundary at or before `at`.
std::size_t boundary(std::string_view text, std::size_t at) {
  at = std::min(at, text.size());
  while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return at;
}

std::string excerpt(std::string_view text, std::size_t from) {
  from = boundary(text, from);
  const std::size_t to = boundary(text, from + kShownTextBytes);
  return (from > 0 ? "…" : "") + std::string(text.substr(from, to - from)) + (to < text.size() ? "…" : "");
}

// Both texts, or where either is long, excerpts that start a little before they differ.
std::pair<std::string, std::string> shown_texts(std::string_view a, std::string_view b) {
  if (a.size() <= kShownTextBytes && b.size() <= kShownTextBytes) return {std::string(a), std::string(b)};
  std::size_t same = 0;
  while (same < a.size() && same < b.size() && a[same] == b[same]) ++same;
  const std::size_t from = same > kExcerptContext ? same - kExcerptContext : 0;
  return {excerpt(a, from), excerpt(b, from)};
}

// "(employees = 180; `old text` → `new text`)", leaving out what is empty or unchanged.
std::string details(const Values& values, const std::string& old_text, const std::string& new_text) {
  std::vector<std::string> parts;
  if (!values.items.empty()) parts.push_back(join(values.items, ", "));
  if (old_text != new_text && !old_text.empty() && !new_text.empty()) {
    const auto [was, now] = shown_texts(old_text, new_text);
    parts.push_back(fmt::format("`{}` → `{}`", was, now));
  } else if (old_text.empty() != new_text.empty()) {
    parts.push_back(fmt::format("`{}`", excerpt(old_text.empty() ? new_text : old_text, 0)));
  }
  return parts.empty() ? std::string() : " (" + join(parts, "; ") + ")";
}

// Conditions by name: thousands of criteria are matched in n log n, not n squared.
std::map<std::string_view, const Condition*> by_name(const std::vector<Condition>& list) {
  std::map<std::string_view, const Condition*> index;
  for (const Condition& c : list) index.emplace(c.name, &c);  // the first of a repeated name, as a search would
  return index;
}

const Condition* find(const std::map<std::string_view, const Condition*>& index, const std::string& name) {
  auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

// The conditions of one kind whose result differs, added or removed ones that hold, in the
// new version's order and then the removed ones in the old order. With `text_changed_only`,
// only those whose text changed too (a tier that moved because a criterion did is noise).
void compare(Kind kind, const AuditedSide& o, const AuditedSide& n, bool text_changed_only,
             std::vector<std::string>& reasons) {
  static constexpr const char* kWords[] = {"exclusion", "criterion", "tier", "bonus"};
  const std::string word = kWords[static_cast<int>(kind)];
  const std::vector<Condition> old_list = conditions(o, kind), new_list = conditions(n, kind);
  const auto old_index = by_name(old_list), new_index = by_name(new_list);
  for (const Condition& now : new_list) {
    const Condition* was = find(old_index, now.name);
    Values values;
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
    if (find(new_index, was.name) != nullptr || was.result != Tri::yes) continue;
    Values values;
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
  // By name, the first of a repeated one as a search would: thousands of signals stay n log n.
  std::map<std::string_view, std::size_t> old_signals, new_signals, old_bonuses;
  for (std::size_t i = 0; i < op.signals.size(); ++i) old_signals.emplace(op.signals[i].name, i);
  for (std::size_t i = 0; i < np.signals.size(); ++i) new_signals.emplace(np.signals[i].name, i);
  for (std::size_t i = 0; i < op.bonuses.size(); ++i) old_bonuses.emplace(op.bonuses[i].name, i);
  for (std::size_t i = 0; i < np.signals.size(); ++i) {
    const auto& now = nd.audit.signals[i].points;
    const auto found = old_signals.find(np.signals[i].name);
    if (found == old_signals.end()) {
      if (now != Decimal{}) items.push_back(fmt::format("signal {} (new) {} points", np.signals[i].name, points_text(now)));
      continue;
    }
    const auto was = op.signals.begin() + static_cast<std::ptrdiff_t>(found->second);
    const auto& before = od.audit.signals[found->second].points;
    if (before == now) continue;
    std::string rule;
    if (signal_rule(*was) != signal_rule(np.signals[i])) rule = fmt::format(" ({} → {})", signal_rule(*was), signal_rule(np.signals[i]));
    items.push_back(fmt::format("signal {} {} → {} points{}", np.signals[i].name, points_text(before), points_text(now), rule));
  }
  for (std::size_t i = 0; i < op.signals.size(); ++i) {
    const bool kept = new_signals.contains(op.signals[i].name);
    const auto& before = od.audit.signals[i].points;
    if (!kept && before != Decimal{}) items.push_back(fmt::format("signal {} (removed) was {} points", op.signals[i].name, points_text(before)));
  }
  for (std::size_t i = 0; i < np.bonuses.size(); ++i) {
    const auto found = old_bonuses.find(np.bonuses[i].name);
    if (found == old_bonuses.end() || nd.bonuses[i] != Tri::yes) continue;
    const std::size_t w = found->second;
    const auto was = op.bonuses.begin() + static_cast<std::ptrdiff_t>(w);
    if (od.bonuses[w] == Tri::yes && was->points != np.bonuses[i].points) {
      items.push_back(fmt::format("bonus {} +{} → +{}", np.bonuses[i].name, was->points.to_string(), np.bonuses[i].points.to_string()));
    }
  }
  std::string head = fmt::format("score {} → {}", points_text(od.score), points_text(nd.score));
  reasons.push_back(items.empty() ? head : head + ": " + join(items, ", "));
}

std::string route_when(const vm::Program& p, std::uint32_t rule) {
  return p.route[rule].code ? "when " + source_text(p.debug.route, rule) : std::string("else");
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
  const std::string was = route_when(*old_side.program, old_rule), now = route_when(*new_side.program, new_rule);
  if ((with_route || reasons.empty()) && (old_rule != new_rule || was != now)) {
    const auto [was_shown, now_shown] = shown_texts(was, now);
    reasons.push_back(fmt::format("route rule {} `{}` → rule {} `{}`", old_rule + 1, was_shown, new_rule + 1, now_shown));
  }
  if (reasons.empty()) reasons.push_back("no condition, signal or route rule differs in result");
  return reasons;
}

}  // namespace icp::analysis
