// The accounts export as the profile's CSV decoder sees it: the export's own rows, read
// through the mapping's CrmColumns (renamed columns, value maps, booleans and dates as the CRM
// writes them). Input: a program, a CrmMapping and an AccountTable. Output: CSV rows and the
// column map for vm::CsvAccountDecoder.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "analysis/crm/crm_columns.hpp"
#include "analysis/crm/crm_export.hpp"
#include "analysis/crm/crm_mapping.hpp"
#include "runtime/format/bytecode.hpp"
#include "runtime/input/csv.hpp"

namespace icp::analysis {

class MappedAccounts {
 public:
  // `program` and `mapping` must outlive this object.
  void build(const vm::Program& program, const CrmMapping& mapping, const AccountTable& accounts);
  const vm::CsvRow& header() const { return rows_.front(); }
  const vm::CsvRow& row(std::size_t account) const { return rows_[account + 1]; }
  // A version of the account (AccountTable::version numbering); the latest is row(account).
  const vm::CsvRow& row(std::size_t account, std::size_t version) const {
    return version < earlier_[account].size() ? earlier_[account][version] : row(account);
  }
  const CrmColumns& columns() const { return *columns_; }

 private:
  std::optional<CrmColumns> columns_;
  std::vector<vm::CsvRow> rows_;  // the header, then one per account in AccountTable order
  std::vector<std::vector<vm::CsvRow>> earlier_;  // per account, its earlier rows (history only)
};

}  // namespace icp::analysis
