// The decoded account record's buffers, and its canonical JSON form.
// Input: values from the decoder. Output: typed reads for the VM; canonical text for tests.
#include "runtime/input/record.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>

#include "runtime/output/json_escape.hpp"
#include "runtime/output/json_sink.hpp"
#include "runtime/base/utf8.hpp"

namespace icp::vm {

void Record::clear(std::size_t field_count) {
  arena_.clear();
  id_ = {};
  slots_.assign(field_count, Slot{});
  set_items_.clear();
  signals_.clear();
  contacts_.clear();
  first_future_event_ = -1;
}

StringRef Record::store(std::string_view bytes) {
  StringRef ref{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(bytes.size())};
  arena_.append(bytes);
  return ref;
}

void Record::set_string(std::size_t field, std::string_view value) {
  const StringRef text = store(value);
  slots_[field].present = 1;
  slots_[field].begin = text.offset;
  slots_[field].count = text.length;
}

void Record::begin_set(std::size_t field) {
  slots_[field].begin = static_cast<std::uint32_t>(set_items_.size());
  slots_[field].count = 0;
}

void Record::end_set(std::size_t field) {
  // INVARIANT: the items added since begin_set(field) are the tail of set_items_.
  Slot& slot = slots_[field];
  auto first = set_items_.begin() + slot.begin;
  auto less = [this](StringRef a, StringRef b) { return view(a) < view(b); };
  auto same = [this](StringRef a, StringRef b) { return view(a) == view(b); };
  std::sort(first, set_items_.end(), less);
  set_items_.erase(std::unique(first, set_items_.end(), same), set_items_.end());
  slot.count = static_cast<std::uint32_t>(set_items_.size() - slot.begin);
  slot.present = 1;
}

void Record::add_signal(std::int32_t type, std::int32_t age_days, std::string_view name) {
  if (type < 0) {
    // INVARIANT: not between begin_set and end_set, whose items are the tail of set_items_
    // (every decoder finishes a set before the next key; record.hpp says so to callers).
    type = -1 - static_cast<std::int32_t>(set_items_.size());
    set_items_.push_back(store(name));
  }
  if (age_days < 0 && first_future_event_ < 0) first_future_event_ = static_cast<std::int32_t>(signals_.size());
  signals_.push_back(SignalEvent{type, age_days});
}

void Record::add_contact(std::optional<std::string_view> title) {
  contacts_.push_back(title ? Contact{store(*title)} : Contact{});
}

std::span<const StringRef> Record::get_set(std::size_t field) const {
  const Slot& slot = slots_[field];
  return std::span<const StringRef>(set_items_).subspan(slot.begin, slot.count);
}

bool Record::set_has(std::size_t field, std::string_view item) const {
  auto items = get_set(field);
  auto it = std::lower_bound(items.begin(), items.end(), item,
                             [this](StringRef a, std::string_view b) { return view(a) < b; });
  return it != items.end() && view(*it) == item;
}

namespace {

std::uint8_t write_u_escape(char32_t c, char* to) {
  static constexpr char kHex[] = "0123456789abcdef";
  to[0] = '\\';
  to[1] = 'u';
  for (int k = 0; k < 4; ++k) to[2 + k] = kHex[(c >> (12 - 4 * k)) & 0x0F];
  return 6;
}

}  // namespace

JsonEscapeStep json_escape_step(std::string_view text, std::size_t i, char* to) {
  const auto byte = static_cast<unsigned char>(text[i]);
  if (byte < 0x80) {
    to[0] = '\\';
    switch (byte) {
      case '"': to[1] = '"'; return {1, 2};
      case '\\': to[1] = '\\'; return {1, 2};
      case '\n': to[1] = 'n'; return {1, 2};
      case '\r': to[1] = 'r'; return {1, 2};
      case '\t': to[1] = 't'; return {1, 2};
      case '\b': to[1] = 'b'; return {1, 2};
      case '\f': to[1] = 'f'; return {1, 2};
      default: return {1, write_u_escape(byte, to)};  // other C0 controls and DEL
    }
  }
  const std::size_t length = utf8_sequence_length(text, i);
  if (length == 0) return {1, write_u_escape(0xFFFD, to)};
  const char32_t c = utf8_code_point(text, i, length);
  return {static_cast<std::uint8_t>(length), is_hidden_control(c) ? write_u_escape(c, to) : std::uint8_t{0}};
}

void append_json_string(std::string_view text, std::string& out) {
  // The bytes to look at are found eight at a time, and escaped text is assembled in a stack
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
  std::size_t run = 0;   // start of the bytes not yet put
  std::size_t next = 0;  // bytes before this belong to a character already looked at
  auto look_at = [&](std::size_t at) {
    if (at < next) return;  // a continuation byte of a sequence that goes as it is
    char escaped[6];
    const JsonEscapeStep step = json_escape_step(text, at, escaped);
    next = at + step.consumed;
    if (step.written == 0) return;
    put(data + run, at - run);
    put(escaped, step.written);
    run = next;
  };
  out.push_back('"');
  std::size_t i = 0;
  for (; size - i >= 8; i += 8) {
    for (std::uint64_t mask = escape_mask(data + i); mask != 0; mask &= mask - 1) {
      look_at(i + static_cast<std::size_t>(std::countr_zero(mask)) / 8);
    }
  }
  for (; i < size; ++i) {
    if (json_needs_escape(data[i])) look_at(i);
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
  if (value >= 0 && value < 10) return out.push_back(static_cast<char>('0' + value));  // most counts
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

char* write_json_decimal(Decimal value, char* to) {
  const std::int64_t units = value.units();
  if (units == std::numeric_limits<std::int64_t>::min()) {  // no magnitude in 64 bits
    const std::string text = value.to_string();
    return std::copy(text.begin(), text.end(), to);
  }
  const std::uint64_t magnitude = units < 0 ? static_cast<std::uint64_t>(-units) : static_cast<std::uint64_t>(units);
  if (units < 0) *to++ = '-';
  to = std::to_chars(to, to + 20, magnitude / Decimal::kScale).ptr;
  std::uint64_t fraction = magnitude % Decimal::kScale;
  if (fraction != 0) {  // up to 4 digits, trailing zeros dropped
    *to++ = '.';
    for (std::uint64_t scale = Decimal::kScale / 10; fraction != 0; scale /= 10) {
      *to++ = static_cast<char>('0' + fraction / scale);
      fraction %= scale;
    }
  }
  return to;
}

void append_json_decimal(Decimal value, std::string& out) {
  char buffer[kJsonDecimalRoom];
  out.append(buffer, write_json_decimal(value, buffer));
}

bool write_iso_date(Date date, char* to) {
  int year = 0, month = 0, day = 0;
  civil_from_date(date, year, month, day);
  if (year < 0 || year > 9999) return false;
  const int digits[] = {year / 1000, year / 100 % 10, year / 10 % 10, year % 10, -1,
                        month / 10,  month % 10,      -1,             day / 10, day % 10};
  for (int i = 0; i < 10; ++i) to[i] = digits[i] < 0 ? '-' : static_cast<char>('0' + digits[i]);
  return true;
}

void append_canonical_value(const Record& record, const FieldSpec& spec, std::size_t field, JsonSink& out) {
  if (!record.present(field)) return out.append("null");
  switch (spec.type) {
    case FieldType::integer: out.append_int(record.get_int(field)); break;
    case FieldType::decimal: out.append_decimal(record.get_decimal(field)); break;
    case FieldType::boolean: out.append(record.get_bool(field) ? "true" : "false"); break;
    case FieldType::date: {
      char text[10];
      if (write_iso_date(record.get_date(field), text)) {
        out.append_string(std::string_view(text, sizeof text));
      } else {
        out.append_string(format_date(record.get_date(field)));
      }
      break;
    }
    case FieldType::enumeration: out.append_string(spec.enum_values[record.get_enum(field)]); break;
    case FieldType::string:
    case FieldType::naics:
    case FieldType::country: out.append_string(record.get_string(field)); break;
    case FieldType::string_set: {
      out.push_back('[');
      bool first = true;
      for (StringRef item : record.get_set(field)) {
        if (!first) out.push_back(',');
        first = false;
        out.append_string(record.view(item));
      }
      out.push_back(']');
      break;
    }
  }
}

namespace {

void append_key(std::string_view name, JsonSink& out) {
  out.push_back(',');
  out.append_string(name);
  out.push_back(':');
}

void append_signals(const Record& record, const Schema& schema, JsonSink& out) {
  out.append(",\"signals\":[");
  bool first = true;
  for (const SignalEvent& event : record.signals()) {
    if (!first) out.push_back(',');
    first = false;
    out.append("{\"type\":");
    out.append_string(record.event_type(event, schema));
    out.append(",\"age_days\":");
    out.append_int(event.age_days);
    out.push_back('}');
  }
  out.push_back(']');
}

void append_contacts(const Record& record, JsonSink& out) {
  out.append(",\"contacts\":[");
  bool first = true;
  for (const Contact& contact : record.contacts()) {
    if (!first) out.push_back(',');
    first = false;
    if (contact.has_title()) {
      out.append("{\"title\":");
      out.append_string(record.view(contact.title));
      out.push_back('}');
    } else {
      out.append("{}");
    }
  }
  out.push_back(']');
}

}  // namespace

void canonical_json(const Record& record, const Schema& schema, std::string& text) {
  text.clear();
  JsonSink out(text);
  out.append("{\"id\":");
  out.append_string(record.id());
  const std::vector<FieldSpec>& fields = schema.fields;
  for (std::size_t i = 0; i < fields.size() && i < record.field_count(); ++i) {
    append_key(fields[i].name, out);
    append_canonical_value(record, fields[i], i, out);
  }
  append_signals(record, schema, out);
  append_contacts(record, out);
  out.push_back('}');
}

}  // namespace icp::vm
