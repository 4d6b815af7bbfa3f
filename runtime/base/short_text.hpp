// Texts of at most 16 bytes as two 8-byte words, zero past the text's end, so that
// comparing one with a handful of constants (a country list, a tech list, role titles) is a
// few integer compares with no branch on the bytes: evaluating the same conditions over
// thousands of unlike records, branches on their bytes are what costs (mispredictions).
// Input: a string_view. Output: a ShortText, and its ASCII-lowercased form.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace icp::vm {

struct ShortText {
  static constexpr std::size_t kMaxSize = 16;
  std::uint64_t low = 0, high = 0;  // bytes 0..7 and 8..15, little-endian order of loading
  std::uint64_t size = 0;

  friend bool operator==(const ShortText&, const ShortText&) = default;
};

namespace short_text_detail {

template <typename Word>
Word load(const char* p) {
  Word word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

}  // namespace short_text_detail

// Requires text.size() <= ShortText::kMaxSize. Reads only the text's own bytes: the loads
// overlap inside it instead of running past its end.
inline ShortText make_short_text(std::string_view text) {
  using short_text_detail::load;
  const char* p = text.data();
  const std::size_t n = text.size();
  ShortText t;
  t.size = n;
  if (n >= 8) {
    t.low = load<std::uint64_t>(p);
    // The last eight bytes, shifted so that byte 8 lands in the low byte.
    t.high = n == 8 ? 0 : load<std::uint64_t>(p + n - 8) >> (8 * (16 - n));
  } else if (n >= 4) {
    t.low = load<std::uint32_t>(p) | std::uint64_t{load<std::uint32_t>(p + n - 4)} << (8 * (n - 4));
  } else if (n >= 2) {
    t.low = load<std::uint16_t>(p) | std::uint64_t{load<std::uint16_t>(p + n - 2)} << (8 * (n - 2));
  } else if (n == 1) {
    t.low = static_cast<unsigned char>(p[0]);
  }
  return t;
}

// Lowercases the ASCII letters of eight bytes at once; other bytes, UTF-8 included, stay.
inline std::uint64_t fold_ascii_word(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const std::uint64_t low7 = w & ~kHigh;
  const std::uint64_t above_z = low7 + (0x7F - 'Z') * kOnes;     // high bit: the byte's low 7 bits > 'Z'
  const std::uint64_t from_a = low7 + (0x80 - 'A') * kOnes;      // high bit: >= 'A'
  const std::uint64_t upper = (from_a & ~above_z) & ~w & kHigh;  // ASCII 'A'..'Z'
  return w | (upper >> 2);                                       // + 0x20
}

inline ShortText fold_ascii(ShortText t) {
  t.low = fold_ascii_word(t.low);
  t.high = fold_ascii_word(t.high);
  return t;
}

}  // namespace icp::vm
