// Stage 5, audit: the input digest over the binary encoding of a decoded record.
// Input: a Record and its Schema. Output: bytes (docs/evaluation.md "Input digest"), hashed.
// Binary rather than canonical JSON: a quarter of the bytes to hash (declared names go as indexes)
// and nothing to escape, which more than halved the digest's cost in `icpc eval --audit`.
#include "runtime/output/record_digest.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>

#include "runtime/base/sha256.hpp"
#include "runtime/base/short_copy.hpp"

namespace icp::vm {

namespace {

constexpr std::uint8_t kEncodingVersion = 1;

// Writes into `bytes`, whose size is the room, grown (and zero-filled, once) only when a
// record needs more than any before it. Inline throughout and kept in locals: a pointer and
// a limit in registers, where a std::string would be reloaded after every byte stored.
// The put_* calls write without a check: a caller first asks room() for all it will put.
class ByteWriter {
 public:
  // Most that one put_uleb or put_sleb writes.
  static constexpr std::size_t kLeb = 10;

  explicit ByteWriter(std::string& bytes) : bytes_(bytes), to_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  std::size_t used() const { return static_cast<std::size_t>(to_ - bytes_.data()); }

  [[gnu::always_inline]] void room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - to_) < n) [[unlikely]] {
      to_ = grow(bytes_, used(), n);
      end_ = bytes_.data() + bytes_.size();
    }
  }
  [[gnu::always_inline]] void put_byte(std::uint8_t value) { *to_++ = static_cast<char>(value); }
  // Unsigned LEB128. Values under 2^14 (lengths, counts, indexes: nearly all) as two bytes
  // stored at once, keeping one or both, so no branch depends on the value.
  [[gnu::always_inline]] void put_uleb(std::uint64_t value) {
    if (value < (1U << 14)) [[likely]] {
      const bool two = value >= 0x80;
      put_pair((value & 0x7F) | (two ? 0x80 : 0), value >> 7);
      to_ += 1 + two;
      return;
    }
    for (; value >= 0x80; value >>= 7) *to_++ = static_cast<char>((value & 0x7F) | 0x80);
    *to_++ = static_cast<char>(value);
  }
  // Signed LEB128 (as DWARF and WebAssembly). From -2^13 to 2^13 - 1 (ages, most numbers)
  // as put_uleb's two bytes, keeping one when its bit 6 already carries the sign.
  [[gnu::always_inline]] void put_sleb(std::int64_t value) {
    const auto bits = static_cast<std::uint64_t>(value);  // unsigned: no overflow to worry about
    if (bits + (1U << 13) < (1U << 14)) [[likely]] {
      const bool two = bits + 0x40 >= 0x80;
      put_pair((value & 0x7F) | (two ? 0x80 : 0), (value >> 7) & 0x7F);
      to_ += 1 + two;
      return;
    }
    for (bool more = true; more;) {
      const auto low = static_cast<std::uint8_t>(value & 0x7F);
      value >>= 7;  // arithmetic: the sign fills in
      more = !((value == 0 && (low & 0x40) == 0) || (value == -1 && (low & 0x40) != 0));
      *to_++ = static_cast<char>(more ? low | 0x80 : low);
    }
  }
  // str(text), asking its own room.
  [[gnu::always_inline]] void string(std::string_view text) {
    room(kLeb + text.size());
    put_uleb(text.size());
    copy_short(to_, text.data(), text.size());
    to_ += text.size();
  }

 private:
  // Two bytes at to_ in one store (to_ does not move).
  [[gnu::always_inline]] void put_pair(std::uint64_t first, std::uint64_t second) {
    const char pair[2] = {static_cast<char>(first), static_cast<char>(second)};
    std::memcpy(to_, pair, 2);
  }
  // Static, not a member: a member call would take the writer's address and keep to_ in memory.
  [[gnu::noinline]] static char* grow(std::string& bytes, std::size_t at, std::size_t n) {
    bytes.resize(std::max(2 * bytes.size(), at + n + 256));
    return bytes.data() + at;
  }

  std::string& bytes_;
  char* to_;
  char* end_;
};

// 01 and the value of a present field.
[[gnu::always_inline]] inline void field_value(const Record& record, FieldType type, std::size_t field,
                                               ByteWriter& out) {
  out.room(1 + ByteWriter::kLeb);  // the 01 and a number; strings ask their own room
  out.put_byte(1);
  switch (type) {
    case FieldType::integer: return out.put_sleb(record.get_int(field));
    case FieldType::decimal: return out.put_sleb(record.get_decimal(field).units());
    case FieldType::boolean: return out.put_byte(record.get_bool(field) ? 1 : 0);
    case FieldType::date: return out.put_sleb(record.get_date(field).days);
    case FieldType::enumeration: return out.put_uleb(record.get_enum(field));  // declaration index
    case FieldType::string:
    case FieldType::naics:
    case FieldType::country: return out.string(record.get_string(field));
    case FieldType::string_set: {
      const auto items = record.get_set(field);  // sorted by bytes, deduplicated
      out.put_uleb(items.size());
      for (StringRef item : items) out.string(record.view(item));
      return;
    }
  }
}

}  // namespace

RecordDigester::RecordDigester(const Schema& schema) : schema_(&schema) {
  for (const FieldSpec& field : schema.fields) field_types_.push_back(field.type);
}

std::string_view RecordDigester::encode(const Record& record) {
  ByteWriter out(bytes_);
  out.room(1);
  out.put_byte(kEncodingVersion);
  out.string(record.id());
  const std::size_t fields = std::min(field_types_.size(), record.field_count());
  for (std::size_t i = 0; i < fields; ++i) {
    if (record.present(i)) {
      field_value(record, field_types_[i], i, out);
    } else {
      out.room(1);
      out.put_byte(0);
    }
  }
  const std::span<const SignalEvent> signals = record.signals();
  out.room(ByteWriter::kLeb);
  out.put_uleb(signals.size());
  for (const SignalEvent& event : signals) {
    out.room(2 * ByteWriter::kLeb);
    if (event.type >= 0) [[likely]] {  // declared: its index, from 1
      out.put_uleb(static_cast<std::uint64_t>(event.type) + 1);
    } else {  // undeclared: 0 and the type as written
      out.put_byte(0);
      out.string(record.event_type(event, *schema_));
      out.room(ByteWriter::kLeb);
    }
    out.put_sleb(event.age_days);
  }
  const std::span<const Contact> contacts = record.contacts();
  out.room(ByteWriter::kLeb);
  out.put_uleb(contacts.size());
  for (const Contact& contact : contacts) {
    out.room(1);
    out.put_byte(contact.has_title() ? 1 : 0);
    if (contact.has_title()) out.string(record.view(contact.title));
  }
  return std::string_view(bytes_.data(), out.used());
}

void RecordDigester::append_digest(const Record& record, std::string& out) {
  out.append("sha256:");
  append_sha256_hex(encode(record), out);
}

}  // namespace icp::vm
