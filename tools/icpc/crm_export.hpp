// CRM exports read through a CrmMapping: the accounts file (raw cells by key) and the
// opportunities file (stage, dates, amount, reason), joined by the account key. Input: CSV
// read as a stream (csv.hpp). Output: accounts, opportunities, and every row that could not
// be used, by kind with its line and field (docs/backtest.md "Bad rows"): nothing is
// dropped silently. The tables are held in memory: every deal joins its account.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/input/csv.hpp"
#include "icp/date.hpp"
#include "icp/decimal.hpp"
#include "tools/icpc/crm_mapping.hpp"

namespace icp::cli {

// KEEP IN SYNC: bad_row_kind_name and docs/backtest.md "Bad rows".
enum class BadRowKind {
  malformed,            // not well-formed CSV, or the wrong number of cells
  missing_account,      // a closed deal with an empty account key
  unknown_account,      // the key names no row of the accounts file (or a rejected one)
  unknown_stage,        // a stage value the mapping does not list
  bad_date,             // an engage or close date that does not parse
  missing_date,         // a closed deal without engage or close date
  close_before_engage,  // close date earlier than engage date
  future_date,          // a date after the reference date (today)
  missing_amount,       // a won deal without amount
  bad_amount,           // an amount that is not a decimal number
  bad_retention,        // a net retention that is not a decimal (or a percentage)
};
std::string_view bad_row_kind_name(BadRowKind kind);

struct BadRow {
  BadRowKind kind;
  std::string file;
  std::size_t line = 0;
  std::string field;  // the column, empty for a malformed row
  std::string found;  // the offending cell (or the CSV error)
};

struct AccountRow {
  std::string key;
  std::size_t line = 0;
  std::vector<std::string> cells;  // as in the file, parallel to AccountTable::header
};

struct AccountTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<AccountRow> rows;  // sorted by key
  std::vector<BadRow> bad;       // malformed rows, empty or duplicate keys (field = key column)

  const AccountRow* find(std::string_view key) const;
  std::optional<std::size_t> index_of(std::string_view key) const;
  std::optional<std::size_t> column(std::string_view name) const;
};

enum class Stage { won, lost, open };

struct Opportunity {
  std::size_t line = 0;
  std::string id;          // from the mapping's `id` column, else empty
  std::size_t account = 0; // index into AccountTable::rows
  Stage stage = Stage::open;
  Date engage;
  std::optional<Date> close;     // set for won and lost deals
  std::optional<Decimal> amount; // set for won deals (and others when present)
  std::string reason;            // the closed-lost reason cell, when mapped
};

// Rows that are valid but outside the analysis, counted so the totals add up.
struct SkippedRows {
  std::size_t open_without_account = 0;  // open deals not yet tied to an account
  std::size_t not_engaged = 0;           // open deals without an engage date
  std::size_t before_window = 0;         // engaged before --from
  std::size_t after_window = 0;          // engaged after --to
  std::size_t closed_after_window = 0;   // closed after --to: counted as open
};

struct OpportunityTable {
  std::string file;
  std::size_t rows = 0;  // data rows read, good or bad
  std::vector<Opportunity> opportunities;  // file order
  std::vector<BadRow> bad;                 // file order
  SkippedRows skipped;
};

struct Window {
  std::optional<Date> from, to;  // engage dates, both inclusive
  Date today;                    // dates after it are in the future
};

// Reads the accounts export. False (with `error`) only when the file cannot be read or its
// header lacks the key column; bad rows are collected in `bad`.
bool read_accounts(const std::string& path, vm::CsvReader& reader, const CrmMapping& mapping, AccountTable& out,
                   std::string& error);

// Reads the opportunities export and joins it to `accounts`. False (with `error`) only
// when the header lacks a mapped column.
bool read_opportunities(const std::string& path, vm::CsvReader& reader, const CrmMapping& mapping,
                        const AccountTable& accounts, const Window& window, OpportunityTable& out,
                        std::string& error);

// Per-account net retention from a column of the accounts file or from a side file
// (key, value). Values are decimals, optionally with a trailing `%`; higher is better.
bool read_retention(const std::string& path, vm::CsvReader& reader, const CrmMapping& mapping,
                    const AccountTable& accounts, std::map<std::size_t, Decimal>& out, std::vector<BadRow>& bad,
                    std::string& error);
bool retention_from_accounts(const CrmMapping& mapping, const AccountTable& accounts,
                             std::map<std::size_t, Decimal>& out, std::vector<BadRow>& bad, std::string& error);

// The same exports from text in memory (tests).
bool read_accounts(const std::string& path, std::string_view text, const CrmMapping& mapping, AccountTable& out,
                   std::string& error);
bool read_opportunities(const std::string& path, std::string_view text, const CrmMapping& mapping,
                        const AccountTable& accounts, const Window& window, OpportunityTable& out,
                        std::string& error);

// Opens `path` and hands `read` a reader over it: the file is read as a stream, not whole.
// False with `error` when it cannot be opened or read, or when `read` fails.
bool read_export(const std::string& path, const std::function<bool(vm::CsvReader&)>& read, std::string& error);

}  // namespace icp::cli
