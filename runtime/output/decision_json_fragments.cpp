// Stage 5, output: building a DecisionJsonWriter's fragments (decision_json_fragments.hpp)
// once per program: names, labels, route rules, source lines, the pieces of the audit's
// condition lists and near-miss texts, all escaped. Input: a Program. Output: Fragments.
#include <algorithm>
#include <array>
#include <cassert>
#include <iterator>

#include <fmt/format.h>

#include "runtime/output/decision_json_fragments.hpp"
#include "runtime/output/decision_text.hpp"
#include "runtime/output/json_sink.hpp"

namespace icp::vm {

using namespace std::string_view_literals;

namespace {

void string_or_null(const std::string* text, std::string& out) {
  if (text) {
    append_json_string(*text, out);
  } else {
    out.append("null");
  }
}

constexpr std::string_view kTriText[] = {"false", "true", "\"unknown\""};



const SourceRef* source_of(const std::vector<SourceRef>& refs, std::size_t index) {
  return index < refs.size() ? &refs[index] : nullptr;
}

std::string json(std::string_view text) {
  std::string out;
  append_json_string(text, out);
  return out;
}

// ,"line":N from the debug section (null without it). The condition's text is not repeated
// in every line: "program" and "source" name the file, and the line finds it there.
std::string source_json(const SourceRef* ref) {
  std::string out = ",\"line\":";
  if (ref) {
    append_json_int(ref->line, out);
  } else {
    out.append("null");
  }
  return out;
}

ConditionList condition_list(std::string_view opener, const std::vector<ConditionJson>& items, std::string_view after) {
  ConditionList list;
  std::string before(opener);
  for (const ConditionJson& c : items) {
    list.lead.push_back({before + c.head[0], before + c.head[1], before + c.head[2]});
    before = c.suffix + ",";
  }
  list.close = (items.empty() ? std::string(opener) : items.back().suffix) + "]" + std::string(after);
  return list;
}

}  // namespace

namespace {

std::string route_json(const RouteRuleDef& rule, std::size_t index) {
  static constexpr const char* kActions[] = {"disqualify", "ignore", "queue"};
  std::string out = "\"route\":{\"action\":";
  append_json_string(kActions[static_cast<int>(rule.action)], out);
  if (rule.action == RouteRuleDef::Action::queue) {
    out.append(",\"queue\":");
    append_json_string(rule.queue, out);
    if (rule.sla_hours) {
      out.append(",\"sla\":");
      append_json_string(rule.sla_text, out);
    }
    if (rule.cadence) {
      out.append(",\"cadence\":");
      append_json_string(*rule.cadence, out);
    }
  }
  out.append(",\"rule\":");
  append_json_int(static_cast<std::int64_t>(index) + 1, out);
  out.push_back('}');
  return out;
}

ConditionJson condition_json(std::string_view name, const SourceRef* ref, std::string suffix) {
  ConditionJson c;
  c.prefix = "{\"name\":" + json(name) + ",\"result\":";
  c.middle = source_json(ref) + ",";
  c.suffix = std::move(suffix);
  c.join();
  return c;
}

}  // namespace

DecisionJsonWriter::Fragments::Fragments(const Program& program) {
  head = ",\"profile\":" + json(program.profile) + ",\"version\":" + json(program.version) +
         ",\"program\":" + json(program.id) + ",\"as_of\":";
  for (const TierDef& tier : program.tiers) tier_label.push_back(json(tier.label));
  for (const ExclusionDef& exclusion : program.exclusions) exclusion_name.push_back(json(exclusion.name));
  for (const RoleDef& role : program.roles) role_name.push_back(json(role.name));
  for (std::size_t i = 0; i < program.route.size(); ++i) route.push_back(route_json(program.route[i], i));
}

const std::string& DecisionJsonWriter::Fragments::count_head(std::uint32_t instruction) const {
  // count_heads holds every COUNT of the program, in code order (build_texts).
  using Head = std::pair<std::uint32_t, std::string>;
  const auto at = std::lower_bound(count_heads.begin(), count_heads.end(), instruction,
                                   [](const Head& head, std::uint32_t at) { return head.first < at; });
  assert(at != count_heads.end() && at->first == instruction);
  return at->second;
}

const std::string& DecisionJsonWriter::Fragments::as_of_json(Date date) {
  if (!as_of_ready || date != as_of) {
    as_of = date;
    as_of_text = json(format_date(date)) + ",\"verdict\":";
    as_of_ready = true;
  }
  return as_of_text;
}

// The pieces of the phrases of decision_text.hpp (summary, near misses), escaped.
void DecisionJsonWriter::Fragments::build_texts(const Program& program) {
  auto escaped = [](const std::string& text) {
    const std::string quoted = json(text);
    return quoted.substr(1, quoted.size() - 2);
  };
  for (std::size_t i = 0; i < program.tiers.size(); ++i) {
    summary_tier.push_back(json(fmt::format("tier {} ({})", i + 1, program.tiers[i].label)));
  }
  for (const ExclusionDef& exclusion : program.exclusions) {
    summary_excluded.push_back(escaped("excluded by " + exclusion.name +
                                       (exclusion.reason.empty() ? "" : ": " + exclusion.reason)));
  }
  for (std::size_t i = 0; i < program.criteria.size(); ++i) {
    why_head.push_back("\"" + escaped(program.criteria[i].name + ":"));
    const SourceRef* ref = source_of(program.debug.criteria, i);
    why_tail.push_back(escaped(ref ? " needs " + ref->text : std::string(" not met")) + "\"");
  }
  for (const FieldSpec& field : program.schema.fields) {
    why_field.push_back(escaped(" " + field.name));
    why_field_equals.push_back(escaped(" " + field.name + " = "));
  }
  for (std::size_t pc = 0; pc < program.code.size(); ++pc) {
    if (program.code[pc].op != Opcode::COUNT) continue;
    const auto instruction = static_cast<std::uint32_t>(pc);
    count_heads.emplace_back(instruction, escaped(" " + count_text(program, instruction) + " = "));
  }
  missed_at.resize(program.criteria.size());
  missed_size.resize(program.criteria.size());
  missed_serial.assign(program.criteria.size(), 0);
}

// The lists of conditions, and the per-criterion pieces of reads and near misses.
void DecisionJsonWriter::Fragments::build_conditions(const Program& program) {
  const DebugInfo& debug = program.debug;
  std::vector<ConditionJson> exclusion_items, criterion_items, tier_items, bonus_items;
  for (std::size_t i = 0; i < program.exclusions.size(); ++i) {
    const std::string& reason = program.exclusions[i].reason;
    std::string suffix = ",\"reason\":";
    string_or_null(reason.empty() ? nullptr : &reason, suffix);
    exclusion_items.push_back(condition_json(program.exclusions[i].name, source_of(debug.exclusions, i), suffix + "}"));
  }
  for (std::size_t i = 0; i < program.criteria.size(); ++i) {
    criterion_items.push_back(condition_json(program.criteria[i].name, source_of(debug.criteria, i), "}"));
  }
  for (std::size_t i = 0; i < program.tiers.size(); ++i) {
    ConditionJson c;
    c.prefix = "{\"tier\":";
    append_json_int(program.tiers[i].number, c.prefix);
    c.prefix += ",\"label\":" + json(program.tiers[i].label) + ",\"result\":";
    c.middle = source_json(source_of(debug.tiers, i)) + ",";
    c.suffix = "}";
    c.join();
    tier_items.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < program.bonuses.size(); ++i) {
    std::string suffix = ",\"points\":";
    append_json_decimal(program.bonuses[i].points, suffix);
    bonus_items.push_back(condition_json(program.bonuses[i].name, source_of(debug.bonuses, i), suffix + "}"));
  }
  exclusions = condition_list(",\"exclusions\":[", exclusion_items, ",");
  criteria = condition_list("\"criteria\":[", criterion_items, ",");
  tiers = condition_list("\"tiers\":[", tier_items, ",");
  bonuses = condition_list("\"bonuses\":[", bonus_items, ",");
  for (std::size_t c = 0; c < program.criteria.size(); ++c) {
    std::array<std::string, 3> next, first, missed;
    for (int r = 0; r < 3; ++r) {
      next[r] = "," + criterion_key[c] + std::string(kTriText[r]);
      first[r] = ",\"criteria\":{" + next[r].substr(1);
      missed[r] = "{\"criterion\":" + criterion_name[c] + ",\"result\":" + std::string(kTriText[r]) + ",\"why\":" +
                  why_head[c];
    }
    criterion_next.push_back(std::move(next));
    criterion_first.push_back(std::move(first));
    missed_head.push_back(std::move(missed));
  }
}

void DecisionJsonWriter::Fragments::build_audit(const Program& program) {
  const DebugInfo& debug = program.debug;
  source = ",\"source\":" + json(debug.source_path);
  for (const FieldSpec& field : program.schema.fields) {
    field_key.push_back(json(field.name) + ":");
    field_type.push_back(field.type);
    std::vector<std::string> values, escaped;
    for (const std::string& value : field.enum_values) {
      values.push_back(json(value));
      escaped.push_back(json(values.back()).substr(1, json(values.back()).size() - 2));
    }
    enum_json.push_back(std::move(values));
    enum_escaped.push_back(std::move(escaped));
  }
  for (const CriterionDef& criterion : program.criteria) {
    criterion_name.push_back(json(criterion.name));
    criterion_key.push_back(criterion_name.back() + ":");
  }
  build_texts(program);
  build_conditions(program);
  for (const SignalDef& signal : program.signals) {
    signal_prefix.push_back("{\"name\":" + json(signal.name) + ",\"counted\":");
    static constexpr std::string_view kAfterDigit[] = {",\"capped_out\":", ",\"expired\":", ",\"future\":",
                                                       ",\"points\":"};
    SignalTemplate tally;
    tally.text = signal_prefix.back();
    for (std::size_t i = 0; i < 4; ++i) {
      tally.digit[i] = tally.text.size();
      tally.text += '0';
      tally.text += kAfterDigit[i];
    }
    signal_tally.push_back(std::move(tally));
  }
  for (std::size_t r = 0; r < program.roles.size(); ++r) {
    role_prefix.push_back("{\"role\":" + json(program.roles[r].name));
    std::vector<std::string> patterns;
    for (const auto& pattern : program.role_matchers[r].patterns()) patterns.push_back(json(pattern.text()));
    role_pattern.push_back(std::move(patterns));
  }
  for (std::size_t i = 0; i < program.route.size(); ++i) {
    const SourceRef* ref = source_of(debug.route, i);
    std::string text = "\"route\":{\"rule\":";
    append_json_int(static_cast<std::int64_t>(i) + 1, text);
    text += source_json(ref) + ",\"source\":";
    if (ref) {
      append_json_string(fmt::format("{}:{}", debug.source_path, ref->line), text);
    } else {
      text.append("null");
    }
    route_trace.push_back(text + ",\"reads\":{");
  }
  audit_ready = true;
}

}  // namespace icp::vm
