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
#include "runtime/short_copy.hpp"

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
    copy_short(buffer_ + used_, text.data(), text.size());
    used_ += text.size();
  }
  // Appends a template of at most 4096 bytes and returns where its copy starts, for the
  // caller to patch (digits) before putting anything else.
  [[gnu::always_inline]] char* append_template(std::string_view text) {
    if (text.size() > sizeof buffer_ - used_) flush();
    char* const at = buffer_ + used_;
    copy_short(at, text.data(), text.size());
    used_ += text.size();
    return at;
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
  std::string& out_;
  std::size_t used_ = 0;
  char buffer_[4096];
};

}  // namespace icp::vm
