// Stage 5 helper for decision lines: appends many small pieces to a std::string through a
// stack buffer, so a piece costs a bounds check and a copy instead of a std::string append;
// a SinkRun writes a run of them with the buffer's position in a register.
// Input: text pieces, integers, decimals, strings to quote. Output: the same bytes, in order.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "runtime/output/json_escape.hpp"
#include "runtime/input/record.hpp"
#include "runtime/base/short_copy.hpp"

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
    put_escaped(text, /*twice=*/false);
  }
  // `text` as a JSON string literal, itself escaped as the inside of another JSON string
  // (\"text\"): how the audit's near-miss texts quote string values, with no temporary.
  void append_string_escaped(std::string_view text) {
    append(R"(\")");
    if (json_plain(text)) {
      append(text);
    } else {
      put_escaped(text, /*twice=*/true);
    }
    append(R"(\")");
  }
  // The string with everything put so far, for helpers that append to a std::string.
  std::string& str() {
    flush();
    return out_;
  }

 private:
  friend class SinkRun;
  // `text` escaped as append_json_string escapes it, quotes not included; `twice`, escaped
  // once more for inside another JSON string (only the escapes' `\` and `"` need it: the
  // first pass leaves no control character and no ill-formed UTF-8).
  void put_escaped(std::string_view text, bool twice) {
    for (std::size_t i = 0; i < text.size();) {
      if (!json_needs_escape(text[i])) {
        push_back(text[i++]);
        continue;
      }
      char escaped[6];
      const JsonEscapeStep step = json_escape_step(text, i, escaped);
      if (step.written == 0) append(text.substr(i, step.consumed));
      for (std::size_t k = 0; k < step.written; ++k) {
        if (twice && (escaped[k] == '\\' || escaped[k] == '"')) push_back('\\');
        push_back(escaped[k]);
      }
      i += step.consumed;
    }
  }
  void flush() {
    if (used_ > 0) out_.append(buffer_, used_);
    used_ = 0;
  }
  std::string& out_;
  std::size_t used_ = 0;
  char buffer_[4096];
};

// A run of pieces written straight into a JsonSink's buffer with the position in a local.
// JsonSink::append keeps the position in memory, and every byte stored (a char may alias
// anything) makes the compiler reload it: one dependent load and store per piece, which on
// an audited line of ~200 pieces cost more than the copies. A SinkRun lives in one function,
// its calls all inline, so the position stays in a register; it hands the position back on
// sink() (for out-of-line helpers, then resume()) and on destruction.
class SinkRun {
 public:
  [[gnu::always_inline]] explicit SinkRun(JsonSink& sink)
      : sink_(sink), to_(sink.buffer_ + sink.used_), end_(sink.buffer_ + sizeof sink.buffer_) {}
  [[gnu::always_inline]] ~SinkRun() { park(); }
  SinkRun(const SinkRun&) = delete;
  SinkRun& operator=(const SinkRun&) = delete;

