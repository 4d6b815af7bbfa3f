// A record over the size limit: its rejection, and its id read from its first bytes by a
// flat scan (the record is never parsed whole, so a reader can drop all but its prefix).
#include "runtime/input/json_limits.hpp"

#include <fmt/format.h>
#include <simdjson.h>

namespace icp::vm {
namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_space(std::string_view text, std::size_t i) {
  while (i < text.size() && space(text[i])) ++i;
  return i;
}

// The index just past the string that opens at text[i] (a quote), or npos when the text
// ends first.
std::size_t string_end(std::string_view text, std::size_t i) {
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// The text of a JSON string token (quotes included), escapes resolved by simdjson, which
// also checks its UTF-8; empty when it is not a valid string.
std::string string_value(std::string_view token) {
  simdjson::dom::parser parser;
  std::string_view value;
  if (parser.parse(simdjson::padded_string(token)).get_string().get(value) != simdjson::SUCCESS) return {};
  return std::string(value);
}

}  // namespace

std::string id_in_prefix(std::string_view prefix) {
  std::size_t i = skip_space(prefix, 0);
  if (i >= prefix.size() || prefix[i] != '{') return {};
  int depth = 1;            // a counter, not recursion: nesting in the prefix costs nothing
  bool expect_key = true;   // at depth 1, after `{` or `,`
  for (++i; i < prefix.size();) {
    const char c = prefix[i];
    if (c == '"') {
      const std::size_t end = string_end(prefix, i);
      if (end == std::string_view::npos) return {};
      if (depth != 1 || !expect_key) {
        i = end;
        continue;
      }
      const bool is_id = prefix.substr(i, end - i) == "\"id\"";
      i = skip_space(prefix, end);
      if (i >= prefix.size() || prefix[i] != ':') return {};
      i = skip_space(prefix, i + 1);
      if (is_id) {
        if (i >= prefix.size() || prefix[i] != '"') return {};
        const std::size_t value_end = string_end(prefix, i);
        if (value_end == std::string_view::npos) return {};
        return string_value(prefix.substr(i, value_end - i));
      }
      expect_key = false;
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return {};
    } else if (c == ',' && depth == 1) {
      expect_key = true;
    }
    ++i;
  }
  return {};
}

DecodeError record_too_large(std::string_view prefix, std::size_t bytes) {
  DecodeError error;
  error.expected = fmt::format("at most {} bytes ({} MiB)", kMaxRecordBytes, kMaxRecordBytes >> 20);
  error.found = fmt::format("{} bytes", bytes);
  error.message = fmt::format("record too large: expected {}, found {}", error.expected, error.found);
  error.id = id_in_prefix(prefix.substr(0, kCutRecordPrefixBytes));
  return error;
}

}  // namespace icp::vm
