// Tests of `icpc diff`'s score shift statistics (analysis/impact/score_shift.cpp): the exact mean
// with half-even rounding, nearest-rank percentiles, and the up/down/unchanged counts.
#include <doctest/doctest.h>

#include "analysis/impact/score_shift.hpp"

namespace icp::analysis {
namespace {

Decimal d(const char* text) { return *Decimal::parse(text); }

std::vector<Decimal> list(std::initializer_list<const char*> texts) {
  std::vector<Decimal> values;
  for (const char* text : texts) values.push_back(*Decimal::parse(text));
  return values;
}

TEST_CASE("the mean is the exact sum divided once, rounded half-even to 4 digits") {
  CHECK(exact_mean(list({"1", "2"})) == d("1.5"));
  CHECK(exact_mean(list({"1", "1", "2"}))->to_string() == "1.3333");  // 4/3
  CHECK(exact_mean(list({"2", "2", "2", "0", "0", "0", "0"}))->to_string() == "0.8571");  // 6/7
  // 0.00005 and 0.00015 are exact halves: they go to the even neighbour.
  CHECK(exact_mean(list({"0.0001", "0"})) == d("0"));
  CHECK(exact_mean(list({"0.0003", "0"})) == d("0.0002"));
  CHECK(exact_mean(list({"-0.0003", "0"})) == d("-0.0002"));
  // The sum is exact in 128 bits: no overflow at the edge of a Decimal.
  const Decimal big = Decimal::from_units(INT64_MAX);
  CHECK(exact_mean({big, big, big}) == big);
  CHECK_FALSE(exact_mean({}).has_value());
}

TEST_CASE("percentiles use the nearest rank, so they are observed values") {
  const std::vector<Decimal> sorted = list({"-3", "0", "0", "1", "2", "4", "4", "5", "7", "12"});
  CHECK(nearest_rank(sorted, 50) == d("2"));   // rank ceil(5) = 5
  CHECK(nearest_rank(sorted, 90) == d("7"));   // rank ceil(9) = 9
  CHECK(nearest_rank(sorted, 100) == d("12"));
  CHECK(nearest_rank(sorted, 1) == d("-3"));   // rank ceil(0.1) = 1
  CHECK(nearest_rank(list({"2.5"}), 50) == d("2.5"));
  CHECK(nearest_rank(list({"1", "9"}), 50) == d("1"));  // rank 1: no interpolation to 5
  CHECK(nearest_rank(list({"1", "2", "3"}), 50) == d("2"));  // rank ceil(1.5) = 2
}

TEST_CASE("summarise_shift counts directions and sorts for the percentiles") {
  const ScoreShift shift = summarise_shift(list({"4", "0", "-1.5", "0", "2"}));
  CHECK(shift.accounts == 5);
  CHECK(shift.increased == 2);
  CHECK(shift.decreased == 1);
  CHECK(shift.unchanged == 2);
  CHECK(shift.mean == d("0.9"));
  CHECK(shift.p50 == d("0"));
  CHECK(shift.p90 == d("4"));
  CHECK(shift.min == d("-1.5"));
  CHECK(shift.max == d("4"));

  const ScoreShift none = summarise_shift({});
  CHECK(none.accounts == 0);
  CHECK_FALSE(none.mean.has_value());
  CHECK_FALSE(none.p50.has_value());
}

}  // namespace
}  // namespace icp::analysis
