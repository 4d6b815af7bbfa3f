// JSON Lines -> Record: the one-pass fast path (decode_json_fast.cpp) first, else simdjson's
// on-demand API (one reusable parser and padded buffer, no DOM per record), which decides
// every record the fast path leaves and words every error. Input: a line, the Schema,
// as_of. Output: Record or DecodeError.
// On-demand parsing only validates what it visits, so every value, ignored ones included, is
// walked (validate_value) and every number's text is checked against the JSON grammar here.
#include "runtime/input/decode_json.hpp"

#include "runtime/input/decode_json_fast.hpp"
#include "runtime/input/json_limits.hpp"
#include "runtime/input/reference_codes.hpp"
#include "runtime/base/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

namespace icp::vm {
namespace {

namespace od = simdjson::ondemand;

enum class NumberForm { invalid, integer, real };

// The JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
NumberForm classify_number(std::string_view t) {
  std::size_t i = 0;
  const std::size_t n = t.size();
  auto digits = [&] {
    const std::size_t start = i;
    while (i < n && t[i] >= '0' && t[i] <= '9') ++i;
    return i > start;
  };
  if (i < n && t[i] == '-') ++i;
  if (i < n && t[i] == '0') {
    ++i;
  } else if (!digits()) {
    return NumberForm::invalid;
  }
  NumberForm form = NumberForm::integer;
  if (i < n && t[i] == '.') {
    ++i;
    if (!digits()) return NumberForm::invalid;
    form = NumberForm::real;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return NumberForm::invalid;
    form = NumberForm::real;
  }
  return i == n ? form : NumberForm::invalid;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

enum class DecimalProblem { none, too_precise, out_of_range };

// Converts JSON number text (valid per classify_number) to an exact Decimal: the digits and
// the exponent only move the decimal point, so no binary floating point is ever involved.
std::optional<Decimal> exact_decimal(std::string_view t, std::string& digits, DecimalProblem& problem) {
  constexpr long kMaxExponent = 1000;  // far beyond any int64 decimal; bounds the scratch text
  const bool negative = !t.empty() && t.front() == '-';
  if (negative) t.remove_prefix(1);
  digits.clear();
  long point = -1;
  std::size_t i = 0;
  for (; i < t.size() && t[i] != 'e' && t[i] != 'E'; ++i) {
    if (t[i] == '.') {
      point = static_cast<long>(digits.size());
    } else {
      digits.push_back(t[i]);
    }
  }
  if (point < 0) point = static_cast<long>(digits.size());
  long exponent = 0;
  if (i < t.size()) {
    std::string_view e = t.substr(i + 1);
    if (!e.empty() && e.front() == '+') e.remove_prefix(1);
    auto [end, ec] = std::from_chars(e.data(), e.data() + e.size(), exponent);
    if (ec != std::errc{} || exponent > kMaxExponent || exponent < -kMaxExponent) {
      exponent = ec == std::errc{} ? exponent : (e.front() == '-' ? -kMaxExponent - 1 : kMaxExponent + 1);
    }
  }
  const bool zero = std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0'; });
  if (zero) return Decimal{};
  if (exponent > kMaxExponent) return problem = DecimalProblem::out_of_range, std::nullopt;
  if (exponent < -kMaxExponent) return problem = DecimalProblem::too_precise, std::nullopt;
  point += exponent;
  while (static_cast<long>(digits.size()) > std::max(point, 0L) && digits.back() == '0') digits.pop_back();
  if (static_cast<long>(digits.size()) - point > Decimal::kFractionDigits) {
    return problem = DecimalProblem::too_precise, std::nullopt;
  }
  if (point <= 0) {
    digits.insert(0, static_cast<std::size_t>(-point), '0');
    digits.insert(0, "0.");
  } else if (point >= static_cast<long>(digits.size())) {
    digits.append(static_cast<std::size_t>(point) - digits.size(), '0');
  } else {
    digits.insert(static_cast<std::size_t>(point), 1, '.');
  }
  if (negative) digits.insert(0, 1, '-');
  auto value = Decimal::parse(digits);
  if (!value) problem = DecimalProblem::out_of_range;
  return value;
}

std::string expected_for(const FieldSpec& spec) {
  switch (spec.type) {
    case FieldType::integer: return "an integer";
    case FieldType::decimal: return "a number";
    case FieldType::string: return "a string";
    case FieldType::boolean: return "a boolean";
    case FieldType::date: return "a date \"YYYY-MM-DD\"";
    case FieldType::string_set: return "an array of strings";
    case FieldType::naics: return "a NAICS code (2 to 6 digits)";
    case FieldType::country: return "a country code (ISO 3166-1 alpha-2)";
    case FieldType::enumeration: {
      std::string text = "one of ";
      for (std::size_t i = 0; i < spec.enum_values.size(); ++i) {
        if (i > 0) text.append(", ");
        append_json_string(spec.enum_values[i], text);
      }
      return text;
    }
  }
  return "a value";
}

// Where a value sits, e.g. signals[3].at. Turned into text only when an error is reported,
// so the hot path never formats.
struct Path {
  std::string_view base;
  long index = -1;
  std::string_view key = {};
  std::string str() const {
    std::string text(base);
    if (index >= 0) text.append(fmt::format("[{}]", index));
    if (!key.empty()) text.append(".").append(key);
    return text;
  }
};

std::string quoted(std::string_view text) {
  std::string out;
  append_json_string(text, out);
  return out;
}

}  // namespace

struct JsonDecoder::State {
  Schema schema;
  std::optional<detail::FastJsonDecoder> fast;  // tried first; reads `schema`
  od::parser parser;
  std::string padded;                  // the line followed by SIMDJSON_PADDING bytes
  std::vector<std::string_view> keys;  // keys of the open objects, for duplicate checks
  std::string scratch;                 // decimal digits
  Record* out = nullptr;
  DecodeError* error = nullptr;
  Date as_of;

