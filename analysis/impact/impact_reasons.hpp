// Why an account moved between two versions of a profile, for the impact report's examples.
// Input: both versions' audited decisions for the same account. Output: short phrases, most
// decisive first ("criterion size: true → false (employees = 180; ...)").
#pragma once

#include <string>
#include <vector>

#include "runtime/format/bytecode.hpp"
#include "runtime/input/record.hpp"
#include "runtime/vm/decision.hpp"

namespace icp::analysis {

// One version's audited view of an account, for explain_move: the record and decision
// are null when that version rejected it.
struct AuditedSide {
  const vm::Program* program = nullptr;
  const vm::Record* record = nullptr;
  const vm::Decision* decision = nullptr;
  std::string error;
};

// Why an account moved between the versions, most decisive first: a rejection, then the
// exclusions, criteria and tiers whose result differs (with the values read and the
// conditions' text when it changed), then the score's signals and bonuses, and (with
// `with_route`, or when nothing else differs) the route rule. Definitions are matched by
// name (tiers by number).
std::vector<std::string> explain_move(const AuditedSide& old_side, const AuditedSide& new_side, bool with_route);

}  // namespace icp::analysis
