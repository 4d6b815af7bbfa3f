// JSON Lines -> Record: checks one account record against the schema (LANGUAGE.md
// "Meaning": nothing silently dropped or coerced). Input: a line of JSON and `as_of`.
// Output: a filled Record, or a DecodeError naming the record and field.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "icp/date.hpp"
#include "runtime/input/json_lines.hpp"
#include "runtime/input/record.hpp"
#include "runtime/format/schema.hpp"

namespace icp::vm {

// A rejected record. `field` is a path such as "employees", "signals[3].at" or
// "contacts[0].title" (empty for malformed JSON or a non-object line); `expected` and `found`
// are short phrases ("an integer", "\"many\""); `message` is the full sentence. A value quoted
// in `found` is cut to its first kMaxFoundBytes (then ends in "..."), so a hostile token of a
// megabyte makes an error line of a hundred bytes.
inline constexpr std::size_t kMaxFoundBytes = 60;
struct DecodeError {
  std::string field;
  std::string expected;
  std::string found;
  std::string message;
  std::string id;  // the record's id when it could be read, else empty
};

// Decoding rules beyond the spec's letter, decided here:
// - unknown top-level keys are ignored (CRM exports carry extra columns), and so are unknown
//   keys inside signal events and contacts; their values must still be well-formed JSON;
// - a key appearing twice in any object is an error (which one would win is undefined);
// - `signals` and `contacts` may be absent or null (no events, no contacts);
// - `id` must be a non-empty string;
// - decimals are parsed from the number's own text, exponents included, and rejected if they
//   need more than 4 fractional digits; ints must be written as JSON integers (no 12.0);
// - a naics may be a string or a JSON integer of digits, and must be a NAICS 2022 code; a
//   country must be an ISO 3166-1 alpha-2 code: the lists of reference_codes.hpp, the same
//   in every host, so a record is accepted or rejected alike everywhere.
class JsonDecoder {
 public:
  explicit JsonDecoder(Schema schema);
  ~JsonDecoder();
  JsonDecoder(JsonDecoder&&) noexcept;
  JsonDecoder& operator=(JsonDecoder&&) noexcept;

  // Reuses the parser, the padded copy of the line and `out`'s buffers: after warm-up,
  // decoding allocates nothing. On failure `out` holds a partial record: do not use it.
  // Limits (runtime/input/json_limits.hpp): a record over kMaxRecordBytes is rejected unread, and
  // arrays and objects nested deeper than kMaxJsonDepth are rejected at that value.
  bool decode(std::string_view json_line, Date as_of, Record& out, DecodeError& error);
  // The same for a line from LineSplitter (runtime/input/json_lines.hpp), which may be the first
  // bytes of a line a reader cut.
  bool decode_line(const JsonLine& line, Date as_of, Record& out, DecodeError& error);

  const Schema& schema() const;

 private:
  struct State;
  std::unique_ptr<State> state_;  // keeps simdjson out of this header
};

}  // namespace icp::vm
