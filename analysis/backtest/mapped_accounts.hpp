// The accounts export as the profile's CSV decoder sees it: the mapped columns renamed to
// the profile's field names and their cells passed through the mapping's value maps. Input:
// a program, a CrmMapping and an AccountTable. Output: CSV rows for vm::CsvAccountDecoder.
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/crm/crm_export.hpp"
#include "analysis/crm/crm_mapping.hpp"
#include "analysis/error.hpp"
#include "runtime/format/bytecode.hpp"
#include "runtime/input/csv.hpp"

namespace icp::analysis {

class MappedAccounts {
 public:
  // False with `error` when the mapping names a column the file lacks or a field the
  // profile does not declare.
  bool build(const vm::Program& program, const CrmMapping& mapping, const AccountTable& accounts, Error& error);
  const vm::CsvRow& header() const { return rows_.front(); }
  const vm::CsvRow& row(std::size_t account) const { return rows_[account + 1]; }

 private:
  std::vector<vm::CsvRow> rows_;  // the header, then one per account in AccountTable order
};

}  // namespace icp::analysis
