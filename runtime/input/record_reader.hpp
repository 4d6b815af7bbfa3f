// Account records from a stream, in memory that does not grow with the input: JSON Lines as
// blocks of whole lines, or one JSON document. Input: a FILE*. Output: LineBlocks to split
// with LineSplitter, or a document's text. A record over kMaxRecordBytes is never held
// whole: the reader keeps its first bytes and its length, and the decoder rejects it.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/input/json_lines.hpp"

namespace icp::vm {

// Whole lines of input. A line over kMaxRecordBytes keeps only its first
// kCutRecordPrefixBytes here and is listed in `cut` with its full length.
struct LineBlock {
  std::unique_ptr<char[]> buffer;  // not a std::string: growing one zero-fills it
  std::size_t capacity = 0;
  std::size_t size = 0;
  std::vector<CutLine> cut;  // in buffer order

  std::string_view text() const { return {buffer.get(), size}; }
  // The block's lines, numbered from `first_number`.
  LineSplitter lines(std::size_t first_number) const { return LineSplitter(text(), first_number, cut); }
};

// Reads JSON Lines in blocks of about `block_bytes` of whole lines; a block holds more only
// when one line is longer. Time is linear in the input: each byte is read once, copied at
// most twice (a line cut by a block boundary moves to the next block), and the bytes of an
// over-long line past its first kCutRecordPrefixBytes are dropped as they arrive. Memory
// stays below a few block_bytes plus kMaxRecordBytes per block, whatever the input.
class LineBlockReader {
 public:
  static constexpr std::size_t kDefaultBlockBytes = std::size_t{1} << 20;
  explicit LineBlockReader(std::FILE* input, std::size_t block_bytes = kDefaultBlockBytes);

  // Fills `block` with the next lines (the input's last line may lack its newline). False on
  // a read error (errno is set). After the last block, at_end() is true.
  bool read(LineBlock& block);
  bool at_end() const { return at_end_; }
  std::size_t bytes_read() const { return bytes_read_; }

 private:
  // The line being read: where it starts in the block, and what was dropped of it.
  struct Tail {
    std::size_t start = 0;
    std::size_t dropped = 0;
    bool dropped_text = false;  // a non-blank byte was dropped
    char last_dropped = 0;
  };
  void reserve(LineBlock& block, std::size_t bytes) const;
  std::size_t trim_tail(LineBlock& block, Tail& tail, std::size_t end) const;
  std::size_t end_line(LineBlock& block, Tail& tail, std::size_t end) const;

  std::FILE* input_;
  std::size_t block_bytes_;
  std::string carry_;  // the start of the line the last block's last read cut
  std::size_t bytes_read_ = 0;
  bool at_end_ = false;
};

// Reads one JSON document (an account object, possibly pretty-printed) into `text`: whole
// when it has at most kMaxRecordBytes, else read to its end keeping only its first
// kCutRecordPrefixBytes. `bytes` is its full size; decode it as JsonLine{text, 1, bytes}.
// False on a read error (errno is set).
bool read_json_document(std::FILE* input, std::string& text, std::size_t& bytes);

}  // namespace icp::vm
