// Builds the mapped accounts table (see mapped_accounts.hpp). Input: program, mapping and
// the accounts export. Output: the export's rows, cell by cell, nothing re-parsed.
#include "analysis/backtest/mapped_accounts.hpp"

namespace icp::analysis {

namespace {

// Built cell by cell: nothing is re-parsed, so a cell cannot change on the way.
void copy_row(const AccountRow& account, vm::CsvRow& row) {
  row.reset(account.line);
  for (const auto& cell : account.cells) row.push_back(cell);
}

}  // namespace

void MappedAccounts::build(const vm::Program& program, const CrmMapping& mapping, const AccountTable& accounts) {
  columns_.emplace(mapping, program.schema);
  rows_.assign(accounts.rows.size() + 1, vm::CsvRow{});
  rows_.front().reset(1);
  for (const auto& name : accounts.header) rows_.front().push_back(name);
  earlier_.assign(accounts.rows.size(), {});
  for (std::size_t i = 0; i < accounts.rows.size(); ++i) {
    copy_row(accounts.rows[i], rows_[i + 1]);
    for (std::size_t version = 0; version + 1 < accounts.versions(i); ++version) {
      copy_row(accounts.version(i, version), earlier_[i].emplace_back());
    }
  }
}

}  // namespace icp::analysis
