// append_json_string, which finds the bytes to escape eight at a time: checked against a
// byte-by-byte reference for every escapable byte at every offset of a word.
#include "runtime/record.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <string>

namespace {

std::string reference_json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("append_json_string: escapes exactly the bytes JSON needs, at any offset") {
  std::string escapable = "\"\\";
  for (int c = 0; c < 0x20; ++c) escapable += static_cast<char>(c);
  // Bytes next to the escapable ones, which must pass through: space, DEL, UTF-8.
  const std::string plain = std::string("a !#[]~\x7F") + "\xC3\xBC\xE2\x82\xAC\xF0\x9F\x9A\x80\x80\xFF";
  for (std::size_t length = 0; length <= 24; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (char special : escapable) {
        std::string text;
        for (std::size_t i = 0; i < length; ++i) text += plain[(i * 7 + length) % plain.size()];
        text[at] = special;
        std::string out = "prefix";
        icp::vm::append_json_string(text, out);
        REQUIRE(out == "prefix" + reference_json_string(text));
      }
    }
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += plain[i % plain.size()];
    std::string out;
    icp::vm::append_json_string(text, out);
    CHECK(out == reference_json_string(text));
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