  bool fail(std::string field, std::string expected, std::string found);
  bool malformed(std::string field, std::string_view detail);
  bool malformed(std::string field, simdjson::error_code code) {
    return malformed(std::move(field), simdjson::error_message(code));
  }
  std::string found_text(od::value& value);
  bool check_duplicates(std::size_t mark, const Path& path);

  bool decode_document(std::size_t length);
  bool decode_member(std::string_view key, od::value value);
  bool decode_id(od::value& value);
  bool decode_field(std::size_t index, od::value& value);
  bool decode_scalar(std::size_t index, const FieldSpec& spec, od::value& value, od::json_type type);
  bool decode_number_field(std::size_t index, const FieldSpec& spec, od::value& value);
  bool decode_string_field(std::size_t index, const FieldSpec& spec, od::value& value);
  bool decode_set(std::size_t index, const FieldSpec& spec, od::value& value);
  template <typename DecodeOne>
  bool decode_list(od::value& value, const char* name, const char* expected, DecodeOne decode_one);
  bool decode_event(od::value& event, std::size_t index);
  bool apply_event(std::size_t index, std::optional<std::string_view> type, std::optional<Date> at,
                   std::optional<std::int64_t> days_ago);
  bool decode_contact(od::value& contact, std::size_t index);
  // `depth`: the level `value` opens if it is an array or object (the record's object is 1).
  bool validate_value(od::value value, const Path& path, int depth);
  std::optional<std::string_view> read_string(od::value& value, const Path& path,
                                              std::string_view expected);
  void recover_id(std::size_t length);
};

bool JsonDecoder::State::fail(std::string field, std::string expected, std::string found) {
  found = utf8_prefix(found, kMaxFoundBytes);
  error->message = fmt::format("`{}`: expected {}, found {}", field, expected, found);
  error->field = std::move(field);
  error->expected = std::move(expected);
  error->found = std::move(found);
  return false;
}

bool JsonDecoder::State::malformed(std::string field, std::string_view whole_detail) {
  const std::string detail = utf8_prefix(whole_detail, kMaxFoundBytes);
  error->message = field.empty() ? fmt::format("malformed JSON: {}", detail)
                                 : fmt::format("malformed JSON at `{}`: {}", field, detail);
  error->field = std::move(field);
  error->expected = "well-formed JSON";
  error->found = detail;
  return false;
}

// Scalars as written (a string keeps its quotes); containers by kind. Long text is cut at
// a UTF-8 character boundary so an error line stays readable.
std::string JsonDecoder::State::found_text(od::value& value) {
  od::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return "malformed JSON";
  if (type == od::json_type::object) return "an object";
  if (type == od::json_type::array) return "an array";
  return utf8_prefix(trim(value.raw_json_token()), kMaxFoundBytes);
}

// INVARIANT: keys[mark..] are exactly the keys of the object just finished.
bool JsonDecoder::State::check_duplicates(std::size_t mark, const Path& path) {
  auto first = keys.begin() + static_cast<std::ptrdiff_t>(mark);
  std::sort(first, keys.end());
  auto dup = std::adjacent_find(first, keys.end());
  if (dup != keys.end()) {
    std::string field = path.str();
    field = field.empty() ? std::string(*dup) : fmt::format("{}.{}", field, *dup);
    return fail(std::move(field), "each key once", "a duplicate key");
  }
  keys.resize(mark);
  return true;
}

bool JsonDecoder::State::decode_document(std::size_t length) {
  od::document doc;
  auto code = parser.iterate(simdjson::padded_string_view(padded.data(), length, padded.size())).get(doc);
  if (code != simdjson::SUCCESS) return malformed("", code);
  od::json_type type;
  if ((code = doc.type().get(type)) != simdjson::SUCCESS) return malformed("", code);
  if (type != od::json_type::object) return fail("", "a JSON object", "another JSON value");
  od::object object;
  if ((code = doc.get_object().get(object)) != simdjson::SUCCESS) return malformed("", code);
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if ((code = std::move(member).get(field)) != simdjson::SUCCESS) return malformed("", code);
    if ((code = field.unescaped_key().get(key)) != simdjson::SUCCESS) return malformed("", code);
    keys.push_back(key);
    if (!decode_member(key, field.value())) return false;
  }
  const char* location = nullptr;
  if (doc.current_location().get(location) == simdjson::SUCCESS) {
    return malformed("", "unexpected text after the JSON object");
  }
  if (!check_duplicates(0, Path{})) return false;
  if (out->id().empty()) return fail("id", "a non-empty string", "nothing");
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSpec& spec = schema.fields[i];
    if (!spec.optional && !out->present(i)) return fail(spec.name, expected_for(spec), "nothing");
  }
  return true;
}

