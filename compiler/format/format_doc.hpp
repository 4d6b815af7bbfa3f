// Stage fmt, back end: lays out documents (text with optional line breaks) and puts the
// file's comments back. Input: Docs built by format_expr/format from the syntax tree, and
// the `#` comments the parser kept. Output: the formatted text, trailing comments aligned.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/syntax_tree.hpp"

namespace icp::format {

// Lines longer than this are broken at the break points of a Fill (docs/language.md,
// "Formatting").
inline constexpr std::size_t kLineWidth = 120;
// Trailing comments start at this 0-based column at the earliest (LANGUAGE.md's example).
inline constexpr std::size_t kCommentColumn = 42;
// At least this many spaces between code and its trailing comment.
inline constexpr std::size_t kCommentGap = 3;

// Text, a sequence, or a Fill: items separated by spaces or, when an item does not fit,
// by a line break back to the column where the Fill started.
struct Doc {
  enum class Kind : std::uint8_t { text, concat, fill };
  Kind kind = Kind::text;
  std::string text;
  std::vector<Doc> parts;
  // fill: for parts[i + 1], the source offset where its item starts; comments before it
  // are printed at this break (and force it).
  std::vector<std::uint32_t> break_at;
  std::size_t flat = 0;  // width on one line, in code points
  // Computed once where the doc is made, so laying out a chain of thousands of parts
  // costs its length: whether a Fill of two or more items lies inside (the doc can break),
  // and the width up to the first place where it could.
  bool can_break = false;
  std::size_t head = 0;

  static Doc make_text(std::string text);
  static Doc concat(std::vector<Doc> parts);
  static Doc fill(std::vector<Doc> items, std::vector<std::uint32_t> break_at);
};

std::size_t width(std::string_view text);  // code points

// Builds the output line by line. Comments are handed out in source order: every
// "before `pos`" call prints the comments not yet printed that start before `pos`.
class Printer {
 public:
  Printer(std::string_view source, std::span<const syntax::Comment> comments);

  // Before an element starting at `pos`: prints the comments before it on their own
  // lines (at `comment_indent`), keeps one blank line where the source had any (never
  // when `first`, or before a closing brace when `closing`), then starts a line at `indent`.
  void begin_element(std::uint32_t pos, std::size_t indent, std::size_t comment_indent, bool first,
                     bool closing = false);
  void write(std::string_view text);
  std::size_t column() const { return column_; }
  // Prints `doc` from the current column; `tail` is the width of what must follow it on
  // the same line.
  void layout(const Doc& doc, std::size_t tail = 0);
  // Ends the line of an element whose source ends at `end`: comments left inside it and the
  // comment after it on its last source line go to the end of the line (extra ones below).
  void end_element(std::uint32_t end, std::size_t indent);
  // Whether the source has a blank line between `from` and `to`.
  bool blank_between(std::uint32_t from, std::uint32_t to) const;
  // Prints the comments after the last element; aligns trailing comments; the file text.
  std::string finish();

 private:
  struct Line {
    std::string code;
    std::string comment;  // a trailing comment with its `#`, or empty
  };
  void layout_fill(const Doc& doc, std::size_t tail);
  // Prints the pending comments that start before `pos` at a line break; the first one
  // stays on the current line when it was a trailing comment in the source.
  void break_line(std::uint32_t pos, std::size_t indent);
  void end_line();
  void start_line(std::size_t indent);
  void own_line_comment(const syntax::Comment& comment, std::size_t indent);
  bool is_trailing(const syntax::Comment& comment) const;
  bool pending_before(std::uint32_t pos) const;

  std::string_view source_;
  std::span<const syntax::Comment> comments_;
  std::size_t next_ = 0;
  std::uint32_t last_end_ = 0;  // end of the last element or comment printed
  std::vector<Line> lines_;
  Line current_;
  std::size_t column_ = 0;
  bool in_line_ = false;
};

}  // namespace icp::format
