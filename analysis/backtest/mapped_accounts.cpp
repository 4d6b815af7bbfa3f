// Builds the mapped accounts table (see mapped_accounts.hpp). Input: program, mapping and
// the accounts export. Output: the export's rows, cell by cell, nothing re-parsed.
#include "analysis/backtest/mapped_accounts.hpp"

namespace icp::analysis {

void MappedAccounts::build(const vm::Program& program, const CrmMapping& mapping, const AccountTable& accounts) {
  columns_.emplace(mapping, program.schema);
  // Rows built cell by cell: nothing is re-parsed, so a cell cannot change on the way.
  rows_.assign(accounts.rows.size() + 1, vm::CsvRow{});
  rows_.front().reset(1);
  for (const auto& name : accounts.header) rows_.front().push_back(name);
  for (std::size_t i = 0; i < accounts.rows.size(); ++i) {
    const AccountRow& account = accounts.rows[i];
    vm::CsvRow& row = rows_[i + 1];
    row.reset(account.line);
    for (const auto& cell : account.cells) row.push_back(cell);
  }
}

}  // namespace icp::analysis