bool JsonDecoder::State::decode_member(std::string_view key, od::value value) {
  if (key == "id") return decode_id(value);
  if (key == "signals") {
    return decode_list(value, "signals", "an array of signal events",
                       [this](od::value& event, std::size_t index) { return decode_event(event, index); });
  }
  if (key == "contacts") {
    return decode_list(value, "contacts", "an array of contacts",
                       [this](od::value& contact, std::size_t index) { return decode_contact(contact, index); });
  }
  if (auto index = schema.field_index(key)) return decode_field(*index, value);
  return validate_value(value, Path{key}, 2);  // an extra CRM column: ignored, but must be valid JSON
}

std::optional<std::string_view> JsonDecoder::State::read_string(od::value& value, const Path& path,
                                                                std::string_view expected) {
  od::json_type type;
  if (auto code = value.type().get(type); code != simdjson::SUCCESS) {
    malformed(path.str(), code);
    return std::nullopt;
  }
  if (type != od::json_type::string) {
    fail(path.str(), std::string(expected), found_text(value));
    return std::nullopt;
  }
  std::string_view text;
  if (auto code = value.get_string().get(text); code != simdjson::SUCCESS) {
    malformed(path.str(), code);
    return std::nullopt;
  }
  return text;
}

bool JsonDecoder::State::decode_id(od::value& value) {
  auto text = read_string(value, Path{"id"}, "a non-empty string");
  if (!text) return false;
  if (text->empty()) return fail("id", "a non-empty string", "\"\"");
  out->set_id(*text);
  return true;
}

