// Bounded reading of account records (record_reader.hpp): a block is filled a chunk at a
// time; only the first and last newline of each chunk are searched for, since every line
// between them is shorter than the chunk and so within the record limit.
#include "runtime/input/record_reader.hpp"

#include <algorithm>
#include <cstring>

#include "runtime/input/json_limits.hpp"

namespace icp::vm {
namespace {

// A line may carry a "\r" before its newline on top of kMaxRecordBytes of record.
constexpr std::size_t kMaxLineBytes = kMaxRecordBytes + 1;

bool has_text(std::string_view bytes) { return bytes.find_first_not_of(" \t\r") != std::string_view::npos; }

}  // namespace

LineBlockReader::LineBlockReader(std::FILE* input, std::size_t block_bytes)
    : input_(input), block_bytes_(std::clamp<std::size_t>(block_bytes, 1, kMaxRecordBytes)) {}

void LineBlockReader::reserve(LineBlock& block, std::size_t bytes) const {
  if (block.capacity >= bytes) return;
  // Doubling keeps the copies linear; a block never needs more than a carried line, a line
  // at the limit and a chunk, so it never grows past that.
  const std::size_t most = block_bytes_ + kMaxLineBytes + block_bytes_;
  const std::size_t capacity = std::max(bytes, std::min(2 * block.capacity, most));
  auto buffer = std::make_unique_for_overwrite<char[]>(capacity);
  if (block.size > 0) std::memcpy(buffer.get(), block.buffer.get(), block.size);
  block.buffer = std::move(buffer);
  block.capacity = capacity;
}

// When the tail line, which goes on to `end`, is over the limit: drops its bytes past the
// first kCutRecordPrefixBytes and moves what follows `end` down. Returns the new `end`.
std::size_t LineBlockReader::trim_tail(LineBlock& block, Tail& tail, std::size_t end) const {
  if (end - tail.start + tail.dropped <= kMaxLineBytes) return end;
  const std::size_t keep = tail.start + std::min(kCutRecordPrefixBytes, end - tail.start);
  char* bytes = block.buffer.get();
  const std::string_view gone(bytes + keep, end - keep);
  if (gone.empty()) return end;
  tail.dropped_text = tail.dropped_text || has_text(gone);
  tail.last_dropped = gone.back();
  tail.dropped += gone.size();
  std::memmove(bytes + keep, bytes + end, block.size - end);
  block.size -= gone.size();
  return keep;
}

// Ends the tail line at `end` (its newline, or the end of the input): lists it in block.cut
// when it was over the limit, unless it was blank (not a record). Returns the new `end`.
std::size_t LineBlockReader::end_line(LineBlock& block, Tail& tail, std::size_t end) const {
  const char* bytes = block.buffer.get();
  // Its last byte, for a "\r" before the newline: the last one dropped when nothing follows
  // the kept prefix.
  const bool only_prefix = tail.dropped > 0 && end == tail.start + kCutRecordPrefixBytes;
  const char last = only_prefix ? tail.last_dropped : end > tail.start ? bytes[end - 1] : '\0';
  end = trim_tail(block, tail, end);
  if (tail.dropped == 0) return end;
  const std::string_view kept(block.buffer.get() + tail.start, end - tail.start);
  if (tail.dropped_text || has_text(kept)) {
    block.cut.push_back(CutLine{tail.start, kept.size() + tail.dropped - (last == '\r' ? 1 : 0)});
  }
  return end;
}

bool LineBlockReader::read(LineBlock& block) {
  block.cut.clear();
  block.size = 0;
  reserve(block, carry_.size() + block_bytes_);
  std::memcpy(block.buffer.get(), carry_.data(), carry_.size());
  block.size = carry_.size();
  carry_.clear();
  Tail tail;  // the carried line, at the block's start
  while (!at_end_) {
    reserve(block, block.size + block_bytes_);
    const std::size_t chunk = block.size;
    const std::size_t got = std::fread(block.buffer.get() + chunk, 1, block_bytes_, input_);
    if (got < block_bytes_) {
      if (std::ferror(input_)) return false;
      at_end_ = true;
    }
    bytes_read_ += got;
    block.size += got;
    const char* bytes = block.buffer.get();
    const void* newline = got == 0 ? nullptr : std::memchr(bytes + chunk, '\n', got);
    if (newline == nullptr) {  // the tail line goes on
      trim_tail(block, tail, block.size);
      continue;
    }
    const std::size_t end = end_line(block, tail, static_cast<std::size_t>(static_cast<const char*>(newline) - bytes));
    tail = Tail{end + block.text().substr(end).rfind('\n') + 1};  // found: `end` is a newline
    break;
  }
  if (at_end_ && (tail.start < block.size || tail.dropped > 0)) {  // the last line has no newline
    end_line(block, tail, block.size);
    tail = Tail{block.size};
  }
  carry_.assign(block.buffer.get() + tail.start, block.size - tail.start);
  block.size = tail.start;
  return true;
}

bool read_json_document(std::FILE* input, std::string& text, std::size_t& bytes) {
  text.clear();
  bytes = 0;
  char buffer[1 << 16];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, input)) > 0;) {
    bytes += got;
    if (text.size() < kMaxRecordBytes + 1) {
      text.append(buffer, std::min(got, kMaxRecordBytes + 1 - text.size()));
    }
  }
  if (std::ferror(input)) return false;
  if (bytes > kMaxRecordBytes) text.resize(kCutRecordPrefixBytes);
  return true;
}

}  // namespace icp::vm
