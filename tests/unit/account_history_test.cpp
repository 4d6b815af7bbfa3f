// Account history in the CRM accounts export (analysis/crm/crm_export.cpp, the mapping's
// [accounts] valid_from): which row is in force on a date, and the rows that cannot be
// placed in time (duplicate dates, missing or unparsable ones), each named by line and column.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "analysis/crm/crm_export.hpp"
#include "analysis/crm/crm_mapping.hpp"

using namespace icp;
using namespace icp::analysis;

namespace {

CrmMapping history_mapping(std::string_view extra = "") {
  Error error;
  auto mapping = parse_mapping(std::string("[accounts]\nvalid_from = \"as_of\"\n") + std::string(extra), "m.toml", error);
  REQUIRE_MESSAGE(mapping, error.message);
  return *mapping;
}

// The employees cell of the row of `key` in force on `date`, or nullopt when none is.
std::optional<std::string> employees_on(const AccountTable& table, std::string_view key, std::string_view date) {
  const auto account = table.index_of(key);
  REQUIRE(account);
  const auto version = table.version_on(*account, *parse_date(date));
  if (!version) return std::nullopt;
  return table.version(*account, *version).cells[1];
}

}  // namespace

TEST_CASE("history: the row in force on a date is the latest one valid from on or before it") {
  const CrmMapping mapping = history_mapping();
  Error error;
  AccountTable table;
  // Out of date order on purpose: the file's order must not matter.
  REQUIRE(read_accounts({"a.csv",
                         "account,employees,as_of\n"
                         "Acme,30,2018-01-01\n"
                         "Acme,10,2017-01-01\n"
                         "Beta,7,2015-05-05\n"
                         "Acme,20,2017-06-01\n"},
                        mapping, table, error));
  REQUIRE(table.has_history());
  REQUIRE(table.rows.size() == 2);
  CHECK(table.bad.empty());
  const std::size_t acme = *table.index_of("Acme");
  CHECK(table.versions(acme) == 3);
  CHECK(table.rows[acme].cells[1] == "30");  // the account as it is now: its latest row

  struct Row {
    const char* name;
    const char* date;
    std::optional<std::string> employees;
  };
  const Row rows[] = {
      {.name = "before the first row", .date = "2016-12-31", .employees = std::nullopt},
      {.name = "exactly on the first row's date", .date = "2017-01-01", .employees = "10"},
      {.name = "between the first and second rows", .date = "2017-03-15", .employees = "10"},
      {.name = "exactly on a middle row's date", .date = "2017-06-01", .employees = "20"},
      {.name = "the day before the last row", .date = "2017-12-31", .employees = "20"},
      {.name = "exactly on the last row's date", .date = "2018-01-01", .employees = "30"},
      {.name = "after the last row", .date = "2030-07-01", .employees = "30"},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) { CHECK(employees_on(table, "Acme", row.date) == row.employees); }
  }
  SUBCASE("an account with one row: before it nothing, from it on that row") {
    CHECK(employees_on(table, "Beta", "2015-05-04") == std::nullopt);
    CHECK(employees_on(table, "Beta", "2015-05-05") == "7");
  }
}

TEST_CASE("history: without a valid-from column every date sees the one current row") {
  Error error;
  AccountTable table;
  REQUIRE(read_accounts({"a.csv", "account,employees\nAcme,10\nAcme,20\n"}, CrmMapping{}, table, error));
  CHECK_FALSE(table.has_history());
  CHECK(employees_on(table, "Acme", "1900-01-01") == "10");
  CHECK(table.versions(0) == 1);
  REQUIRE(table.bad.size() == 1);  // a second row of a key is still a duplicate
  CHECK(table.bad[0].field == "account");
  CHECK(table.bad[0].found == "duplicate key `Acme` (first on line 2)");
}

TEST_CASE("history: rows that cannot be placed in time are bad rows naming line and column") {
  const CrmMapping mapping = history_mapping("date_format = \"MM/DD/YYYY\"\n");
  Error error;
  AccountTable table;
  REQUIRE(read_accounts({"a.csv",
                         "account,employees,as_of\n"
                         "Acme,10,01/31/2017\n"   // 2 good
                         "Acme,11,01/31/2017\n"   // 3 the same (account, date) again
                         "Acme,12,2017-02-01\n"   // 4 not in the accounts' date format
                         "Acme,13,\n"             // 5 no date
                         "Acme,14,02/30/2017\n"   // 6 not a real date
                         "Beta,1,06/01/2017\n"},  // 7 good
                        mapping, table, error));
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0].cells[1] == "10");  // of two rows for one date, the first in the file is kept
  struct Bad {
    BadRowKind kind;
    std::size_t line;
    std::string field, found;
    bool operator==(const Bad&) const = default;
  };
  std::vector<Bad> bad;
  for (const auto& row : table.bad) bad.push_back({row.kind, row.line, row.field, row.found});
  CHECK(bad == std::vector<Bad>{
                   {BadRowKind::malformed, 3, "as_of", "duplicate row for `Acme` valid from 01/31/2017 (first on line 2)"},
                   {BadRowKind::bad_date, 4, "as_of", "2017-02-01"},
                   {BadRowKind::missing_date, 5, "as_of", ""},
                   {BadRowKind::bad_date, 6, "as_of", "02/30/2017"},
               });
  CHECK(employees_on(table, "Beta", "2017-06-01") == "1");
}

TEST_CASE("history: the mapping's valid_from key") {
  Error error;
  CHECK(parse_mapping("[accounts]\nvalid_from = \"snapshot\"\n", "m.toml", error)->account_valid_from == "snapshot");
  CHECK(parse_mapping("", "m.toml", error)->account_valid_from.empty());
  CHECK_FALSE(parse_mapping("[accounts]\nkey = \"id\"\nvalid_from = \"id\"\n", "m.toml", error));
  CHECK(error.line == 3);
  CHECK(error.column == 14);
  CHECK(error.message == "`valid_from` names the account key column; it needs a date column of its own");
  CHECK_FALSE(parse_mapping("[accounts]\nvalid_from = 2017-01-01\n", "m.toml", error));
  CHECK(error.message == "`valid_from` must be a non-empty string");
  // A history file without the column is refused whole: no row could be placed in time.
  AccountTable table;
  CHECK_FALSE(read_accounts({"a.csv", "account,employees\nAcme,1\n"}, history_mapping(), table, error));
  CHECK(error.message == "no valid-from column `as_of` in the header");
}