  [[gnu::always_inline]] void append(std::string_view text) {
    if (static_cast<std::size_t>(end_ - to_) < text.size()) [[unlikely]] {
      to_ = append_slow(sink_, to_, text);
      return;
    }
    copy_short(to_, text.data(), text.size());
    to_ += text.size();
  }
  [[gnu::always_inline]] void push_back(char c) {
    if (to_ == end_) [[unlikely]] to_ = refill(sink_, to_);
    *to_++ = c;
  }
  // Where `text` (at most the buffer's size) is copied, for the caller to patch at once.
  [[gnu::always_inline]] char* append_template(std::string_view text) {
    if (static_cast<std::size_t>(end_ - to_) < text.size()) [[unlikely]] to_ = refill(sink_, to_);
    char* const at = to_;
    copy_short(to_, text.data(), text.size());
    to_ += text.size();
    return at;
  }
  [[gnu::always_inline]] void append_int(std::int64_t value) {  // as JsonSink::append_int
    if (static_cast<std::uint64_t>(value) < 10) return push_back(static_cast<char>('0' + value));
    if (end_ - to_ < 24) [[unlikely]] to_ = refill(sink_, to_);
    to_ = std::to_chars(to_, end_, value).ptr;
  }
  [[gnu::always_inline]] void append_decimal(Decimal value) {  // as JsonSink::append_decimal
    // A whole number of one digit (a signal's points, mostly) written here.
    const std::int64_t units = value.units();
    if (static_cast<std::uint64_t>(units) < 10 * Decimal::kScale && units % Decimal::kScale == 0) {
      return push_back(static_cast<char>('0' + units / Decimal::kScale));
    }
    if (static_cast<std::size_t>(end_ - to_) < kJsonDecimalRoom) [[unlikely]] to_ = refill(sink_, to_);
    to_ = write_json_decimal(value, to_);
  }
  [[gnu::always_inline]] void append_string(std::string_view text) {  // as JsonSink::append_string
    if (!json_plain(text)) [[unlikely]] return static_cast<void>(to_ = quote_slow(sink_, to_, text));
    push_back('"');
    append(text);
    push_back('"');
  }
  [[gnu::always_inline]] void append_escaped(std::string_view text) {  // as JsonSink::append_escaped
    if (!json_plain(text)) [[unlikely]] return static_cast<void>(to_ = escape_slow(sink_, to_, text));
    append(text);
  }
  // Where the next byte goes, counted as in the string the sink appends to: repeat() takes it.
  [[gnu::always_inline]] std::size_t offset() const {
    return sink_.out_.size() + static_cast<std::size_t>(to_ - sink_.buffer_);
  }
  // Appends again the n bytes put at offset `at`, from the buffer or the string, wherever
  // they now are. n is at most kRepeatMax, so that they fit in the buffer after a flush.
  static constexpr std::size_t kRepeatMax = sizeof JsonSink::buffer_ / 2;
  [[gnu::always_inline]] void repeat(std::size_t at, std::size_t n) {
    if (static_cast<std::size_t>(end_ - to_) < n) to_ = refill(sink_, to_);  // after which all are in the string
    const std::string& flushed = sink_.out_;
    std::size_t done = 0;
    if (at < flushed.size()) {
      done = std::min(n, flushed.size() - at);
      copy_short(to_, flushed.data() + at, done);
    }
    if (done < n) copy_short(to_ + done, sink_.buffer_ + (at + done - flushed.size()), n - done);
    to_ += n;
  }
  // The sink, up to date, for a helper that writes to it; resume() before appending here again.
  [[gnu::always_inline]] JsonSink& sink() {
    park();
    return sink_;
  }
  [[gnu::always_inline]] void resume() { to_ = sink_.buffer_ + sink_.used_; }

 private:
  // The slow paths take the position and give it back, rather than being members: a member
  // call would take the run's address, and the run would live in memory after all.
  [[gnu::always_inline]] void park() { park(sink_, to_); }
  [[gnu::always_inline]] static void park(JsonSink& sink, char* to) {
    sink.used_ = static_cast<std::size_t>(to - sink.buffer_);
  }
  [[gnu::noinline]] static char* refill(JsonSink& sink, char* to) {
    park(sink, to);
    sink.flush();
    return sink.buffer_;
  }
  [[gnu::noinline]] static char* escape_slow(JsonSink& sink, char* to, std::string_view text) {
    park(sink, to);
    sink.append_escaped(text);
    return sink.buffer_ + sink.used_;
  }
  [[gnu::noinline]] static char* quote_slow(JsonSink& sink, char* to, std::string_view text) {
    park(sink, to);
    sink.append_string(text);
    return sink.buffer_ + sink.used_;
  }
  [[gnu::noinline]] static char* append_slow(JsonSink& sink, char* to, std::string_view text) {
    park(sink, to);
    sink.append(text);
    return sink.buffer_ + sink.used_;
  }

  JsonSink& sink_;
  char* to_;
  char* const end_;
};

// A declared field's value as canonical_json (record.hpp) writes it: `null` when absent, an
// enum by name, a set sorted, a date YYYY-MM-DD, a decimal in its shortest exact text. Also
// the value form of the decision log's input (input_json.hpp), so both read alike.
void append_canonical_value(const Record& record, const FieldSpec& spec, std::size_t field, JsonSink& out);

}  // namespace icp::vm
