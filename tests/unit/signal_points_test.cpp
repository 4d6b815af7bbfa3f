// Signal points: windows, counting, cap selection and the exact decay algorithm. Expected
// literals were computed independently with 60-digit decimal arithmetic.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "runtime/vm/signal_points.hpp"

using icp::Decimal;
using icp::SignalRule;

namespace {
Decimal dec(const char* text) { return Decimal::parse(text).value(); }
std::string factor(std::int32_t r, std::int32_t h) { return icp::decay_factor(r, h).to_string(); }
}  // namespace

TEST_CASE("decay factors are 2^(-r/H) rounded half-even to 4 digits") {
  struct Row { std::int32_t r; std::int32_t h; const char* expected; };
  const Row rows[] = {
      {0, 7, "1"},        {1, 7, "0.9057"},   {2, 7, "0.8203"},   {3, 7, "0.743"},
      {4, 7, "0.673"},    {5, 7, "0.6095"},   {6, 7, "0.552"},    {1, 2, "0.7071"},
      {1, 3, "0.7937"},   {2, 3, "0.63"},     {13, 14, "0.5254"}, {11, 30, "0.7756"},
      // Within 1e-4 of a rounding boundary (x.xxxx5), the hard cases for a float:
      {127, 222, "0.6727"}, {85, 392, "0.8604"}, {289, 348, "0.5623"}, {271, 300, "0.5346"},
      {25, 256, "0.9345"},  {61, 180, "0.7907"}, {71, 80, "0.5406"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.r);
    CAPTURE(row.h);
    CHECK(factor(row.r, row.h) == row.expected);
  }
}

TEST_CASE("decay factors agree with long double away from rounding boundaries") {
  for (std::int32_t h = 1; h <= 60; ++h) {
    for (std::int32_t r = 0; r < h; ++r) {
      const long double scaled = std::pow(2.0L, -static_cast<long double>(r) / h) * 10000.0L;
      const long double distance = std::fabs(scaled - std::floor(scaled) - 0.5L);
      if (distance < 1e-6L) continue;  // covered by the exact literals above
      CAPTURE(r);
      CAPTURE(h);
      CHECK(icp::decay_factor(r, h).units() == static_cast<std::int64_t>(std::llround(scaled)));
    }
  }
}

TEST_CASE("the exact boundary test decides with integers") {
  // 2^(-127/222) = 0.67265000145..., just above the boundary 0.67265.
  CHECK(icp::detail::decay_factor_exceeds_half_step(127, 222, 6726));
  CHECK_FALSE(icp::detail::decay_factor_exceeds_half_step(127, 222, 6727));
  // 2^(-85/392) = 0.86044999549..., just below 0.86045.
  CHECK_FALSE(icp::detail::decay_factor_exceeds_half_step(85, 392, 8604));
  CHECK(icp::detail::decay_factor_exceeds_half_step(85, 392, 8603));
  // 2^(-1/2) = 0.7071067...: above 0.70705, below 0.70715.
  CHECK(icp::detail::decay_factor_exceeds_half_step(1, 2, 7070));
  CHECK_FALSE(icp::detail::decay_factor_exceeds_half_step(1, 2, 7071));
  CHECK(icp::detail::decay_factor_exceeds_half_step(1, 2, -1));
  CHECK_FALSE(icp::detail::decay_factor_exceeds_half_step(1, 2, 10000));
}

TEST_CASE("decayed points follow the documented worked example") {
  // LANGUAGE.md: signal webinar weight 0.5 within 14d decay half_life 7d.
  const SignalRule rule = icp::make_signal_rule(dec("0.5"), 14, std::nullopt, 7);
  CHECK(rule.decay_factors.size() == 7);
  const char* expected[] = {"0.5",    "0.4528", "0.4102", "0.3715", "0.3365", "0.3048", "0.276", "0.25",
                            "0.2264", "0.2051", "0.1858", "0.1682", "0.1524", "0.138",  "0.125"};
  for (std::int32_t age = 0; age <= 14; ++age) {
    CAPTURE(age);
    CHECK(icp::decayed_points(rule, age).to_string() == expected[age]);
  }
  CHECK(icp::decayed_points(rule, 15) == Decimal{});  // outside the window
  CHECK(icp::decayed_points(rule, -1) == Decimal{});  // in the future
}

