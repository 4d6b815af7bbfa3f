// Signal points: how many of a signal's events count, and what they are worth with
// `cap` and `decay half_life` (LANGUAGE.md "Meaning"; algorithm in docs/evaluation.md).
// Input: a signal's rule and its events' ages in days. Output: counts and exact points.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "icp/decimal.hpp"

namespace icp {

// One `signal` declaration, ready to evaluate. Build it with make_signal_rule, which
// fills decay_factors once, so that evaluating an event never computes a power.
struct SignalRule {
  Decimal weight;
  std::int32_t window_days = 0;
  std::optional<std::int64_t> cap;
  std::optional<std::int32_t> half_life_days;
  // decay_factors[r] = 2^(-r/H) rounded half-even to 4 digits, for r in
  // 0 .. min(H, window_days + 1) - 1 (a remainder age mod H never exceeds the age).
  std::vector<Decimal> decay_factors;
};

// Throws std::invalid_argument when window < 0, cap < 1 or half_life < 1: the checker
// rejects those (E0306, E0311), so only unvalidated bytecode can get here.
SignalRule make_signal_rule(Decimal weight, std::int32_t window_days, std::optional<std::int64_t> cap,
                            std::optional<std::int32_t> half_life_days);

// 2^(-r/H) correctly rounded half-even to 4 fractional digits; requires 0 <= r < H.
Decimal decay_factor(std::int32_t r, std::int32_t half_life_days);

// The points one event of this age earns: weight, or weight halved age/H times and then
// multiplied by the factor for age mod H. Ages outside 0..window earn 0.
Decimal decayed_points(const SignalRule& rule, std::int32_t age);

struct SignalTally {
  std::int64_t counted = 0;     // events with 0 <= age <= window (what count() sees)
  std::int64_t capped_out = 0;  // counted events beyond the cap, which earn no points
  std::int64_t future = 0;      // age < 0: never counted, noted in the audit
  std::int64_t expired = 0;     // age > window
  // Sum of the points of the first `cap` counted events, freshest first. nullopt if the
  // sum overflows a Decimal: saturating would print a wrong exact number, so the VM
  // makes the score unknown instead.
  std::optional<Decimal> points = Decimal{};
};

// ages: this signal's events, in any order, future and expired ones included. scratch is
// the caller's reusable buffer (cleared here), so nothing is allocated once it has grown.
SignalTally tally_signal(const SignalRule& rule, std::span<const std::int32_t> ages,
                         std::vector<std::int32_t>& scratch);

// Events with 0 <= age <= window_days: `count(S within D)`, which `cap` never limits.
std::int64_t count_within(std::span<const std::int32_t> ages, std::int32_t window_days);

namespace detail {
// Exact test of 2^(-r/H) > (2m + 1) / 20000, i.e. whether the factor lies above the
// rounding boundary between m and m + 1 ten-thousandths. Big-integer arithmetic, slow for
// large H: used only when the floating-point value is too close to the boundary to trust.
bool decay_factor_exceeds_half_step(std::int32_t r, std::int32_t half_life_days, std::int64_t m);
}  // namespace detail

}  // namespace icp
