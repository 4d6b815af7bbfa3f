// Positions as the Language Server Protocol counts them, and file URIs. Input: a document's
// text (UTF-8) and byte offsets or icpc's 1-based line and code-point column. Output: 0-based
// lines and `character`s in UTF-16 code units (LSP's default encoding), and back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace icp::lsp {

struct Position {
  std::uint32_t line = 0;       // 0-based
  std::uint32_t character = 0;  // 0-based, in UTF-16 code units
  friend bool operator==(const Position&, const Position&) = default;
};

struct Range {
  Position start;
  Position end;
};

// The lines of one text. Lines end at `\n`, as icpc's SourceFile counts them (a `\r` before
// it stays on the line, where no symbol can start). Keeps a view: the text must outlive it.
class LineMap {
 public:
  explicit LineMap(std::string_view text);

  Position position(std::uint32_t offset) const;  // a byte offset (clamped to the text)
  // The byte offset of a position; a line past the end gives the text's end, a character past
  // the line's end (or inside a surrogate pair) the end of that line (or of the pair).
  std::uint32_t offset(Position position) const;
  // icpc's 1-based line and column counted in code points (`icpc check --format json`).
  Position from_line_col(std::uint32_t line, std::uint32_t column) const;
  Position end() const { return position(static_cast<std::uint32_t>(text_.size())); }

 private:
  std::uint32_t line_end(std::uint32_t line) const;  // the offset of its `\n`, or the text's end

  std::string_view text_;
  std::vector<std::uint32_t> starts_;
};

// `file:///a/b%20c.icp` -> `/a/b c.icp`; nullopt for another scheme or a remote host.
std::optional<std::string> uri_to_path(std::string_view uri);
// An absolute path -> `file://` URI, each byte outside RFC 3986's unreserved set and `/`
// percent-encoded, as VS Code writes them.
std::string path_to_uri(std::string_view path);

}  // namespace icp::lsp
