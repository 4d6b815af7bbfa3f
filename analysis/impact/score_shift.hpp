// Score shift statistics for `icpc diff`: how far new − old moved the scores of the accounts
// both versions decided. Input: the exact decimal differences, in input order. Output: count,
// mean (exact sum divided once, half-even), nearest-rank percentiles, min, max, up/down/same.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "icp/decimal.hpp"

namespace icp::analysis {

struct ScoreShift {
  std::size_t accounts = 0;  // differences summarised (both scores known)
  std::size_t increased = 0, decreased = 0, unchanged = 0;
  // All nullopt when accounts == 0.
  std::optional<Decimal> mean, p50, p90, min, max;
};

// Percentile by the nearest-rank method: the value at 1-based rank ceil(p × n / 100) of the
// ascending list, so the result is always one of the observed differences (exact, no
// interpolation). Requires 0 < percent <= 100 and a non-empty, sorted list.
Decimal nearest_rank(const std::vector<Decimal>& sorted, unsigned percent);

// Mean: the exact sum (128-bit) divided by the count once, rounded half-even to 4 digits.
// nullopt for an empty list or if the mean does not fit (impossible for Decimal inputs).
std::optional<Decimal> exact_mean(const std::vector<Decimal>& values);

ScoreShift summarise_shift(std::vector<Decimal> differences);

}  // namespace icp::analysis
