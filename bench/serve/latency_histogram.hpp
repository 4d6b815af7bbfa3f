// The constant-rate load generator's latency histogram (bench/serve/constant_rate.cpp).
// Input: durations in nanoseconds, one per response. Output: percentiles, the mean and the
// exact maximum, in microseconds.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace icp::bench {

// Log-linear buckets, as HdrHistogram lays them out: exact below 2,048 ns, then 1,024 buckets
// per power of two, so a reported percentile is at most 1/1,024 (< 0.1%) above the true one
// and never below it (a bucket reports its highest value, clamped to the exact maximum).
class LatencyHistogram {
 public:
  // The largest relative error of a reported percentile (see the file's comment).
  static constexpr double kRelativeError = 1.0 / 1024;

  LatencyHistogram() : counts_(kBuckets, 0) {}

  void record(std::uint64_t nanoseconds) {
    ++counts_[bucket_of(nanoseconds)];
    ++total_;
    sum_ += static_cast<double>(nanoseconds);
    max_ = std::max(max_, nanoseconds);
  }

  std::uint64_t count() const { return total_; }
  double max_us() const { return static_cast<double>(max_) / 1000; }
  double mean_us() const { return total_ == 0 ? 0 : sum_ / static_cast<double>(total_) / 1000; }

  // The smallest recorded value that at least `percent` % of the samples are at or below
  // (the nearest-rank definition: rank ceil(percent/100 * n), at least 1); 0 when empty.
  double percentile_us(double percent) const {
    if (total_ == 0) return 0;
    // Less a part in 10^12, so that 99.9% of 1,000 is rank 999 and not, by rounding, 1,000.
    const double exact = percent * static_cast<double>(total_) / 100;
    const double wanted = std::ceil(exact - exact * 1e-12);
    const std::uint64_t rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(wanted));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen >= rank) return static_cast<double>(std::min(highest_in(i), max_)) / 1000;
    }
    return max_us();
  }

 private:
  static constexpr unsigned kSubBits = 11;                        // 2,048 exact values at the bottom
  static constexpr std::uint64_t kExact = std::uint64_t{1} << kSubBits;
  static constexpr std::uint64_t kHalf = kExact / 2;              // buckets per power of two above
  static constexpr std::size_t kBuckets = kExact + (64 - kSubBits) * kHalf;

  // INVARIANT: above kExact, a value v of bit width w lands in octave w - kSubBits, at the
  // position of its top kSubBits bits (the leading one dropped): buckets 2^(w - kSubBits) wide.
  static std::size_t bucket_of(std::uint64_t value) {
    if (value < kExact) return static_cast<std::size_t>(value);
    const unsigned shift = static_cast<unsigned>(std::bit_width(value)) - kSubBits;
    return static_cast<std::size_t>(kExact + (shift - 1) * kHalf + ((value >> shift) - kHalf));
  }

  static std::uint64_t highest_in(std::size_t bucket) {
    if (bucket < kExact) return bucket;
    const std::uint64_t octave = (bucket - kExact) / kHalf + 1;
    const std::uint64_t top = (bucket - kExact) % kHalf + kHalf;
    return ((top + 1) << octave) - 1;
  }

  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0;
  double sum_ = 0;
  std::uint64_t max_ = 0;
};

}  // namespace icp::bench
