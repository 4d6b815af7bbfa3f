// The NAICS membership test that every decoder runs on every record: an index built at
// compile time from a code list, answering in a few bit tests. Input: the list's codes
// (strings of 2 to 6 digits). Output: contains(code). Private to reference_codes.cpp and tests.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace icp::vm::detail {

// A fixed-size bitmap usable in constant expressions.
template <std::size_t N>
struct Bits {
  std::array<std::uint64_t, (N + 63) / 64> words{};
  constexpr void set(std::size_t i) { words[i / 64] |= std::uint64_t{1} << (i % 64); }
  constexpr bool test(std::size_t i) const { return (words[i / 64] >> (i % 64) & 1U) != 0; }
};

// Codes of 2 to 4 digits have one bit each among all 11,100 such strings. NAICS is a strict
// hierarchy, so a code of 5 or 6 digits lies under a 4-digit industry group of the list: each
// group has a slot with one bit per 5th digit and one per (5th, 6th) digit pair, found by
// counting the groups before it. About 7 KB for NAICS 2022's 2,132 codes (308 groups), so it
// stays in L1 cache. Measured against a binary search over the same codes as integers: half
// the time of a branch-free one, and a fifth of std::binary_search's on codes in random order.
// INVARIANT (build() fails to compile otherwise): every code of 5 or 6 digits extends a
// 4-digit code of the list, and `Groups` is the number of 4-digit codes.
template <std::size_t Groups>
class NaicsIndex {
 public:
  // `codes`: distinct strings of 2 to 6 ASCII digits. Throws (a compile error in a constant
  // expression) when the invariant does not hold.
  template <typename Codes>
  static constexpr NaicsIndex build(const Codes& codes) {
    NaicsIndex index;
    for (std::string_view code : codes) {
      if (code.size() < 2 || code.size() > 6 || value_of(code) < 0) throw "a NAICS code is 2 to 6 digits";
      if (code.size() <= 4) index.short_.set(short_bit(code.size(), static_cast<std::uint32_t>(value_of(code))));
    }
    index.count_groups();
    for (std::string_view code : codes) {
      if (code.size() > 4) index.set_long(code.size(), static_cast<std::uint32_t>(value_of(code)));
    }
    return index;
  }

  // Whether `code` is one of the codes, exactly as written: "05" is not "5", " 5132" is none.
  constexpr bool contains(std::string_view code) const {
    if (code.size() < 2 || code.size() > 6) return false;
    const long value = value_of(code);
    if (value < 0) return false;
    const auto digits = static_cast<std::uint32_t>(value);
    switch (code.size()) {
      case 5: return short_.test(digits / 10) && (fifth_[slot(digits / 10)] >> (digits % 10) & 1U) != 0;
      case 6: return short_.test(digits / 100) && sixth_[slot(digits / 100)].test(digits % 100);
      default: return short_.test(short_bit(code.size(), digits));
    }
  }

 private:
  // Where each length's codes start in short_: the 4-digit ones first, so that ranking a
  // group looks at the first words only.
  static constexpr std::size_t kGroupCodes = 10000;
  static constexpr std::size_t short_bit(std::size_t length, std::uint32_t value) {
    return (length == 4 ? 0 : length == 3 ? kGroupCodes : kGroupCodes + 1000) + value;
  }

  // The number the digits spell, or -1 when `text` is not all ASCII digits (or too long).
  static constexpr long value_of(std::string_view text) {
    if (text.size() > 6) return -1;
    long value = 0;
    for (char c : text) {
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  // The slot of a 4-digit code that is in short_: the number of 4-digit codes below it.
  constexpr std::size_t slot(std::uint32_t group) const {
    const std::uint64_t below = short_.words[group / 64] & ((std::uint64_t{1} << (group % 64)) - 1);
    return groups_before_[group / 64] + static_cast<std::size_t>(std::popcount(below));
  }

  constexpr void count_groups() {
    std::size_t count = 0;
    for (std::size_t word = 0; word < groups_before_.size(); ++word) {
      groups_before_[word] = static_cast<std::uint16_t>(count);
      const std::size_t first = word * 64;
      std::uint64_t bits = short_.words[word];
      if (kGroupCodes - first < 64) bits &= (std::uint64_t{1} << (kGroupCodes - first)) - 1;  // 3-digit codes follow
      count += static_cast<std::size_t>(std::popcount(bits));
    }
    if (count != Groups) throw "Groups must be the number of 4-digit codes";
  }

  constexpr void set_long(std::size_t length, std::uint32_t value) {
    const std::uint32_t group = length == 5 ? value / 10 : value / 100;
    if (!short_.test(group)) throw "a NAICS code of 5 or 6 digits lies under no 4-digit code of the list";
    if (length == 5) {
      fifth_[slot(group)] |= static_cast<std::uint16_t>(1U << (value % 10));
    } else {
      sixth_[slot(group)].set(value % 100);
    }
  }

  Bits<kGroupCodes + 1000 + 100> short_;
  std::array<std::uint16_t, (kGroupCodes + 63) / 64> groups_before_{};  // 4-digit codes in earlier words
  std::array<std::uint16_t, Groups> fifth_{};  // per group: bit d when group * 10 + d is a code
  std::array<Bits<100>, Groups> sixth_{};      // per group: bit d5d6 when group * 100 + d5d6 is a code
};

}  // namespace icp::vm::detail
