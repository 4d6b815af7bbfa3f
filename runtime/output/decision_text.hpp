// Phrases about a decision shared by the audit JSON (decision_json.cpp) and `icpc explain`:
// a field's value as it was read, the one-line summary and the near-miss "why" of a criterion.
// Input: a Decision with its Program and Record. Output: text appended to or returned as strings.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/vm/decision.hpp"

namespace icp::vm {

class JsonSink;

// A field's value as JSON: numbers exact, dates and enums as strings, sets as arrays;
// `null` when the field is missing.
void append_field_value(const Program& program, const Record& record, std::uint32_t slot, std::string& out);
void append_field_value(const Program& program, const Record& record, std::uint32_t slot, JsonSink& out);
// The same JSON, escaped as the inside of a JSON string (`\"text\"` for a string): what an
// audit's near-miss "why" text quotes, written straight into the line.
void append_field_value_escaped(const Program& program, const Record& record, std::uint32_t slot, JsonSink& out);

// "count(exec_hire within 90d)", or "count(signals within 30d)" for every declared signal:
// what the COUNT instruction at `instruction` reads, for the audit's values.
std::string count_text(const Program& program, std::uint32_t instruction);
void append_count_text(const Program& program, std::uint32_t instruction, std::string& out);

// "count(exec_hire within 90d) = 1", "has_role(buyer) = true", "committee_coverage = 50%":
// a count, role or coverage read with its value (empty for a field or criterion read).
std::string computed_read_text(const Program& program, const Decision& decision, const AuditRead& read);
void append_computed_read_text(const Program& program, const Decision& decision, const AuditRead& read,
                               std::string& out);

// "tier 1 (Perfect fit)", "no tier holds" or "would be tier 1, excluded by too_small: reason".
std::string decision_summary(const Program& program, const Decision& decision);

// Why an audited criterion did not hold, with the values behind it (fields, counts, roles):
// "size: employees = 180, needs employees between 200 and 2000",
// "hiring: count(exec_hire within 90d) = 0, needs count(exec_hire within 90d) >= 1".
std::string near_miss_text(const Program& program, const Record& record, const Decision& decision,
                           std::uint32_t criterion);
// The same, appended to `out` (the audit writer reuses one buffer, so no string per record).
void append_near_miss_text(const Program& program, const Record& record, const Decision& decision,
                           std::uint32_t criterion, std::string& out);

}  // namespace icp::vm
