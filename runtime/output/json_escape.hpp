// Which bytes a JSON string must look at, found a word at a time: inline, because every
// string of a decision line and of the canonical record JSON is checked before it is copied.
// Input: text. Output: whether (or where) it needs a look; the escapes are in record.hpp.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace icp::vm {

namespace json_escape_detail {

// Bytes a JSON string must look at: the quote, the backslash and control characters, which
// it escapes, and DEL and every byte of a multi-byte sequence, which json_escape_step checks
// (C1 and bidi controls are escaped, ill-formed UTF-8 replaced; other text goes as it is).
inline constexpr auto kNeedsEscape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  for (int c = 0x7F; c < 0x100; ++c) table[c] = true;
  table['"'] = table['\\'] = true;
  return table;
}();

}  // namespace json_escape_detail

// Whether a JSON string must look at the byte `c` (json_escape_step then says what to write).
inline bool json_needs_escape(char c) { return json_escape_detail::kNeedsEscape[static_cast<unsigned char>(c)]; }

// The bytes among the 8 at p that need a look: bit 7 of each such byte's lane (exact, no
// carries between lanes), little-endian so countr_zero / 8 is the first one's offset.
inline std::uint64_t escape_mask(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL, kHigh = 0x8080808080808080ULL, kOnes = 0x0101010101010101ULL;
  auto equal = [&](unsigned char b) {
    const std::uint64_t y = v ^ (kOnes * b);
    return ~(((y & kLow7) + kLow7) | y) & kHigh;
  };
  const std::uint64_t below_space = ~(((v & kLow7) + kOnes * 0x60) | v) & kHigh;
  const std::uint64_t from_del = (((v & kLow7) + kOnes) | v) & kHigh;  // 0x7F and up
  return below_space | from_del | equal('"') | equal('\\');
}

// json_plain for more than 16 bytes: a word at a time, the last word overlapping the one before.
[[gnu::noinline]] inline bool json_plain_long(std::string_view text) {
  const char* p = text.data();
  const std::size_t n = text.size();
  for (std::size_t i = 0; n - i > 8; i += 8) {
    if (escape_mask(p + i) != 0) return false;
  }
  return escape_mask(p + n - 8) == 0;
}

// True when `text` is printable ASCII other than `"` and `\` (it can be quoted as it is).
// Inline up to 16 bytes (most values: "CA", "454144", a title), word checks only, no byte
// loop: two overlapping words from 8 bytes, and under 8 the bytes gathered into one word
// (repeating some: what matters is only whether any byte needs an escape).
[[gnu::always_inline]] inline bool json_plain(std::string_view text) {
  const char* p = text.data();
  const std::size_t n = text.size();
  if (n > 16) return json_plain_long(text);
  if (n >= 8) return (escape_mask(p) | escape_mask(p + n - 8)) == 0;
  char word[8];
  if (n >= 4) {
    std::memcpy(word, p, 4);
    std::memcpy(word + 4, p + n - 4, 4);
  } else if (n > 0) {
    const char bytes[8] = {p[0], p[n / 2], p[n - 1], p[0], p[0], p[0], p[0], p[0]};
    std::memcpy(word, bytes, 8);
  } else {
    return true;
  }
  return escape_mask(word) == 0;
}

}  // namespace icp::vm