bool JsonDecoder::State::decode_field(std::size_t index, od::value& value) {
  const FieldSpec& spec = schema.fields[index];
  od::json_type type;
  if (auto code = value.type().get(type); code != simdjson::SUCCESS) return malformed(spec.name, code);
  if (type == od::json_type::null) {
    bool is_null = false;
    if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
      return malformed(spec.name, "invalid literal");
    }
    // JSON null means "missing" (LANGUAGE.md); only an optional field may be missing.
    return spec.optional ? true : fail(spec.name, expected_for(spec), "null");
  }
  return decode_scalar(index, spec, value, type);
}

bool JsonDecoder::State::decode_scalar(std::size_t index, const FieldSpec& spec, od::value& value,
                                       od::json_type type) {
  switch (spec.type) {
    case FieldType::integer:
    case FieldType::decimal:
      if (type != od::json_type::number) return fail(spec.name, expected_for(spec), found_text(value));
      return decode_number_field(index, spec, value);
    case FieldType::boolean: {
      if (type != od::json_type::boolean) return fail(spec.name, expected_for(spec), found_text(value));
      bool flag = false;
      if (auto code = value.get_bool().get(flag); code != simdjson::SUCCESS) return malformed(spec.name, code);
      out->set_bool(index, flag);
      return true;
    }
    case FieldType::string_set:
      if (type != od::json_type::array) return fail(spec.name, expected_for(spec), found_text(value));
      return decode_set(index, spec, value);
    case FieldType::naics:
      if (type == od::json_type::number) {
        std::string_view token = trim(value.raw_json_token());
        if (classify_number(token) == NumberForm::invalid) return malformed(spec.name, "invalid number");
        if (classify_number(token) != NumberForm::integer || !is_naics_code(token)) {
          return fail(spec.name, expected_for(spec), std::string(token));
        }
        out->set_string(index, token);
        return true;
      }
      [[fallthrough]];
    case FieldType::string:
    case FieldType::date:
    case FieldType::enumeration:
    case FieldType::country:
      if (type != od::json_type::string) return fail(spec.name, expected_for(spec), found_text(value));
      return decode_string_field(index, spec, value);
  }
  return fail(spec.name, expected_for(spec), found_text(value));
}

bool JsonDecoder::State::decode_number_field(std::size_t index, const FieldSpec& spec, od::value& value) {
  std::string_view token = trim(value.raw_json_token());
  const NumberForm form = classify_number(token);
  if (form == NumberForm::invalid) return malformed(spec.name, fmt::format("invalid number {}", token));
  if (spec.type == FieldType::integer) {
    // Nothing silently coerced: 12.0 and 1e3 are not integers as written.
    if (form != NumberForm::integer) return fail(spec.name, "an integer", std::string(token));
    std::int64_t number = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), number);
    if (ec != std::errc{}) return fail(spec.name, "an integer that fits in 64 bits", std::string(token));
    out->set_int(index, number);
    return true;
  }
  DecimalProblem problem = DecimalProblem::none;
  auto decimal = exact_decimal(token, scratch, problem);
  if (!decimal) {
    return fail(spec.name,
                problem == DecimalProblem::too_precise ? "a number with at most 4 decimal places"
                                                       : "a number within the decimal range",
                std::string(token));
  }
  out->set_decimal(index, *decimal);
  return true;
}