TEST_CASE("decay rounds half-even at every step, for any sign") {
  CHECK(icp::decayed_points(icp::make_signal_rule(dec("-3"), 30, std::nullopt, 7), 9).to_string() == "-1.2304");
  CHECK(icp::decayed_points(icp::make_signal_rule(dec("10"), 60, std::nullopt, 30), 45).to_string() == "3.5355");
  // 0.0003 / 2 = 0.00015 -> 0.0002 (even); then 0.0001 -> 0.00005 -> 0.
  const SignalRule tiny = icp::make_signal_rule(dec("0.0003"), 10, std::nullopt, 1);
  CHECK(icp::decayed_points(tiny, 1).to_string() == "0.0002");
  CHECK(icp::decayed_points(tiny, 2).to_string() == "0.0001");
  CHECK(icp::decayed_points(tiny, 3).to_string() == "0");
  // Many halvings stop at zero instead of looping age/H times.
  const SignalRule big = icp::make_signal_rule(dec("1000000"), 1000000, std::nullopt, 7);
  CHECK(icp::decayed_points(big, 400) == Decimal{});
  CHECK(big.decay_factors.size() == 7);
}

TEST_CASE("the factor table stops at the window") {
  const SignalRule rule = icp::make_signal_rule(dec("1"), 3, std::nullopt, 90);
  CHECK(rule.decay_factors.size() == 4);
  CHECK(icp::decayed_points(rule, 3) == icp::decay_factor(3, 90));
}

TEST_CASE("windows count ages 0..D; future and expired events never count") {
  const std::vector<std::int32_t> ages = {0, 30, 31, -1, 15, 100, 30};
  CHECK(icp::count_within(ages, 30) == 4);
  CHECK(icp::count_within(ages, 0) == 1);
  CHECK(icp::count_within({}, 30) == 0);
}

TEST_CASE("cap limits points to the freshest events, not the count") {
  // LANGUAGE.md: signal content_download weight 2 within 30d cap 3.
  const SignalRule rule = icp::make_signal_rule(dec("2"), 30, 3, std::nullopt);
  std::vector<std::int32_t> scratch;
  const std::vector<std::int32_t> ages = {29, 1, -2, 31, 5, 0, 12, 30};
  const auto tally = icp::tally_signal(rule, ages, scratch);
  CHECK(tally.counted == 6);
  CHECK(tally.capped_out == 3);
  CHECK(tally.future == 1);
  CHECK(tally.expired == 1);
  CHECK(tally.points->to_string() == "6");
  CHECK(icp::count_within(ages, 30) == 6);  // count() ignores the cap
}

TEST_CASE("with decay and a cap, the freshest events earn the points") {
  const SignalRule rule = icp::make_signal_rule(dec("0.5"), 14, 2, 7);
  std::vector<std::int32_t> scratch = {99, 98};  // stale contents are cleared
  const std::vector<std::int32_t> ages = {14, 8, 3, 1, 3};
  const auto tally = icp::tally_signal(rule, ages, scratch);
  CHECK(tally.counted == 5);
  CHECK(tally.capped_out == 3);
  CHECK(tally.points->to_string() == "0.8243");  // ages 1 and 3: 0.4528 + 0.3715
  const SignalRule uncapped = icp::make_signal_rule(dec("0.5"), 14, std::nullopt, 7);
  // 0.125 + 0.2264 + 0.3715 + 0.4528 + 0.3715
  CHECK(icp::tally_signal(uncapped, ages, scratch).points->to_string() == "1.5472");
}

TEST_CASE("an empty or all-outside signal earns nothing") {
  const SignalRule rule = icp::make_signal_rule(dec("5"), 7, 1, std::nullopt);
  std::vector<std::int32_t> scratch;
  const auto none = icp::tally_signal(rule, {}, scratch);
  CHECK(none.counted == 0);
  CHECK(none.points == Decimal{});
  const std::vector<std::int32_t> outside = {-5, 8};
  const auto tally = icp::tally_signal(rule, outside, scratch);
  CHECK(tally.counted == 0);
  CHECK(tally.capped_out == 0);
  CHECK(tally.points == Decimal{});
}

TEST_CASE("a sum that overflows a Decimal is reported, not saturated") {
  const auto huge = Decimal::from_units(std::numeric_limits<std::int64_t>::max() / 2 + 1);
  const SignalRule rule = icp::make_signal_rule(huge, 10, std::nullopt, std::nullopt);
  std::vector<std::int32_t> scratch;
  const std::vector<std::int32_t> ages = {1, 2};
  const auto tally = icp::tally_signal(rule, ages, scratch);
  CHECK(tally.counted == 2);
  CHECK_FALSE(tally.points.has_value());
  const std::vector<std::int32_t> one = {1};
  CHECK(icp::tally_signal(rule, one, scratch).points == huge);
}

TEST_CASE("invalid rules are refused") {
  CHECK_THROWS_AS(icp::make_signal_rule(dec("1"), -1, std::nullopt, std::nullopt), std::invalid_argument);
  CHECK_THROWS_AS(icp::make_signal_rule(dec("1"), 7, 0, std::nullopt), std::invalid_argument);
  CHECK_THROWS_AS(icp::make_signal_rule(dec("1"), 7, std::nullopt, 0), std::invalid_argument);
}
