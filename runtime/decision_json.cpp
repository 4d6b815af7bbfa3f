// Stage 5, output: one decision as a JSON object, with its audit trace when it has one.
// Input: a Decision, its Program and its Record. Output: text appended to a string, keys in
// a fixed order and nothing hash-ordered, so equal inputs always give equal bytes.
#include <iterator>

#include <fmt/format.h>

#include "runtime/decision.hpp"
#include "runtime/decision_text.hpp"

namespace icp::vm {

namespace {

void key(std::string_view name, std::string& out) {
  append_json_string(name, out);
  out.push_back(':');
}

void string_or_null(const std::string* text, std::string& out) {
  if (text) {
    append_json_string(*text, out);
  } else {
    out.append("null");
  }
}

void tri(Tri value, std::string& out) {
  out.append(value == Tri::yes ? "true" : value == Tri::no ? "false" : "\"unknown\"");
}

void decimal_or_null(const std::optional<Decimal>& value, std::string& out) {
  out.append(value ? value->to_string() : std::string("null"));
}

const SourceRef* source_of(const std::vector<SourceRef>& refs, std::size_t index) {
  return index < refs.size() ? &refs[index] : nullptr;
}

struct Writer {
  const Program& program;
  const Record& record;
  const Decision& decision;
  std::string& out;

  void route() {
    const RouteRuleDef& rule = program.route[decision.route_rule];
    static constexpr const char* kActions[] = {"disqualify", "ignore", "queue"};
    out.append("\"route\":{");
    key("action", out);
    append_json_string(kActions[static_cast<int>(rule.action)], out);
    if (rule.action == RouteRuleDef::Action::queue) {
      out.push_back(',');
      key("queue", out);
      append_json_string(rule.queue, out);
      if (rule.sla_hours) {
        out.push_back(',');
        key("sla", out);
        append_json_string(rule.sla_text, out);
      }
      if (rule.cadence) {
        out.push_back(',');
        key("cadence", out);
        append_json_string(*rule.cadence, out);
      }
    }
    fmt::format_to(std::back_inserter(out), ",\"rule\":{}}}", decision.route_rule + 1);
  }

  void committee() {
    out.append("\"committee\":{\"coverage\":");
    out.append(decision.coverage ? std::to_string(*decision.coverage) : std::string("null"));
    out.append(",\"roles\":[");
    for (std::size_t i = 0; i < decision.roles_filled.size(); ++i) {
      if (i > 0) out.push_back(',');
      append_json_string(program.roles[decision.roles_filled[i]].name, out);
    }
    out.append("]}");
  }

  void decision_keys() {
    auto it = std::back_inserter(out);
    bool has_tier = decision.verdict == Verdict::tier;
    static constexpr const char* kVerdicts[] = {"excluded", "tier", "no_fit"};
    out.push_back('{');
    key("id", out), append_json_string(decision.id, out), out.push_back(',');
    key("profile", out), append_json_string(program.profile, out), out.push_back(',');
    key("version", out), append_json_string(program.version, out), out.push_back(',');
    key("program", out), append_json_string(program.id, out), out.push_back(',');
    key("as_of", out), append_json_string(format_date(decision.as_of), out), out.push_back(',');
    key("verdict", out), append_json_string(kVerdicts[static_cast<int>(decision.verdict)], out);
    out.append(",\"tier\":");
    if (has_tier) {
      fmt::format_to(it, "{}", decision.fit_tier);
    } else {
      out.append("null");
    }
    out.append(",\"tier_label\":");
    string_or_null(has_tier ? &program.tiers[decision.fit_tier - 1].label : nullptr, out);
    out.append(",\"excluded_by\":");
    string_or_null(decision.excluded_by ? &program.exclusions[*decision.excluded_by].name : nullptr, out);
    out.append(",\"score\":");
    decimal_or_null(decision.score, out);
    out.push_back(',');
    committee();
    out.push_back(',');
    route();
  }

