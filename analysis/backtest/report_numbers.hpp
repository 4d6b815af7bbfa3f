// How the backtest and nucleus reports write numbers for a reader: digits grouped by
// thousands, amounts with the currency the mapping names, and chart axes at round values.
// Input: counts, Decimals, an ISO 4217 code, the largest value of an axis. Output: text and
// tick positions, the same for the same input.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "icp/decimal.hpp"

namespace icp::analysis {

// "1234567" -> "1,234,567", "-1234.50" -> "-1,234.50": commas between groups of three digits
// of the integer part, the sign and the fraction left as they are.
std::string group_thousands(std::string_view number);
std::string format_count(std::size_t count);
// format_fixed(value, digits) with its integer part grouped.
std::string format_grouped(Decimal value, int digits);

// An amount as a reader expects it: grouped, with the currency's usual minor digits (2, or 0
// for JPY and KRW) and its symbol ("$2,414.09", "€2,414.09", "-£5.00") or, for a code without
// a well-known symbol, the code ("CHF 2,414.09"). No currency: the grouped number alone.
// `digits` overrides the currency's (a chart's axis writes whole amounts).
std::string format_money(Decimal value, std::string_view currency, std::optional<int> digits = std::nullopt);
// "-" when there is no value (no won deal, or a sum past Decimal's range).
std::string money_or_dash(const std::optional<Decimal>& value, std::string_view currency);
// The symbol shown for a code ("$" for USD), or the code itself followed by a space.
std::string currency_prefix(std::string_view currency);

// Tick values of an axis from 0 that holds `largest`: a step of 1, 2 or 5 times a power of
// ten, the fewest ticks up to `at_most` steps, and the last tick at or above `largest`.
// `largest` <= 0 gives the axis 0..1.
struct AxisTicks {
  double step = 1;
  std::vector<double> values;  // 0, step, 2·step, ..., the top of the axis
  double top() const { return values.back(); }
};
AxisTicks round_ticks(double largest, int at_most = 5);

}  // namespace icp::analysis
