// Signal points with cap and exact decay. The decay factors are rounded once per signal
// from long double, and decided with big integers in the rare case where the float lies
// too close to a rounding boundary to be trusted (docs/evaluation.md, "Decay").
#include "runtime/vm/signal_points.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "runtime/base/half_even.hpp"

namespace icp {
namespace {

// A natural number as base-2^32 limbs, least significant first; only what the boundary
// test needs: multiply by a small factor, and compare.
class BigNat {
 public:
  explicit BigNat(std::uint32_t value) : limbs_{value} {}

  void multiply(std::uint32_t factor) {
    std::uint64_t carry = 0;
    for (auto& limb : limbs_) {
      const std::uint64_t product = static_cast<std::uint64_t>(limb) * factor + carry;
      limb = static_cast<std::uint32_t>(product);
      carry = product >> 32;
    }
    if (carry != 0) limbs_.push_back(static_cast<std::uint32_t>(carry));
  }

  // Multiplies by base^exponent; base^2 must fit 32 bits, so two steps go at once.
  void multiply_power(std::uint32_t base, std::int64_t exponent) {
    for (; exponent >= 2; exponent -= 2) multiply(base * base);
    if (exponent == 1) multiply(base);
  }

  void multiply_power_of_two(std::int64_t exponent) {
    for (; exponent >= 31; exponent -= 31) multiply(std::uint32_t{1} << 31);
    multiply(std::uint32_t{1} << exponent);
  }

  // Limbs never gain leading zeros (factors are nonzero), so longer means larger.
  friend std::strong_ordering operator<=>(const BigNat& a, const BigNat& b) {
    if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() <=> b.limbs_.size();
    for (std::size_t i = a.limbs_.size(); i-- > 0;) {
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] <=> b.limbs_[i];
    }
    return std::strong_ordering::equal;
  }

 private:
  std::vector<std::uint32_t> limbs_;
};

// A float this close (in ten-thousandths) to x.xxxx5 is decided exactly. long double
// (or even double, where long double is double) is off by < 1e-11 ten-thousandths here,
// so anything farther away rounds the same way as the exact value.
constexpr long double kBoundaryMargin = 1e-8L;

}  // namespace

namespace detail {

bool decay_factor_exceeds_half_step(std::int32_t r, std::int32_t half_life_days, std::int64_t m) {
  if (m < 0) return true;        // the boundary is negative; the factor is positive
  if (m >= 10000) return false;  // the boundary is above 1; the factor is at most 1
  // 2^(-r/H) > b  <=>  2^(-r) > b^H  <=>  20000^H > (2m+1)^H * 2^r, all terms positive.
  BigNat left(1);
  left.multiply_power(20000, half_life_days);
  BigNat right(1);
  right.multiply_power(static_cast<std::uint32_t>(2 * m + 1), half_life_days);
  right.multiply_power_of_two(r);
  return left > right;
}

}  // namespace detail

Decimal decay_factor(std::int32_t r, std::int32_t half_life_days) {
  if (r <= 0 || half_life_days <= 0 || r >= half_life_days) return Decimal::from_units(Decimal::kScale);
  const long double scaled =
      std::exp2(-static_cast<long double>(r) / half_life_days) * static_cast<long double>(Decimal::kScale);
  const long double whole = std::floor(scaled);
  const long double fraction = scaled - whole;
  const auto m = static_cast<std::int64_t>(whole);
  // 2^(-r/H) is irrational for 0 < r < H, so it is never exactly on a boundary, but it
  // can come arbitrarily close; those cases are settled with exact integers.
  const bool up = std::fabs(fraction - 0.5L) < kBoundaryMargin
                      ? detail::decay_factor_exceeds_half_step(r, half_life_days, m)
                      : fraction > 0.5L;
  return Decimal::from_units(up ? m + 1 : m);
}

SignalRule make_signal_rule(Decimal weight, std::int32_t window_days, std::optional<std::int64_t> cap,
                            std::optional<std::int32_t> half_life_days) {
  if (window_days < 0) throw std::invalid_argument("a signal's window cannot be negative");
  if (cap && *cap < 1) throw std::invalid_argument("a signal's cap must be at least 1");
  if (half_life_days && *half_life_days < 1) throw std::invalid_argument("a half-life must be at least 1 day");
  SignalRule rule{weight, window_days, cap, half_life_days, {}};
  if (half_life_days) {
    const std::int64_t size = std::min<std::int64_t>(*half_life_days, std::int64_t{window_days} + 1);
    rule.decay_factors.reserve(static_cast<std::size_t>(size));
    for (std::int32_t r = 0; r < size; ++r) rule.decay_factors.push_back(decay_factor(r, *half_life_days));
  }
  return rule;
}

Decimal decayed_points(const SignalRule& rule, std::int32_t age) {
  if (age < 0 || age > rule.window_days) return Decimal{};
  if (!rule.half_life_days) return rule.weight;
  const std::int32_t half_life = *rule.half_life_days;
  const std::int32_t halvings = age / half_life;
  const std::int32_t r = age % half_life;
  std::int64_t units = rule.weight.units();
  // Halving shrinks the magnitude and the factor is at most 1: nothing here can overflow.
  for (std::int32_t i = 0; i < halvings && units != 0; ++i) units = *divide_half_even(units, 2);
  const auto r_index = static_cast<std::size_t>(r);
  // A rule built by hand may lack the table; computing the factor keeps it correct.
  const Decimal factor =
      r_index < rule.decay_factors.size() ? rule.decay_factors[r_index] : decay_factor(r, half_life);
  return *Decimal::from_units(units).mul(factor);
}

SignalTally tally_signal(const SignalRule& rule, std::span<const std::int32_t> ages,
                         std::vector<std::int32_t>& scratch) {
  SignalTally tally;
  scratch.clear();
  for (const std::int32_t age : ages) {
    if (age < 0) {
      ++tally.future;
    } else if (age > rule.window_days) {
      ++tally.expired;
    } else {
      scratch.push_back(age);
    }
  }
  tally.counted = static_cast<std::int64_t>(scratch.size());
  std::int64_t earning = tally.counted;
  if (rule.cap && *rule.cap < earning) {
    earning = *rule.cap;
    // The cap rewards the freshest events. Equal ages are worth the same, so the first
    // `cap` of a stable sort and this partition give the same multiset of ages.
    std::nth_element(scratch.begin(), scratch.begin() + earning, scratch.end());
  }
  tally.capped_out = tally.counted - earning;
  // Every term has the weight's sign, so partial sums only grow in magnitude: the sum
  // overflows in this order exactly when it overflows in any order.
  Decimal total;
  for (std::int64_t i = 0; i < earning; ++i) {
    const auto sum = total.add(decayed_points(rule, scratch[static_cast<std::size_t>(i)]));
    if (!sum) {
      tally.points = std::nullopt;
      return tally;
    }
    total = *sum;
  }
  tally.points = total;
  return tally;
}

std::int64_t count_within(std::span<const std::int32_t> ages, std::int32_t window_days) {
  return std::count_if(ages.begin(), ages.end(),
                       [window_days](std::int32_t age) { return age >= 0 && age <= window_days; });
}

}  // namespace icp
