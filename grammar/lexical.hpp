// Stage 1, parse: the lexical checks and decoders the grammar actions call.
// Input: raw bytes of a file or of one token. Output: decoded values, or where the
// bytes are wrong. Kept out of parse.cpp so PEGTL's weight stays in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace icp::grammar {

// Offset of the first byte that is not well-formed UTF-8 (overlongs, surrogates and
// code points above U+10FFFF included), or nothing when the text is valid.
std::optional<std::uint32_t> first_invalid_utf8(std::string_view text);

// A string literal with its quotes, decoded. Escapes other than \" \\ \n are kept
// as written and listed (offset of the backslash within the literal, byte length).
struct DecodedString {
  std::string value;
  struct BadEscape {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };
  std::vector<BadEscape> bad_escapes;
};
DecodedString decode_string(std::string_view literal);

// Decimal digits to int64; nothing on overflow.
std::optional<std::int64_t> parse_int64(std::string_view digits);

// The largest integer literal: every number in a rule is evaluated as an exact decimal, an
// int64 count of 1/10000 (include/icp/decimal.hpp), whose whole part ends here. A larger
// literal is refused where it is written (E0005) rather than failing when it is lowered.
// KEEP IN SYNC: Decimal's range; compiler/check/check_expr.cpp asserts the two agree.
inline constexpr std::int64_t kMaxIntegerLiteral = 922'337'203'685'477;

int days_in_month(int year, int month);  // 0 for a month outside 1..12

// End offset of the token that starts at `offset`, for carets under syntax errors:
// a word, a number, a string up to its closing quote, a two-character operator, or
// one code point.
std::uint32_t token_end(std::string_view text, std::uint32_t offset);

// Where parsing resumes after a syntax error at `error`: the start of the next line
// whose first word is a declaration keyword, or the error's own line when the error
// sits on such a keyword and that line starts after `chunk_start`. npos when none.
std::size_t recovery_point(std::string_view text, std::size_t error, std::size_t chunk_start);

// Inside a `route` block, after a syntax error at `error`: the start of the next line whose
// first word is `when` or `else`, if one comes before a line that closes the block (`}`
// first) or starts a declaration; npos otherwise (recovery_point then applies).
std::size_t route_rule_recovery_point(std::string_view text, std::size_t error);

// A line without its `#` comment (a `#` inside a string does not start one).
std::string_view without_comment(std::string_view line);

bool is_declaration_keyword(std::string_view word);
// The declaration keyword closest to `word` (at most two edits away), or empty.
std::string_view closest_declaration_keyword(std::string_view word);

}  // namespace icp::grammar
