// Stage 5, output: one decision as a JSON object, with its audit trace when it has one.
// Input: a Decision, its Program and its Record. Output: text appended to a string, keys in
// a fixed order and nothing hash-ordered, so equal inputs always give equal bytes. The
// program's constant pieces are escaped once per DecisionJsonWriter, not once per line.
#include <array>
#include <iterator>

#include <fmt/format.h>

#include "runtime/decision_json.hpp"
#include "runtime/decision_text.hpp"
#include "runtime/json_sink.hpp"

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

[[gnu::always_inline]] inline void tri(Tri value, JsonSink& out) { out.append(kTriText[static_cast<int>(value)]); }
[[gnu::always_inline]] inline void tri(Tri value, SinkRun& out) { out.append(kTriText[static_cast<int>(value)]); }

void decimal_or_null(const std::optional<Decimal>& value, JsonSink& out) {
  if (value) {
    out.append_decimal(*value);
  } else {
    out.append("null"sv);
  }
}

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

}  // namespace

// A condition's entry is prefix + its result + middle + its reads + (tiers: missed) + suffix;
// head[result] is everything before the reads' values, one piece per result (one copy).
struct ConditionJson {
  std::string prefix, middle, suffix;
  std::string head[3];
  void join() {
    static constexpr std::string_view kResults[] = {"false", "true", "\"unknown\""};
    for (int r = 0; r < 3; ++r) head[r] = prefix + std::string(kResults[r]) + middle + "\"reads\":{";
  }
};

// A list of conditions as the line has it: entry i is lead[i][its result] + its reads (+ a
// tier's missed) and the list ends with close. Every constant piece between two entries'
// values is joined into one (the previous entry's suffix, a comma, the next one's head).
struct ConditionList {
  std::vector<std::array<std::string, 3>> lead;
  std::string close;
};

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

// A signal's tally up to its points, {"name":…,"counted":0,…,"points":, and where its four
// one-digit counts go.
struct SignalTemplate {
  std::string text;
  std::size_t digit[4] = {};
};

struct DecisionJsonWriter::Fragments {
  // Every decision line.
  std::string head;  // ,"profile":…,"version":…,"program":…,"as_of":
  Date as_of;
  std::string as_of_text;  // "YYYY-MM-DD","verdict":  for as_of
  bool as_of_ready = false;
  std::vector<std::string> tier_label, exclusion_name, role_name, route;
  // Audited lines only: built on the first one.
  bool audit_ready = false;
  std::string source;  // ,"source":"path"
  std::vector<std::string> field_key, criterion_key, criterion_name, signal_prefix, role_prefix, route_trace;
  std::vector<FieldType> field_type;
  std::vector<std::vector<std::string>> enum_json;  // per field, its values as JSON strings
  std::vector<std::vector<std::string>> enum_escaped;  // and those escaped again (\"value\")
  std::vector<std::vector<std::string>> role_pattern;
  ConditionList exclusions, criteria, tiers, bonuses;
  // Per criterion and result, as a condition's reads list it: "name":result after a comma,
  // or first (,"criteria":{"name":result); and a near miss's entry up to its why text's values.
  std::vector<std::array<std::string, 3>> criterion_next, criterion_first, missed_head;
  std::vector<SignalTemplate> signal_tally;
  std::vector<std::string> summary_tier;      // "tier N (label)" as JSON, per tier
  std::vector<std::string> summary_excluded;  // excluded by name: reason, escaped, unquoted
  // Near-miss "why" texts (decision_text.hpp), escaped: "name: per criterion, then per read
  // " field" (a field's name) and the value, then " needs condition" plus the closing quote.
  std::vector<std::string> why_head, why_field, why_tail;
  std::string scratch;  // a computed read's text (count, role, coverage) before escaping
  // Per criterion, where its "missed" entry is in the line (JsonSink offsets) when
  // missed_serial is the decision's serial (serial counts decisions), so tiers that miss the
  // same criterion copy one text.
  std::vector<std::size_t> missed_at, missed_size;
  std::vector<std::uint64_t> missed_serial;
  std::uint64_t serial = 0;

  explicit Fragments(const Program& program);
  void build_audit(const Program& program);
  void build_conditions(const Program& program);
  void build_texts(const Program& program);
  const std::string& as_of_json(Date date);
};

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
  for (const FieldSpec& field : program.schema.fields) why_field.push_back(escaped(" " + field.name));
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