bool JsonDecoder::State::decode_string_field(std::size_t index, const FieldSpec& spec, od::value& value) {
  auto text = read_string(value, Path{spec.name}, "a string");  // decode_scalar saw a string
  if (!text) return false;
  auto found = [&] { return quoted(*text); };
  switch (spec.type) {
    case FieldType::date: {
      auto date = parse_date(*text);
      if (!date) return fail(spec.name, expected_for(spec), found());
      out->set_date(index, *date);
      return true;
    }
    case FieldType::enumeration: {
      auto it = std::find(spec.enum_values.begin(), spec.enum_values.end(), *text);
      if (it == spec.enum_values.end()) return fail(spec.name, expected_for(spec), found());
      out->set_enum(index, static_cast<std::uint32_t>(it - spec.enum_values.begin()));
      return true;
    }
    case FieldType::naics:
      if (!is_naics_code(*text)) return fail(spec.name, expected_for(spec), found());
      break;
    case FieldType::country:
      if (!is_country_code(*text)) return fail(spec.name, expected_for(spec), found());
      break;
    default:
      break;
  }
  out->set_string(index, *text);
  return true;
}

bool JsonDecoder::State::decode_set(std::size_t index, const FieldSpec& spec, od::value& value) {
  od::array array;
  if (auto code = value.get_array().get(array); code != simdjson::SUCCESS) return malformed(spec.name, code);
  out->begin_set(index);
  std::size_t position = 0;
  for (auto element : array) {
    od::value item;
    const Path path{spec.name, static_cast<long>(position++)};
    if (auto code = element.get(item); code != simdjson::SUCCESS) return malformed(path.str(), code);
    auto text = read_string(item, path, "a string");
    if (!text) return false;
    out->add_set_item(*text);
  }
  out->end_set(index);
  return true;
}

// `signals` and `contacts`: null (none) or an array whose elements each decode_one reads.
template <typename DecodeOne>
bool JsonDecoder::State::decode_list(od::value& value, const char* name, const char* expected, DecodeOne decode_one) {
  od::json_type type;
  if (auto code = value.type().get(type); code != simdjson::SUCCESS) return malformed(name, code);
  if (type == od::json_type::null) return validate_value(value, Path{name}, 2);  // none
  if (type != od::json_type::array) return fail(name, expected, found_text(value));
  od::array array;
  if (auto code = value.get_array().get(array); code != simdjson::SUCCESS) return malformed(name, code);
  std::size_t index = 0;
  for (auto element : array) {
    od::value item;
    if (auto code = element.get(item); code != simdjson::SUCCESS) {
      return malformed(Path{name, static_cast<long>(index)}.str(), code);
    }
    if (!decode_one(item, index++)) return false;
  }
  return true;
}

bool JsonDecoder::State::decode_event(od::value& event, std::size_t index) {
  const Path here{"signals", static_cast<long>(index)};
  od::object object;
  if (event.get_object().get(object) != simdjson::SUCCESS) {
    return fail(here.str(), "an object {\"type\", \"at\" or \"days_ago\"}", found_text(event));
  }
  std::optional<std::string_view> type;
  std::optional<Date> at;
  std::optional<std::int64_t> days_ago;
  const std::size_t mark = keys.size();
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (auto code = std::move(member).get(field); code != simdjson::SUCCESS) return malformed(here.str(), code);
    if (auto code = field.unescaped_key().get(key); code != simdjson::SUCCESS) return malformed(here.str(), code);
    keys.push_back(key);
    od::value value = field.value();
    const Path path{"signals", static_cast<long>(index), key};
    if (key == "type") {
      if (!(type = read_string(value, path, "a string"))) return false;
    } else if (key == "at") {
      auto text = read_string(value, path, "a date \"YYYY-MM-DD\"");
      if (!text) return false;
      if (!(at = parse_date(*text))) return fail(path.str(), "a date \"YYYY-MM-DD\"", quoted(*text));
    } else if (key == "days_ago") {
      std::string_view token = trim(value.raw_json_token());
      std::int64_t days = -1;
      if (classify_number(token) == NumberForm::integer) std::from_chars(token.data(), token.data() + token.size(), days);
      if (days < 0 || days > std::numeric_limits<std::int32_t>::max()) {
        return fail(path.str(), "a non-negative integer", found_text(value));
      }
      days_ago = days;
    } else if (!validate_value(value, path, 4)) {  // record, signals, event, value
      return false;
    }
  }
  if (!check_duplicates(mark, here)) return false;
  return apply_event(index, type, at, days_ago);
}

