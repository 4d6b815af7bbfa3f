// Stage 5, output: the constant pieces of one program's decision lines, escaped once
// (DecisionJsonWriter::Fragments), and the shapes they come in. Private to
// decision_json.cpp, which writes lines from them, and decision_json_fragments.cpp, which
// builds them. Input: a Program. Output: strings the line writer copies.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "runtime/output/decision_json.hpp"

namespace icp::vm {

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
  std::vector<std::string> why_field_equals;  // " field = ", escaped: a present field's read
  // A count's read as near_miss_text has it, " count(…) = " escaped, per COUNT instruction
  // (in code order; count_head finds one by its index in the code).
  std::vector<std::pair<std::uint32_t, std::string>> count_heads;
  std::string scratch;  // a role's or the coverage's read text before escaping
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
  const std::string& count_head(std::uint32_t instruction) const;  // a COUNT's index in the code
};

}  // namespace icp::vm
