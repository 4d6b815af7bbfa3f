// The JSON decoder's fast path: a hand-written single pass for the common case (plain,
// valid records). Input: one line. Output: the Record, or false to hand the line to the
// full simdjson decoder, which also writes every error message.
#include "runtime/input/decode_json_fast.hpp"

#include "runtime/input/json_limits.hpp"
#include "runtime/input/reference_codes.hpp"
#include "runtime/base/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

namespace icp::vm::detail {
namespace {

// Byte classes inside a string: 0 plain ASCII, 1 the closing quote, 2 a backslash or a
// control character (escapes go to the full decoder), 3 the lead byte of a UTF-8 sequence.
constexpr auto kStringClass = [] {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = 2;
  table['"'] = 1;
  table['\\'] = 2;
  for (int c = 0x80; c < 0x100; ++c) table[c] = 3;
  return table;
}();

bool digit(char c) { return c >= '0' && c <= '9'; }

// Whether 8 bytes at p are all plain string bytes (class 0), eight at a time: no byte
// below 0x20 or above 0x7F, no quote, no backslash.
bool plain8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_byte = [](std::uint64_t x, unsigned char b) {
    const std::uint64_t y = x ^ (kOnes * b);
    return (y - kOnes) & ~y & kHigh;
  };
  const std::uint64_t below_space = (v - kOnes * 0x20) & ~v & kHigh;
  return ((v & kHigh) | below_space | has_byte(v, '"') | has_byte(v, '\\')) == 0;
}

// `key == literal` with the length known at compile time, so the compare is inlined.
template <std::size_t N>
bool is(std::string_view key, const char (&literal)[N]) {
  return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

}  // namespace

struct FastJsonDecoder::Cursor {
  const char* p;
  const char* e;

