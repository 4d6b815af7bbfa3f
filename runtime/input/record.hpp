// A decoded account record: one slot per schema field plus the built-ins id, signals and
// contacts. Input: filled by the JSON decoder (or by hand in tests). Output: read by the VM,
// and written in canonical form by canonical_json() (a readable dump, for tests).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "icp/date.hpp"
#include "icp/decimal.hpp"
#include "runtime/format/schema.hpp"

namespace icp::vm {

// Bytes in the record's arena. A ref, not a view, because the arena may grow (and move)
// while the record is being filled.
struct StringRef {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

// 8 bytes, eight to a cache line. A declared type's name is the schema's, so the record
// keeps none; an undeclared type's is kept apart (Record::event_type gives either).
struct SignalEvent {
  std::int32_t type = -1;     // index into Schema::signal_types; negative when undeclared
  std::int32_t age_days = 0;  // as_of - at; negative for future events (the VM ignores them)
};

// Only the title is kept: LANGUAGE.md says other contact keys are "carried, not
// interpreted", and no decision or audit line reads them, so the decoder checks that they
// are well-formed JSON and then drops them (they are not part of the input digest either).
struct Contact {
  static constexpr std::uint32_t kNoTitle = 0xFFFFFFFF;  // title.offset of an untitled contact
  StringRef title{kNoTitle, 0};
  bool has_title() const { return title.offset != kNoTitle; }  // false when "title" is absent or null
};

class Record {
 public:
  // One slot per schema field. `scalar` holds an int, decimal units, a bool (0/1), a date's
  // day number or an enum index, by the field's type; `begin`/`count` a string/naics/
  // country's bytes in the arena, or a set's range of set_items_ (sorted, deduplicated):
  // never both, so the slot is 16 bytes, four to a cache line.
  struct Slot {
    std::int64_t scalar = 0;
    std::uint32_t begin = 0;
    std::uint32_t count : 31 = 0;
    std::uint32_t present : 1 = 0;
  };

  // Empties the record for `field_count` fields. Keeps every buffer's capacity, so filling
  // records of similar size allocates nothing after the first few.
  void clear(std::size_t field_count);

  void set_id(std::string_view id) { id_ = store(id); }
  void set_int(std::size_t field, std::int64_t value) { fill(field, value); }
  void set_decimal(std::size_t field, Decimal value) { fill(field, value.units()); }
  void set_bool(std::size_t field, bool value) { fill(field, value ? 1 : 0); }
  void set_date(std::size_t field, Date value) { fill(field, value.days); }
  void set_enum(std::size_t field, std::uint32_t index) { fill(field, index); }
  void set_string(std::size_t field, std::string_view value);  // string, naics, country
  // A set is built as begin_set, add_set_item..., end_set (which sorts and deduplicates),
  // with no add_signal in between.
  void begin_set(std::size_t field);
  void add_set_item(std::string_view item) { set_items_.push_back(store(item)); }
  void end_set(std::size_t field);
  void add_signal(std::int32_t type, std::int32_t age_days, std::string_view name);
  void add_contact(std::optional<std::string_view> title);

  std::string_view id() const { return view(id_); }
  std::size_t field_count() const { return slots_.size(); }
  bool present(std::size_t field) const { return slots_[field].present; }
  // The typed getters below require present(field) and the matching schema type.
  std::int64_t get_int(std::size_t field) const { return slots_[field].scalar; }
  Decimal get_decimal(std::size_t field) const { return Decimal::from_units(slots_[field].scalar); }
  bool get_bool(std::size_t field) const { return slots_[field].scalar != 0; }
  Date get_date(std::size_t field) const {
    return Date{static_cast<std::int32_t>(slots_[field].scalar)};
  }
  std::uint32_t get_enum(std::size_t field) const {
    return static_cast<std::uint32_t>(slots_[field].scalar);
  }
  std::string_view get_string(std::size_t field) const {
    return {arena_.data() + slots_[field].begin, slots_[field].count};
  }
  std::span<const StringRef> get_set(std::size_t field) const;
  bool set_has(std::size_t field, std::string_view item) const;  // binary search
  std::span<const SignalEvent> signals() const { return signals_; }
  // The index in signals() of the first event dated after as_of (negative age), or -1: kept
  // as events are added, so a host can warn of them without another pass over the events.
  std::int32_t first_future_event() const { return first_future_event_; }
  // The event's type as written: the schema's name when declared, else the record's copy.
  std::string_view event_type(const SignalEvent& event, const Schema& schema) const {
    if (event.type >= 0) return schema.signal_types[static_cast<std::size_t>(event.type)];
    return view(set_items_[static_cast<std::size_t>(-1 - event.type)]);
  }
  std::span<const Contact> contacts() const { return contacts_; }
  std::string_view view(StringRef ref) const { return {arena_.data() + ref.offset, ref.length}; }
  // Asks for the first cache line of each of the record's buffers. A caller about to read
  // many records (vm::Evaluator::evaluate_each) asks for all of them first, so that their
  // cache misses overlap instead of coming one after the other.
  void prefetch() const {
    prefetch_bytes(slots_.data(), slots_.size() * sizeof(Slot));
    prefetch_bytes(arena_.data(), arena_.size());
    prefetch_bytes(set_items_.data(), set_items_.size() * sizeof(StringRef));
    prefetch_bytes(signals_.data(), signals_.size() * sizeof(SignalEvent));
    prefetch_bytes(contacts_.data(), contacts_.size() * sizeof(Contact));
  }

