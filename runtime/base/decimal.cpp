// Exact 4-digit decimal arithmetic with half-even rounding.
#include "icp/decimal.hpp"

#include <limits>

#include "runtime/base/half_even.hpp"

namespace icp {
namespace {

std::optional<std::int64_t> narrow(Int128 value) {
  if (value > std::numeric_limits<std::int64_t>::max() ||
      value < std::numeric_limits<std::int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value);
}

}  // namespace

std::optional<std::int64_t> divide_half_even(Int128 numerator, Int128 denominator) {
  if (denominator == 0) return std::nullopt;
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  Int128 quotient = numerator / denominator;  // truncates toward zero
  Int128 remainder = numerator % denominator;
  if (remainder != 0) {
    const Int128 twice = (remainder < 0 ? -remainder : remainder) * 2;
    const int direction = numerator < 0 ? -1 : 1;
    if (twice > denominator || (twice == denominator && quotient % 2 != 0)) quotient += direction;
  }
  return narrow(quotient);
}

std::optional<Decimal> Decimal::from_int(std::int64_t value) {
  auto units = narrow(static_cast<Int128>(value) * kScale);
  if (!units) return std::nullopt;
  return Decimal(*units);
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  Int128 units = 0;
  int fraction_digits = -1;  // -1 until the point is seen
  for (char c : text) {
    if (c == '.') {
      if (fraction_digits >= 0) return std::nullopt;
      fraction_digits = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (fraction_digits >= 0 && ++fraction_digits > kFractionDigits) return std::nullopt;
    units = units * 10 + (c - '0');
    if (units > static_cast<Int128>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
  }
  if (fraction_digits == 0 || text.front() == '.') return std::nullopt;  // "5." or ".5"
  for (int i = fraction_digits < 0 ? 0 : fraction_digits; i < kFractionDigits; ++i) units *= 10;
  auto narrowed = narrow(negative ? -units : units);
  if (!narrowed) return std::nullopt;
  return Decimal(*narrowed);
}

std::string Decimal::to_string() const {
  const bool negative = units_ < 0;
  // Work in unsigned 128 bits so that INT64_MIN has a magnitude.
  UInt128 magnitude = negative ? static_cast<UInt128>(-static_cast<Int128>(units_))
                                         : static_cast<UInt128>(units_);
  const auto whole = static_cast<std::uint64_t>(magnitude / kScale);
  auto fraction = static_cast<std::uint64_t>(magnitude % kScale);
  std::string out = negative ? "-" : "";
  out += std::to_string(whole);
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, kFractionDigits - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    out += '.';
    out += digits;
  }
  return out;
}

std::optional<Decimal> Decimal::add(Decimal other) const {
  auto units = narrow(static_cast<Int128>(units_) + other.units_);
  if (!units) return std::nullopt;
  return Decimal(*units);
}

std::optional<Decimal> Decimal::sub(Decimal other) const {
  auto units = narrow(static_cast<Int128>(units_) - other.units_);
  if (!units) return std::nullopt;
  return Decimal(*units);
}

std::optional<Decimal> Decimal::mul(Decimal other) const {
  auto units = divide_half_even(static_cast<Int128>(units_) * other.units_, kScale);
  if (!units) return std::nullopt;
  return Decimal(*units);
}

std::optional<Decimal> Decimal::div(Decimal other) const {
  auto units = divide_half_even(static_cast<Int128>(units_) * kScale, other.units_);
  if (!units) return std::nullopt;
  return Decimal(*units);
}

bool Decimal::mul_is_exact(Decimal other) const {
  return (static_cast<Int128>(units_) * other.units_) % kScale == 0;
}

bool Decimal::div_is_exact(Decimal other) const {
  return other.units_ != 0 && (static_cast<Int128>(units_) * kScale) % other.units_ == 0;
}

}  // namespace icp
