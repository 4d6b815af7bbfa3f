// append_json_string, which finds the bytes to look at eight at a time: checked against a
// character-by-character reference, with its own UTF-8 decoder, for every escaped character
// (ASCII escapes, DEL, C1 and bidi controls, line separators, ill-formed UTF-8) at every
// offset of a word, among characters of every UTF-8 length that go through as they are.
#include "runtime/input/record.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace {

// The code point of the well-formed sequence at text[i] and its length, or length 0 (RFC
// 3629, Unicode Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0; };
  const unsigned b0 = at(0), b1 = at(1), b2 = at(2), b3 = at(3);
  const auto cont = [](unsigned b) { return b >= 0x80 && b <= 0xBF; };
  if (b0 < 0x80) return {b0, 1};
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(b1)) return {(b0 & 0x1F) << 6 | (b1 & 0x3F), 2};
  const bool three = (b0 == 0xE0 && b1 >= 0xA0 && b1 <= 0xBF) || (b0 >= 0xE1 && b0 <= 0xEC && cont(b1)) ||
                     (b0 == 0xED && b1 >= 0x80 && b1 <= 0x9F) || (b0 >= 0xEE && b0 <= 0xEF && cont(b1));
  if (three && cont(b2)) return {(b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F), 3};
  const bool four = (b0 == 0xF0 && b1 >= 0x90 && b1 <= 0xBF) || (b0 >= 0xF1 && b0 <= 0xF3 && cont(b1)) ||
                    (b0 == 0xF4 && b1 >= 0x80 && b1 <= 0x8F);
  if (four && cont(b2) && cont(b3)) return {(b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F), 4};
  return {0, 0};
}

std::string reference_json_string(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const auto [c, length] = decode(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    const bool hidden = c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x61C || c == 0x200E || c == 0x200F ||
                        (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (hidden) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out.append(text.substr(i, length));
        }
    }
    i += length;
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("append_json_string: escapes exactly what it must, at any offset") {
  std::vector<std::string> escaped = {"\"", "\\", "\x7F", "\u0085", "\u009B", "\u061C", "\u200E", "\u2028", "\u2029",
                                      "\u202A", "\u202E", "\u2066", "\u2069",
                                      // ill-formed: stray, cut, surrogate, overlong, above U+10FFFF
                                      "\xFF", "\x80", "\xC3", "\xE2\x82", "\xED\xA0\x80", "\xC0\xAF",
                                      "\xF4\x90\x80\x80"};
  for (int c = 0; c < 0x20; ++c) escaped.push_back(std::string(1, static_cast<char>(c)));
  // Characters that go through as they are, of every UTF-8 length, some next to the escaped
  // ranges: space, `!`, `~`, U+00A0, é, U+2027, U+202F, U+206A, €, 🚀.
  const std::vector<std::string> plain = {"a", " ", "!", "~", "\u00A0", "\u00E9", "\u2027", "\u202F", "\u206A",
                                          "\u20AC", "\U0001F680"};
  for (std::size_t length = 0; length <= 24; ++length) {
    std::vector<std::string> characters;
    for (std::size_t i = 0; i < length; ++i) characters.push_back(plain[(i * 7 + length) % plain.size()]);
    for (std::size_t at = 0; at <= length; ++at) {
      for (const std::string& special : escaped) {
        std::string text;
        for (std::size_t i = 0; i < length; ++i) text += (i == at ? special : "") + characters[i];
        if (at == length) text += special;
        std::string out = "prefix";
        icp::vm::append_json_string(text, out);
        REQUIRE(out == "prefix" + reference_json_string(text));
      }
    }
    std::string text;
    for (const std::string& c : characters) text += c;
    std::string out;
    icp::vm::append_json_string(text, out);
    CHECK(out == "\"" + text + "\"");  // nothing to escape: the bytes as they are
  }
}

TEST_CASE("append_json_int and append_json_decimal: exact, shortest text") {
  std::string out;
  icp::vm::append_json_int(-9223372036854775807LL - 1, out);
  CHECK(out == "-9223372036854775808");
  for (std::int64_t units : {0LL, 1LL, -1LL, 10000LL, -10000LL, 12345LL, 5000LL, 500LL, 1000000000000LL,
                             9223372036854775807LL, -9223372036854775807LL - 1}) {
    CAPTURE(units);
    const icp::Decimal value = icp::Decimal::from_units(units);
    out.clear();
    icp::vm::append_json_decimal(value, out);
    CHECK(out == value.to_string());
  }
}
