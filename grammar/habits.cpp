// Stage 1, parse: the table of habits from other languages and the hints that replace
// them. Input: the text where parsing failed. Output: a Habit for parse.cpp to report.
// Each hint names this language's spelling (docs/language.md, "Operators and precedence").
#include "grammar/habits.hpp"

#include <array>

#include <fmt/format.h>

#include "grammar/lexical.hpp"

namespace icp::grammar {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string_view word_at(std::string_view text, std::uint32_t offset) {
  std::size_t end = offset;
  while (end < text.size() && is_word_char(text[end])) ++end;
  return text.substr(offset, end - offset);
}

struct WordHint {
  std::string_view word;
  bool only_after_expression;  // an operator word: a value is a name there, not a mistake
  std::string_view message;
  std::string_view help;
};

// Operator words of SQL, Python, JavaScript and CEL, and spellings of values icp writes
// otherwise. Lower-case words that may be names are only read as operators where an
// operator was expected.
constexpr std::array kWordHints{
    WordHint{"contains", true, "`contains` is not an operator in icp",
             "test a set with `has`, as in `tech has \"okta\"`"},
    WordHint{"includes", true, "`includes` is not an operator in icp",
             "test a set with `has`, as in `tech has \"okta\"`"},
    WordHint{"is", true, "`is` is not an operator in icp",
             "compare with `==`; to test whether an optional field is given, write `present(field)`"},
    WordHint{"AND", true, "`AND` is not an operator in icp", "operators are lower case: write `and`"},
    WordHint{"OR", true, "`OR` is not an operator in icp", "operators are lower case: write `or`"},
    WordHint{"IN", true, "`IN` is not an operator in icp", "operators are lower case: write `in`"},
    WordHint{"NOT", false, "`NOT` is not an operator in icp", "operators are lower case: write `not`"},
    WordHint{"True", false, "`True` is not a value in icp", "write `true`"},
    WordHint{"TRUE", false, "`TRUE` is not a value in icp", "write `true`"},
    WordHint{"False", false, "`False` is not a value in icp", "write `false`"},
    WordHint{"FALSE", false, "`FALSE` is not a value in icp", "write `false`"},
    WordHint{"None", false, "icp has no `None`",
             "a missing optional field is tested with `present(field)`, or `not present(field)`"},
    WordHint{"NULL", false, "icp has no `NULL`",
             "a missing optional field is tested with `present(field)`, or `not present(field)`"},
    WordHint{"Null", false, "icp has no `Null`",
             "a missing optional field is tested with `present(field)`, or `not present(field)`"},
};

std::optional<Habit> symbol_habit(std::string_view text, std::uint32_t offset, FailurePoint point,
                                  bool at_declaration_start) {
  const std::string_view rest = text.substr(offset);
  const auto habit = [offset](std::size_t length, std::string message, std::string help) {
    return Habit{offset, static_cast<std::uint32_t>(offset + length), std::move(message), std::move(help)};
  };
  if (rest.starts_with("&")) {
    const std::size_t length = rest.starts_with("&&") ? 2 : 1;
    return habit(length, fmt::format("`{}` is not an operator in icp", rest.substr(0, length)),
                 "write `and`, as in `employees >= 50 and country == \"US\"`");
  }
  if (rest.starts_with("|")) {
    const std::size_t length = rest.starts_with("||") ? 2 : 1;
    return habit(length, fmt::format("`{}` is not an operator in icp", rest.substr(0, length)),
                 "write `or`, as in `country == \"US\" or country == \"CA\"`");
  }
  if (rest.starts_with("!") && !rest.starts_with("!=")) {
    return habit(1, "`!` is not an operator in icp", "write `not`, as in `not is_customer`");
  }
  const bool single_equals = rest.starts_with("=") && !rest.starts_with("==");
  if (single_equals && point == FailurePoint::after_expression) {
    return habit(1, "unexpected `=` after an expression", "use `==` to compare");
  }
  if (single_equals && point == FailurePoint::after_property_key) {
    return habit(1, "a property takes no `=`", "write the value after the name, as in `owner \"revops@example.com\"`");
  }
  if ((rest.starts_with(",") || rest.starts_with(";")) && at_declaration_start) {
    return habit(1, fmt::format("unexpected `{}` after a declaration", rest.front()),
                 fmt::format("remove the `{}`: declarations are not separated by punctuation", rest.front()));
  }
  return std::nullopt;
}

// The offset of the last character before `offset` that is neither blank nor in a `#`
// comment, or nothing at the start of the text.
std::optional<std::uint32_t> last_character_before(std::string_view text, std::uint32_t offset) {
  std::size_t line_end = offset;
  while (true) {
    std::size_t line_start = line_end;
    while (line_start > 0 && text[line_start - 1] != '\n') --line_start;
    std::string_view line = text.substr(line_start, line_end - line_start);
    line = without_comment(line);
    const std::size_t last = line.find_last_not_of(" \t\r");
    if (last != std::string_view::npos) return static_cast<std::uint32_t>(line_start + last);
    if (line_start == 0) return std::nullopt;
    line_end = line_start - 1;  // the newline before this line
  }
}

// `all(a, b,)`: the failure is at `)`, the mistake is the comma before it.
std::optional<Habit> trailing_comma(std::string_view text, std::uint32_t offset) {
  if (offset >= text.size() || text[offset] != ')') return std::nullopt;
  const auto comma = last_character_before(text, offset);
  if (!comma || text[*comma] != ',') return std::nullopt;
  return Habit{*comma, *comma + 1, "a trailing `,` in an argument list",
               "remove the last `,`: arguments end with `)` directly"};
}

}  // namespace

std::optional<Habit> habit_at(std::string_view text, std::uint32_t offset, FailurePoint point,
                              bool at_declaration_start) {
  if (offset >= text.size()) return std::nullopt;
  if (point == FailurePoint::after_comma) return trailing_comma(text, offset);
  if (const std::string_view word = word_at(text, offset); !word.empty()) {
    const bool operator_expected = point == FailurePoint::after_expression;
    for (const WordHint& hint : kWordHints) {
      if (word == hint.word && (operator_expected || !hint.only_after_expression)) {
        return Habit{offset, static_cast<std::uint32_t>(offset + word.size()), std::string(hint.message),
                     std::string(hint.help)};
      }
    }
    return std::nullopt;
  }
  return symbol_habit(text, offset, point, at_declaration_start);
}

}  // namespace icp::grammar