bool JsonDecoder::State::apply_event(std::size_t index, std::optional<std::string_view> type,
                                     std::optional<Date> at, std::optional<std::int64_t> days_ago) {
  const Path here{"signals", static_cast<long>(index)};
  if (!type) return fail(Path{"signals", static_cast<long>(index), "type"}.str(), "a string", "nothing");
  if (at && days_ago) return fail(here.str(), "exactly one of \"at\" and \"days_ago\"", "both");
  if (!at && !days_ago) return fail(here.str(), "exactly one of \"at\" and \"days_ago\"", "neither");
  // Future events (negative age) are kept: the VM ignores them and notes them in the audit.
  const std::int64_t age = at ? std::int64_t{as_of.days} - at->days : *days_ago;
  if (age < std::numeric_limits<std::int32_t>::min() || age > std::numeric_limits<std::int32_t>::max()) {
    return fail(Path{"signals", static_cast<long>(index), "at"}.str(), "a date near as_of", format_date(*at));
  }
  out->add_signal(schema.signal_type_index(*type), static_cast<std::int32_t>(age), *type);
  return true;
}

bool JsonDecoder::State::decode_contact(od::value& contact, std::size_t index) {
  const Path here{"contacts", static_cast<long>(index)};
  od::object object;
  if (contact.get_object().get(object) != simdjson::SUCCESS) {
    return fail(here.str(), "an object {\"title\", ...}", found_text(contact));
  }
  std::optional<std::string_view> title;
  const std::size_t mark = keys.size();
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (auto code = std::move(member).get(field); code != simdjson::SUCCESS) return malformed(here.str(), code);
    if (auto code = field.unescaped_key().get(key); code != simdjson::SUCCESS) return malformed(here.str(), code);
    keys.push_back(key);
    od::value value = field.value();
    const Path path{"contacts", static_cast<long>(index), key};
    bool is_null = false;
    if (key == "title" && !(value.is_null().get(is_null) == simdjson::SUCCESS && is_null)) {
      if (!(title = read_string(value, path, "a string"))) return false;
    } else if (!validate_value(value, path, 4)) {  // name, email...: carried, not interpreted
      return false;
    }
  }
  if (!check_duplicates(mark, here)) return false;
  out->add_contact(title);
  return true;
}

