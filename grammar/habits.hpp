// Stage 1, parse: syntax errors that come from another language's habits (`&&`, `!`,
// `=` in a condition, `contains`, `None`, a trailing comma). Input: the text, where parsing
// failed and what came just before. Output: the offending token and what to write instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace icp::grammar {

// What the parser had just read when a must<> point failed (set in grammar/errors.hpp).
enum class FailurePoint : std::uint8_t {
  other,
  after_expression,    // a complete expression: an operator or the end was expected
  after_comma,         // a call's `,`: the next argument was expected
  after_property_key,  // `owner`, `titles`, ...: the property's value was expected
};

struct Habit {
  std::uint32_t begin = 0;  // the offending token
  std::uint32_t end = 0;
  std::string message;
  std::string help;  // what to write instead
};

// The habit behind a syntax error at `offset`, or nothing when the text there is no
// known habit. `at_declaration_start`: a declaration was expected (the top level).
std::optional<Habit> habit_at(std::string_view text, std::uint32_t offset, FailurePoint point,
                              bool at_declaration_start);

}  // namespace icp::grammar
