// Stage 5, audit: the input digest over the binary encoding of a decoded record.
// Input: a Record and its Schema. Output: bytes (docs/evaluation.md "Input digest"), hashed.
// Binary rather than canonical JSON: a quarter of the bytes to hash (declared names go as indexes)
// and nothing to escape, which more than halved the digest's cost in `icpc eval --audit`.
#include "runtime/record_digest.hpp"

#include <algorithm>
#include <cstdint>

#include "runtime/sha256.hpp"
#include "runtime/short_copy.hpp"

namespace icp::vm {

namespace {

constexpr std::uint8_t kEncodingVersion = 1;

// Writes into `bytes`, whose size is the room, grown (and zero-filled, once) only when a
// record needs more than any before it. Inline throughout and kept in locals: a pointer and
// a limit in registers, where a std::string would be reloaded after every byte stored.
class ByteWriter {
 public:
  explicit ByteWriter(std::string& bytes) : bytes_(bytes), to_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  std::size_t used() const { return static_cast<std::size_t>(to_ - bytes_.data()); }

  [[gnu::always_inline]] void byte(std::uint8_t value) {
    room(1);
    *to_++ = static_cast<char>(value);
  }
  [[gnu::always_inline]] void uleb(std::uint64_t value) {  // unsigned LEB128
    room(10);
    for (; value >= 0x80; value >>= 7) *to_++ = static_cast<char>((value & 0x7F) | 0x80);
    *to_++ = static_cast<char>(value);
  }
  [[gnu::always_inline]] void sleb(std::int64_t value) {  // signed LEB128 (as DWARF and WebAssembly)
    room(10);
    for (bool more = true; more;) {
      const auto low = static_cast<std::uint8_t>(value & 0x7F);
      value >>= 7;  // arithmetic: the sign fills in
      more = !((value == 0 && (low & 0x40) == 0) || (value == -1 && (low & 0x40) != 0));
      *to_++ = static_cast<char>(more ? low | 0x80 : low);
    }
  }
  [[gnu::always_inline]] void raw(std::string_view text) {
    room(text.size());
    copy_short(to_, text.data(), text.size());
    to_ += text.size();
  }
  [[gnu::always_inline]] void string(std::string_view text) {
    uleb(text.size());
    raw(text);
  }

 private:
  [[gnu::always_inline]] void room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - to_) < n) grow(n);
  }
  [[gnu::noinline]] void grow(std::size_t n) {
    const std::size_t at = used();
    bytes_.resize(std::max(2 * bytes_.size(), at + n + 256));
    to_ = bytes_.data() + at;
    end_ = bytes_.data() + bytes_.size();
  }

  std::string& bytes_;
  char* to_;
  char* end_;
};

[[gnu::always_inline]] inline void field_value(const Record& record, FieldType type, std::size_t field,
                                               ByteWriter& out) {
  switch (type) {
    case FieldType::integer: return out.sleb(record.get_int(field));
    case FieldType::decimal: return out.sleb(record.get_decimal(field).units());
    case FieldType::boolean: return out.byte(record.get_bool(field) ? 1 : 0);
    case FieldType::date: return out.sleb(record.get_date(field).days);
    case FieldType::enumeration: return out.uleb(record.get_enum(field));  // declaration index
    case FieldType::string:
    case FieldType::naics:
    case FieldType::country: return out.string(record.get_string(field));
    case FieldType::string_set: {
      const auto items = record.get_set(field);  // sorted by bytes, deduplicated
      out.uleb(items.size());
      for (StringRef item : items) out.string(record.view(item));
      return;
    }
  }
}

}  // namespace

RecordDigester::RecordDigester(const Schema& schema) : schema_(&schema) {}

std::string_view RecordDigester::encode(const Record& record) {
  ByteWriter out(bytes_);
  out.byte(kEncodingVersion);
  out.string(record.id());
  const std::vector<FieldSpec>& fields = schema_->fields;
  for (std::size_t i = 0; i < fields.size() && i < record.field_count(); ++i) {
    if (!record.present(i)) {
      out.byte(0);
      continue;
    }
    out.byte(1);
    field_value(record, fields[i].type, i, out);
  }
  out.uleb(record.signals().size());
  for (const SignalEvent& event : record.signals()) {
    if (event.type >= 0) {  // declared: its index, from 1
      out.uleb(static_cast<std::uint64_t>(event.type) + 1);
    } else {  // undeclared: 0 and the type as written
      out.byte(0);
      out.string(record.event_type(event, *schema_));
    }
    out.sleb(event.age_days);
  }
  out.uleb(record.contacts().size());
  for (const Contact& contact : record.contacts()) {
    out.byte(contact.has_title() ? 1 : 0);
    if (contact.has_title()) out.string(record.view(contact.title));
  }
  return std::string_view(bytes_.data(), out.used());
}

void RecordDigester::append_digest(const Record& record, std::string& out) {
  out.append("sha256:");
  append_sha256_hex(encode(record), out);
}

}  // namespace icp::vm
