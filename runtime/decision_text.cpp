// Shared decision phrases (see decision_text.hpp). The audit JSON embeds them, so their
// bytes are part of the decision format: change them only with the JSON's golden tests.
#include "runtime/decision_text.hpp"

#include <iterator>

#include <fmt/format.h>

namespace icp::vm {

void append_field_value(const Program& program, const Record& record, std::uint32_t slot, std::string& out) {
  if (slot >= record.field_count() || !record.present(slot)) {
    out.append("null");
    return;
  }
  const FieldSpec& spec = program.schema.fields[slot];
  auto it = std::back_inserter(out);
  switch (spec.type) {
    case FieldType::integer: fmt::format_to(it, "{}", record.get_int(slot)); break;
    case FieldType::decimal: out.append(record.get_decimal(slot).to_string()); break;
    case FieldType::boolean: out.append(record.get_bool(slot) ? "true" : "false"); break;
    case FieldType::date: append_json_string(format_date(record.get_date(slot)), out); break;
    case FieldType::enumeration: append_json_string(spec.enum_values[record.get_enum(slot)], out); break;
    case FieldType::string:
    case FieldType::naics:
    case FieldType::country: append_json_string(record.get_string(slot), out); break;
    case FieldType::string_set: {
      out.push_back('[');
      bool first = true;
      for (StringRef item : record.get_set(slot)) {
        if (!first) out.push_back(',');
        first = false;
        append_json_string(record.view(item), out);
      }
      out.push_back(']');
      break;
    }
  }
}

std::string count_text(const Program& program, std::uint32_t instruction) {
  const Instruction& count = program.code[instruction];
  const std::string& signal = count.x < program.signals.size() ? program.signals[count.x].name : "signals";
  return fmt::format("count({} within {}d)", count.x == kAllSignals ? "signals" : signal, count.y);
}

std::string computed_read_text(const Program& program, const Decision& decision, const AuditRead& read) {
  switch (read.kind) {
    case AuditRead::Kind::count: return fmt::format("{} = {}", count_text(program, read.index), read.value);
    case AuditRead::Kind::role: return fmt::format("has_role({}) = {}", program.roles[read.index].name, read.value != 0);
    case AuditRead::Kind::coverage:
      return decision.coverage ? fmt::format("committee_coverage = {}%", read.value)
                               : std::string("committee_coverage unknown (no roles)");
    case AuditRead::Kind::field:
    case AuditRead::Kind::criterion: break;
  }
  return {};
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

std::string near_miss_text(const Program& program, const Record& record, const Decision& decision,
                           std::uint32_t criterion) {
  std::string text = program.criteria[criterion].name + ":";
  const ReadRange range = decision.audit.criteria[criterion];
  for (std::uint32_t i = range.begin; i < range.end; ++i) {
    const AuditRead& read = decision.audit.reads[i];
    if (read.kind == AuditRead::Kind::criterion) continue;
    if (read.kind != AuditRead::Kind::field) {
      text += " " + computed_read_text(program, decision, read) + ",";
      continue;
    }
    text += " " + program.schema.fields[read.index].name;
    if (!record.present(read.index)) {
      text += " missing,";
      continue;
    }
    text += " = ";
    append_field_value(program, record, read.index, text);
    text += ",";
  }
  if (decision.criteria[criterion] == Tri::unknown) text += " unknown,";
  const SourceRef* ref = criterion < program.debug.criteria.size() ? &program.debug.criteria[criterion] : nullptr;
  text += ref ? " needs " + ref->text : std::string(" not met");
  return text;
}

}  // namespace icp::vm
