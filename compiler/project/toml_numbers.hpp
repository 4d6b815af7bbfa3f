// Numbers in decision test files as they were written. toml++ hands a float over as a
// double, which holds 0.1 or 123456789012345.6789 only approximately, so the test reader
// takes a float's text from the file instead. Input: a toml++ node and the file's text.
// Output: the number's text, or an exact Decimal. Private to compiler/ (it names toml++).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "icp/decimal.hpp"

namespace icp {

// A float's text as written in `source` (the text toml++ parsed), in JSON's number form:
// `_` separators and a leading `+` dropped. Nothing for nan and inf, and nothing if the text
// at the node's position does not read back as the node's value, so a position toml++
// counts differently is refused rather than misread.
std::optional<std::string> written_float(const toml::node& node, std::string_view source);

// JSON number text (`-?digits[.digits][e[+-]digits]`) as an exact Decimal: the exponent
// only moves the decimal point. Nothing when the value needs more than 4 fractional digits
// or is outside Decimal's range.
std::optional<Decimal> exact_decimal_of(std::string_view text);

}  // namespace icp
