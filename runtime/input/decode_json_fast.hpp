// The JSON decoder's fast path (private to decode_json.cpp): one pass over a line of
// plain, valid JSON straight into the Record, with no parser state, copy or sort. Input: a
// line, the Schema, as_of. Output: a filled Record, or "not decided here".
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "icp/date.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record.hpp"
#include "runtime/format/schema.hpp"

namespace icp::vm::detail {

// Accepts only what it can decide with certainty: well-formed JSON without escapes in keys
// or strings, values of the declared types, no duplicate key, nothing missing. Anything
// else (malformed or rejected records, escapes, exponents, deep nesting...) returns false
// and the full simdjson decoder decides, so error messages come from one place only.
// INVARIANT: when decode() returns true, `out` equals what JsonDecoder's full path fills.
class FastJsonDecoder {
 public:
  explicit FastJsonDecoder(const Schema& schema);  // `schema` must outlive this
  bool decode(std::string_view json, Date as_of, Record& out);

 private:
  struct Cursor;
  bool decode_member(Cursor& c, std::string_view key);
  bool decode_schema_field(Cursor& c, std::size_t index);  // marks it seen, then decodes
  bool decode_field(Cursor& c, std::size_t index);
  bool decode_string_field(std::size_t index, const FieldSpec& spec, std::string_view text);
  bool decode_signals(Cursor& c);
  bool decode_event(Cursor& c);
  bool decode_contacts(Cursor& c);
  bool decode_contact(Cursor& c);
  bool skip_value(Cursor& c, int depth);
  bool new_unknown_key(std::size_t mark, std::string_view key);
  bool close_unknown_keys(std::size_t mark);
  static constexpr std::size_t kScannedKeys = 16;
  bool first_time(std::size_t slot);
  std::int32_t signal_type(std::string_view name) const;

  const Schema& schema_;
  std::vector<std::uint8_t> seen_;             // per top-level slot: fields, then id/signals/contacts
  std::vector<std::string_view> unknown_keys_;  // keys of open objects that are not decoded
  std::size_t next_field_ = 0;                  // keys usually come in schema order
  std::vector<std::string> field_keys_;         // "name": of each field, as it appears in input
  std::array<std::vector<std::int32_t>, 256> signals_by_first_;  // signal types by first byte
  Record* out_ = nullptr;
  Date as_of_;
};

}  // namespace icp::vm::detail
