// CSV account rows -> Record, with signals and contacts joined from the side tables by id.
// Input: CsvRows (csv.hpp), the Schema, SideTables, as_of. Output: Record or a DecodeError
// in the JSON decoder's style (field, expected, found, message, id).
#include "runtime/input/decode_csv.hpp"

#include "runtime/base/utf8.hpp"
#include "runtime/input/reference_codes.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
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

CsvAccountDecoder::CsvAccountDecoder(Schema schema) : schema_(std::move(schema)) {
  schema_.build_lookup();
}

bool CsvAccountDecoder::fail(std::string field, std::string expected, std::string found) {
  found = utf8_prefix(found, kMaxFoundBytes);
  error_->message = field.empty() ? fmt::format("expected {}, found {}", expected, found)
                                  : fmt::format("`{}`: expected {}, found {}", field, expected, found);
  error_->field = std::move(field);
  error_->expected = std::move(expected);
  error_->found = std::move(found);
  return false;
}

// Without a map every column is seen under its own name.
bool CsvAccountDecoder::map_header(const CsvRow& header, std::vector<CsvColumnMap::Column>& columns) {
  if (map_ == nullptr) {
    for (std::size_t column = 0; column < header.size(); ++column) columns.push_back({std::string(header[column]), column, column});
    return true;
  }
  std::vector<std::string_view> names;
  for (std::size_t column = 0; column < header.size(); ++column) names.push_back(header[column]);
  std::string message;
  if (map_->map_header(names, columns, message)) return true;
  error_->message = std::move(message);
  return false;
}

bool CsvAccountDecoder::set_header(const CsvRow& header, DecodeError& error) {
  error_ = &error;
  error = DecodeError{};
  columns_.clear();
  header_.clear();
  for (std::size_t column = 0; column < header.size(); ++column) header_.emplace_back(header[column]);
  std::vector<CsvColumnMap::Column> seen_columns;
  if (!map_header(header, seen_columns)) return false;
  std::optional<std::size_t> id_column;
  std::vector<bool> seen(schema_.fields.size(), false);
  for (std::size_t mapped = 0; mapped < seen_columns.size(); ++mapped) {
    const std::string_view name = seen_columns[mapped].name;
    const std::size_t column = seen_columns[mapped].source;
    if (column >= header.size()) return fail(std::string(name), "a column of the header", "a column past its end");
    if (name == "id") {
      if (id_column) return fail("id", "each column once", "a second `id` column");
      id_column = column;
    } else if (name == "signals" || name == "contacts") {
      return fail(std::string(name), fmt::format("{} in a side file keyed by account id", name),
                  fmt::format("a `{}` column", name));
    } else if (auto field = schema_.field_index(name)) {
      if (seen[*field]) return fail(std::string(name), "each column once", fmt::format("a second `{}` column", name));
      seen[*field] = true;
      columns_.push_back(Column{column, *field, seen_columns[mapped].tag});
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
  if (decode_row(row, as_of)) return true;
  // Side rows of an account that is in the file are not "unknown", even when it is rejected.
  if (side_ != nullptr && !error.id.empty()) side_->note_account(error.id);
  return false;
}

bool CsvAccountDecoder::decode_row(const CsvRow& row, Date as_of) {
  Record& out = *out_;
  out.clear(schema_.fields.size());
  if (id_column_ < row.size() && !row[id_column_].empty()) error_->id = std::string(row[id_column_]);
  if (row.size() != header_.size()) {
    return fail("", fmt::format("{} cells, as in the header", header_.size()), fmt::format("{} cells", row.size()));
  }
  if (row[id_column_].empty()) return fail("id", "a non-empty string", "an empty cell");
  out.set_id(row[id_column_]);
  for (const Column& column : columns_) {
    std::string_view cell = row[column.column];
    if (map_ != nullptr && !cell.empty()) {
      std::string_view mapped;
      if (!map_->map_cell(column.tag, cell, scratch_, mapped)) {
        return fail(schema_.fields[column.field].name, std::string(mapped), found_cell(cell));
      }
      cell = mapped;
    }
    if (!decode_cell(column.field, cell)) return false;
  }
  for (std::size_t i = 0; i < schema_.fields.size(); ++i) {
    const FieldSpec& spec = schema_.fields[i];
    if (!spec.optional && !out.present(i)) return fail(spec.name, expected_for(spec), "an empty cell");
  }
  return side_ == nullptr || side_->attach(row[id_column_], schema_, as_of, out, *error_);
}

bool CsvAccountDecoder::reject_row(const CsvRow& row, const CsvError& csv_error, DecodeError& error) const {
  error = DecodeError{};
  if (csv_error.kind != CsvError::Kind::invalid_utf8) {
    error.expected = "a well-formed CSV row";
    error.found = csv_error.message;
    error.message = fmt::format("expected {}, found {}", error.expected, error.found);
    return false;
  }
  // The row is well-formed: its cells line up with the header, so the column can be named.
  const bool aligned = row.size() == header_.size();
  if (aligned && id_column_ != csv_error.cell && !row[id_column_].empty() &&
      simdjson::validate_utf8(row[id_column_].data(), row[id_column_].size())) {
    error.id = std::string(row[id_column_]);
    if (side_ != nullptr) side_->note_account(error.id);
  }
  error.field = aligned && csv_error.cell < header_.size() ? header_[csv_error.cell] : "";
  error.expected = "UTF-8 text";
  error.found = csv_error.message;
  error.message = error.field.empty() ? fmt::format("expected {}, found {}", error.expected, error.found)
                                      : fmt::format("`{}`: expected {}, found {}", error.field, error.expected,
                                                    error.found);
  return false;
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
      if (!is_naics_code(cell)) return reject();
      break;
    case FieldType::country:
      if (!is_country_code(cell)) return reject();
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

}  // namespace icp::vm
