// What a Session decided for one account: verdict, tier, exclusion, score, committee and
// route, and the decision line `icpc eval` writes. Input: a Session's last decision.
// Output: views into it, valid until that session decides again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "icp/date.hpp"
#include "icp/decimal.hpp"
#include "icp/export.h"

namespace icp {

namespace internal {
struct SessionCore;  // defined inside the library; hosts never see it
}  // namespace internal

enum class Verdict : std::uint8_t { excluded, tier, no_fit };
enum class RouteAction : std::uint8_t { disqualify, ignore, queue };

// The words of the decision JSON: "excluded", "tier", "no_fit"; "disqualify", "ignore",
// "queue". The views are of string literals.
ICP_API std::string_view to_string(Verdict verdict);
ICP_API std::string_view to_string(RouteAction action);

// A view of a Session's last decision: copying it copies the view, not the decision. It and
// every view it returns stay valid until the session's next decide() or its destruction;
// copy out (std::string(decision.json())) what must outlive that. Reading it allocates
// nothing, json() excepted the first time it is asked for a decision.
class ICP_API Decision {
 public:
  // The decision as one JSON object with no newline, byte for byte the line `icpc eval`
  // writes for the same program, record and as_of (with "audit" when it was requested).
  // LANGUAGE.md "Decision and audit record". Its data() is followed by a NUL.
  std::string_view json() const;

  // Appends the record this decision was made from, as decoded: one JSON object, no newline,
  // that a Session decodes with the same program and as_of into the same record (the same
  // input digest). Every declared field in schema order (null when absent), sets sorted and
  // deduplicated, signals as {"type","days_ago"} ({"type","at"} for an event after as_of),
  // contacts by title; keys the schema does not declare and all formatting were dropped by
  // the decoder. What a decision log keeps. The names in `leave_out` (declared fields,
  // "signals", "contacts") are left out; a name the schema does not have is ignored. Returns
  // the names that were left out (those of `leave_out` the schema has, each once, in the
  // order given), valid until the session's next call.
  std::span<const std::string> append_input_json(std::string& out, std::span<const std::string> leave_out = {}) const;

  std::string_view account_id() const;  // the record's `id`
  std::string_view program_id() const;  // "sha256:<hex>"
  Date as_of() const;
  bool audited() const;

  Verdict verdict() const;
  std::optional<std::int32_t> tier() const;       // set when the verdict is `tier`
  std::optional<std::string_view> tier_label() const;
  std::optional<std::string_view> excluded_by() const;  // the exclusion's name
  std::optional<Decimal> score() const;          // nullopt: unknown (the points overflowed)

  // The buying committee: coverage in percent (rounded down), nullopt when the profile
  // declares no roles; the roles filled, in declaration order.
  std::optional<std::int64_t> committee_coverage() const;
  std::size_t committee_role_count() const;
  std::string_view committee_role(std::size_t index) const;  // index < committee_role_count()

  // The route rule that matched, 1-based as in the JSON, and what it says.
  std::uint32_t route_rule() const;
  RouteAction route_action() const;
  std::string_view queue() const;                  // empty unless the action is queue
  std::optional<std::string_view> sla() const;     // as written, "24h"
  std::optional<std::int64_t> sla_hours() const;
  std::optional<std::string_view> cadence() const;

 private:
  friend class Session;
  explicit Decision(internal::SessionCore& core) : core_(&core) {}
  internal::SessionCore* core_;
};

}  // namespace icp
