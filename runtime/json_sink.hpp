// Stage 5 helper for decision lines: appends many small pieces to a std::string through a
// stack buffer, so a piece costs a bounds check and a copy instead of a std::string append.
// Input: text pieces, integers, decimals, strings to quote. Output: the same bytes, in order.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "runtime/json_escape.hpp"
#include "runtime/record.hpp"

namespace icp::vm {

class JsonSink {
 public:
  explicit JsonSink(std::string& out) : out_(out) {}
  ~JsonSink() { flush(); }
  JsonSink(const JsonSink&) = delete;
  JsonSink& operator=(const JsonSink&) = delete;

  [[gnu::always_inline]] void append(std::string_view text) {
    if (text.size() > sizeof buffer_ - used_) {
      flush();
      if (text.size() > sizeof buffer_) return static_cast<void>(out_.append(text));
    }
    copy(buffer_ + used_, text.data(), text.size());
    used_ += text.size();
  }
  [[gnu::always_inline]] void push_back(char c) {
    if (used_ == sizeof buffer_) flush();
    buffer_[used_++] = c;
  }
  void append_int(std::int64_t value) {  // as append_json_int
    if (value >= 0 && value < 10) return push_back(static_cast<char>('0' + value));  // most counts
    if (sizeof buffer_ - used_ < 24) flush();
    used_ = static_cast<std::size_t>(std::to_chars(buffer_ + used_, buffer_ + sizeof buffer_, value).ptr - buffer_);
  }
  void append_decimal(Decimal value) {  // as append_json_decimal
    if (sizeof buffer_ - used_ < kJsonDecimalRoom) flush();
    used_ = static_cast<std::size_t>(write_json_decimal(value, buffer_ + used_) - buffer_);
  }
  void append_string(std::string_view text) {  // as append_json_string
    if (!json_plain(text)) return append_json_string(text, str());
    push_back('"');
    append(text);
    push_back('"');
  }
  // `text` escaped as the inside of a JSON string, quotes not included.
  void append_escaped(std::string_view text) {
    if (json_plain(text)) return append(text);
    for (char c : text) put_escaped(c);
  }
  // `text` as a JSON string literal, itself escaped as the inside of another JSON string
  // (\"text\"): how the audit's near-miss texts quote string values, with no temporary.
  void append_string_escaped(std::string_view text) {
    append(R"(\")");
    if (json_plain(text)) {
      append(text);
    } else {
      for (char c : text) {
        char once[6];
        const std::size_t n = json_needs_escape(c) ? write_json_escape(c, once) : (once[0] = c, 1);
        for (std::size_t i = 0; i < n; ++i) put_escaped(once[i]);
      }
    }
    append(R"(\")");
  }
  // The string with everything put so far, for helpers that append to a std::string.
  std::string& str() {
    flush();
    return out_;
  }

 private:
  void put_escaped(char c) {
    if (!json_needs_escape(c)) return push_back(c);
    if (sizeof buffer_ - used_ < 6) flush();
    used_ += write_json_escape(c, buffer_ + used_);
  }
  void flush() {
    if (used_ > 0) out_.append(buffer_, used_);
    used_ = 0;
  }
  // Most pieces are short: two overlapping word copies beat a call to memcpy (and inlining
  // append() and push_back() keeps the common case a bounds check and a copy).
  static void copy(char* to, const char* from, std::size_t n) {
    if (n > 32) return static_cast<void>(std::memcpy(to, from, n));
    if (n >= 16) {
      char head[16], tail[16];
      std::memcpy(head, from, 16);
      std::memcpy(tail, from + n - 16, 16);
      std::memcpy(to, head, 16);
      std::memcpy(to + n - 16, tail, 16);
    } else if (n >= 8) {
      std::uint64_t head, tail;
      std::memcpy(&head, from, 8);
      std::memcpy(&tail, from + n - 8, 8);
      std::memcpy(to, &head, 8);
      std::memcpy(to + n - 8, &tail, 8);
    } else if (n >= 4) {
      std::uint32_t head, tail;
      std::memcpy(&head, from, 4);
      std::memcpy(&tail, from + n - 4, 4);
      std::memcpy(to, &head, 4);
      std::memcpy(to + n - 4, &tail, 4);
    } else {
      for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
    }
  }

  std::string& out_;
  std::size_t used_ = 0;
  char buffer_[4096];
};

}  // namespace icp::vm
