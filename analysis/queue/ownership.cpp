// The owner of each account's most recent opportunity (see ownership.hpp). Input: the
// opportunities export as a stream. Output: an Ownership; rows that cannot be used are listed.
#include "analysis/queue/ownership.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace icp::analysis {
namespace {

struct Columns {
  std::size_t key = 0, owner = 0, engage = 0;
};

bool find_columns(const vm::CsvRow& header, const CrmMapping& mapping, const std::string& file, Columns& out,
                  Error& error) {
  const std::pair<const std::string*, std::size_t*> wanted[] = {
      {&mapping.opportunity_key, &out.key}, {&mapping.opportunity_owner, &out.owner}, {&mapping.engage_date, &out.engage}};
  for (const auto& [name, slot] : wanted) {
    std::size_t column = 0;
    while (column < header.size() && header[column] != *name) ++column;
    if (column == header.size()) {
      error = Error{.file = file, .message = fmt::format("no column `{}` in the header", *name), .hint = MappingHint::columns};
      return false;
    }
    *slot = column;
  }
  return true;
}

}  // namespace

bool read_ownership(const Source& source, const CrmMapping& mapping, Ownership& out, Error& error) {
  if (mapping.opportunity_owner.empty()) {
    error = Error{.message = "the mapping names no owner column: set `owner` in [opportunities] (or in [accounts])",
                  .hint = MappingHint::columns};
    return false;
  }
  return read_csv(source, [&](vm::CsvReader& reader) {
    vm::CsvRow row;
    vm::CsvError csv_error;
    Columns columns;
    if (reader.next(row, csv_error) != vm::CsvReader::Result::row) {
      error = Error{.file = source.name, .line = csv_error.line, .message = "no header row"};
      return false;
    }
    const std::size_t width = row.size();
    if (!find_columns(row, mapping, source.name, columns, error)) return false;
    for (auto result = reader.next(row, csv_error); result != vm::CsvReader::Result::end;
         result = reader.next(row, csv_error)) {
      ++out.rows;
      if (result == vm::CsvReader::Result::error || row.size() != width) {
        out.problems.push_back(fmt::format("{}:{}: expected a well-formed row of {} cells, found {}", source.name,
                                           result == vm::CsvReader::Result::error ? csv_error.line : row.line(), width,
                                           result == vm::CsvReader::Result::error ? csv_error.message
                                                                                  : fmt::format("{} cells", row.size())));
        continue;
      }
      const std::string_view key = row[columns.key], owner = row[columns.owner], engage = row[columns.engage];
      if (key.empty() || owner.empty() || engage.empty()) continue;
      const std::optional<Date> engaged = parse_date_as(engage, mapping.date_format);
      if (!engaged) {
        out.problems.push_back(fmt::format("{}:{}: `{}`: expected a date {}, found \"{}\"", source.name, row.line(),
                                           mapping.engage_date, date_format_name(mapping.date_format), engage));
        continue;
      }
      auto [at, inserted] = out.by_account.try_emplace(std::string(key));
      if (inserted || !(*engaged < at->second.engaged)) {
        at->second = OwnerCell{std::string(owner), source.name, row.line(), *engaged};
      }
    }
    return true;
  }, error);
}

}  // namespace icp::analysis