namespace {

struct Writer {
  const Program& program;
  const Record& record;
  const Decision& decision;
  DecisionJsonWriter::Fragments& f;
  JsonSink& out;

  void committee() {
    out.append("\"committee\":{\"coverage\":"sv);
    if (decision.coverage) {
      out.append_int(*decision.coverage);
    } else {
      out.append("null"sv);
    }
    out.append(",\"roles\":["sv);
    for (std::size_t i = 0; i < decision.roles_filled.size(); ++i) {
      if (i > 0) out.push_back(',');
      out.append(f.role_name[decision.roles_filled[i]]);
    }
    out.append("]}"sv);
  }

  void decision_keys() {
    const bool has_tier = decision.verdict == Verdict::tier;
    static constexpr std::string_view kVerdicts[] = {"\"excluded\"", "\"tier\"", "\"no_fit\""};
    out.append("{\"id\":"sv);
    out.append_string(decision.id);
    out.append(f.head);
    out.append(f.as_of_json(decision.as_of));
    out.append(kVerdicts[static_cast<int>(decision.verdict)]);
    out.append(",\"tier\":"sv);
    if (has_tier) {
      out.append_int(decision.fit_tier);
    } else {
      out.append("null"sv);
    }
    out.append(",\"tier_label\":"sv);
    out.append(has_tier ? std::string_view(f.tier_label[decision.fit_tier - 1]) : std::string_view("null"));
    out.append(",\"excluded_by\":"sv);
    out.append(decision.excluded_by ? std::string_view(f.exclusion_name[*decision.excluded_by]) : std::string_view("null"));
    out.append(",\"score\":"sv);
    decimal_or_null(decision.score, out);
    out.push_back(',');
    committee();
    out.push_back(',');
    out.append(f.route[decision.route_rule]);
  }

  // A string value as JSON, or (kEscaped) that JSON escaped again, for inside a why text.
  template <bool kEscaped>
  [[gnu::always_inline]] void quoted(std::string_view text, SinkRun& run) {
    if constexpr (!kEscaped) {
      run.append_string(text);
    } else if (json_plain(text)) {
      run.append(R"(\")"sv);
      run.append(text);
      run.append(R"(\")"sv);
    } else {
      run.sink().append_string_escaped(text);
      run.resume();
    }
  }