// Walks a value nobody reads, so that malformed JSON inside it is still caught. The only
// recursion on record input: kMaxJsonDepth bounds it (simdjson's on-demand API has no limit
// of its own and skips values iteratively).
bool JsonDecoder::State::validate_value(od::value value, const Path& path, int depth) {
  od::json_type type;
  if (auto code = value.type().get(type); code != simdjson::SUCCESS) return malformed(path.str(), code);
  if ((type == od::json_type::object || type == od::json_type::array) && depth > kMaxJsonDepth) {
    return fail(path.str(), fmt::format("arrays and objects nested at most {} deep", kMaxJsonDepth),
                "deeper nesting");
  }
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (auto code = value.get_object().get(object); code != simdjson::SUCCESS) return malformed(path.str(), code);
      const std::size_t mark = keys.size();
      for (auto member : object) {
        od::field field;
        std::string_view key;
        if (auto code = std::move(member).get(field); code != simdjson::SUCCESS) return malformed(path.str(), code);
        if (auto code = field.unescaped_key().get(key); code != simdjson::SUCCESS) return malformed(path.str(), code);
        keys.push_back(key);
        if (!validate_value(field.value(), path, depth + 1)) return false;
      }
      return check_duplicates(mark, path);
    }
    case od::json_type::array: {
      od::array array;
      if (auto code = value.get_array().get(array); code != simdjson::SUCCESS) return malformed(path.str(), code);
      for (auto element : array) {
        od::value item;
        if (auto code = element.get(item); code != simdjson::SUCCESS) return malformed(path.str(), code);
        if (!validate_value(item, path, depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::number:
      if (classify_number(trim(value.raw_json_token())) == NumberForm::invalid) {
        return malformed(path.str(), "invalid number");
      }
      return true;
    case od::json_type::string: {
      std::string_view text;
      if (auto code = value.get_string().get(text); code != simdjson::SUCCESS) return malformed(path.str(), code);
      return true;
    }
    case od::json_type::boolean: {
      bool flag = false;
      if (auto code = value.get_bool().get(flag); code != simdjson::SUCCESS) return malformed(path.str(), code);
      return true;
    }
    case od::json_type::null: {
      bool is_null = false;
      if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null) return malformed(path.str(), "invalid literal");
      return true;
    }
  }
  return malformed(path.str(), "unknown value");
}

// Error path only: reads "id" again from the start, since it may follow the bad field.
void JsonDecoder::State::recover_id(std::size_t length) {
  if (!out->id().empty()) {
    error->id = std::string(out->id());
    return;
  }
  error->id.clear();
  od::document doc;
  if (parser.iterate(simdjson::padded_string_view(padded.data(), length, padded.size())).get(doc)) return;
  std::string_view id;
  if (doc.find_field_unordered("id").get_string().get(id) == simdjson::SUCCESS) error->id = std::string(id);
}

JsonDecoder::JsonDecoder(Schema schema) : state_(std::make_unique<State>()) {
  state_->schema = std::move(schema);
  state_->schema.build_lookup();
  state_->fast.emplace(state_->schema);
}

JsonDecoder::~JsonDecoder() = default;
JsonDecoder::JsonDecoder(JsonDecoder&&) noexcept = default;
JsonDecoder& JsonDecoder::operator=(JsonDecoder&&) noexcept = default;

const Schema& JsonDecoder::schema() const { return state_->schema; }

bool JsonDecoder::decode(std::string_view json_line, Date as_of, Record& out, DecodeError& error) {
  if (json_line.size() > kMaxRecordBytes) {
    error = record_too_large(json_line, json_line.size());
    return false;
  }
  State& s = *state_;
  // Plain valid records (nearly all) are decoded in one pass; the rest, rejected ones
  // included, go through simdjson, which also words every error.
  if (s.fast->decode(json_line, as_of, out)) return true;
  s.out = &out;
  s.error = &error;
  s.as_of = as_of;
  s.keys.clear();
  out.clear(s.schema.fields.size());
  s.padded.assign(json_line);
  s.padded.append(simdjson::SIMDJSON_PADDING, '\0');
  const bool ok = s.decode_document(json_line.size());
  if (!ok) s.recover_id(json_line.size());
  // simdjson's index of a record takes up to five bytes per byte of it: after a large record
  // (rare, and often hostile) the memory goes back rather than staying with the decoder for
  // its life. The record and error hold copies, never views into these buffers.
  constexpr std::size_t kKeptBufferBytes = std::size_t{1} << 20;
  if (json_line.size() > kKeptBufferBytes) {
    s.parser = od::parser{};
    std::string().swap(s.padded);
  }
  return ok;
}

bool JsonDecoder::decode_line(const JsonLine& line, Date as_of, Record& out, DecodeError& error) {
  if (line.bytes > line.text.size()) {  // cut by the reader: only its first bytes are here
    error = record_too_large(line.text, line.bytes);
    return false;
  }
  return decode(line.text, as_of, out, error);
}

}  // namespace icp::vm
