// UTF-8 checks shared by the input readers. Input: bytes. Output: the length of one encoded
// character, or where the first invalid byte of a text is. The fast whole-text check is
// simdjson::validate_utf8; these say where it failed, for an error message.
#pragma once

#include <cstddef>
#include <string_view>

namespace icp::vm {

// One UTF-8 sequence at p (lead byte >= 0x80), as simdjson validates it: no overlong
// forms, no surrogates, nothing above U+10FFFF. Returns its length, 0 when invalid.
// KEEP IN SYNC: utf8_length in decode_json_fast.cpp, a copy that can include this header.
inline std::size_t utf8_length(const unsigned char* p, const unsigned char* e) {
  const unsigned char c = p[0];
  std::size_t n = 0;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(e - p) < n || p[1] < low || p[1] > high) return 0;
  for (std::size_t i = 2; i < n; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return n;
}

// Offset of the first byte that does not start a valid UTF-8 character, or npos.
inline std::size_t first_invalid_utf8(std::string_view text) {
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = begin + text.size();
  for (const unsigned char* p = begin; p < end;) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const std::size_t n = utf8_length(p, end);
    if (n == 0) return static_cast<std::size_t>(p - begin);
    p += n;
  }
  return std::string_view::npos;
}

}  // namespace icp::vm
