// JSON Lines -> lines: splits a buffer of JSON Lines into numbered lines, for the record
// decoders (JSON accounts, JSONL side files). Input: a buffer, from a file read whole or a
// reader's block (runtime/input/record_reader.hpp). Output: each non-blank line and its number.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace icp::vm {

// One line of a JSON Lines buffer: text without its line ending, its 1-based number, and its
// full length in bytes, which is more than text.size() when a reader cut the line for being
// over kMaxRecordBytes (runtime/input/record_reader.hpp) and kept only its first bytes.
struct JsonLine {
  std::string_view text;
  std::size_t number = 0;
  std::size_t bytes = 0;
};

// A line that a reader cut for being over kMaxRecordBytes: where it starts in the reader's
// buffer (which keeps only its first bytes) and its full length without the line ending.
struct CutLine {
  std::size_t offset = 0;
  std::size_t bytes = 0;
};

// Splits a buffer into lines: accepts "\n" and "\r\n", skips blank (whitespace-only) lines
// and a UTF-8 byte order mark at the start of line 1; line numbers still count the skipped
// lines. A buffer from a reader starts at line `first_number` and lists its cut lines.
class LineSplitter {
 public:
  explicit LineSplitter(std::string_view buffer, std::size_t first_number = 1, std::span<const CutLine> cut = {});
  bool next(JsonLine& line);
  // The number of the line after the last one returned or skipped.
  std::size_t next_number() const { return number_ + 1; }

 private:
  const char* begin_;
  std::string_view rest_;
  std::size_t number_;
  std::span<const CutLine> cut_;
};

}  // namespace icp::vm
