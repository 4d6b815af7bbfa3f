// Numbers for readers of the backtest and nucleus reports (see report_numbers.hpp). Input:
// counts, Decimals, currency codes, axis ranges. Output: grouped text and round tick values.
#include "analysis/backtest/report_numbers.hpp"

#include <array>
#include <cmath>

#include <fmt/format.h>

#include "analysis/backtest/report_parts.hpp"

namespace icp::analysis {
namespace {

struct Currency {
  std::string_view code, symbol;
  int digits;
};

// The codes whose symbol a reader of a sales report takes for that currency alone. "$" is
// the dollar of the United States: other dollars (CAD, AUD) are shown by their code, as are
// JPY's and CNY's shared "¥" for CNY.
constexpr std::array kSymbols{
    Currency{"USD", "$", 2}, Currency{"EUR", "€", 2}, Currency{"GBP", "£", 2},
    Currency{"JPY", "¥", 0}, Currency{"INR", "₹", 2}, Currency{"KRW", "₩", 0},
};

const Currency* find_currency(std::string_view code) {
  for (const auto& currency : kSymbols) {
    if (currency.code == code) return &currency;
  }
  return nullptr;
}

}  // namespace

std::string group_thousands(std::string_view number) {
  const std::size_t sign = !number.empty() && number.front() == '-' ? 1 : 0;
  std::size_t end = number.find('.');
  if (end == std::string_view::npos) end = number.size();
  std::string out(number.substr(0, sign));
  for (std::size_t i = sign; i < end; ++i) {
    if (i > sign && (end - i) % 3 == 0) out += ',';
    out += number[i];
  }
  out += number.substr(end);
  return out;
}

std::string format_count(std::size_t count) { return group_thousands(std::to_string(count)); }

std::string format_grouped(Decimal value, int digits) { return group_thousands(format_fixed(value, digits)); }

std::string currency_prefix(std::string_view currency) {
  if (currency.empty()) return {};
  if (const Currency* known = find_currency(currency)) return std::string(known->symbol);
  return std::string(currency) + " ";
}

std::string format_money(Decimal value, std::string_view currency, std::optional<int> digits) {
  const Currency* known = find_currency(currency);
  const std::string number = format_grouped(value, digits.value_or(known != nullptr ? known->digits : 2));
  if (currency.empty()) return number;
  // The sign goes before the symbol: "-$5.00", as spreadsheets write it.
  const bool negative = number.front() == '-';
  return (negative ? "-" : "") + currency_prefix(currency) + number.substr(negative ? 1 : 0);
}

std::string money_or_dash(const std::optional<Decimal>& value, std::string_view currency) {
  return value ? format_money(*value, currency) : "-";
}

AxisTicks round_ticks(double largest, int at_most) {
  if (!(largest > 0) || !std::isfinite(largest)) largest = 1;
  if (at_most < 1) at_most = 1;
  double magnitude = std::pow(10.0, std::floor(std::log10(largest / at_most)));
  AxisTicks ticks;
  for (;;) {
    for (double multiple : {1.0, 2.0, 5.0}) {
      const double step = multiple * magnitude;
      // A hair of tolerance, so that 100 / 20 is 5 steps and not 6 after rounding.
      const auto steps = static_cast<int>(std::ceil(largest / step - 1e-9));
      if (steps <= at_most) {
        ticks.step = step;
        for (int i = 0; i <= steps; ++i) ticks.values.push_back(step * i);
        return ticks;
      }
    }
    magnitude *= 10;
  }
}

}  // namespace icp::analysis