 private:
  // Every cache line the bytes touch (at most 8): a buffer may start anywhere in a line.
  static void prefetch_bytes(const void* data, std::size_t size) {
    if (size == 0) return;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = begin & ~std::uintptr_t{63};
    const std::uintptr_t end = std::min(begin + size, first + 512);
    for (std::uintptr_t line = first; line < end; line += 64) __builtin_prefetch(reinterpret_cast<const void*>(line));
  }
  StringRef store(std::string_view bytes);
  void fill(std::size_t field, std::int64_t scalar) {
    slots_[field].present = 1;
    slots_[field].scalar = scalar;
  }

  std::string arena_;  // every string of the record, back to back
  StringRef id_;
  std::vector<Slot> slots_;
  // The sets' items, and the names of undeclared event types (event type -1 - k names
  // set_items_[k]): both are string refs, and one vector keeps the record header small.
  std::vector<StringRef> set_items_;
  std::vector<SignalEvent> signals_;
  std::vector<Contact> contacts_;
  std::int32_t first_future_event_ = -1;
};

// Writes the record as decoded, in one canonical form: {"id":…, then every schema field in
// schema order (null when missing), "signals":[{"type":…,"age_days":N}…] in input order,
// "contacts":[{"title":…}|{}…]}. Decimals in shortest exact text, dates YYYY-MM-DD, enums by
// name, sets sorted; no whitespace. Signal ages are relative to the as_of the record was
// decoded with, so "at" and "days_ago" forms of the same event agree. A readable dump of a
// decoded record, for comparing decoders (the audit's input digest hashes the binary form of
// record_digest.hpp instead). Replaces the contents of `out` (whose capacity is reused).
void canonical_json(const Record& record, const Schema& schema, std::string& out);

// Appends `text` as a JSON string literal (quotes included), valid JSON whatever its bytes:
// `"`, `\` and control characters escaped as RFC 8259 says; DEL, the C1 controls, the bidi
// controls and U+2028/U+2029 (utf8.hpp's is_hidden_control) as \uXXXX, so the output can be
// shown on a terminal safely and still reads back as the same string; each byte of ill-formed
// UTF-8 as \ufffd. Other text, accents and CJK included, goes as it is.
void append_json_string(std::string_view text, std::string& out);
// Appends an integer, or a decimal in its shortest exact text (Decimal::to_string), with no
// temporary string: these are on the path of every decision line.
void append_json_int(std::int64_t value, std::string& out);
void append_json_decimal(Decimal value, std::string& out);
// The same decimal text written at `to`, which has room for kJsonDecimalRoom bytes; returns its end.
inline constexpr std::size_t kJsonDecimalRoom = 32;
char* write_json_decimal(Decimal value, char* to);
// format_date's YYYY-MM-DD written at `to` (10 bytes) with no temporary string; false, and
// nothing written, for a year outside 0..9999 (format_date's own spelling then).
bool write_iso_date(Date date, char* to);
// What append_json_string writes for the character at text[i], a byte json_needs_escape
// flags: `consumed` bytes of text are replaced by the `written` bytes put at `to` (at most
// 6: `\n`, `\"`, `\u001f`, `\u202e`, `\ufffd`), or, when `written` is 0, go as they are.
struct JsonEscapeStep {
  std::uint8_t consumed = 1;
  std::uint8_t written = 0;
};
JsonEscapeStep json_escape_step(std::string_view text, std::size_t i, char* to);

}  // namespace icp::vm
