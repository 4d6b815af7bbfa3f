// Wilson intervals, exact percentiles and top quartiles for the validation loop. Input:
// counts and samples. Output: numbers for the backtest and nucleus reports.
#include "analysis/backtest/validation_stats.hpp"

#include <algorithm>
#include <cmath>

#include "runtime/base/half_even.hpp"

namespace icp::analysis {

Interval wilson_interval(std::size_t successes, std::size_t trials, double z) {
  if (trials == 0) return {0, 1};
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Decimal percentile(const std::vector<std::int64_t>& sorted, int p) {
  const auto n = static_cast<std::int64_t>(sorted.size());
  // h·100 = (n-1)·p, so the fractional part of h is an exact multiple of 1/100.
  const std::int64_t h100 = (n - 1) * p;
  const std::int64_t low = h100 / 100, fraction = h100 % 100;
  const std::int64_t base = sorted[static_cast<std::size_t>(low)];
  std::int64_t units = base * Decimal::kScale;
  if (fraction != 0) {
    const std::int64_t next = sorted[static_cast<std::size_t>(low + 1)];
    units += (next - base) * fraction * (Decimal::kScale / 100);
  }
  return Decimal::from_units(units);
}

std::vector<bool> top_quartile(const std::vector<std::optional<Decimal>>& values, bool higher_is_better) {
  std::vector<Decimal> present;
  for (const auto& value : values) {
    if (value) present.push_back(*value);
  }
  std::vector<bool> member(values.size(), false);
  if (present.empty()) return member;
  if (higher_is_better) {
    std::sort(present.begin(), present.end(), std::greater<>());
  } else {
    std::sort(present.begin(), present.end());
  }
  const std::size_t size = (present.size() + 3) / 4;  // ceil(n/4), at least one
  const Decimal cutoff = present[size - 1];
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    member[i] = higher_is_better ? *values[i] >= cutoff : *values[i] <= cutoff;
  }
  return member;
}

std::optional<Decimal> percent_of(std::size_t part, std::size_t whole) {
  if (whole == 0) return std::nullopt;
  auto units = divide_half_even(Int128(part) * 100 * Decimal::kScale, Int128(whole));
  return units ? std::optional(Decimal::from_units(*units)) : std::nullopt;
}

std::optional<Decimal> average(Decimal sum, std::size_t count) {
  if (count == 0) return std::nullopt;
  auto divisor = Decimal::from_int(static_cast<std::int64_t>(count));
  if (!divisor) return std::nullopt;
  return sum.div(*divisor);
}

}  // namespace icp::analysis