  // "reads":{field:value...} and, when the condition read criteria, "criteria":{name:result...}.
  void reads(ReadRange range) {
    const std::vector<AuditRead>& all = decision.audit.reads;
    out.append("\"reads\":{");
    bool first = true;
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      if (all[i].kind != AuditRead::Kind::field) continue;
      if (!first) out.push_back(',');
      first = false;
      key(program.schema.fields[all[i].index].name, out);
      append_field_value(program, record, all[i].index, out);
    }
    out.push_back('}');
    first = true;
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      if (all[i].kind != AuditRead::Kind::criterion) continue;
      out.append(first ? ",\"criteria\":{" : ",");
      first = false;
      key(program.criteria[all[i].index].name, out);
      tri(decision.criteria[all[i].index], out);
    }
    if (!first) out.push_back('}');
  }

  // ,"line":N,"condition":"text as written" from the debug section (null without it).
  void source(const SourceRef* ref) {
    out.append(",\"line\":");
    out.append(ref ? std::to_string(ref->line) : std::string("null"));
    out.append(",\"condition\":");
    string_or_null(ref ? &ref->text : nullptr, out);
  }

  void condition(std::string_view kind, const std::string& name, Tri result, ReadRange range,
                 const SourceRef* ref) {
    out.push_back('{');
    key(kind, out);
    append_json_string(name, out);
    out.append(",\"result\":");
    tri(result, out);
    source(ref);
    out.push_back(',');
    reads(range);
  }

