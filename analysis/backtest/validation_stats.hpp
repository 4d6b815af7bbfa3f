// The statistics of the validation loop (docs/backtest.md "Statistics"): Wilson score
// intervals for win rates, percentiles of cycle lengths, top-quartile membership. Input:
// counts and samples. Output: intervals (binary floating point: they are estimates, never
// stored in a decision) and exact Decimal percentiles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "icp/decimal.hpp"

namespace icp::analysis {

// z for a two-sided 95% interval: the 0.975 quantile of the standard normal distribution.
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0;
  double high = 0;
};

// Wilson score interval for `successes` out of `trials` (trials > 0): the set of rates p
// for which |p̂ - p| <= z·sqrt(p(1-p)/n). Unlike p̂ ± z·sqrt(p̂(1-p̂)/n) it stays inside
// [0, 1] and is not empty at p̂ = 0 or 1, which matters for small segments.
Interval wilson_interval(std::size_t successes, std::size_t trials, double z = kZ95);

// The p-th percentile (0..100) of `sorted` (ascending, non-empty) by linear interpolation
// between closest ranks (Hyndman & Fan type 7, the default of R, NumPy and spreadsheets):
// h = (n-1)·p/100, x[floor h] + (h - floor h)·(x[floor h + 1] - x[floor h]). Exact: with
// integer samples the result is a multiple of 1/100, so a Decimal holds it exactly.
Decimal percentile(const std::vector<std::int64_t>& sorted, int p);

// Which of `values` are in the top quartile: the best ceil(n/4) values, plus every value
// tied with the last of them, so membership never depends on input order. `higher_is_better`
// false ranks small values first (a short sales cycle is better). Empty entries (no value)
// are never members and do not count in n.
std::vector<bool> top_quartile(const std::vector<std::optional<Decimal>>& values, bool higher_is_better);

// part / whole · 100 rounded half-even to 4 fractional digits; nullopt when whole is 0.
std::optional<Decimal> percent_of(std::size_t part, std::size_t whole);

// a / b rounded half-even to 4 fractional digits; nullopt when b is 0 or on overflow.
std::optional<Decimal> average(Decimal sum, std::size_t count);

}  // namespace icp::analysis
