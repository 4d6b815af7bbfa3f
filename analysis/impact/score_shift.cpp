// Score shift statistics (see score_shift.hpp). Everything is exact: no value passes
// through binary floating point, so every platform prints the same digits.
#include "analysis/impact/score_shift.hpp"

#include <algorithm>

#include "runtime/base/half_even.hpp"

namespace icp::analysis {

Decimal nearest_rank(const std::vector<Decimal>& sorted, unsigned percent) {
  const std::size_t n = sorted.size();
  // ceil(percent * n / 100) in integers; at least rank 1.
  std::size_t rank = (static_cast<std::size_t>(percent) * n + 99) / 100;
  rank = std::clamp<std::size_t>(rank, 1, n);
  return sorted[rank - 1];
}

std::optional<Decimal> exact_mean(const std::vector<Decimal>& values) {
  if (values.empty()) return std::nullopt;
  Int128 sum = 0;  // |sum| < 2^63 × 2^64 for any realistic count: cannot overflow
  for (const Decimal& value : values) sum += value.units();
  auto units = divide_half_even(sum, static_cast<Int128>(values.size()));
  if (!units) return std::nullopt;
  return Decimal::from_units(*units);
}

ScoreShift summarise_shift(std::vector<Decimal> differences) {
  ScoreShift shift;
  shift.accounts = differences.size();
  for (const Decimal& d : differences) {
    if (d.units() > 0) ++shift.increased;
    else if (d.units() < 0) ++shift.decreased;
    else ++shift.unchanged;
  }
  if (differences.empty()) return shift;
  shift.mean = exact_mean(differences);
  std::sort(differences.begin(), differences.end());
  shift.p50 = nearest_rank(differences, 50);
  shift.p90 = nearest_rank(differences, 90);
  shift.min = differences.front();
  shift.max = differences.back();
  return shift;
}

}  // namespace icp::analysis
