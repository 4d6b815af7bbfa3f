// Builds the mapped accounts table (see mapped_accounts.hpp). Input: program, mapping and
// the accounts export. Output: one CSV row per account, cell by cell, nothing re-parsed.
#include "analysis/backtest/mapped_accounts.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

namespace icp::analysis {

bool MappedAccounts::build(const vm::Program& program, const CrmMapping& mapping, const AccountTable& accounts,
                           Error& error) {
  for (const auto& field : mapping.fields) {
    if (!program.schema.field_index(field.field)) {
      error = Error{.message = fmt::format("the mapping maps field `{}`, which the profile's `account` block does "
                                           "not declare",
                                           field.field)};
      return false;
    }
    if (!accounts.column(field.column)) {
      error = Error{.file = accounts.file,
                    .message = fmt::format("no column `{}` (mapped to field `{}`)", field.column, field.field)};
      return false;
    }
  }
  // Each schema field reads its mapped column, else the column of the same name, if any.
  struct FieldSource {
    std::string field;
    std::size_t column;
    const FieldMapping* mapping;
  };
  std::vector<FieldSource> sources;
  for (const auto& spec : program.schema.fields) {
    auto mapped = std::find_if(mapping.fields.begin(), mapping.fields.end(),
                               [&](const FieldMapping& f) { return f.field == spec.name; });
    if (mapped != mapping.fields.end()) {
      sources.push_back({spec.name, *accounts.column(mapped->column), &*mapped});
    } else if (auto same = accounts.column(spec.name)) {
      sources.push_back({spec.name, *same, nullptr});
    }
  }
  // Rows built cell by cell: nothing is re-parsed, so a cell cannot change on the way.
  rows_.assign(accounts.rows.size() + 1, vm::CsvRow{});
  rows_.front().reset(1);
  rows_.front().push_back("id");
  for (const auto& source : sources) rows_.front().push_back(source.field);
  for (std::size_t i = 0; i < accounts.rows.size(); ++i) {
    const AccountRow& account = accounts.rows[i];
    vm::CsvRow& row = rows_[i + 1];
    row.reset(account.line);
    row.push_back(account.key);
    for (const auto& source : sources) {
      const std::string& cell = account.cells[source.column];
      row.push_back(source.mapping ? map_value(*source.mapping, cell) : std::string_view(cell));
    }
  }
  return true;
}

}  // namespace icp::analysis
