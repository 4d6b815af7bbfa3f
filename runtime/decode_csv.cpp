// CSV account rows -> Record, and the side tables of signals and contacts joined by id.
// Input: CsvRows (csv.hpp) or JSON Lines side files, the Schema, as_of. Output: Record or a
// DecodeError/SideError in the JSON decoder's style (field, expected, found, message, id).
#include "runtime/decode_csv.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <simdjson.h>

namespace icp::vm {
namespace {

constexpr std::string_view kSetSeparator = ";";

std::string json_quoted(std::string_view text) {
  std::string out;
  append_json_string(text, out);
  return out;
}

std::string found_cell(std::string_view cell) { return cell.empty() ? "an empty cell" : json_quoted(cell); }

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool default_is_naics(std::string_view code) { return code.size() >= 2 && code.size() <= 6 && all_digits(code); }

bool default_is_country(std::string_view code) {
  return code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// KEEP IN SYNC: expected_for in decode_json.cpp (same phrases, except for sets).
std::string expected_for(const FieldSpec& spec) {
  switch (spec.type) {
    case FieldType::integer: return "an integer";
    case FieldType::decimal: return "a number";
    case FieldType::string: return "a string";
    case FieldType::boolean: return "a boolean (true or false)";
    case FieldType::date: return "a date \"YYYY-MM-DD\"";
    case FieldType::string_set: return "strings separated by `;`";
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

std::optional<std::int64_t> parse_int(std::string_view text) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    if (!all_digits(text.substr(1))) return std::nullopt;
    if (text.front() == '+') text.remove_prefix(1);
  } else if (!all_digits(text)) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

enum class DecimalProblem { none, malformed, too_precise, out_of_range };

// `-?digits[.digits]`; fractional zeros beyond the 4th digit are exact, so they are dropped
// before Decimal::parse (the JSON decoder accepts 1.50000 too).
std::optional<Decimal> parse_decimal(std::string_view text, DecimalProblem& problem) {
  const std::size_t sign = !text.empty() && text.front() == '-' ? 1 : 0;
  const std::string_view body = text.substr(sign);
  const std::size_t point = body.find('.');
  const std::string_view whole = body.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? std::string_view{} : body.substr(point + 1);
  if (!all_digits(whole) || (point != std::string_view::npos && !all_digits(fraction))) {
    problem = DecimalProblem::malformed;
    return std::nullopt;
  }
  while (fraction.size() > Decimal::kFractionDigits && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > Decimal::kFractionDigits) {
    problem = DecimalProblem::too_precise;
    return std::nullopt;
  }
  auto value = Decimal::parse(text.substr(0, sign + whole.size() + (fraction.empty() ? 0 : 1 + fraction.size())));
  if (!value) problem = DecimalProblem::out_of_range;
  return value;
}

}  // namespace

// ---- account rows ----

CsvAccountDecoder::CsvAccountDecoder(Schema schema, CodeTables codes)
    : schema_(std::move(schema)), codes_(codes) {
  schema_.build_lookup();
}

bool CsvAccountDecoder::fail(std::string field, std::string expected, std::string found) {
  error_->message = field.empty() ? fmt::format("expected {}, found {}", expected, found)
                                  : fmt::format("`{}`: expected {}, found {}", field, expected, found);
  error_->field = std::move(field);
  error_->expected = std::move(expected);
  error_->found = std::move(found);
  return false;
}

bool CsvAccountDecoder::set_header(const CsvRow& header, DecodeError& error) {
  error_ = &error;
  error = DecodeError{};
  columns_.clear();
  header_size_ = header.size();
  std::optional<std::size_t> id_column;
  std::vector<bool> seen(schema_.fields.size(), false);
  for (std::size_t column = 0; column < header.size(); ++column) {
    const std::string_view name = header[column];
    if (name == "id") {
      if (id_column) return fail("id", "each column once", "a second `id` column");
      id_column = column;
    } else if (name == "signals" || name == "contacts") {
      return fail(std::string(name), fmt::format("{} in a side file keyed by account id", name),
                  fmt::format("a `{}` column", name));
    } else if (auto field = schema_.field_index(name)) {
      if (seen[*field]) return fail(std::string(name), "each column once", fmt::format("a second `{}` column", name));
      seen[*field] = true;
      columns_.push_back(Column{column, *field});
    }
  }
  if (!id_column) return fail("id", "an `id` column", "no such column");
  id_column_ = *id_column;
  for (std::size_t i = 0; i < schema_.fields.size(); ++i) {
    if (!seen[i] && !schema_.fields[i].optional) {
      return fail(schema_.fields[i].name, fmt::format("a `{}` column (the field is required)", schema_.fields[i].name),
                  "no such column");
    }
  }
  return true;
}

bool CsvAccountDecoder::decode(const CsvRow& row, Date as_of, Record& out, DecodeError& error) {
  out_ = &out;
  error_ = &error;
  error.id.clear();
  out.clear(schema_.fields.size());
  if (id_column_ < row.size() && !row[id_column_].empty()) error.id = std::string(row[id_column_]);
  if (row.size() != header_size_) {
    return fail("", fmt::format("{} cells, as in the header", header_size_), fmt::format("{} cells", row.size()));
  }
  if (row[id_column_].empty()) return fail("id", "a non-empty string", "an empty cell");
  out.set_id(row[id_column_]);
  for (const Column& column : columns_) {
    if (!decode_cell(column.field, row[column.column])) return false;
  }
  for (std::size_t i = 0; i < schema_.fields.size(); ++i) {
    const FieldSpec& spec = schema_.fields[i];
    if (!spec.optional && !out.present(i)) return fail(spec.name, expected_for(spec), "an empty cell");
  }
  if (side_ != nullptr && !side_->attach(row[id_column_], schema_, as_of, out, error)) return false;
  return true;
}

bool CsvAccountDecoder::decode_cell(std::size_t index, std::string_view cell) {
  const FieldSpec& spec = schema_.fields[index];
  if (cell.empty()) return true;  // missing; decode() checks required fields afterwards
  auto reject = [&] { return fail(spec.name, expected_for(spec), found_cell(cell)); };
  switch (spec.type) {
    case FieldType::integer: {
      auto value = parse_int(cell);
      if (value) {
        out_->set_int(index, *value);
        return true;
      }
      const bool signed_digits = all_digits(cell.substr(cell.front() == '+' || cell.front() == '-' ? 1 : 0));
      return signed_digits ? fail(spec.name, "an integer that fits in 64 bits", json_quoted(cell)) : reject();
    }
    case FieldType::decimal: {
      DecimalProblem problem = DecimalProblem::none;
      auto value = parse_decimal(cell, problem);
      if (value) {
        out_->set_decimal(index, *value);
        return true;
      }
      if (problem == DecimalProblem::too_precise) {
        return fail(spec.name, "a number with at most 4 decimal places", json_quoted(cell));
      }
      if (problem == DecimalProblem::out_of_range) {
        return fail(spec.name, "a number within the decimal range", json_quoted(cell));
      }
      return reject();
    }
    case FieldType::boolean:
      // CRM exports write TRUE/FALSE; other spellings (1, yes, True) are not guessed at.
      if (cell == "true" || cell == "TRUE") return out_->set_bool(index, true), true;
      if (cell == "false" || cell == "FALSE") return out_->set_bool(index, false), true;
      return reject();
    case FieldType::date: {
      auto date = parse_date(cell);
      if (!date) return reject();
      out_->set_date(index, *date);
      return true;
    }
    case FieldType::enumeration: {
      auto it = std::find(spec.enum_values.begin(), spec.enum_values.end(), cell);
      if (it == spec.enum_values.end()) return reject();
      out_->set_enum(index, static_cast<std::uint32_t>(it - spec.enum_values.begin()));
      return true;
    }
    case FieldType::string_set:
      return decode_set(index, cell);
    case FieldType::naics:
      if (!default_is_naics(cell) || (codes_.is_naics && !codes_.is_naics(cell))) return reject();
      break;
    case FieldType::country:
      if (!(codes_.is_country ? codes_.is_country(cell) : default_is_country(cell))) return reject();
      break;
    case FieldType::string:
      break;
  }
  out_->set_string(index, cell);
  return true;
}

bool CsvAccountDecoder::decode_set(std::size_t index, std::string_view cell) {
  out_->begin_set(index);
  while (true) {
    const std::size_t end = cell.find(kSetSeparator);
    std::string_view item = trim(cell.substr(0, end));
    if (!item.empty()) out_->add_set_item(item);
    if (end == std::string_view::npos) break;
    cell.remove_prefix(end + kSetSeparator.size());
  }
  out_->end_set(index);
  return true;
}

// ---- side tables ----

namespace {

SideError side_error(std::string_view file, std::size_t line, std::string field, std::string expected,
                     std::string found) {
  SideError error;
  error.message = field.empty() ? fmt::format("{}:{}: expected {}, found {}", file, line, expected, found)
                                : fmt::format("{}:{}: `{}`: expected {}, found {}", file, line, field, expected, found);
  error.file = std::string(file);
  error.line = line;
  error.field = std::move(field);
  error.expected = std::move(expected);
  error.found = std::move(found);
  return error;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

constexpr std::string_view kDateExpected = "a date \"YYYY-MM-DD\"";
constexpr std::string_view kDaysExpected = "a non-negative integer";

}  // namespace

// One side row's values, whichever format they came from. Each format's reader checks the
// value types; accept() checks what the row needs as a whole.
struct SideTables::RowValues {
  std::string_view file;
  std::size_t line = 0;
  std::optional<std::string> account_id;
  std::string id_column = "account_id";  // as written, for errors
  std::string id_found = "nothing";
  bool id_seen = false;  // JSON Lines: `account_id` and `id` together are an error
  std::optional<std::string> type;
  std::optional<std::string> at;
  std::optional<std::int64_t> days_ago;
  std::optional<std::string> title;
  struct Problem {
    std::string field, expected, found;
  };
  std::optional<Problem> problem;  // a value of the wrong type, reported once the id is known
};

bool SideTables::load_signals(const std::string& path, std::vector<SideError>& errors) {
  auto content = read_file(path);
  if (!content) {
    errors.push_back(side_error(path, 0, "", "a readable file", "an error opening it"));
    return false;
  }
  return add(Kind::signals, path, *content, errors);
}

bool SideTables::load_contacts(const std::string& path, std::vector<SideError>& errors) {
  auto content = read_file(path);
  if (!content) {
    errors.push_back(side_error(path, 0, "", "a readable file", "an error opening it"));
    return false;
  }
  return add(Kind::contacts, path, *content, errors);
}

bool SideTables::add_signals(std::string_view name, std::string_view content, std::vector<SideError>& errors) {
  return add(Kind::signals, name, content, errors);
}

bool SideTables::add_contacts(std::string_view name, std::string_view content, std::vector<SideError>& errors) {
  return add(Kind::contacts, name, content, errors);
}

bool SideTables::add(Kind kind, std::string_view name, std::string_view content, std::vector<SideError>& errors) {
  bool loaded = false;
  if (ends_with(name, ".csv")) {
    loaded = add_csv(kind, name, content, errors);
  } else if (ends_with(name, ".jsonl") || ends_with(name, ".json")) {
    loaded = add_jsonl(kind, name, content, errors);
  } else {
    errors.push_back(side_error(name, 0, "", "a file ending in .csv, .jsonl or .json", json_quoted(name)));
  }
  index();
  return loaded;
}

void SideTables::index() {
  std::stable_sort(signals_.begin(), signals_.end(),
                   [](const SignalRow& a, const SignalRow& b) { return a.account_id < b.account_id; });
  std::stable_sort(contacts_.begin(), contacts_.end(),
                   [](const ContactRow& a, const ContactRow& b) { return a.account_id < b.account_id; });
  std::stable_sort(rejected_.begin(), rejected_.end(), [](const Rejected& a, const Rejected& b) {
    return a.error.account_id < b.error.account_id;
  });
}

void SideTables::accept(Kind kind, RowValues& row, std::vector<SideError>& errors) {
  if (!row.account_id) {
    errors.push_back(side_error(row.file, row.line, row.id_column, "a non-empty account id", row.id_found));
    return;
  }
  auto reject = [&](std::string field, std::string_view expected, std::string found) {
    SideError error = side_error(row.file, row.line, std::move(field), std::string(expected), std::move(found));
    error.account_id = *row.account_id;
    rejected_.push_back(Rejected{kind, std::move(error)});
  };
  if (row.problem) return reject(row.problem->field, row.problem->expected, row.problem->found);
  if (kind == Kind::contacts) {
    contacts_.push_back(ContactRow{std::move(*row.account_id), std::move(row.title)});
    return;
  }
  if (!row.type) return reject("type", "a signal type", "nothing");
  if (row.at && row.days_ago) return reject("at", "exactly one of `at` and `days_ago`", "both");
  if (!row.at && !row.days_ago) return reject("at", "exactly one of `at` and `days_ago`", "neither");
  std::optional<Date> at;
  if (row.at && !(at = parse_date(*row.at))) return reject("at", kDateExpected, json_quoted(*row.at));
  signals_.push_back(SignalRow{std::move(*row.account_id), std::move(*row.type), at, row.days_ago.value_or(0),
                               std::string(row.file), row.line});
}

bool SideTables::add_csv(Kind kind, std::string_view name, std::string_view content, std::vector<SideError>& errors) {
  CsvReader reader(content);
  CsvRow row;
  CsvError csv_error;
  auto result = reader.next(row, csv_error);
  if (result != CsvReader::Result::row) {
    const std::size_t line = result == CsvReader::Result::end ? 1 : csv_error.line;
    errors.push_back(side_error(name, line, "", "a header row",
                                result == CsvReader::Result::end ? "an empty file" : csv_error.message));
    return false;
  }
  // Column of each value: account_id (or id), type, at, days_ago, title.
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::size_t id = kNone, type = kNone, at = kNone, days = kNone, title = kNone;
  const std::size_t header_line = row.line();
  for (std::size_t c = 0; c < row.size(); ++c) {
    std::size_t* slot = row[c] == "account_id" || row[c] == "id" ? &id
                        : row[c] == "type"                       ? &type
                        : row[c] == "at"                         ? &at
                        : row[c] == "days_ago"                   ? &days
                        : row[c] == "title"                      ? &title
                                                                 : nullptr;
    if (slot == nullptr) continue;  // other columns (name, email...): carried, not interpreted
    if (*slot != kNone) {
      errors.push_back(side_error(name, header_line, std::string(row[c]), "each column once", "a second column"));
      return false;
    }
    *slot = c;
  }
  auto missing = [&](std::string column, std::string expected) {
    errors.push_back(side_error(name, header_line, std::move(column), std::move(expected), "no such column"));
    return false;
  };
  if (id == kNone) return missing("account_id", "an `account_id` (or `id`) column");
  if (kind == Kind::signals && type == kNone) return missing("type", "a `type` column");
  if (kind == Kind::signals && at == kNone && days == kNone) return missing("at", "an `at` or `days_ago` column");
  const std::size_t width = row.size();
  const std::string id_name(row[id]);
  while ((result = reader.next(row, csv_error)) != CsvReader::Result::end) {
    if (result == CsvReader::Result::error) {
      errors.push_back(side_error(name, csv_error.line, "", "well-formed CSV",
                                  fmt::format("{} (column {})", csv_error.message, csv_error.column)));
      continue;
    }
    RowValues values{.file = name, .line = row.line()};
    auto cell = [&](std::size_t column) -> std::optional<std::string> {
      if (column == kNone || row[column].empty()) return std::nullopt;
      return std::string(row[column]);
    };
    if (row.size() != width) {
      errors.push_back(side_error(name, row.line(), "", fmt::format("{} cells, as in the header", width),
                                  fmt::format("{} cells", row.size())));
      continue;
    }
    values.id_column = id_name;
    values.id_found = "an empty cell";
    values.account_id = cell(id);
    values.type = cell(type);
    values.at = cell(at);
    values.title = cell(title);
    if (auto text = cell(days)) {
      auto number = parse_int(*text);
      if (all_digits(*text) && number && *number <= std::numeric_limits<std::int32_t>::max()) {
        values.days_ago = number;
      } else {
        values.problem = RowValues::Problem{"days_ago", std::string(kDaysExpected), json_quoted(*text)};
      }
    }
    accept(kind, values, errors);
  }
  return true;
}

namespace {

// One key of a JSON Lines side row. The first value of the wrong type is kept as the row's
// problem; unknown keys (name, email...) are carried, not interpreted.
template <typename Values>
void read_json_member(std::string_view key, simdjson::dom::element value, Values& row) {
  using simdjson::dom::element_type;
  auto problem = [&](std::string_view field, std::string_view expected) {
    if (!row.problem) row.problem = typename Values::Problem{std::string(field), std::string(expected), simdjson::minify(value)};
  };
  std::string_view text;
  const bool is_string = value.get_string().get(text) == simdjson::SUCCESS;
  if (key == "account_id" || key == "id") {
    if (row.id_seen && !row.problem) row.problem = typename Values::Problem{"account_id", "one of `account_id` and `id`", "both"};
    row.id_seen = true;
    row.id_column = std::string(key);
    if (is_string && !text.empty()) row.account_id = std::string(text);
    row.id_found = simdjson::minify(value);
  } else if (key == "type") {
    is_string ? void(row.type = std::string(text)) : problem(key, "a string");
  } else if (key == "at") {
    is_string ? void(row.at = std::string(text)) : problem(key, kDateExpected);
  } else if (key == "days_ago") {
    std::int64_t days = -1;
    const bool integer = value.type() == element_type::INT64 || value.type() == element_type::UINT64;
    if (integer && value.get_int64().get(days) != simdjson::SUCCESS) days = -1;
    if (days < 0 || days > std::numeric_limits<std::int32_t>::max()) return problem(key, kDaysExpected);
    row.days_ago = days;
  } else if (key == "title") {
    if (is_string) {
      row.title = std::string(text);
    } else if (!value.is_null()) {
      problem(key, "a string or null");
    }
  }
}

}  // namespace

bool SideTables::add_jsonl(Kind kind, std::string_view name, std::string_view content,
                           std::vector<SideError>& errors) {
  simdjson::dom::parser parser;  // side files are read once, so the simpler DOM API is enough
  LineSplitter lines(content);
  JsonLine line;
  std::vector<std::string_view> keys;
  while (lines.next(line)) {
    simdjson::dom::element document;
    if (auto code = parser.parse(line.text.data(), line.text.size()).get(document); code != simdjson::SUCCESS) {
      errors.push_back(side_error(name, line.number, "", "well-formed JSON", simdjson::error_message(code)));
      continue;
    }
    simdjson::dom::object object;
    if (document.get_object().get(object) != simdjson::SUCCESS) {
      errors.push_back(side_error(name, line.number, "", "a JSON object", simdjson::minify(document)));
      continue;
    }
    RowValues values{.file = name, .line = line.number};
    keys.clear();
    for (auto member : object) {
      keys.push_back(member.key);
      read_json_member(member.key, member.value, values);
    }
    std::sort(keys.begin(), keys.end());
    if (auto dup = std::adjacent_find(keys.begin(), keys.end()); dup != keys.end() && !values.problem) {
      values.problem = RowValues::Problem{std::string(*dup), "each key once", "a duplicate key"};
    }
    accept(kind, values, errors);
  }
  return true;
}

bool SideTables::attach(std::string_view id, const Schema& schema, Date as_of, Record& out,
                        DecodeError& error) const {
  auto bad = std::lower_bound(rejected_.begin(), rejected_.end(), id,
                              [](const Rejected& row, std::string_view key) { return row.error.account_id < key; });
  if (bad != rejected_.end() && bad->error.account_id == id) {
    const SideError& side = bad->error;
    error.field = fmt::format("{}.{}", bad->kind == Kind::signals ? "signals" : "contacts", side.field);
    error.expected = side.expected;
    error.found = side.found;
    error.message = fmt::format("{}:{}: `{}`: expected {}, found {}", side.file, side.line, error.field,
                                side.expected, side.found);
    return false;
  }
  auto event = std::lower_bound(signals_.begin(), signals_.end(), id,
                                [](const SignalRow& row, std::string_view key) { return row.account_id < key; });
  for (std::size_t k = 0; event != signals_.end() && event->account_id == id; ++event, ++k) {
    const std::int64_t age = event->at ? std::int64_t{as_of.days} - event->at->days : event->days_ago;
    if (age < std::numeric_limits<std::int32_t>::min() || age > std::numeric_limits<std::int32_t>::max()) {
      error.field = fmt::format("signals[{}].at", k);
      error.expected = "a date near as_of";
      error.found = format_date(*event->at);
      error.message = fmt::format("{}:{}: `{}`: expected {}, found {}", event->file, event->line, error.field,
                                  error.expected, error.found);
      return false;
    }
    out.add_signal(schema.signal_type_index(event->type), static_cast<std::int32_t>(age), event->type);
  }
  auto contact = std::lower_bound(contacts_.begin(), contacts_.end(), id,
                                  [](const ContactRow& row, std::string_view key) { return row.account_id < key; });
  for (; contact != contacts_.end() && contact->account_id == id; ++contact) {
    out.add_contact(contact->title ? std::optional<std::string_view>(*contact->title) : std::nullopt);
  }
  return true;
}

}  // namespace icp::vm
