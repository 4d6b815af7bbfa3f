// Source text and positions shared by every stage.
// Input: a file's bytes. Output: spans (byte ranges) that later stages keep on their
// nodes and that diagnostics turn back into 1-based line and column numbers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/utf8.hpp"

namespace icp {

using FileId = std::uint32_t;

// A half-open byte range [begin, end) in one file.
struct Span {
  FileId file = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  friend bool operator==(const Span&, const Span&) = default;
};

// Covers both spans; they must be in the same file.
Span join(Span first, Span last);

struct LineCol {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, counted in code points
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

  LineCol line_col(std::uint32_t offset) const;
  // The text of a 1-based line without its line terminator.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_start(std::uint32_t line) const { return line_starts_.at(line - 1); }

 private:
  // Code points before offset i * kCodePointStride, so that a column on a line of a
  // megabyte (a generated list) costs a short count, not the line's length.
  static constexpr std::uint32_t kCodePointStride = 256;
  std::uint32_t code_points_before(std::uint32_t offset) const;

  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
  std::vector<std::uint32_t> code_point_marks_;
};

// Owns every file of a compilation; FileId indexes into it.
class SourceMap {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }

 private:
  // unique_ptr keeps SourceFile addresses stable while the map grows.
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// Number of UTF-8 code points in text (continuation bytes are not counted).
std::uint32_t count_code_points(std::string_view text);

// utf8_sequence_length (runtime/base/utf8.hpp) says where a code point ends.

}  // namespace icp
