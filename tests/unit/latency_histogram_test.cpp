// The constant-rate load generator's latency histogram (bench/serve/latency_histogram.hpp):
// percentiles of known samples, exact below 2,048 ns and within the stated relative error
// above it, never below the true value, the maximum and mean exact.
#include "bench/serve/latency_histogram.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

namespace {

using icp::bench::LatencyHistogram;

struct Row {
  const char* name;
  std::vector<std::uint64_t> samples_ns;
  double percent;
  double true_us;  // the nearest-rank percentile of the samples
};

// 1..n nanoseconds, or 1..n microseconds.
std::vector<std::uint64_t> ramp(std::uint64_t n, std::uint64_t unit) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = 1; i <= n; ++i) out.push_back(i * unit);
  return out;
}

TEST_CASE("latency histogram: percentiles of known samples") {
  const std::vector<Row> rows = {
      {.name = "one sample", .samples_ns = {700'000}, .percent = 99, .true_us = 700},
      {.name = "exact region: 1..2000 ns, p50", .samples_ns = ramp(2000, 1), .percent = 50, .true_us = 1.0},
      {.name = "exact region: 1..2000 ns, p99", .samples_ns = ramp(2000, 1), .percent = 99, .true_us = 1.98},
      {.name = "1..1000 µs, p50", .samples_ns = ramp(1000, 1000), .percent = 50, .true_us = 500},
      {.name = "1..1000 µs, p90", .samples_ns = ramp(1000, 1000), .percent = 90, .true_us = 900},
      {.name = "1..1000 µs, p99", .samples_ns = ramp(1000, 1000), .percent = 99, .true_us = 990},
      {.name = "1..1000 µs, p99.9", .samples_ns = ramp(1000, 1000), .percent = 99.9, .true_us = 999},
      {.name = "1..1000 µs, p100 is the max", .samples_ns = ramp(1000, 1000), .percent = 100, .true_us = 1000},
      {.name = "a tail: 990 × 100 µs and 10 × 5 ms, p99 in the body",
       .samples_ns = [] {
         std::vector<std::uint64_t> v(990, 100'000);
         v.insert(v.end(), 10, 5'000'000);
         return v;
       }(),
       .percent = 99, .true_us = 100},
      {.name = "a tail: 980 × 100 µs and 20 × 5 ms, p99 in the tail",
       .samples_ns = [] {
         std::vector<std::uint64_t> v(980, 100'000);
         v.insert(v.end(), 20, 5'000'000);
         return v;
       }(),
       .percent = 99, .true_us = 5000},
      {.name = "an hour", .samples_ns = {3'600'000'000'000}, .percent = 50, .true_us = 3'600'000'000},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      LatencyHistogram histogram;
      for (const std::uint64_t sample : row.samples_ns) histogram.record(sample);
      const double reported = histogram.percentile_us(row.percent);
      CHECK(reported >= row.true_us);
      CHECK(reported <= row.true_us * (1 + LatencyHistogram::kRelativeError));
      CHECK(histogram.count() == row.samples_ns.size());
    }
  }
}

TEST_CASE("latency histogram: max and mean are exact, an empty one reports 0") {
  LatencyHistogram histogram;
  CHECK(histogram.percentile_us(99) == 0);
  CHECK(histogram.max_us() == 0);
  for (const std::uint64_t sample : ramp(1000, 1000)) histogram.record(sample + 7);
  CHECK(histogram.max_us() == doctest::Approx(1000.007));
  CHECK(histogram.mean_us() == doctest::Approx(500.507));
  // The bucket of the max reaches past it: the report is clamped to the exact max.
  CHECK(histogram.percentile_us(100) == doctest::Approx(1000.007));
}

TEST_CASE("latency histogram: every value is within the stated error of its bucket's report") {
  // The value and one far above it: the p50 (rank 1 of 2) is the value's bucket's report,
  // not clamped by the maximum.
  for (std::uint64_t value = 1; value < (std::uint64_t{1} << 40); value = value * 3 + 1) {
    LatencyHistogram histogram;
    histogram.record(value);
    histogram.record(value * 4096);
    const double reported_ns = histogram.percentile_us(50) * 1000;
    const double rounding = static_cast<double>(value) * 1e-12;  // of the µs conversion, not of the buckets
    CHECK(reported_ns >= static_cast<double>(value) - rounding);
    CHECK(reported_ns <= static_cast<double>(value) * (1 + LatencyHistogram::kRelativeError) + rounding);
  }
}

}  // namespace