  void missed(std::size_t tier) {
    out.append(",\"missed\":[");
    bool first = true;
    const ReadRange range = decision.audit.tiers[tier];
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      const AuditRead& read = decision.audit.reads[i];
      if (read.kind != AuditRead::Kind::criterion || decision.criteria[read.index] == Tri::yes) continue;
      if (!first) out.push_back(',');
      first = false;
      out.append("{\"criterion\":");
      append_json_string(program.criteria[read.index].name, out);
      out.append(",\"result\":");
      tri(decision.criteria[read.index], out);
      out.append(",\"why\":");
      append_json_string(near_miss_text(program, record, decision, read.index), out);
      out.push_back('}');
    }
    out.push_back(']');
  }

  void exclusions() {
    out.append("\"exclusions\":[");
    for (std::size_t i = 0; i < program.exclusions.size(); ++i) {
      if (i > 0) out.push_back(',');
      condition("name", program.exclusions[i].name, decision.exclusions[i], decision.audit.exclusions[i],
                source_of(program.debug.exclusions, i));
      out.append(",\"reason\":");
      const std::string& reason = program.exclusions[i].reason;
      string_or_null(reason.empty() ? nullptr : &reason, out);
      out.push_back('}');
    }
    out.push_back(']');
  }

  void criteria() {
    out.append("\"criteria\":[");
    for (std::size_t i = 0; i < program.criteria.size(); ++i) {
      if (i > 0) out.push_back(',');
      condition("name", program.criteria[i].name, decision.criteria[i], decision.audit.criteria[i],
                source_of(program.debug.criteria, i));
      out.push_back('}');
    }
    out.push_back(']');
  }

  // Near misses: every tier above the one reached (all of them when none) lists the
  // criteria it read that did not hold, with the values behind them.
  void tiers() {
    out.append("\"tiers\":[");
    for (std::size_t i = 0; i < program.tiers.size(); ++i) {
      if (i > 0) out.push_back(',');
      fmt::format_to(std::back_inserter(out), "{{\"tier\":{},\"label\":", program.tiers[i].number);
      append_json_string(program.tiers[i].label, out);
      out.append(",\"result\":");
      tri(decision.tiers[i], out);
      source(source_of(program.debug.tiers, i));
      out.push_back(',');
      reads(decision.audit.tiers[i]);
      if (decision.fit_tier == 0 || program.tiers[i].number < decision.fit_tier) missed(i);
      out.push_back('}');
    }
    out.push_back(']');
  }

  void signals() {
    auto it = std::back_inserter(out);
    out.append("\"signals\":[");
    for (std::size_t i = 0; i < decision.audit.signals.size(); ++i) {
      const SignalTally& t = decision.audit.signals[i];
      if (i > 0) out.push_back(',');
      out.append("{\"name\":");
      append_json_string(program.signals[i].name, out);
      fmt::format_to(it, ",\"counted\":{},\"capped_out\":{},\"expired\":{},\"future\":{},\"points\":",
                     t.counted, t.capped_out, t.expired, t.future);
      decimal_or_null(t.points, out);
      out.push_back('}');
    }
    out.append("],\"ignored_events\":[");
    for (std::size_t i = 0; i < decision.audit.ignored_events.size(); ++i) {
      const IgnoredEvent& ignored = decision.audit.ignored_events[i];
      const SignalEvent& event = record.signals()[ignored.event];
      if (i > 0) out.push_back(',');
      out.append("{\"type\":");
      append_json_string(record.view(event.name), out);
      fmt::format_to(it, ",\"age_days\":{},\"note\":", event.age_days);
      append_json_string(ignored.why == IgnoredEvent::Why::future ? "future event" : "undeclared type", out);
      out.push_back('}');
    }
    out.push_back(']');
  }

  void bonuses() {
    out.append("\"bonuses\":[");
    for (std::size_t i = 0; i < program.bonuses.size(); ++i) {
      if (i > 0) out.push_back(',');
      condition("name", program.bonuses[i].name, decision.bonuses[i], decision.audit.bonuses[i],
                source_of(program.debug.bonuses, i));
      out.append(",\"points\":");
      out.append(program.bonuses[i].points.to_string());
      out.push_back('}');
    }
    out.push_back(']');
  }

  void roles() {
    out.append("\"roles\":[");
    for (std::size_t r = 0; r < program.roles.size(); ++r) {
      if (r > 0) out.push_back(',');
      out.append("{\"role\":");
      append_json_string(program.roles[r].name, out);
      const std::optional<RoleMatch>& match = decision.audit.roles[r];
      out.append(match ? ",\"filled\":true,\"title\":" : ",\"filled\":false");
      if (match) {
        append_json_string(record.view(record.contacts()[match->contact].title), out);
        out.append(",\"pattern\":");
        append_json_string(program.role_matchers[r].patterns()[match->pattern].text(), out);
      }
      out.push_back('}');
    }
    out.push_back(']');
  }

  void route_trace() {
    const SourceRef* ref = source_of(program.debug.route, decision.route_rule);
    fmt::format_to(std::back_inserter(out), "\"route\":{{\"rule\":{}", decision.route_rule + 1);
    source(ref);
    out.append(",\"source\":");
    if (ref) {
      append_json_string(fmt::format("{}:{}", program.debug.source_path, ref->line), out);
    } else {
      out.append("null");
    }
    out.push_back(',');
    reads(decision.audit.route);
    out.push_back('}');
  }

  void audit(std::string_view input_digest) {
    out.append(",\"audit\":{\"input_digest\":");
    if (input_digest.empty()) {
      out.append("null");
    } else {
      append_json_string(input_digest, out);
    }
    out.append(",\"source\":");
    append_json_string(program.debug.source_path, out);
    out.append(",\"summary\":");
    append_json_string(decision_summary(program, decision), out);
    out.push_back(',');
    exclusions(), out.push_back(',');
    criteria(), out.push_back(',');
    tiers(), out.push_back(',');
    signals(), out.push_back(',');
    bonuses(), out.push_back(',');
    roles(), out.push_back(',');
    route_trace();
    out.push_back('}');
  }
};

}  // namespace

void append_decision_json(const Program& program, const Record& record, const Decision& decision,
                          std::string_view input_digest, std::string& out) {
  Writer writer{program, record, decision, out};
  writer.decision_keys();
  if (decision.audited) writer.audit(input_digest);
  out.push_back('}');
}

}  // namespace icp::vm