  // A field's value as append_field_value (or kEscaped, append_field_value_escaped) writes
  // it: the common types here, in the run; dates, decimals and missing values by the helper.
  template <bool kEscaped>
  [[gnu::always_inline]] void field_value(std::uint32_t slot, SinkRun& run) {
    if (slot < record.field_count() && record.present(slot)) {
      switch (f.field_type[slot]) {
        case FieldType::integer: return run.append_int(record.get_int(slot));
        case FieldType::boolean: return run.append(record.get_bool(slot) ? "true"sv : "false"sv);
        case FieldType::enumeration: {
          const auto& values = kEscaped ? f.enum_escaped[slot] : f.enum_json[slot];
          return run.append(values[record.get_enum(slot)]);
        }
        case FieldType::string:
        case FieldType::naics:
        case FieldType::country: return quoted<kEscaped>(record.get_string(slot), run);
        case FieldType::string_set: {
          run.push_back('[');
          const std::span<const StringRef> items = record.get_set(slot);
          for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) run.push_back(',');
            quoted<kEscaped>(record.view(items[i]), run);
          }
          return run.push_back(']');
        }
        default: break;
      }
    }
    if constexpr (kEscaped) {
      append_field_value_escaped(program, record, slot, run.sink());
    } else {
      append_field_value(program, record, slot, run.sink());
    }
    run.resume();
  }

  // field:value...} after "reads":{ and, when the condition read criteria, "criteria":{name:result...}.
  [[gnu::always_inline]] void reads(ReadRange range, SinkRun& run) {
    const AuditRead* const all = decision.audit.reads.data();
    bool first = true;
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      if (all[i].kind != AuditRead::Kind::field) continue;
      if (!first) run.push_back(',');
      first = false;
      run.append(f.field_key[all[i].index]);
      field_value<false>(all[i].index, run);
    }
    run.push_back('}');
    first = true;
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      if (all[i].kind != AuditRead::Kind::criterion) continue;
      const auto& pieces = first ? f.criterion_first : f.criterion_next;
      first = false;
      run.append(pieces[all[i].index][static_cast<int>(decision.criteria[all[i].index])]);
    }
    if (!first) run.push_back('}');
  }

  void conditions(const ConditionList& list, const std::vector<Tri>& results, const std::vector<ReadRange>& ranges) {
    SinkRun run(out);
    for (std::size_t i = 0; i < list.lead.size(); ++i) {
      run.append(list.lead[i][static_cast<int>(results[i])]);
      reads(ranges[i], run);
    }
    run.append(list.close);
  }

  [[gnu::always_inline]] void missed(std::size_t tier, SinkRun& run) {
    run.append(",\"missed\":["sv);
    bool first = true;
    const ReadRange range = decision.audit.tiers[tier];
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      const AuditRead& read = decision.audit.reads[i];
      if (read.kind != AuditRead::Kind::criterion || decision.criteria[read.index] == Tri::yes) continue;
      if (!first) run.push_back(',');
      first = false;
      missed_entry(read.index, run);
    }
    run.push_back(']');
  }

  // {"criterion":…,"result":…,"why":…}: written once per decision, however many tiers miss
  // the criterion (usually two: the first tier stops at it, and a lower one lists it again),
  // and copied from the line for the others.
  [[gnu::always_inline]] void missed_entry(std::uint32_t criterion, SinkRun& run) {
    if (f.missed_serial[criterion] == f.serial) return run.repeat(f.missed_at[criterion], f.missed_size[criterion]);
    const std::size_t at = run.offset();
    run.append(f.missed_head[criterion][static_cast<int>(decision.criteria[criterion])]);
    near_miss(criterion, run);
    run.push_back('}');
    f.missed_at[criterion] = at;
    f.missed_size[criterion] = run.offset() - at;
    if (f.missed_size[criterion] <= SinkRun::kRepeatMax) f.missed_serial[criterion] = f.serial;  // else written again
  }

  // near_miss_text() as a JSON string, its constant pieces escaped once, its values here.
  // (The why text's head is in missed_head.)
  [[gnu::always_inline]] void near_miss(std::uint32_t criterion, SinkRun& run) {
    const ReadRange range = decision.audit.criteria[criterion];
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      const AuditRead& read = decision.audit.reads[i];
      if (read.kind == AuditRead::Kind::criterion) continue;
      if (read.kind != AuditRead::Kind::field) {
        f.scratch.assign(" ");
        append_computed_read_text(program, decision, read, f.scratch);
        run.append_escaped(f.scratch);
        run.push_back(',');
        continue;
      }
      run.append(f.why_field[read.index]);
      if (!record.present(read.index)) {
        run.append(" missing,"sv);
        continue;
      }
      run.append(" = "sv);
      field_value<true>(read.index, run);
      run.push_back(',');
    }
    if (decision.criteria[criterion] == Tri::unknown) run.append(" unknown,"sv);
    run.append(f.why_tail[criterion]);
  }

  // As decision_summary(), from the pieces escaped once.
  void summary() {
    if (decision.verdict == Verdict::tier) return static_cast<void>(out.append(f.summary_tier[decision.fit_tier - 1]));
    if (decision.verdict == Verdict::no_fit) return static_cast<void>(out.append("\"no tier holds\""sv));
    out.push_back('"');
    if (decision.fit_tier > 0) {
      out.append("would be tier "sv);
      out.append_int(decision.fit_tier);
      out.append(", "sv);
    }
    out.append(f.summary_excluded[*decision.excluded_by]);
    out.push_back('"');
  }

  // Near misses: every tier above the one reached (all of them when none) lists the
  // criteria it read that did not hold, with the values behind them.
  void tiers() {
    SinkRun run(out);
    for (std::size_t i = 0; i < f.tiers.lead.size(); ++i) {
      run.append(f.tiers.lead[i][static_cast<int>(decision.tiers[i])]);
      reads(decision.audit.tiers[i], run);
      if (decision.fit_tier == 0 || program.tiers[i].number < decision.fit_tier) missed(i, run);
    }
    run.append(f.tiers.close);
  }

  // {"name":…,"counted":N,"capped_out":N,"expired":N,"future":N,"points":
  [[gnu::always_inline]] void tally(std::size_t signal, const SignalTally& t, SinkRun& out) {
    // Most counts are one digit: then the entry is one copy of its template, digits patched.
    const SignalTemplate& tally = f.signal_tally[signal];
    auto digit = [](std::int64_t n) { return static_cast<std::uint64_t>(n) < 10; };  // negatives too
    if (digit(t.counted) && digit(t.capped_out) && digit(t.expired) && digit(t.future)) {
      char* at = out.append_template(tally.text);
      at[tally.digit[0]] = static_cast<char>('0' + t.counted);
      at[tally.digit[1]] = static_cast<char>('0' + t.capped_out);
      at[tally.digit[2]] = static_cast<char>('0' + t.expired);
      at[tally.digit[3]] = static_cast<char>('0' + t.future);
      return;
    }
    out.append(f.signal_prefix[signal]);
    out.append_int(t.counted);
    out.append(",\"capped_out\":"sv);
    out.append_int(t.capped_out);
    out.append(",\"expired\":"sv);
    out.append_int(t.expired);
    out.append(",\"future\":"sv);
    out.append_int(t.future);
    out.append(",\"points\":"sv);
  }

  void signals() {
    SinkRun run(out);
    run.append("\"signals\":["sv);
    for (std::size_t i = 0; i < decision.audit.signals.size(); ++i) {
      const SignalTally& t = decision.audit.signals[i];
      if (i > 0) run.push_back(',');
      tally(i, t, run);
      if (t.points) {
        run.append_decimal(*t.points);
      } else {
        run.append("null"sv);
      }
      run.push_back('}');
    }
    run.append("],\"ignored_events\":["sv);
    for (std::size_t i = 0; i < decision.audit.ignored_events.size(); ++i) {
      const IgnoredEvent& ignored = decision.audit.ignored_events[i];
      const SignalEvent& event = record.signals()[ignored.event];
      if (i > 0) run.push_back(',');
      run.append("{\"type\":"sv);
      run.append_string(record.event_type(event, program.schema));
      run.append(",\"age_days\":"sv);
      run.append_int(event.age_days);
      run.append(ignored.why == IgnoredEvent::Why::future ? ",\"note\":\"future event\"}"sv
                                                          : ",\"note\":\"undeclared type\"}"sv);
    }
    run.append("],"sv);
  }

  void roles() {
    SinkRun out(this->out);
    out.append("\"roles\":["sv);
    for (std::size_t r = 0; r < program.roles.size(); ++r) {
      if (r > 0) out.push_back(',');
      out.append(f.role_prefix[r]);
      const std::optional<RoleMatch>& match = decision.audit.roles[r];
      out.append(match ? ",\"filled\":true,\"title\":"sv : ",\"filled\":false"sv);
      if (match) {
        out.append_string(record.view(record.contacts()[match->contact].title));
        out.append(",\"pattern\":"sv);
        out.append(f.role_pattern[r][match->pattern]);
      }
      out.push_back('}');
    }
    out.append("],"sv);
  }

  void audit(std::string_view input_digest) {
    {
      SinkRun run(out);
      run.append(",\"audit\":{\"input_digest\":"sv);
      if (input_digest.empty()) {
        run.append("null"sv);
      } else {
        run.append_string(input_digest);
      }
      run.append(f.source);
      run.append(",\"summary\":"sv);
    }
    summary();
    conditions(f.exclusions, decision.exclusions, decision.audit.exclusions);
    conditions(f.criteria, decision.criteria, decision.audit.criteria);
    tiers();
    signals();
    conditions(f.bonuses, decision.bonuses, decision.audit.bonuses);
    roles();
    SinkRun run(out);
    run.append(f.route_trace[decision.route_rule]);
    reads(decision.audit.route, run);
    run.append("}}"sv);
  }
};

}  // namespace

DecisionJsonWriter::DecisionJsonWriter(const Program& program)
    : program_(&program), fragments_(std::make_unique<Fragments>(program)) {}
DecisionJsonWriter::~DecisionJsonWriter() = default;
DecisionJsonWriter::DecisionJsonWriter(DecisionJsonWriter&&) noexcept = default;
DecisionJsonWriter& DecisionJsonWriter::operator=(DecisionJsonWriter&&) noexcept = default;

void DecisionJsonWriter::append(const Record& record, const Decision& decision, std::string_view input_digest,
                                std::string& out) {
  if (decision.audited && !fragments_->audit_ready) fragments_->build_audit(*program_);
  ++fragments_->serial;
  JsonSink sink(out);
  Writer writer{*program_, record, decision, *fragments_, sink};
  writer.decision_keys();
  if (decision.audited) writer.audit(input_digest);
  sink.push_back('}');
}

void append_decision_json(const Program& program, const Record& record, const Decision& decision,
                          std::string_view input_digest, std::string& out) {
  DecisionJsonWriter(program).append(record, decision, input_digest, out);
}

}  // namespace icp::vm
