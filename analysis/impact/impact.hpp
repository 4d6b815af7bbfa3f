// `icpc diff`'s model: what each version decided for each account of the sample, and the
// impact report aggregated from it (transition matrix, route changes, score shift, example
// accounts with the reasons they moved). Input: two sealed programs and per-account results
// (run_impact.cpp). Output: an Impact, rendered as text, Markdown or JSON (impact_render.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/impact/score_shift.hpp"
#include "icp/decimal.hpp"
#include "icp/batch.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::analysis {

// What one version did with one account: LANGUAGE.md's verdicts, plus `rejected` for a
// record that version's schema refuses.
enum class OutcomeKind : std::uint8_t { tier, no_fit, excluded, rejected };

struct VersionResult {
  OutcomeKind kind = OutcomeKind::rejected;
  std::int32_t tier = 0;           // the verdict's tier when kind == tier
  std::uint32_t route_rule = 0;    // index into Program::route, unless rejected
  std::optional<Decimal> score;    // nullopt: rejected, or unknown (points overflowed)
  std::string id;                  // the record's id; empty when it could not be read
  std::string error;               // why it was rejected
  // Its first signal event after the as-of date (never counted), when decided with one.
  std::optional<FutureEvent> future;
};

struct AccountResult {
  std::size_t line = 0;  // 1-based line in the sample where the account starts
  VersionResult old_version, new_version;
};

// One of the rules being compared, and where it came from ("icp/x.icp", "origin/main:icp/x.icp").
struct Version {
  std::string source;
  const vm::Program* program = nullptr;
};

struct Example {
  std::size_t account = 0;  // index in the sample
  std::string id;
  std::size_t line = 0;
  std::vector<std::string> reasons;  // filled by explain_move
};

struct Transition {
  std::size_t from = 0, to = 0;  // indices into Impact::outcomes
  std::size_t count = 0;
  std::vector<Example> examples;  // the first N, in input order
};

struct RouteChange {
  std::string from, to;  // route_text of each version's rule
  std::size_t count = 0;
  std::vector<Example> examples;
};

// An account of the sample that one version or both refused, in input order.
struct Rejection {
  std::size_t line = 0;
  std::string id;                    // as either version read it; empty when neither could
  bool by_old = false, by_new = false;
  std::string message;               // the new version's reason when it refused, else the old's
};

struct Impact {
  Version old_version, new_version;
  std::string sample;  // the input's name ("<stdin>" for -)
  std::string as_of;
  // How text and Markdown name the report and an account's place: `icpc diff` and "line";
  // `icpc replay --with` and "entry" (a logged account is named by its entry's seq).
  std::string title = "icpc diff";
  std::string position = "line";
  std::size_t accounts = 0;
  // Rows (old) and columns (new) of the matrix: "tier 1" .. "tier T" (T = the larger tier
  // count of the two), "no_fit", "excluded", "rejected".
  std::vector<std::string> outcomes;
  std::vector<std::vector<std::size_t>> matrix;
  std::vector<Transition> transitions;  // non-empty off-diagonal cells, row-major
  std::vector<RouteChange> routes;      // accounts decided by both whose route differs
  ScoreShift score;
  std::vector<Example> score_examples;  // the first accounts decided by both whose score differs
  std::size_t changed_outcome = 0, changed_route = 0, changed_score = 0, changed_any = 0;
  std::size_t rejected_old = 0, rejected_new = 0;
  std::vector<Rejection> rejections;  // not rendered: a host reports them as `icpc eval` does
  // Accounts with a signal event after the as-of date, and the first (not rendered: a host
  // warns of them as `icpc eval` does).
  std::size_t future_records = 0;
  std::optional<FutureEvent> first_future;
};

// The transition matrix has a row and a column for every tier: its size is the square of
// the tier count, so a generated profile of 100,000 tiers would need 80 GB for it.
inline constexpr std::size_t kMaxImpactTiers = 1000;

// "disqualify", "ignore" or `queue "name" sla 24h cadence "c"`, as written in the rules.
std::string route_text(const vm::Program& program, std::uint32_t rule);

// Builds the report; each transition and route change keeps its first `examples` accounts
// (their reasons are still empty). Sequential and in input order, hence deterministic.
// Neither version may have more than kMaxImpactTiers tiers.
Impact aggregate(const std::vector<AccountResult>& results, const Version& old_version, const Version& new_version,
                 std::size_t examples);

}  // namespace icp::analysis