  // The loops work on a local copy of p: stores through `char` may alias the cursor, so
  // the compiler would otherwise write p back on every byte.
  void skip_space() {
    const char* q = p;
    while (q < e && (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t')) ++q;
    p = q;
  }
  // Skips whitespace, then consumes `c` if it is next.
  bool eat(char c) {
    skip_space();
    if (p < e && *p == c) {
      ++p;
      return true;
    }
    return false;
  }
  bool peek(char c) {
    skip_space();
    return p < e && *p == c;
  }
  // A string without escapes, at p (after whitespace); its text without the quotes.
  bool string(std::string_view& text) {
    if (!eat('"')) return false;
    const char* start = p;
    const char* q = p;
    for (;;) {
      while (e - q >= 8 && plain8(q)) q += 8;
      while (q < e && kStringClass[static_cast<unsigned char>(*q)] == 0) ++q;
      if (q >= e) return false;
      const std::uint8_t kind = kStringClass[static_cast<unsigned char>(*q)];
      if (kind == 1) break;
      if (kind == 2) return false;
      const std::size_t n = icp::utf8_sequence_length(std::string_view(q, static_cast<std::size_t>(e - q)), 0);
      if (n == 0) return false;
      q += n;
    }
    text = std::string_view(start, static_cast<std::size_t>(q - start));
    p = q + 1;
    return true;
  }
  // A number per the JSON grammar; `integer` tells whether it had no fraction or exponent.
  bool number(std::string_view& token, bool& integer) {
    skip_space();
    const char* const start = p;
    const char* p = start;  // local: see skip_space
    if (p < e && *p == '-') ++p;
    if (p < e && *p == '0') {
      ++p;
    } else {
      if (p >= e || !digit(*p)) return false;
      while (p < e && digit(*p)) ++p;
    }
    integer = true;
    if (p < e && *p == '.') {
      ++p;
      if (p >= e || !digit(*p)) return false;
      while (p < e && digit(*p)) ++p;
      integer = false;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
      ++p;
      if (p < e && (*p == '+' || *p == '-')) ++p;
      if (p >= e || !digit(*p)) return false;
      while (p < e && digit(*p)) ++p;
      integer = false;
    }
    token = std::string_view(start, static_cast<std::size_t>(p - start));
    this->p = p;
    return true;
  }
  bool literal(std::string_view word) {
    skip_space();
    if (static_cast<std::size_t>(e - p) < word.size() || std::memcmp(p, word.data(), word.size()) != 0) return false;
    p += word.size();
    return true;
  }
  // Consumes `literal` (a quoted key and its colon, say) if it comes next: keys the decoder
  // expects are matched whole, without scanning them as strings first.
  template <std::size_t N>
  bool match(const char (&literal)[N]) {
    skip_space();
    if (static_cast<std::size_t>(e - p) < N - 1 || std::memcmp(p, literal, N - 1) != 0) return false;
    p += N - 1;
    return true;
  }
  bool match(std::string_view literal) {
    skip_space();
    if (static_cast<std::size_t>(e - p) < literal.size() || std::memcmp(p, literal.data(), literal.size()) != 0) {
      return false;
    }
    p += literal.size();
    return true;
  }
  // The next value's first byte (after whitespace), or 0 at the end.
  char next() {
    skip_space();
    return p < e ? *p : '\0';
  }
};

FastJsonDecoder::FastJsonDecoder(const Schema& schema) : schema_(schema), seen_(schema.fields.size() + 3) {
  for (const FieldSpec& field : schema.fields) {
    // A name that would need escaping never matches raw input: leave it to the scan.
    const bool plain = std::all_of(field.name.begin(), field.name.end(),
                                   [](char ch) { return kStringClass[static_cast<unsigned char>(ch)] == 0; });
    field_keys_.push_back(plain ? "\"" + field.name + "\":" : std::string());
  }
  for (std::size_t i = 0; i < schema.signal_types.size(); ++i) {
    const std::string& name = schema.signal_types[i];
    // An empty name (never declared in practice) is left to the schema's own lookup.
    if (!name.empty()) signals_by_first_[static_cast<unsigned char>(name.front())].push_back(static_cast<std::int32_t>(i));
  }
}

bool FastJsonDecoder::decode(std::string_view json, Date as_of, Record& out) {
  out_ = &out;
  as_of_ = as_of;
  out.clear(schema_.fields.size());
  std::fill(seen_.begin(), seen_.end(), 0);
  unknown_keys_.clear();
  next_field_ = 0;
  Cursor c{json.data(), json.data() + json.size()};
  if (!c.eat('{')) return false;
  if (!c.eat('}')) {
    do {
      // Keys mostly come in schema order, so the next field's key is tried first.
      if (next_field_ < field_keys_.size() && !field_keys_[next_field_].empty() &&
          c.match(field_keys_[next_field_])) {
        if (!decode_schema_field(c, next_field_)) return false;
        continue;
      }
      std::string_view key;
      if (!c.string(key) || !c.eat(':') || !decode_member(c, key)) return false;
    } while (c.eat(','));
    if (!c.eat('}')) return false;
  }
  c.skip_space();
  if (c.p != c.e || out.id().empty() || !close_unknown_keys(0)) return false;
  for (std::size_t i = 0; i < schema_.fields.size(); ++i) {
    if (!schema_.fields[i].optional && !out.present(i)) return false;
  }
  return true;
}

// Marks a top-level slot as seen; false when it was already (a duplicate key).
bool FastJsonDecoder::first_time(std::size_t slot) {
  if (seen_[slot]) return false;
  seen_[slot] = 1;
  return true;
}

bool FastJsonDecoder::decode_member(Cursor& c, std::string_view key) {
  const std::size_t fields = schema_.fields.size();
  if (is(key, "id")) {
    if (!first_time(fields)) return false;
    std::string_view id;
    if (!c.string(id) || id.empty()) return false;
    out_->set_id(id);
    return true;
  }
  if (is(key, "signals")) {
    if (!first_time(fields + 1)) return false;
    return decode_signals(c);
  }
  if (is(key, "contacts")) {
    if (!first_time(fields + 2)) return false;
    return decode_contacts(c);
  }
  auto found = schema_.field_index(key);
  if (!found) return new_unknown_key(0, key) && skip_value(c, 0);
  return decode_schema_field(c, *found);
}

bool FastJsonDecoder::decode_schema_field(Cursor& c, std::size_t index) {
  if (!first_time(index)) return false;
  next_field_ = index + 1;
  return decode_field(c, index);
}

bool FastJsonDecoder::decode_field(Cursor& c, std::size_t index) {
  const FieldSpec& spec = schema_.fields[index];
  const char first = c.next();
  if (first == 'n') return spec.optional && c.literal("null");  // null: missing
  switch (spec.type) {
    case FieldType::integer: {
      std::string_view token;
      bool integer = false;
      if (!c.number(token, integer) || !integer || token.size() > 18) return false;
      std::int64_t value = 0;
      for (char ch : token) value = ch == '-' ? value : value * 10 + (ch - '0');
      out_->set_int(index, token.front() == '-' ? -value : value);
      return true;
    }
    case FieldType::decimal: {
      std::string_view token;
      bool integer = false;
      if (!c.number(token, integer) || token.find_first_of("eE") != std::string_view::npos) return false;
      const std::size_t point = token.find('.');
      const std::size_t fraction = point == std::string_view::npos ? 0 : token.size() - point - 1;
      const std::size_t whole = (point == std::string_view::npos ? token.size() : point) - (token.front() == '-');
      // 14 whole digits and 4 fractional ones stay below 10^18: no overflow to check.
      if (fraction > Decimal::kFractionDigits || whole > 14) return false;
      std::int64_t units = 0;
      for (char ch : token) units = (ch == '-' || ch == '.') ? units : units * 10 + (ch - '0');
      for (std::size_t i = fraction; i < Decimal::kFractionDigits; ++i) units *= 10;
      out_->set_decimal(index, Decimal::from_units(token.front() == '-' ? -units : units));
      return true;
    }
    case FieldType::boolean:
      if (first == 't' && c.literal("true")) return out_->set_bool(index, true), true;
      if (first == 'f' && c.literal("false")) return out_->set_bool(index, false), true;
      return false;
    case FieldType::string_set: {
      if (!c.eat('[')) return false;
      out_->begin_set(index);
      if (!c.eat(']')) {
        do {
          std::string_view item;
          if (!c.string(item)) return false;
          out_->add_set_item(item);
        } while (c.eat(','));
        if (!c.eat(']')) return false;
      }
      out_->end_set(index);
      return true;
    }
    default: {
      std::string_view text;
      return c.string(text) && decode_string_field(index, spec, text);
    }
  }
}

bool FastJsonDecoder::decode_string_field(std::size_t index, const FieldSpec& spec, std::string_view text) {
  switch (spec.type) {
    case FieldType::date: {
      auto date = parse_date(text);
      if (!date) return false;
      out_->set_date(index, *date);
      return true;
    }
    case FieldType::enumeration: {
      auto it = std::find(spec.enum_values.begin(), spec.enum_values.end(), text);
      if (it == spec.enum_values.end()) return false;
      out_->set_enum(index, static_cast<std::uint32_t>(it - spec.enum_values.begin()));
      return true;
    }
    case FieldType::naics:
      if (!is_naics_code(text)) return false;
      break;
    case FieldType::country:
      if (!is_country_code(text)) return false;
      break;
    default:
      break;
  }
  out_->set_string(index, text);
  return true;
}

bool FastJsonDecoder::decode_signals(Cursor& c) {
  if (c.next() == 'n') return c.literal("null");
  if (!c.eat('[')) return false;
  if (c.eat(']')) return true;
  do {
    if (!decode_event(c)) return false;
  } while (c.eat(','));
  return c.eat(']');
}

bool FastJsonDecoder::decode_event(Cursor& c) {
  if (!c.eat('{')) return false;
  std::string_view type;
  bool has_type = false, has_at = false, has_days = false;
  Date at;
  std::int64_t days_ago = 0;
  const std::size_t mark = unknown_keys_.size();
  if (!c.eat('}')) {
    do {
      std::string_view key;
      if (c.match("\"type\":")) {
        key = "type";
      } else if (c.match("\"days_ago\":")) {
        key = "days_ago";
      } else if (!c.string(key) || !c.eat(':')) {
        return false;
      }
      if (is(key, "type")) {
        if (has_type || !c.string(type)) return false;
        has_type = true;
      } else if (is(key, "at")) {
        std::string_view text;
        if (has_at || !c.string(text)) return false;
        auto date = parse_date(text);
        if (!date) return false;
        at = *date;
        has_at = true;
      } else if (is(key, "days_ago")) {
        std::string_view token;
        bool integer = false;
        if (has_days || !c.number(token, integer) || !integer || token.front() == '-' || token.size() > 10) return false;
        for (char ch : token) days_ago = days_ago * 10 + (ch - '0');
        if (days_ago > std::numeric_limits<std::int32_t>::max()) return false;
        has_days = true;
      } else if (!new_unknown_key(mark, key) || !skip_value(c, 1)) {
        return false;
      }
    } while (c.eat(','));
    if (!c.eat('}')) return false;
  }
  if (!close_unknown_keys(mark) || !has_type || has_at == has_days) return false;
  const std::int64_t age = has_at ? std::int64_t{as_of_.days} - at.days : days_ago;
  if (age < std::numeric_limits<std::int32_t>::min() || age > std::numeric_limits<std::int32_t>::max()) return false;
  out_->add_signal(signal_type(type), static_cast<std::int32_t>(age), type);
  return true;
}

bool FastJsonDecoder::decode_contacts(Cursor& c) {
  if (c.next() == 'n') return c.literal("null");
  if (!c.eat('[')) return false;
  if (c.eat(']')) return true;
  do {
    if (!decode_contact(c)) return false;
  } while (c.eat(','));
  return c.eat(']');
}

bool FastJsonDecoder::decode_contact(Cursor& c) {
  if (!c.eat('{')) return false;
  std::string_view title;
  bool seen_title = false, has_title = false;
  const std::size_t mark = unknown_keys_.size();
  if (!c.eat('}')) {
    do {
      std::string_view key;
      if (c.match("\"title\":")) {
        key = "title";
      } else if (!c.string(key) || !c.eat(':')) {
        return false;
      }
      if (is(key, "title")) {
        if (seen_title) return false;
        seen_title = true;
        if (c.next() == 'n') {
          if (!c.literal("null")) return false;
        } else if (!(has_title = c.string(title))) {
          return false;
        }
      } else if (!new_unknown_key(mark, key) || !skip_value(c, 1)) {
        return false;
      }
    } while (c.eat(','));
    if (!c.eat('}')) return false;
  }
  if (!close_unknown_keys(mark)) return false;
  out_->add_contact(has_title ? std::optional<std::string_view>(title) : std::nullopt);
  return true;
}

// Records a key nobody decodes in the innermost open object (which starts at `mark`);
// false when the object already had it. Only the first kScannedKeys keys are compared one by
// one: an object with more (a wide CRM export, or a hostile one with a million keys) is
// checked once, sorted, when it closes, so its cost grows as n log n rather than n².
bool FastJsonDecoder::new_unknown_key(std::size_t mark, std::string_view key) {
  if (unknown_keys_.size() - mark < kScannedKeys) {
    for (std::size_t i = mark; i < unknown_keys_.size(); ++i) {
      if (unknown_keys_[i] == key) return false;
    }
  }
  unknown_keys_.push_back(key);
  return true;
}

// Closes the innermost open object's keys (from `mark`); false when it had one twice.
bool FastJsonDecoder::close_unknown_keys(std::size_t mark) {
  bool unique = true;
  if (unknown_keys_.size() - mark > kScannedKeys) {
    const auto first = unknown_keys_.begin() + static_cast<std::ptrdiff_t>(mark);
    std::sort(first, unknown_keys_.end());
    unique = std::adjacent_find(first, unknown_keys_.end()) == unknown_keys_.end();
  }
  unknown_keys_.resize(mark);
  return unique;
}

// Validates a value nobody reads (an extra CRM column, a contact's email...).
bool FastJsonDecoder::skip_value(Cursor& c, int depth) {
  constexpr int kMaxDepth = 32;  // deeper: the full decoder decides, and enforces kMaxJsonDepth
  static_assert(kMaxDepth + 2 < kMaxJsonDepth, "the fast path must never accept what the full path rejects");
  std::string_view token;
  bool integer = false;
  switch (c.next()) {
    case '"': return c.string(token);
    case 't': return c.literal("true");
    case 'f': return c.literal("false");
    case 'n': return c.literal("null");
    case '[':
      if (depth >= kMaxDepth) return false;
      c.eat('[');
      if (c.eat(']')) return true;
      do {
        if (!skip_value(c, depth + 1)) return false;
      } while (c.eat(','));
      return c.eat(']');
    case '{': {
      if (depth >= kMaxDepth) return false;
      c.eat('{');
      if (c.eat('}')) return true;
      const std::size_t mark = unknown_keys_.size();
      do {
        std::string_view key;
        if (!c.string(key) || !c.eat(':') || !new_unknown_key(mark, key) || !skip_value(c, depth + 1)) return false;
      } while (c.eat(','));
      return close_unknown_keys(mark) && c.eat('}');
    }
    default: return c.number(token, integer);
  }
}

std::int32_t FastJsonDecoder::signal_type(std::string_view name) const {
  if (name.empty()) return schema_.signal_type_index(name);
  for (std::int32_t index : signals_by_first_[static_cast<unsigned char>(name.front())]) {
    if (schema_.signal_types[index] == name) return index;
  }
  return -1;
}

}  // namespace icp::vm::detail
