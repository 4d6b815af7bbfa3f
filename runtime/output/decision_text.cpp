// Shared decision phrases (see decision_text.hpp). The audit JSON embeds them, so their
// bytes are part of the decision format: change them only with the JSON's golden tests.
#include "runtime/output/decision_text.hpp"

#include <fmt/format.h>

#include "runtime/output/json_sink.hpp"

namespace icp::vm {

namespace {

// A string value as JSON, or (kEscaped) that JSON escaped again for inside a JSON string.
template <bool kEscaped>
void quoted(std::string_view text, JsonSink& out) {
  if constexpr (kEscaped) {
    out.append_string_escaped(text);
  } else {
    out.append_string(text);
  }
}

// A date as quoted() would write format_date's text, without the temporary string.
template <bool kEscaped>
void date_value(Date date, JsonSink& out) {
  char text[10];
  if (!write_iso_date(date, text)) return quoted<kEscaped>(format_date(date), out);
  quoted<kEscaped>(std::string_view(text, sizeof text), out);
}

template <bool kEscaped>
void field_value(const Program& program, const Record& record, std::uint32_t slot, JsonSink& out) {
  if (slot >= record.field_count() || !record.present(slot)) return out.append("null");
  const FieldSpec& spec = program.schema.fields[slot];
  switch (spec.type) {
    case FieldType::integer: out.append_int(record.get_int(slot)); break;
    case FieldType::decimal: out.append_decimal(record.get_decimal(slot)); break;
    case FieldType::boolean: out.append(record.get_bool(slot) ? "true" : "false"); break;
    case FieldType::date: date_value<kEscaped>(record.get_date(slot), out); break;
    case FieldType::enumeration: quoted<kEscaped>(spec.enum_values[record.get_enum(slot)], out); break;
    case FieldType::string:
    case FieldType::naics:
    case FieldType::country: quoted<kEscaped>(record.get_string(slot), out); break;
    case FieldType::string_set: {
      out.push_back('[');
      bool first = true;
      for (StringRef item : record.get_set(slot)) {
        if (!first) out.push_back(',');
        first = false;
        quoted<kEscaped>(record.view(item), out);
      }
      out.push_back(']');
      break;
    }
  }
}

}  // namespace

void append_field_value(const Program& program, const Record& record, std::uint32_t slot, std::string& out) {
  JsonSink sink(out);
  field_value<false>(program, record, slot, sink);
}

void append_field_value(const Program& program, const Record& record, std::uint32_t slot, JsonSink& out) {
  field_value<false>(program, record, slot, out);
}

void append_field_value_escaped(const Program& program, const Record& record, std::uint32_t slot, JsonSink& out) {
  field_value<true>(program, record, slot, out);
}

void append_count_text(const Program& program, std::uint32_t instruction, std::string& out) {
  const Instruction& count = program.code[instruction];
  const bool named = count.x != kAllSignals && count.x < program.signals.size();
  out.append("count(");
  out.append(named ? std::string_view(program.signals[count.x].name) : std::string_view("signals"));
  out.append(" within ");
  append_json_int(count.y, out);
  out.append("d)");
}

std::string count_text(const Program& program, std::uint32_t instruction) {
  std::string out;
  append_count_text(program, instruction, out);
  return out;
}

void append_computed_read_text(const Program& program, const Decision& decision, const AuditRead& read,
                               std::string& out) {
  switch (read.kind) {
    case AuditRead::Kind::count:
      append_count_text(program, read.index, out);
      out.append(" = ");
      append_json_int(read.value, out);
      return;
    case AuditRead::Kind::role:
      out.append("has_role(").append(program.roles[read.index].name);
      out.append(read.value != 0 ? ") = true" : ") = false");
      return;
    case AuditRead::Kind::coverage:
      if (!decision.coverage) return static_cast<void>(out.append("committee_coverage unknown (no roles)"));
      out.append("committee_coverage = ");
      append_json_int(read.value, out);
      out.push_back('%');
      return;
    case AuditRead::Kind::field:
    case AuditRead::Kind::criterion: return;
  }
}

std::string computed_read_text(const Program& program, const Decision& decision, const AuditRead& read) {
  std::string out;
  append_computed_read_text(program, decision, read, out);
  return out;
}

std::string decision_summary(const Program& program, const Decision& decision) {
  if (decision.verdict == Verdict::tier) {
    return fmt::format("tier {} ({})", decision.fit_tier, program.tiers[decision.fit_tier - 1].label);
  }
  if (decision.verdict == Verdict::no_fit) return "no tier holds";
  const ExclusionDef& exclusion = program.exclusions[*decision.excluded_by];
  std::string text = decision.fit_tier > 0 ? fmt::format("would be tier {}, ", decision.fit_tier) : "";
  text += "excluded by " + exclusion.name;
  if (!exclusion.reason.empty()) text += ": " + exclusion.reason;
  return text;
}

void append_near_miss_text(const Program& program, const Record& record, const Decision& decision,
                           std::uint32_t criterion, std::string& out) {
  out.append(program.criteria[criterion].name).push_back(':');
  const ReadRange range = decision.audit.criteria[criterion];
  for (std::uint32_t i = range.begin; i < range.end; ++i) {
    const AuditRead& read = decision.audit.reads[i];
    if (read.kind == AuditRead::Kind::criterion) continue;
    out.push_back(' ');
    if (read.kind != AuditRead::Kind::field) {
      append_computed_read_text(program, decision, read, out);
      out.push_back(',');
      continue;
    }
    out.append(program.schema.fields[read.index].name);
    if (!record.present(read.index)) {
      out.append(" missing,");
      continue;
    }
    out.append(" = ");
    append_field_value(program, record, read.index, out);
    out.push_back(',');
  }
  if (decision.criteria[criterion] == Tri::unknown) out.append(" unknown,");
  const SourceRef* ref = criterion < program.debug.criteria.size() ? &program.debug.criteria[criterion] : nullptr;
  if (ref) {
    out.append(" needs ").append(ref->text);
  } else {
    out.append(" not met");
  }
}

std::string near_miss_text(const Program& program, const Record& record, const Decision& decision,
                           std::uint32_t criterion) {
  std::string out;
  append_near_miss_text(program, record, decision, criterion, out);
  return out;
}

}  // namespace icp::vm
