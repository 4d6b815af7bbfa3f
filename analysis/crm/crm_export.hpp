// CRM exports read through a CrmMapping: the accounts file (raw cells by key) and the
// opportunities file (stage, dates, amount, reason), joined by the account key. Input: CSV
// Sources (source.hpp), read as streams. Output: accounts, opportunities, and every row that could not
// be used, by kind with its line and field (docs/backtest.md "Bad rows"): nothing is
// dropped silently. The tables are held in memory: every deal joins its account.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/crm/crm_mapping.hpp"
#include "analysis/error.hpp"
#include "analysis/source.hpp"
#include "icp/date.hpp"
#include "icp/decimal.hpp"

namespace icp::analysis {

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
  Date valid_from;                 // with history: the date from which the row is in force
};

// The accounts export: one account per key. With a valid-from column (the mapping's
// [accounts] valid_from) it is a history, several rows per account, and `rows` holds each
// account's latest row (the account as it is now, what every other reader sees) while
// `earlier` holds the rows before it.
struct AccountTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<AccountRow> rows;  // sorted by key; one per account (its latest, with history)
  // With history, parallel to `rows`: each account's earlier rows, oldest first. Empty otherwise.
  std::vector<std::vector<AccountRow>> earlier;
  std::optional<std::size_t> valid_from;  // the valid-from column, when the file is a history
  // Malformed rows, empty or duplicate keys (field = key column); with history, duplicate
  // (key, valid-from) pairs and missing or unparsable valid-from dates (field = that column).
  std::vector<BadRow> bad;

  const AccountRow* find(std::string_view key) const;
  std::optional<std::size_t> index_of(std::string_view key) const;
  std::optional<std::size_t> column(std::string_view name) const;

  bool has_history() const { return valid_from.has_value(); }
  // The versions of account `account`, oldest first: 0 .. earlier[account].size() - 1 are
  // its earlier rows and versions(account) - 1 its latest; without history, one.
  std::size_t versions(std::size_t account) const;
  const AccountRow& version(std::size_t account, std::size_t index) const;
  // The version in force on `date`: the latest whose valid-from is on or before it. nullopt
  // when `date` is before the account's first row; without history, always the only row.
  std::optional<std::size_t> version_on(std::size_t account, Date date) const;
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

// Reads the accounts export. False (with `error`) only when it cannot be read or its header
// lacks the key column; bad rows are collected in `bad`.
bool read_accounts(const Source& source, const CrmMapping& mapping, AccountTable& out, Error& error);

// Reads the opportunities export and joins it to `accounts`. False (with `error`) only
// when it cannot be read or its header lacks a mapped column.
bool read_opportunities(const Source& source, const CrmMapping& mapping, const AccountTable& accounts,
                        const Window& window, OpportunityTable& out, Error& error);

// Per-account net retention, by account index: values are decimals, optionally with a
// trailing `%`; higher is better. Cells that are not are bad rows (bad_retention).
struct Retention {
  std::map<std::size_t, Decimal> values;
  std::vector<BadRow> bad;
};
// From a side file (the mapping's [retention] key and value columns)...
bool read_retention(const Source& source, const CrmMapping& mapping, const AccountTable& accounts, Retention& out,
                    Error& error);
// ...or from the accounts file's column named by the mapping's [accounts] retention.
bool retention_from_accounts(const CrmMapping& mapping, const AccountTable& accounts, Retention& out, Error& error);

// Both exports of the validation loop, read through one mapping for one window: what
// `backtest` and `nucleus` run on.
struct CrmExports {
  CrmMapping mapping;
  AccountTable accounts;
  OpportunityTable opportunities;
  Window window;
};
// Reads the accounts, then the opportunities. nullopt with `error` as read_accounts and
// read_opportunities fail.
std::optional<CrmExports> read_exports(CrmMapping mapping, const Source& accounts, const Source& opportunities,
                                       const Window& window, Error& error);

}  // namespace icp::analysis
