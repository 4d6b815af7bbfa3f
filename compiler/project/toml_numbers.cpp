// Numbers in decision test files as they were written: a float's text from the file, and
// exact decimals from that text, never through a double's arithmetic.
#include "compiler/project/toml_numbers.hpp"

#include <charconv>
#include <cmath>

#include "grammar/source.hpp"

namespace icp {
namespace {

// The byte offset of a 1-based line and column, where toml++ counts columns in code points.
std::optional<std::size_t> offset_of(std::string_view source, const toml::source_position& at) {
  std::size_t offset = 0;
  for (toml::source_index line = 1; line < at.line; ++line) {
    offset = source.find('\n', offset);
    if (offset == std::string_view::npos) return std::nullopt;
    ++offset;
  }
  for (toml::source_index column = 1; column < at.column; ++column) {
    if (offset >= source.size() || source[offset] == '\n') return std::nullopt;
    const std::size_t length = utf8_sequence_length(source, offset);
    offset += length == 0 ? 1 : length;
  }
  return offset;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::string> written_float(const toml::node& node, std::string_view source) {
  const auto* value = node.as_floating_point();
  if (value == nullptr || !std::isfinite(value->get())) return std::nullopt;
  const auto offset = offset_of(source, node.source().begin);
  if (!offset) return std::nullopt;
  std::string text;
  for (std::size_t i = *offset; i < source.size(); ++i) {
    const char c = source[i];
    if (c == '_' || (c == '+' && text.empty())) continue;
    if (!is_digit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') break;
    text += c;
  }
  double back = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), back);
  if (error != std::errc() || end != text.data() + text.size() || back != value->get()) return std::nullopt;
  return text;
}

std::optional<Decimal> exact_decimal_of(std::string_view text) {
  constexpr long kMaxExponent = 1000;  // far beyond Decimal's range; bounds the work
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  std::string digits;
  long point = -1;  // digits before the decimal point
  std::size_t i = 0;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    if (text[i] == '.' && point < 0) {
      point = static_cast<long>(digits.size());
    } else if (is_digit(text[i])) {
      digits += text[i];
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty()) return std::nullopt;
  if (point < 0) point = static_cast<long>(digits.size());
  if (i < text.size()) {  // the exponent
    long exponent = 0;
    std::string_view e = text.substr(i + 1);
    if (!e.empty() && e.front() == '+') e.remove_prefix(1);
    const auto [end, error] = std::from_chars(e.data(), e.data() + e.size(), exponent);
    if (e.empty() || error != std::errc() || end != e.data() + e.size() || std::labs(exponent) > kMaxExponent) {
      return std::nullopt;
    }
    point += exponent;
  }
  // Now the value is 0.DIGITS x 10^point: drop the zeros that carry no value, then pad.
  std::size_t lead = 0;
  while (lead < digits.size() && digits[lead] == '0') ++lead;
  digits.erase(0, lead);
  point -= static_cast<long>(lead);
  while (!digits.empty() && digits.back() == '0' && static_cast<long>(digits.size()) > point) digits.pop_back();
  if (digits.empty()) return Decimal();
  if (point > 19) return std::nullopt;  // more whole digits than any int64 has
  if (point < 0) {
    digits.insert(0, static_cast<std::size_t>(-point), '0');
    point = 0;
  }
  if (static_cast<long>(digits.size()) < point) digits.append(static_cast<std::size_t>(point) - digits.size(), '0');
  std::string plain = negative ? "-" : "";
  plain += point == 0 ? std::string("0") : digits.substr(0, static_cast<std::size_t>(point));
  if (static_cast<long>(digits.size()) > point) plain += "." + digits.substr(static_cast<std::size_t>(point));
  return Decimal::parse(plain);  // nothing past 4 fractional digits or out of range
}

}  // namespace icp
