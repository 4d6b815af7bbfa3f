// A CRM mapping applied to one profile: how the CRM's accounts export becomes that profile's
// records (docs/backtest.md "Mapping"). Input: a CrmMapping and the profile's schema.
// Output: an icp::CsvColumnMap for the CSV decoder (header renames, value maps, booleans and
// dates as the CRM writes them), and notes for what the mapping names that the profile lacks.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/crm/crm_mapping.hpp"
#include "icp/csv_columns.hpp"
#include "runtime/format/schema.hpp"

namespace icp::analysis {

// One mapping serves every profile of a project, so a field it maps that this profile does
// not declare is a note, never an error: the other profiles may read it.
class CrmColumns final : public CsvColumnMap {
 public:
  // Both must outlive this object.
  CrmColumns(const CrmMapping& mapping, const vm::Schema& schema);

  // "the mapping maps field `x`, which the profile's `account` block does not declare", one
  // per such field, sorted by field.
  const std::vector<std::string>& notes() const { return notes_; }
  // The column holding the account key (the record's `id`).
  const std::string& key_column() const { return mapping_.account_key; }

  // `id` from the key column; each schema field from its mapped column, else from the column
  // of its own name, if any. A mapped column or key the header lacks is an error.
  bool map_header(std::span<const std::string_view> header, std::vector<Column>& columns,
                  std::string& message) const override;
  // The field's value map first; then, for a boolean field, the mapping's true and false
  // spellings, and for a date field, its date format (rewritten as YYYY-MM-DD).
  bool map_cell(std::size_t tag, std::string_view cell, std::string& scratch, std::string_view& out) const override;

 private:
  struct Source {
    const vm::FieldSpec* field = nullptr;     // null for the key
    const FieldMapping* mapping = nullptr;    // null: the column of the field's own name
  };
  bool map_boolean(std::string_view cell, std::string_view& out) const;
  bool map_date(std::string_view cell, std::string& scratch, std::string_view& out) const;

  const CrmMapping& mapping_;
  std::vector<Source> sources_;  // the tag: 0 the key, i + 1 the schema's field i
  std::vector<std::string> notes_;
  std::string boolean_expected_;  // "a boolean (Yes, No, true or false)"
  std::string date_expected_;     // "a date MM/DD/YYYY"
};

// A host that decides an export row by row (eval, diff, explain, queue) does not read a
// history's valid-from column ([accounts] valid_from, which backtest and nucleus read): the
// note saying that each row is then decided on its own, or nullopt when the mapping names none.
std::optional<std::string> history_note(const CrmMapping& mapping);

// CrmColumns(mapping, schema).notes() and then history_note(mapping), for a host that
// decides an export row by row and only shows them.
std::vector<std::string> mapping_notes(const CrmMapping& mapping, const vm::Schema& schema);

}  // namespace icp::analysis
