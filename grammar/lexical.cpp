// Stage 1, parse: lexical checks and decoders used by the grammar actions.
// Input: file bytes or token text. Output: decoded values and offsets of bad bytes.
#include "grammar/lexical.hpp"
#include "grammar/source.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace icp::grammar {
namespace {

constexpr std::array<std::string_view, 11> kDeclarationKeywords = {
    "profile", "use", "account", "let", "signal", "bonus",
    "exclude", "criterion", "tier", "role", "route"};

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}


std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The first word of the line starting at `line`, after blanks.
std::string_view first_word(std::string_view text, std::size_t line, std::size_t* word_begin) {
  std::size_t i = line;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
  std::size_t j = i;
  while (j < text.size() && is_word_char(text[j])) ++j;
  if (word_begin != nullptr) *word_begin = i;
  return text.substr(i, j - i);
}

}  // namespace

std::optional<std::uint32_t> first_invalid_utf8(std::string_view text) {
  const std::optional<std::size_t> bad = icp::first_invalid_utf8(text);
  if (!bad) return std::nullopt;
  return static_cast<std::uint32_t>(*bad);
}

DecodedString decode_string(std::string_view literal) {
  DecodedString out;
  // INVARIANT: the grammar only hands over literals with both quotes present.
  const std::string_view body = literal.substr(1, literal.size() - 2);
  out.value.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 >= body.size()) {
      out.value.push_back(body[i]);
      continue;
    }
    const char next = body[i + 1];
    if (next == '"' || next == '\\') {
      out.value.push_back(next);
    } else if (next == 'n') {
      out.value.push_back('\n');
    } else {
      std::size_t length = 1;
      while (i + 1 + length < body.size() &&
             (static_cast<unsigned char>(body[i + 1 + length]) & 0xC0) == 0x80) {
        ++length;
      }
      out.bad_escapes.push_back({static_cast<std::uint32_t>(i + 1), static_cast<std::uint32_t>(length + 1)});
      out.value.append(body.substr(i, length + 1));
      i += length;
      continue;
    }
    ++i;
  }
  return out;
}

std::optional<std::int64_t> parse_int64(std::string_view digits) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

std::uint32_t token_end(std::string_view text, std::uint32_t offset) {
  const std::size_t size = text.size();
  if (offset >= size) return offset + 1;  // one column past the end: the caret sits at EOF
  std::size_t i = offset;
  const char c = text[i];
  if (is_word_char(c)) {
    while (i < size && (is_word_char(text[i]) || text[i] == '.' || text[i] == '%')) ++i;
  } else if (c == '"') {
    ++i;
    while (i < size && text[i] != '"' && text[i] != '\n') i += text[i] == '\\' && i + 1 < size && text[i + 1] != '\n' ? 2 : 1;
    if (i < size && text[i] == '"') ++i;
  } else if (i + 1 < size && std::string_view("= ! < > -").find(c) != std::string_view::npos &&
             (text[i + 1] == '=' || (c == '-' && text[i + 1] == '>'))) {
    i += 2;
  } else {
    i += 1;
    while (i < size && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return static_cast<std::uint32_t>(i);
}

std::size_t recovery_point(std::string_view text, std::size_t error, std::size_t chunk_start) {
  std::size_t line = text.rfind('\n', error == 0 ? 0 : error - 1);
  line = (line == std::string_view::npos || error == 0) ? 0 : line + 1;
  std::size_t word_begin = 0;
  if (line > chunk_start && is_declaration_keyword(first_word(text, line, &word_begin)) &&
      word_begin == error) {
    return line;
  }
  std::size_t next = text.find('\n', error);
  while (next != std::string_view::npos) {
    ++next;
    if (is_declaration_keyword(first_word(text, next, nullptr))) return next;
    next = text.find('\n', next);
  }
  return std::string_view::npos;
}

std::size_t route_rule_recovery_point(std::string_view text, std::size_t error) {
  std::size_t next = text.find('\n', error);
  while (next != std::string_view::npos) {
    ++next;
    std::size_t word_begin = 0;
    const std::string_view word = first_word(text, next, &word_begin);
    if (word == "when" || word == "else") return next;
    if (is_declaration_keyword(word) || (word.empty() && word_begin < text.size() && text[word_begin] == '}')) break;
    next = text.find('\n', next);
  }
  return std::string_view::npos;
}

std::string_view without_comment(std::string_view line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"' && (i == 0 || line[i - 1] != '\\')) quoted = !quoted;
    if (line[i] == '#' && !quoted) return line.substr(0, i);
  }
  return line;
}

bool is_declaration_keyword(std::string_view word) {
  return std::find(kDeclarationKeywords.begin(), kDeclarationKeywords.end(), word) !=
         kDeclarationKeywords.end();
}

std::string_view closest_declaration_keyword(std::string_view word) {
  if (word.empty() || word.size() > 16) return {};
  std::string_view best;
  std::size_t best_distance = 3;
  for (std::string_view keyword : kDeclarationKeywords) {
    const std::size_t distance = edit_distance(word, keyword);
    if (distance < best_distance && distance < keyword.size()) {
      best = keyword;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace icp::grammar
