// Stage 5, output: one decision as a JSON object, with its audit trace when it has one.
// Input: a Decision, its Program and its Record. Output: text appended to a string, keys in
// a fixed order and nothing hash-ordered, so equal inputs always give equal bytes. The
// program's constant pieces are escaped once per DecisionJsonWriter, not once per line.
#include <array>

#include "runtime/output/decision_json_fragments.hpp"
#include "runtime/output/decision_text.hpp"
#include "runtime/output/json_sink.hpp"

namespace icp::vm {

using namespace std::string_view_literals;

namespace {

void decimal_or_null(const std::optional<Decimal>& value, JsonSink& out) {
  if (value) {
    out.append_decimal(*value);
  } else {
    out.append("null"sv);
  }
}

}  // namespace

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
      if (read.kind == AuditRead::Kind::count) {  // " count(…) = N", its head escaped once
        run.append(f.count_head(read.index));
        run.append_int(read.value);
        run.push_back(',');
        continue;
      }
      if (read.kind != AuditRead::Kind::field) {
        f.scratch.assign(" ");
        append_computed_read_text(program, decision, read, f.scratch);
        run.append_escaped(f.scratch);
        run.push_back(',');
        continue;
      }
      if (!record.present(read.index)) {
        run.append(f.why_field[read.index]);
        run.append(" missing,"sv);
        continue;
      }
      run.append(f.why_field_equals[read.index]);
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

