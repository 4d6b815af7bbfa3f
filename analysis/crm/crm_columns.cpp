// The CRM mapping as the CSV decoder's column map (see crm_columns.hpp). Input: a CrmMapping,
// a schema, then the export's header and cells. Output: the columns the decoder reads and
// each cell translated, or what the cell should have been.
#include "analysis/crm/crm_columns.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace icp::analysis {
namespace {

std::optional<std::size_t> column_named(std::span<const std::string_view> header, std::string_view name) {
  const auto found = std::find(header.begin(), header.end(), name);
  if (found == header.end()) return std::nullopt;
  return static_cast<std::size_t>(found - header.begin());
}

bool listed(const std::vector<std::string>& values, std::string_view cell) {
  return std::find(values.begin(), values.end(), cell) != values.end();
}

}  // namespace

CrmColumns::CrmColumns(const CrmMapping& mapping, const vm::Schema& schema) : mapping_(mapping) {
  sources_.push_back(Source{});
  for (const vm::FieldSpec& field : schema.fields) {
    const auto mapped = std::find_if(mapping.fields.begin(), mapping.fields.end(),
                                     [&](const FieldMapping& f) { return f.field == field.name; });
    sources_.push_back(Source{&field, mapped == mapping.fields.end() ? nullptr : &*mapped});
  }
  for (const FieldMapping& field : mapping.fields) {
    if (schema.field_index(field.field)) continue;
    notes_.push_back(fmt::format("the mapping maps field `{}`, which the profile's `account` block does not declare",
                                 field.field));
  }
  std::vector<std::string> spellings;
  for (const auto& value : mapping.true_values) spellings.push_back(value);
  for (const auto& value : mapping.false_values) spellings.push_back(value);
  spellings.insert(spellings.end(), {"true", "false"});
  std::string list;
  for (std::size_t i = 0; i < spellings.size(); ++i) {
    list += fmt::format("{}{}", i == 0 ? "" : i + 1 == spellings.size() ? " or " : ", ", spellings[i]);
  }
  boolean_expected_ = fmt::format("a boolean ({})", list);
  date_expected_ = fmt::format("a date {}", date_format_name(mapping.account_dates()));
}

std::optional<std::string> history_note(const CrmMapping& mapping) {
  if (mapping.account_valid_from.empty()) return std::nullopt;
  return fmt::format("the mapping's valid-from column `{}` is read by `icpc backtest` and `icpc nucleus` only: here "
                     "every row is decided on its own, an account with several rows once per row",
                     mapping.account_valid_from);
}

std::vector<std::string> mapping_notes(const CrmMapping& mapping, const vm::Schema& schema) {
  const CrmColumns columns(mapping, schema);
  std::vector<std::string> notes = columns.notes();
  if (auto note = history_note(mapping)) notes.push_back(std::move(*note));
  return notes;
}

bool CrmColumns::map_header(std::span<const std::string_view> header, std::vector<Column>& columns,
                            std::string& message) const {
  columns.clear();
  const std::optional<std::size_t> key = column_named(header, mapping_.account_key);
  if (!key) {
    message = fmt::format("no column `{}` (the account key, [accounts] key)", mapping_.account_key);
    return false;
  }
  columns.push_back(Column{"id", *key, 0});
  for (std::size_t tag = 1; tag < sources_.size(); ++tag) {
    const Source& source = sources_[tag];
    const std::string_view name = source.mapping != nullptr ? std::string_view(source.mapping->column)
                                                            : std::string_view(source.field->name);
    const std::optional<std::size_t> column = column_named(header, name);
    if (column) {
      columns.push_back(Column{source.field->name, *column, tag});
    } else if (source.mapping != nullptr) {
      message = fmt::format("no column `{}` (mapped to field `{}`)", name, source.field->name);
      return false;
    }
  }
  return true;
}

bool CrmColumns::map_cell(std::size_t tag, std::string_view cell, std::string& scratch, std::string_view& out) const {
  const Source& source = sources_[tag];
  out = source.mapping != nullptr ? map_value(*source.mapping, cell) : cell;
  if (source.field == nullptr) return true;
  switch (source.field->type) {
    case vm::FieldType::boolean: return map_boolean(out, out);
    case vm::FieldType::date: return map_date(out, scratch, out);
    default: return true;
  }
}

bool CrmColumns::map_boolean(std::string_view cell, std::string_view& out) const {
  if (listed(mapping_.true_values, cell)) {
    out = "true";
  } else if (listed(mapping_.false_values, cell)) {
    out = "false";
  } else if (cell != "true" && cell != "TRUE" && cell != "false" && cell != "FALSE") {
    out = boolean_expected_;
    return false;
  }
  return true;
}

bool CrmColumns::map_date(std::string_view cell, std::string& scratch, std::string_view& out) const {
  if (mapping_.account_dates() == DateFormat::iso) return true;  // the decoder words its own error
  const std::optional<Date> date = parse_date_as(cell, mapping_.account_dates());
  if (!date) {
    out = date_expected_;
    return false;
  }
  scratch = format_date(*date);
  out = scratch;
  return true;
}

}  // namespace icp::analysis
