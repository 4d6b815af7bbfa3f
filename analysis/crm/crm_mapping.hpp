// The column mapping of a CRM export (docs/backtest.md "Mapping"): which columns of the
// accounts and opportunities CSV files hold the account key, stage, dates, amount, reason and
// retention, and how account columns feed the profile's record fields. Input: TOML text
// (toml++) or the defaults. Output: a CrmMapping, or an error naming file, line and key.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/error.hpp"
#include "icp/date.hpp"

namespace icp::analysis {

// How dates are written in the opportunities file.
enum class DateFormat { iso, us, european, iso_slash, european_dot };

// One profile field read from one accounts column, optionally through a value map
// (`country = { column = "office_location", map = { "United States" = "US" } }`).
// A cell the map does not name passes through unchanged, so the record decoder still
// rejects it precisely when it is not a valid value for the field.
struct FieldMapping {
  std::string field;
  std::string column;
  std::vector<std::pair<std::string, std::string>> values;  // sorted by cell text
};

struct CrmMapping {
  // [accounts]
  std::string account_key = "account";
  std::vector<FieldMapping> fields;  // sorted by field; fields not named read the same-named column
  std::string account_retention;     // optional column of the accounts file
  std::string account_owner;         // optional: the column naming the account's owner (icpc queue)
  // Optional: the column of the date from which a row is in force (a snapshot date or a
  // valid-from date). Given, the file is a history with several rows per account, and the
  // backtest judges each deal with the row in force on its engage date (docs/backtest.md).
  std::string account_valid_from;
  // Boolean fields: the cells that mean true and false as the CRM writes them (`Yes`/`No`,
  // `1`/`0`), each read exactly; `true`/`TRUE` and `false`/`FALSE` are always read too.
  std::vector<std::string> true_values, false_values;
  // Date fields: as the CRM writes them; not given: the [opportunities] date_format.
  std::optional<DateFormat> account_date_format;
  // [opportunities]
  std::string opportunity_key = "account";
  std::string opportunity_id;  // optional; only shown in reports
  std::string stage = "deal_stage";
  std::vector<std::string> won = {"Won"};
  std::vector<std::string> lost = {"Lost"};
  std::vector<std::string> open = {"Engaging", "Prospecting"};  // empty: any other value is open
  std::string engage_date = "engage_date";
  std::string close_date = "close_date";
  DateFormat date_format = DateFormat::iso;
  std::string amount = "close_value";
  // Optional: the ISO 4217 code of the amounts ("USD", "EUR"), shown with every amount of the
  // backtest and nucleus reports ("$2,414.09", "CHF 2,414.09"); not given, amounts are plain
  // numbers, since the export does not say which currency they are in.
  std::string currency;
  std::string reason;  // optional closed-lost reason column
  std::string opportunity_owner;  // optional: the deal's owner, such as the sales agent (icpc queue)
  // [retention] (a side file given with --retention)
  std::string retention_key = "account";
  std::string retention_value = "net_retention";

  DateFormat account_dates() const { return account_date_format.value_or(date_format); }
};

// Reads and validates a mapping; `name` names it in errors. Unknown keys are errors (a typo
// must not silently fall back to a default). On failure returns nullopt with `error` at the
// file, line and column of the offending key or value.
std::optional<CrmMapping> parse_mapping(std::string_view text, std::string_view name, Error& error);

// Parses a date written in `format`; nullopt when malformed or not a real date.
std::optional<Date> parse_date_as(std::string_view text, DateFormat format);
std::string_view date_format_name(DateFormat format);

// The cell after the field's value map (unchanged when the map does not name it).
std::string_view map_value(const FieldMapping& mapping, std::string_view cell);

}  // namespace icp::analysis
