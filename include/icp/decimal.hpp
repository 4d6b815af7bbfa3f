// Exact decimal numbers with 4 fractional digits, the only non-integer number type of
// the language (LANGUAGE.md: "exact, never binary floating point").
// A Decimal is an int64 count of 1/10000 units; every rounding is half-even.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "icp/export.h"

namespace icp {

class ICP_API Decimal {
 public:
  static constexpr std::int64_t kScale = 10000;
  static constexpr int kFractionDigits = 4;

  constexpr Decimal() = default;
  static constexpr Decimal from_units(std::int64_t units) { return Decimal(units); }
  static std::optional<Decimal> from_int(std::int64_t value);
  // Parses `-?[0-9]+(\.[0-9]+)?`. Fails (nullopt) on malformed text, on more than four
  // fractional digits (which would need rounding) and on overflow.
  static std::optional<Decimal> parse(std::string_view text);

  constexpr std::int64_t units() const { return units_; }
  bool is_integer() const { return units_ % kScale == 0; }
  // Shortest exact text: "36", "0.5", "-12.3456".
  std::string to_string() const;

  // Arithmetic fails (nullopt) on overflow or division by zero; the VM turns that into unknown.
  std::optional<Decimal> add(Decimal other) const;
  std::optional<Decimal> sub(Decimal other) const;
  std::optional<Decimal> mul(Decimal other) const;  // exact product rounded half-even
  std::optional<Decimal> div(Decimal other) const;  // quotient rounded half-even
  // Whether mul / div give the exact product / quotient, with nothing rounded away: the
  // compiler folds constants only when they do (a folded constant is exact or refused).
  bool mul_is_exact(Decimal other) const;
  bool div_is_exact(Decimal other) const;  // false for division by zero

  static constexpr Decimal max() { return Decimal(INT64_MAX); }
  static constexpr Decimal min() { return Decimal(INT64_MIN); }

  friend constexpr auto operator<=>(Decimal, Decimal) = default;

 private:
  constexpr explicit Decimal(std::int64_t units) : units_(units) {}
  std::int64_t units_ = 0;
};

}  // namespace icp
