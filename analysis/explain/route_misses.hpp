// Why the route rules above the one that fired did not fire, for `icpc explain`: each rule's
// first failing term with the values it read ("rule 2 needs score >= 30; score = 27").
// Input: a program, a record and its audited decision. Output: one line per rule.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/format/bytecode.hpp"
#include "runtime/input/record.hpp"
#include "runtime/vm/decision.hpp"

namespace icp::analysis {

// A condition's source text on one line, as the explain report shows it: runs of white space
// become one space; a generated condition of thousands of terms shows its first 400 code
// points, then "…".
std::string condition_on_one_line(std::string_view text);

// "employees = 850, country = \"US\"": what the reads hold (criteria too, unless left out),
// as the audit records them; a missing field is "NAME missing".
std::string read_values(const vm::Program& program, const vm::Record& record, const vm::Decision& decision,
                        std::span<const vm::AuditRead> reads, bool with_criteria);

// "tier = 1, score = 27": the decision's values a condition's code reads that the audit does
// not note as reads (the fit tier, the score, whether an exclusion holds), in code order.
std::string decision_values(const vm::Program& program, const vm::Decision& decision, vm::Chunk code);

// A condition as written cut at its top-level `and` ("tier == 1 and score >= 25" gives two
// terms; the `and` of `x between 1 and 5`, and those inside brackets, are not cuts).
std::vector<std::string> split_and_terms(std::string_view condition);

// One line per route rule above decision.route_rule: "rule 2 (line 58) needs score >= 25;
// score = 8". The record is decided again, with the audit, to run each rule's terms.
std::vector<std::string> route_misses(const vm::Program& program, const vm::Record& record,
                                      const vm::Decision& decision);

}  // namespace icp::analysis
