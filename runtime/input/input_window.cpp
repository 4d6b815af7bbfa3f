// A sliding window over an input: compacts what is left and reads the next chunk behind it.
// Input: a FILE* or text. Output: the window's bytes, at_end and failed.
#include "runtime/input/input_window.hpp"

#include <cstring>

namespace icp::vm {

InputWindow::InputWindow(std::string_view text) : data_(text.data()), size_(text.size()) {}

InputWindow::InputWindow(std::FILE* file, std::size_t capacity)
    : file_(file), buffer_(new char[capacity]), capacity_(capacity), data_(buffer_.get()), at_end_(false) {
  refill(0);
}

bool InputWindow::refill(std::size_t consumed) {
  if (consumed > size_) consumed = size_;
  offset_ += consumed;
  if (file_ == nullptr) {
    data_ += consumed;
    size_ -= consumed;
    return false;
  }
  std::memmove(buffer_.get(), buffer_.get() + consumed, size_ - consumed);
  size_ -= consumed;
  if (at_end_) return false;
  const std::size_t before = size_;
  // fread returns less than asked only at the end of the input or on an error.
  size_ += std::fread(buffer_.get() + size_, 1, capacity_ - size_, file_);
  if (size_ < capacity_) {
    failed_ = std::ferror(file_) != 0;
    at_end_ = true;
  }
  return size_ > before;
}

}  // namespace icp::vm
