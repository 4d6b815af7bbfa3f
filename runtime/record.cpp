// The decoded account record's buffers, and its canonical JSON form.
// Input: values from the decoder. Output: typed reads for the VM; canonical text for hashing.
#include "runtime/record.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>

namespace icp::vm {

void Record::clear(std::size_t field_count) {
  arena_.clear();
  id_ = {};
  slots_.assign(field_count, Slot{});
  set_items_.clear();
  signals_.clear();
  contacts_.clear();
}

StringRef Record::store(std::string_view bytes) {
  StringRef ref{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(bytes.size())};
  arena_.append(bytes);
  return ref;
}

void Record::set_string(std::size_t field, std::string_view value) {
  slots_[field].present = true;
  slots_[field].text = store(value);
}

void Record::begin_set(std::size_t field) {
  slots_[field].set_begin = static_cast<std::uint32_t>(set_items_.size());
  slots_[field].set_count = 0;
}

void Record::end_set(std::size_t field) {
  // INVARIANT: the items added since begin_set(field) are the tail of set_items_.
  Slot& slot = slots_[field];
  auto first = set_items_.begin() + slot.set_begin;
  auto less = [this](StringRef a, StringRef b) { return view(a) < view(b); };
  auto same = [this](StringRef a, StringRef b) { return view(a) == view(b); };
  std::sort(first, set_items_.end(), less);
  set_items_.erase(std::unique(first, set_items_.end(), same), set_items_.end());
  slot.set_count = static_cast<std::uint32_t>(set_items_.size() - slot.set_begin);
  slot.present = true;
}

void Record::add_signal(std::int32_t type, std::int32_t age_days, std::string_view name) {
  signals_.push_back(SignalEvent{type, age_days, store(name)});
}

void Record::add_contact(std::optional<std::string_view> title) {
  if (title) {
    contacts_.push_back(Contact{true, store(*title)});
  } else {
    contacts_.push_back(Contact{});
  }
}

std::span<const StringRef> Record::get_set(std::size_t field) const {
  const Slot& slot = slots_[field];
  return std::span<const StringRef>(set_items_).subspan(slot.set_begin, slot.set_count);
}

bool Record::set_has(std::size_t field, std::string_view item) const {
  auto items = get_set(field);
  auto it = std::lower_bound(items.begin(), items.end(), item,
                             [this](StringRef a, std::string_view b) { return view(a) < b; });
  return it != items.end() && view(*it) == item;
}

namespace {

// Bytes a JSON string must escape: the quote, the backslash and control characters.
constexpr auto kNeedsEscape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = table['\\'] = true;
  return table;
}();

bool needs_escape(char c) { return kNeedsEscape[static_cast<unsigned char>(c)]; }

// The bytes among the 8 at p that need an escape: bit 7 of each such byte's lane (exact, no
// carries between lanes), little-endian so countr_zero / 8 is the first one's offset.
std::uint64_t escape_mask(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL, kHigh = 0x8080808080808080ULL, kOnes = 0x0101010101010101ULL;
  auto equal = [&](unsigned char b) {
    const std::uint64_t y = v ^ (kOnes * b);
    return ~(((y & kLow7) + kLow7) | y) & kHigh;
  };
  const std::uint64_t below_space = ~(((v & kLow7) + kOnes * 0x60) | v) & kHigh;
  return below_space | equal('"') | equal('\\');
}

// Writes the escape of `c` (which needs one) to `to`; returns its length.
std::size_t escape(char c, char* to) {
  to[0] = '\\';
  switch (c) {
    case '"': to[1] = '"'; return 2;
    case '\\': to[1] = '\\'; return 2;
    case '\n': to[1] = 'n'; return 2;
    case '\r': to[1] = 'r'; return 2;
    case '\t': to[1] = 't'; return 2;
    case '\b': to[1] = 'b'; return 2;
    case '\f': to[1] = 'f'; return 2;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      const auto byte = static_cast<unsigned char>(c);
      to[1] = 'u';
      to[2] = '0';
      to[3] = '0';
      to[4] = kHex[byte >> 4];
      to[5] = kHex[byte & 0x0F];
      return 6;
    }
  }
}

}  // namespace

