// The hook through which a CSV export that is not written in the profile's own words is
// read (CRM headers, value maps, booleans and dates as the CRM writes them). Input: the
// export's header and cells. Output: the columns and cells the CSV decoder reads.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace icp {

// How the columns of a CSV export become the record's fields when the export is not written
// in the profile's own words: a CRM's `Account ID` header, one column read by two fields,
// `Yes`/`No` booleans, dates as MM/DD/YYYY. A host implements it from its column mapping
// (the analysis library's analysis::CrmColumns reads the mapping of docs/backtest.md).
// Without one, columns are read by their own names. Called from several threads at once, so
// it is const and `scratch` belongs to the caller.
class CsvColumnMap {
 public:
  virtual ~CsvColumnMap() = default;
  // One column as the decoder sees it: `id` or a field of the profile's schema, read from
  // the export's column `source` (0-based); `tag` is the map's own, handed back to map_cell.
  // Columns of the export that no Column reads are ignored.
  struct Column {
    std::string name;
    std::size_t source = 0;
    std::size_t tag = 0;
  };
  // The columns the decoder sees, from the export's header. False with `message` (a phrase
  // naming the column, such as "no column `Employees` (mapped to field `employees`)") when
  // the export cannot be read through the map: nothing is decided then.
  virtual bool map_header(std::span<const std::string_view> header, std::vector<Column>& columns,
                          std::string& message) const = 0;
  // The cell of the column with this `tag` as the decoder reads it, in `out`: `cell`
  // itself, or its translation kept in `scratch`. False when the cell is not written as the
  // map says the column is: `out` then says what was expected ("a date MM/DD/YYYY"), and the
  // record is rejected naming the field and the cell as found. Empty cells (missing values)
  // are not mapped.
  virtual bool map_cell(std::size_t tag, std::string_view cell, std::string& scratch,
                        std::string_view& out) const = 0;
};

}  // namespace icp
