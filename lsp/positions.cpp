// LSP positions (0-based line, UTF-16 `character`) from and to byte offsets, and file URIs.
// Input: a document's text. Output: positions and offsets (positions.hpp). A code point past
// U+FFFF is two UTF-16 units; a malformed byte counts as one (U+FFFD, as editors show it).
#include "lsp/positions.hpp"

#include <algorithm>
#include <cctype>

#include "runtime/base/utf8.hpp"

namespace icp::lsp {
namespace {

// The UTF-16 units of the character at text[i], and its length in bytes.
struct Step {
  std::uint32_t bytes = 1;
  std::uint32_t units = 1;
};

Step step_at(std::string_view text, std::size_t i) {
  const std::size_t length = utf8_sequence_length(text, i);
  if (length == 0) return Step{1, 1};
  return Step{static_cast<std::uint32_t>(length), length == 4 ? 2U : 1U};
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

LineMap::LineMap(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

std::uint32_t LineMap::line_end(std::uint32_t line) const {
  return line + 1 < starts_.size() ? starts_[line + 1] - 1 : static_cast<std::uint32_t>(text_.size());
}

Position LineMap::position(std::uint32_t offset) const {
  offset = std::min(offset, static_cast<std::uint32_t>(text_.size()));
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - starts_.begin() - 1);
  std::uint32_t units = 0;
  for (std::size_t i = starts_[line]; i < offset;) {
    const Step step = step_at(text_, i);
    units += step.units;
    i += step.bytes;
  }
  return Position{line, units};
}

std::uint32_t LineMap::offset(Position position) const {
  if (position.line >= starts_.size()) return static_cast<std::uint32_t>(text_.size());
  const std::uint32_t end = line_end(position.line);
  std::uint32_t i = starts_[position.line];
  for (std::uint32_t units = 0; i < end && units < position.character;) {
    const Step step = step_at(text_, i);
    units += step.units;
    i += step.bytes;
  }
  return std::min(i, end);
}

Position LineMap::from_line_col(std::uint32_t line, std::uint32_t column) const {
  if (line == 0) return Position{};
  if (line > starts_.size()) return end();
  const std::uint32_t end = line_end(line - 1);
  std::uint32_t i = starts_[line - 1];
  // Columns count code points as SourceFile does: every byte that is not a continuation byte.
  for (std::uint32_t seen = 1; i < end && seen < column; ++seen) {
    ++i;
    while (i < end && is_continuation(text_[i])) ++i;
  }
  return position(i);
}

std::optional<std::string> uri_to_path(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.size() < kScheme.size() || !std::equal(kScheme.begin(), kScheme.end(), uri.begin(), [](char a, char b) {
        return a == static_cast<char>(std::tolower(static_cast<unsigned char>(b)));
      })) {
    return std::nullopt;
  }
  uri.remove_prefix(kScheme.size());
  const std::size_t slash = uri.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view host = uri.substr(0, slash);
  if (!host.empty() && host != "localhost") return std::nullopt;
  uri.remove_prefix(slash);
  std::string path;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0) {
      path += static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2]));
      i += 2;
    } else if (uri[i] == '?' || uri[i] == '#') {
      break;
    } else {
      path += uri[i];
    }
  }
  if (path.find('\0') != std::string::npos) return std::nullopt;
  return path;
}

std::string path_to_uri(std::string_view path) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string uri = "file://";
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      uri += c;
    } else {
      uri += '%';
      uri += kHex[byte >> 4];
      uri += kHex[byte & 0xF];
    }
  }
  return uri;
}

}  // namespace icp::lsp
