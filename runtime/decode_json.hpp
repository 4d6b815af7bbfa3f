// JSON Lines -> Record: checks one account record against the schema (LANGUAGE.md
// "Meaning": nothing silently dropped or coerced). Input: a line of JSON and `as_of`.
// Output: a filled Record, or a DecodeError naming the record and field.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "runtime/date.hpp"
#include "runtime/record.hpp"
#include "runtime/schema.hpp"

namespace icp::vm {

// A rejected record. `field` is a path such as "employees", "signals[3].at" or
// "contacts[0].title" (empty for malformed JSON or a non-object line); `expected` and `found`
// are short phrases ("an integer", "\"many\""); `message` is the full sentence.
struct DecodeError {
  std::string field;
  std::string expected;
  std::string found;
  std::string message;
  std::string id;  // the record's id when it could be read, else empty
};

// Optional validators backed by the real code lists (the compiler's reference data). When
// null, a naics code is checked as 2-6 ASCII digits and a country as two upper-case letters.
struct CodeTables {
  bool (*is_naics)(std::string_view) = nullptr;
  bool (*is_country)(std::string_view) = nullptr;
};

// Decoding rules beyond the spec's letter, decided here:
// - unknown top-level keys are ignored (CRM exports carry extra columns), and so are unknown
//   keys inside signal events and contacts; their values must still be well-formed JSON;
// - a key appearing twice in any object is an error (which one would win is undefined);
// - `signals` and `contacts` may be absent or null (no events, no contacts);
// - `id` must be a non-empty string;
// - decimals are parsed from the number's own text, exponents included, and rejected if they
//   need more than 4 fractional digits; ints must be written as JSON integers (no 12.0);
// - a naics may be a string or a JSON integer of digits.
// One line of a JSON Lines buffer: text without its line ending, its 1-based number, and its
// full length in bytes, which is more than text.size() when a reader cut the line for being
// over kMaxRecordBytes (runtime/record_reader.hpp) and kept only its first bytes.
struct JsonLine {
  std::string_view text;
  std::size_t number = 0;
  std::size_t bytes = 0;
};

class JsonDecoder {
 public:
  explicit JsonDecoder(Schema schema, CodeTables codes = {});
  ~JsonDecoder();
  JsonDecoder(JsonDecoder&&) noexcept;
  JsonDecoder& operator=(JsonDecoder&&) noexcept;

  // Reuses the parser, the padded copy of the line and `out`'s buffers: after warm-up,
  // decoding allocates nothing. On failure `out` holds a partial record: do not use it.
  // Limits (runtime/json_limits.hpp): a record over kMaxRecordBytes is rejected unread, and
  // arrays and objects nested deeper than kMaxJsonDepth are rejected at that value.
  bool decode(std::string_view json_line, Date as_of, Record& out, DecodeError& error);
  // The same for a line from LineSplitter, which may be the first bytes of a cut line.
  bool decode_line(const JsonLine& line, Date as_of, Record& out, DecodeError& error);

  const Schema& schema() const;

 private:
  struct State;
  std::unique_ptr<State> state_;  // keeps simdjson out of this header
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
