// What the VM decides for one account, and its audit trace. Input: filled by
// vm::Evaluator (runtime/vm/vm.hpp). Output: the decision JSON line (LANGUAGE.md "Decision
// and audit record"), written by append_decision_json (runtime/output/decision_json.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/format/bytecode.hpp"
#include "icp/date.hpp"
#include "icp/decimal.hpp"
#include "runtime/input/record.hpp"
#include "runtime/vm/signal_points.hpp"

namespace icp::vm {

// Three-valued truth: a condition that read a missing optional field may be unknown.
enum class Tri : std::uint8_t { no, yes, unknown };

enum class Verdict : std::uint8_t { excluded, tier, no_fit };

// One read a condition made, for the audit: a record field (its value is taken from the
// record when the JSON is written), a criterion's result, a `count(...)` (index: the COUNT
// instruction, value: the events counted), a `has_role(...)` (index: the role, value: 0/1)
// or `committee_coverage` (value: the percentage; the decision says when it is unknown).
struct AuditRead {
  enum class Kind : std::uint8_t { field, criterion, count, role, coverage };
  Kind kind = Kind::field;
  std::uint32_t index = 0;
  std::int64_t value = 0;  // count and role only
};

// A condition's reads, deduplicated, in first-read order: reads[begin, end) of Audit.
struct ReadRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct IgnoredEvent {
  enum class Why : std::uint8_t { future, undeclared };
  std::uint32_t event = 0;  // index into Record::signals()
  Why why = Why::future;
};

// Which contact filled a role first, and with which of the role's patterns.
struct RoleMatch {
  std::uint32_t contact = 0;
  std::uint32_t pattern = 0;
};

// Filled only when evaluate() is called with audit on. Audit output may allocate.
struct Audit {
  std::vector<AuditRead> reads;
  std::vector<ReadRange> criteria, exclusions, tiers, bonuses;  // parallel to the program's
  std::vector<SignalTally> signals;                             // parallel to Program::signals
  std::vector<IgnoredEvent> ignored_events;                     // in input order
  std::vector<std::optional<RoleMatch>> roles;                  // parallel to Program::roles
  ReadRange route;                                              // the matched rule's reads
};

// The cheap part (verdict, which exclusion, tier and route rule decided) is always filled;
// `audit` only on request. Indices refer to the Program the evaluator runs.
struct Decision {
  std::string id;
  Date as_of;
  Verdict verdict = Verdict::no_fit;
  std::int32_t fit_tier = 0;                // first tier that holds, 0 if none, ignoring exclusions
  std::optional<std::uint32_t> excluded_by;  // index into Program::exclusions
  std::optional<Decimal> score;              // nullopt: unknown (points overflowed)
  std::optional<std::int64_t> coverage;      // percent, rounded down; nullopt without roles
  std::vector<std::uint32_t> roles_filled;   // role indices, in declaration order
  std::uint32_t route_rule = 0;              // index into Program::route (JSON shows it 1-based)
  std::vector<Tri> criteria, exclusions, tiers, bonuses;  // every condition's result
  bool audited = false;
  Audit audit;
};

// Appends the decision as one JSON object (no newline), keys in LANGUAGE.md's order:
// id, profile, version, program, as_of, verdict, tier, tier_label, excluded_by, score,
// committee, route, then "audit" when the decision was audited. `record` must be the record
// the decision was made for (the audit prints the field values it read from it);
// `input_digest` goes into the audit as given (null when empty).
void append_decision_json(const Program& program, const Record& record, const Decision& decision,
                          std::string_view input_digest, std::string& out);

}  // namespace icp::vm
