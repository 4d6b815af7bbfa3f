// The TOML limits of toml_limits.hpp: one pass over the text that skips strings and comments
// and counts the segments of each dotted run (`a.b."c".d`), which is all a key can nest by.
#include "compiler/project/toml_limits.hpp"

#include <fmt/format.h>

namespace icp::toml_limits {
namespace {

LineCol position(std::string_view text, std::size_t offset) {
  LineCol at{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      at = LineCol{at.line + 1, 1};
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++at.column;
    }
  }
  return at;
}

bool bare(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// The offset just past the string that starts at `i` (basic, literal, or either multi-line),
// or the end of the line where a one-line string is left open (toml++ reports that).
std::size_t skip_string(std::string_view text, std::size_t i) {
  const char quote = text[i];
  const bool multi_line = text.substr(i, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
  std::size_t j = i + (multi_line ? 3 : 1);
  for (; j < text.size(); ++j) {
    if (quote == '"' && text[j] == '\\') {
      ++j;
    } else if (!multi_line && text[j] == '\n') {
      return j;
    } else if (text[j] == quote && (!multi_line || text.substr(j, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''"))) {
      return j + (multi_line ? 3 : 1);
    }
  }
  return j;
}

}  // namespace

std::optional<Problem> check(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    const LineCol at = position(text, max_bytes);
    return Problem{at, at, fmt::format("the file is larger than {} bytes, the most icp reads of a TOML file", max_bytes),
                   "split it into several files"};
  }
  std::size_t dots = 0;         // dots in the current run of segments
  bool after_segment = false;   // the run so far ends with a segment
  bool dot_pending = false;     // ... or with a dot that waits for the next segment
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    std::size_t next = i + 1;
    bool segment = false;
    if (c == '#') {
      while (next < text.size() && text[next] != '\n') ++next;
    } else if (c == '"' || c == '\'') {
      next = skip_string(text, i);
      segment = true;
    } else if (bare(c)) {
      while (next < text.size() && bare(text[next])) ++next;
      segment = true;
    } else if (c == '.' && after_segment) {
      dot_pending = true;
      after_segment = false;
      i = next;
      continue;
    } else if (c == ' ' || c == '\t') {
      i = next;
      continue;
    }
    if (segment && dot_pending) {
      if (++dots > kMaxKeyDepth) {
        return Problem{position(text, run_start), position(text, next),
                       fmt::format("a dotted key of more than {} parts", kMaxKeyDepth + 1),
                       "nest the values less deeply"};
      }
    } else {
      dots = 0;
      run_start = i;
    }
    after_segment = segment;
    dot_pending = false;
    i = next;
  }
  return std::nullopt;
}

}  // namespace icp::toml_limits