void append_json_string(std::string_view text, std::string& out) {
  // The bytes to escape are found eight at a time, and escaped text is assembled in a stack
  // buffer: decision lines are mostly names and ids, audit "why" texts are full of quoted
  // values, and per-byte work or one string append per escape dominated writing them.
  const char* data = text.data();
  const std::size_t size = text.size();
  char buffer[512];
  std::size_t used = 0;
  auto put = [&](const char* bytes, std::size_t count) {
    if (used + count > sizeof buffer) {
      out.append(buffer, used);
      used = 0;
      if (count > sizeof buffer) return static_cast<void>(out.append(bytes, count));
    }
    std::memcpy(buffer + used, bytes, count);
    used += count;
  };
  std::size_t run = 0;  // start of the bytes not yet put
  auto escape_at = [&](std::size_t at) {
    put(data + run, at - run);
    char escaped[6];
    put(escaped, escape(data[at], escaped));
    run = at + 1;
  };
  out.push_back('"');
  std::size_t i = 0;
  for (; size - i >= 8; i += 8) {
    for (std::uint64_t mask = escape_mask(data + i); mask != 0; mask &= mask - 1) {
      escape_at(i + static_cast<std::size_t>(std::countr_zero(mask)) / 8);
    }
  }
  for (; i < size; ++i) {
    if (needs_escape(data[i])) escape_at(i);
  }
  if (run == 0) {  // nothing escaped: the text goes out as it is
    out.append(data, size);
  } else {
    put(data + run, size - run);
    out.append(buffer, used);
  }
  out.push_back('"');
}

void append_json_int(std::int64_t value, std::string& out) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void append_json_decimal(Decimal value, std::string& out) {
  const std::int64_t units = value.units();
  if (units == std::numeric_limits<std::int64_t>::min()) {  // no magnitude in 64 bits
    out.append(value.to_string());
    return;
  }
  const std::uint64_t magnitude = units < 0 ? static_cast<std::uint64_t>(-units) : static_cast<std::uint64_t>(units);
  char buffer[32];
  char* end = buffer;
  if (units < 0) *end++ = '-';
  end = std::to_chars(end, buffer + sizeof buffer, magnitude / Decimal::kScale).ptr;
  std::uint64_t fraction = magnitude % Decimal::kScale;
  if (fraction != 0) {  // up to 4 digits, trailing zeros dropped
    *end++ = '.';
    for (std::uint64_t scale = Decimal::kScale / 10; fraction != 0; scale /= 10) {
      *end++ = static_cast<char>('0' + fraction / scale);
      fraction %= scale;
    }
  }
  out.append(buffer, end);
}

namespace {

void append_field_value(const Record& record, const FieldSpec& spec, std::size_t field,
                        std::string& out) {
  if (!record.present(field)) {
    out.append("null");
    return;
  }
  switch (spec.type) {
    case FieldType::integer: append_json_int(record.get_int(field), out); break;
    case FieldType::decimal: append_json_decimal(record.get_decimal(field), out); break;
    case FieldType::boolean: out.append(record.get_bool(field) ? "true" : "false"); break;
    case FieldType::date:
      out.push_back('"');
      out.append(format_date(record.get_date(field)));
      out.push_back('"');
      break;
    case FieldType::enumeration: append_json_string(spec.enum_values[record.get_enum(field)], out); break;
    case FieldType::string:
    case FieldType::naics:
    case FieldType::country: append_json_string(record.get_string(field), out); break;
    case FieldType::string_set: {
      out.push_back('[');
      bool first = true;
      for (StringRef item : record.get_set(field)) {
        if (!first) out.push_back(',');
        first = false;
        append_json_string(record.view(item), out);
      }
      out.push_back(']');
      break;
    }
  }
}

void append_signals(const Record& record, const Schema& schema, std::string& out) {
  out.append(",\"signals\":[");
  bool first = true;
  for (const SignalEvent& event : record.signals()) {
    if (!first) out.push_back(',');
    first = false;
    out.append("{\"type\":");
    append_json_string(event.type >= 0 ? std::string_view(schema.signal_types[event.type])
                                       : record.view(event.name),
                       out);
    out.append(",\"age_days\":");
    append_json_int(event.age_days, out);
    out.push_back('}');
  }
  out.push_back(']');
}

void append_contacts(const Record& record, std::string& out) {
  out.append(",\"contacts\":[");
  bool first = true;
  for (const Contact& contact : record.contacts()) {
    if (!first) out.push_back(',');
    first = false;
    if (contact.has_title) {
      out.append("{\"title\":");
      append_json_string(record.view(contact.title), out);
      out.push_back('}');
    } else {
      out.append("{}");
    }
  }
  out.push_back(']');
}

}  // namespace

void canonical_json(const Record& record, const Schema& schema, std::string& out) {
  out.clear();
  out.append("{\"id\":");
  append_json_string(record.id(), out);
  for (std::size_t i = 0; i < schema.fields.size() && i < record.field_count(); ++i) {
    out.push_back(',');
    append_json_string(schema.fields[i].name, out);
    out.push_back(':');
    append_field_value(record, schema.fields[i], i, out);
  }
  append_signals(record, schema, out);
  append_contacts(record, out);
  out.push_back('}');
}

}  // namespace icp::vm
