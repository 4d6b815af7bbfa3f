// UTF-8 as every stage reads it: well-formed sequences (RFC 3629), and the characters no
// output of icp writes raw. Input: bytes. Output: sequence lengths, code points, the first
// ill-formed byte. Header-only, so the grammar, the loader and every escaper share it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace icp {

// Length of the well-formed UTF-8 sequence at text[i] (1 for ASCII), or 0 when it is
// malformed: overlong forms, surrogates and code points past U+10FFFF (RFC 3629).
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

// The code point of the well-formed sequence of `length` bytes at text[i].
inline char32_t utf8_code_point(std::string_view text, std::size_t i, std::size_t length) {
  const auto byte = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(text[i + k])); };
  switch (length) {
    case 1: return byte(0);
    case 2: return (byte(0) & 0x1F) << 6 | (byte(1) & 0x3F);
    case 3: return (byte(0) & 0x0F) << 12 | (byte(1) & 0x3F) << 6 | (byte(2) & 0x3F);
    default: return (byte(0) & 0x07) << 18 | (byte(1) & 0x3F) << 12 | (byte(2) & 0x3F) << 6 | (byte(3) & 0x3F);
  }
}

// Offset of the first byte that is not part of well-formed UTF-8, or nothing.
inline std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

// `text` with each byte that is not part of well-formed UTF-8 replaced by U+FFFD: for
// strings that must be UTF-8 (an artifact's) made from bytes that need not be (a file path).
inline std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

// The first `limit` bytes of `text`, cut back to a character boundary, with "..." when
// anything was cut: what an error message quotes of a value, so a megabyte token makes a
// line of a hundred bytes, not a megabyte.
inline std::string utf8_prefix(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

// Characters that no output writes as they are, because they act instead of showing: the
// C0 controls, DEL and the C1 controls (a terminal runs ESC and CSI sequences; U+009B is a
// CSI by itself on some), the bidirectional formatting characters U+061C, U+200E, U+200F,
// U+202A-U+202E and U+2066-U+2069 (they reorder the text around them, as in "Trojan
// Source", CVE-2021-42574), and the line and paragraph separators U+2028 and U+2029 (a
// line break nobody sees as one). Each output escapes them its own way (compiler/render/escape.hpp).
inline bool is_hidden_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace icp
