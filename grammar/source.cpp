// Line tables and code-point columns for source files.
#include "grammar/source.hpp"

#include <algorithm>

namespace icp {

Span join(Span first, Span last) {
  return Span{first.file, std::min(first.begin, last.begin), std::max(first.end, last.end)};
}

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  std::uint32_t code_points = 0;
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (i % kCodePointStride == 0) code_point_marks_.push_back(code_points);
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++code_points;
  }
  code_point_marks_.push_back(code_points);  // covers offset == size when size % stride == 0
}

std::uint32_t SourceFile::code_points_before(std::uint32_t offset) const {
  const std::uint32_t mark = offset / kCodePointStride;
  const std::uint32_t from = mark * kCodePointStride;
  return code_point_marks_[mark] + count_code_points(std::string_view(text_).substr(from, offset - from));
}

LineCol SourceFile::line_col(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  const std::uint32_t start = line_starts_[line - 1];
  const auto column = code_points_before(offset) - code_points_before(start) + 1;
  return LineCol{line, column};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const std::uint32_t start = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1
                                                 : static_cast<std::uint32_t>(text_.size());
  if (end > start && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(start, end - start);
}

FileId SourceMap::add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return static_cast<FileId>(files_.size() - 1);
}

std::uint32_t count_code_points(std::string_view text) {
  std::uint32_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace icp
