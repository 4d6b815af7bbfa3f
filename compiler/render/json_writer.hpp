// A minimal streaming JSON writer, shared by the machine-readable diagnostics (JSON lines,
// SARIF) and the language server's messages (lsp/). Input: keys and values in document
// order. Output: the JSON text, compact or indented two spaces.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compiler/render/escape.hpp"

namespace icp::render {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty) : pretty_(pretty) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(std::string_view name) {
    separate();
    out_ += fmt::format("\"{}\":", escape::json(name));
    if (pretty_) out_ += ' ';
    after_key_ = true;
  }
  void string(std::string_view value) { scalar(fmt::format("\"{}\"", escape::json(value))); }
  void number(std::int64_t value) { scalar(fmt::format("{}", value)); }
  void boolean(bool value) { scalar(value ? "true" : "false"); }
  void null() { scalar("null"); }
  // A value that is already JSON (an id echoed back as it came); the caller vouches for it.
  void raw(std::string_view json) { scalar(json); }
  void field(std::string_view name, std::string_view value) { key(name); string(value); }
  void field(std::string_view name, std::int64_t value) { key(name); number(value); }
  std::string take() { return std::move(out_); }

 private:
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline(first_.size());
  }
  void newline(std::size_t depth) {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(depth * 2, ' ');
  }
  void open(char bracket) {
    separate();
    out_ += bracket;
    first_.push_back(true);
  }
  void close(char bracket) {
    const bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline(first_.size());
    out_ += bracket;
  }
  void scalar(std::string_view text) {
    separate();
    out_ += text;
  }

  bool pretty_;
  bool after_key_ = false;
  std::vector<bool> first_;  // per open container: nothing written into it yet
  std::string out_;
};

}  // namespace icp::render
