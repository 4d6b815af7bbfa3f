// Layout of Docs into lines (greedy fill: an item goes on the current line when it fits,
// else on a new line at the Fill's column), comments put back where the source had them,
// and trailing comments aligned. Input: Docs and the parser's comments. Output: text.
#include "compiler/format/format_doc.hpp"

#include <algorithm>

#include "grammar/source.hpp"

namespace icp::format {
namespace {

bool any_can_break(const std::vector<Doc>& parts) {
  return std::any_of(parts.begin(), parts.end(), [](const Doc& part) { return part.can_break; });
}

std::string_view trim_right(std::string_view text) {
  const std::size_t last = text.find_last_not_of(" \t\r");
  return last == std::string_view::npos ? std::string_view() : text.substr(0, last + 1);
}

std::string comment_text(const syntax::Comment& comment) { return "#" + std::string(trim_right(comment.text)); }

}  // namespace

std::size_t width(std::string_view text) { return count_code_points(text); }

Doc Doc::make_text(std::string text) {
  Doc doc;
  doc.flat = width(text);
  doc.head = doc.flat;
  doc.text = std::move(text);
  return doc;
}

Doc Doc::concat(std::vector<Doc> parts) {
  Doc doc;
  doc.kind = Kind::concat;
  bool broke = false;
  for (const Doc& part : parts) {
    doc.flat += part.flat;
    if (!broke) doc.head += part.can_break ? part.head : part.flat;
    broke = broke || part.can_break;
  }
  doc.can_break = broke;
  doc.parts = std::move(parts);
  return doc;
}

Doc Doc::fill(std::vector<Doc> items, std::vector<std::uint32_t> break_at) {
  Doc doc;
  doc.kind = Kind::fill;
  for (const Doc& item : items) doc.flat += item.flat;
  if (!items.empty()) doc.flat += items.size() - 1;  // one space between items
  doc.can_break = items.size() > 1 || any_can_break(items);
  doc.head = items.empty() ? 0 : items.front().head;
  doc.parts = std::move(items);
  doc.break_at = std::move(break_at);
  return doc;
}

Printer::Printer(std::string_view source, std::span<const syntax::Comment> comments)
    : source_(source), comments_(comments) {}

bool Printer::pending_before(std::uint32_t pos) const {
  return next_ < comments_.size() && comments_[next_].span.begin < pos;
}

bool Printer::is_trailing(const syntax::Comment& comment) const {
  for (std::size_t i = comment.span.begin; i > 0 && source_[i - 1] != '\n'; --i) {
    const char c = source_[i - 1];
    if (c != ' ' && c != '\t' && c != '\r') return true;
  }
  return false;
}

bool Printer::blank_between(std::uint32_t from, std::uint32_t to) const {
  bool empty_so_far = false;  // whether the current line has only blanks since its start
  for (std::size_t i = from; i < to && i < source_.size(); ++i) {
    const char c = source_[i];
    if (c == '\n') {
      if (empty_so_far) return true;
      empty_so_far = true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      empty_so_far = false;
    }
  }
  return false;
}

void Printer::start_line(std::size_t indent) {
  current_ = Line{std::string(indent, ' '), {}};
  column_ = indent;
  in_line_ = true;
}

void Printer::end_line() {
  if (!in_line_) return;
  current_.code = std::string(trim_right(current_.code));
  lines_.push_back(std::move(current_));
  current_ = Line{};
  in_line_ = false;
}

void Printer::own_line_comment(const syntax::Comment& comment, std::size_t indent) {
  lines_.push_back(Line{std::string(indent, ' ') + comment_text(comment), {}});
  last_end_ = std::max(last_end_, comment.span.end);
}

void Printer::write(std::string_view text) {
  current_.code += text;
  column_ += width(text);
}

void Printer::begin_element(std::uint32_t pos, std::size_t indent, std::size_t comment_indent, bool first,
                            bool closing) {
  end_line();
  bool allow_blank = !first;
  while (pending_before(pos)) {
    const syntax::Comment& comment = comments_[next_++];
    if (allow_blank && blank_between(last_end_, comment.span.begin)) lines_.push_back(Line{});
    allow_blank = true;
    own_line_comment(comment, comment_indent);
  }
  if (allow_blank && !closing && blank_between(last_end_, pos)) lines_.push_back(Line{});
  start_line(indent);
}

void Printer::break_line(std::uint32_t pos, std::size_t indent) {
  std::vector<const syntax::Comment*> below;
  for (bool first = true; pending_before(pos); first = false) {
    const syntax::Comment& comment = comments_[next_++];
    if (first && is_trailing(comment) && current_.comment.empty()) {
      current_.comment = comment_text(comment);
    } else {
      below.push_back(&comment);
    }
  }
  end_line();
  for (const syntax::Comment* comment : below) own_line_comment(*comment, indent);
  start_line(indent);
}

void Printer::end_element(std::uint32_t end, std::size_t indent) {
  // The comments still inside the element, then at most one after it on its last line
  // (with only separators between: after more code it belongs to a later element).
  const auto on_end_line = [&](const syntax::Comment& c) {
    return c.span.begin >= end &&
           source_.substr(end, c.span.begin - end).find_first_not_of(" \t\r;,") == std::string_view::npos;
  };
  std::vector<const syntax::Comment*> below;
  for (bool first = true; next_ < comments_.size(); first = false) {
    const syntax::Comment& comment = comments_[next_];
    if (comment.span.begin >= end && !on_end_line(comment)) break;
    ++next_;
    if (first && is_trailing(comment) && current_.comment.empty()) {
      current_.comment = comment_text(comment);
      last_end_ = std::max(last_end_, comment.span.end);
    } else {
      below.push_back(&comment);
    }
    if (comment.span.begin >= end) break;  // a comment runs to the end of its line
  }
  end_line();
  last_end_ = std::max(last_end_, end);
  for (const syntax::Comment* comment : below) own_line_comment(*comment, indent);
}

void Printer::layout(const Doc& doc, std::size_t tail) {
  switch (doc.kind) {
    case Doc::Kind::text:
      write(doc.text);
      return;
    case Doc::Kind::fill:
      layout_fill(doc, tail);
      return;
    case Doc::Kind::concat:
      break;
  }
  // What follows each part up to the next place where the line could break (with `tail`
  // when nothing after it can break): from the end, so a long concat costs its length.
  std::vector<std::size_t> after(doc.parts.size() + 1, tail);
  for (std::size_t j = doc.parts.size(); j-- > 1;) {
    const Doc& next = doc.parts[j];
    after[j - 1] = next.can_break ? next.head : next.flat + after[j];
  }
  for (std::size_t k = 0; k < doc.parts.size(); ++k) layout(doc.parts[k], after[k]);
}

void Printer::layout_fill(const Doc& doc, std::size_t tail) {
  const std::size_t indent = column_;
  for (std::size_t i = 0; i < doc.parts.size(); ++i) {
    const Doc& item = doc.parts[i];
    const std::size_t item_tail = i + 1 == doc.parts.size() ? tail : 0;
    if (i > 0) {
      const std::uint32_t at = doc.break_at[i - 1];
      if (pending_before(at) || column_ + 1 + item.flat + item_tail > kLineWidth) {
        break_line(at, indent);
      } else {
        write(" ");
      }
    }
    layout(item, item_tail);
  }
}

std::string Printer::finish() {
  end_line();
  bool allow_blank = !lines_.empty();
  while (next_ < comments_.size()) {
    const syntax::Comment& comment = comments_[next_++];
    if (allow_blank && blank_between(last_end_, comment.span.begin)) lines_.push_back(Line{});
    allow_blank = true;
    own_line_comment(comment, 0);
  }
  // Trailing comments of a run of lines (up to a blank line) share one column.
  std::string out;
  for (std::size_t begin = 0; begin < lines_.size();) {
    std::size_t end = begin;
    std::size_t column = kCommentColumn;
    for (; end < lines_.size() && !(lines_[end].code.empty() && lines_[end].comment.empty()); ++end) {
      if (!lines_[end].comment.empty()) column = std::max(column, width(lines_[end].code) + kCommentGap);
    }
    for (std::size_t i = begin; i < end; ++i) {
      out += lines_[i].code;
      if (!lines_[i].comment.empty()) {
        out.append(column - width(lines_[i].code), ' ');
        out += lines_[i].comment;
      }
      out += '\n';
    }
    if (end < lines_.size()) out += '\n';
    begin = end + 1;
  }
  return out;
}

}  // namespace icp::format
