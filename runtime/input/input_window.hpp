// The bytes a reader has not consumed yet, from a file read in chunks or from text in memory.
// Input: a FILE* (or a string_view). Output: a window of bytes the reader parses in place;
// memory stays at the window's capacity whatever the input's size.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string_view>

namespace icp::vm {

class InputWindow {
 public:
  // All of `text` at once; nothing more ever comes. The text must outlive the window.
  explicit InputWindow(std::string_view text);
  // Reads `file` (not owned) in chunks into a buffer of `capacity` bytes.
  InputWindow(std::FILE* file, std::size_t capacity);

  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool at_end() const { return at_end_; }    // the window holds the input's last byte
  bool failed() const { return failed_; }    // a read error ended the input early

  // Drops the first `consumed` bytes, moves the rest to the front and reads more into the
  // room made. False when nothing more came (end of input or a read error).
  // INVARIANT: offsets into the window shift down by `consumed`.
  bool refill(std::size_t consumed);

  // Bytes dropped so far: the window's first byte is at this offset of the input.
  std::size_t offset() const { return offset_; }

 private:
  std::FILE* file_ = nullptr;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t offset_ = 0;
  bool at_end_ = true;
  bool failed_ = false;
};

}  // namespace icp::vm
