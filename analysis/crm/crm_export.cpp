// Reads CRM exports through the mapping and joins opportunities to accounts. Input: CSV text
// of the accounts, opportunities and retention files. Output: tables plus every unusable row
// by kind, line and field (docs/backtest.md "Bad rows"), so totals always add up.
#include "analysis/crm/crm_export.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/input/csv.hpp"

namespace icp::analysis {
namespace {

std::optional<std::size_t> find_column(const std::vector<std::string>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

// The first row of the file; false when there is none or it is not well-formed.
bool read_header(vm::CsvReader& reader, std::vector<std::string>& header) {
  vm::CsvRow row;
  vm::CsvError error;
  if (reader.next(row, error) != vm::CsvReader::Result::row) return false;
  header.clear();
  for (std::size_t i = 0; i < row.size(); ++i) header.emplace_back(row[i]);
  return true;
}

bool contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Reads the rows after the header; calls `on_row(cells, line)` for well-formed rows of the
// header's width. A row the reader refuses is a malformed bad row (the column named when it
// is not UTF-8), and reading goes on.
template <typename OnRow>
void read_rows(const std::string& path, vm::CsvReader& reader, const std::vector<std::string>& header,
               std::vector<BadRow>& bad, std::size_t& rows, OnRow on_row) {
  vm::CsvRow row;
  vm::CsvError error;
  std::vector<std::string> cells;
  for (auto result = reader.next(row, error); result != vm::CsvReader::Result::end; result = reader.next(row, error)) {
    ++rows;
    if (result == vm::CsvReader::Result::error) {
      const bool named = error.kind == vm::CsvError::Kind::invalid_utf8 && row.size() == header.size();
      bad.push_back({BadRowKind::malformed, path, error.line, named ? header[error.cell] : "", error.message});
      continue;
    }
    if (row.size() != header.size()) {
      bad.push_back({BadRowKind::malformed, path, row.line(), "",
                     fmt::format("{} cells, the header has {}", row.size(), header.size())});
      continue;
    }
    cells.assign(row.size(), std::string());
    for (std::size_t i = 0; i < row.size(); ++i) cells[i] = std::string(row[i]);
    on_row(cells, row.line());
  }
}

struct OpportunityColumns {
  std::size_t key, stage, engage, close, amount;
  std::optional<std::size_t> id, reason;
};

bool opportunity_columns(const std::string& path, const std::vector<std::string>& header, const CrmMapping& mapping,
                         OpportunityColumns& out, Error& error) {
  auto missing = [&](const std::string& name) {
    error = Error{
        .file = path, .message = fmt::format("no column `{}` in the header", name), .hint = MappingHint::columns};
    return false;
  };
  const std::pair<const std::string*, std::size_t*> required[] = {
      {&mapping.opportunity_key, &out.key}, {&mapping.stage, &out.stage},   {&mapping.engage_date, &out.engage},
      {&mapping.close_date, &out.close},    {&mapping.amount, &out.amount}};
  for (const auto& [name, slot] : required) {
    auto found = find_column(header, *name);
    if (!found) return missing(*name);
    *slot = *found;
  }
  for (const auto& [name, slot] : {std::pair{&mapping.opportunity_id, &out.id}, std::pair{&mapping.reason, &out.reason}}) {
    if (name->empty()) continue;
    *slot = find_column(header, *name);
    if (!*slot) return missing(*name);
  }
  return true;
}

// One data row of the opportunities file: a good opportunity, a skipped row or a bad row.
struct OpportunityReader {
  const std::string& path;
  const CrmMapping& mapping;
  const AccountTable& accounts;
  const Window& window;
  const OpportunityColumns& columns;
  OpportunityTable& out;

  void bad(BadRowKind kind, std::size_t line, std::size_t column, const std::vector<std::string>& header,
           std::string_view found) {
    out.bad.push_back({kind, path, line, header[column], std::string(found)});
  }

  std::optional<Stage> stage_of(std::string_view value) const {
    if (contains(mapping.won, value)) return Stage::won;
    if (contains(mapping.lost, value)) return Stage::lost;
    if (mapping.open.empty() ? !value.empty() : contains(mapping.open, value)) return Stage::open;
    return std::nullopt;
  }

  // Parses an optional date cell; false (bad row recorded) when present but invalid or future.
  bool date(const std::vector<std::string>& cells, const std::vector<std::string>& header, std::size_t column,
            std::size_t line, std::optional<Date>& out_date) {
    out_date.reset();
    if (cells[column].empty()) return true;
    out_date = parse_date_as(cells[column], mapping.date_format);
    if (!out_date) {
      bad(BadRowKind::bad_date, line, column, header, cells[column]);
      return false;
    }
    if (*out_date > window.today) {
      bad(BadRowKind::future_date, line, column, header, cells[column]);
      return false;
    }
    return true;
  }

  void row(const std::vector<std::string>& cells, const std::vector<std::string>& header, std::size_t line);
};

void OpportunityReader::row(const std::vector<std::string>& cells, const std::vector<std::string>& header,
                            std::size_t line) {
  const auto stage = stage_of(cells[columns.stage]);
  if (!stage) return bad(BadRowKind::unknown_stage, line, columns.stage, header, cells[columns.stage]);
  std::optional<Date> engage, close;
  if (!date(cells, header, columns.engage, line, engage) || !date(cells, header, columns.close, line, close)) return;
  const std::string& key = cells[columns.key];
  const bool closed = *stage != Stage::open;
  if (key.empty()) {
    if (closed) return bad(BadRowKind::missing_account, line, columns.key, header, key);
    ++out.skipped.open_without_account;
    return;
  }
  const auto account = accounts.index_of(key);
  if (!account) return bad(BadRowKind::unknown_account, line, columns.key, header, key);
  if (closed && !engage) return bad(BadRowKind::missing_date, line, columns.engage, header, "");
  if (closed && !close) return bad(BadRowKind::missing_date, line, columns.close, header, "");
  if (engage && close && *close < *engage) {
    return bad(BadRowKind::close_before_engage, line, columns.close, header, cells[columns.close]);
  }
  std::optional<Decimal> amount;
  const std::string& amount_cell = cells[columns.amount];
  if (!amount_cell.empty()) {
    amount = Decimal::parse(amount_cell);
    if (!amount) return bad(BadRowKind::bad_amount, line, columns.amount, header, amount_cell);
  } else if (*stage == Stage::won) {
    return bad(BadRowKind::missing_amount, line, columns.amount, header, "");
  }
  if (!engage) {
    ++out.skipped.not_engaged;
    return;
  }
  if (window.from && *engage < *window.from) {
    ++out.skipped.before_window;
    return;
  }
  if (window.to && *engage > *window.to) {
    ++out.skipped.after_window;
    return;
  }
  Opportunity opportunity{line, columns.id ? cells[*columns.id] : std::string(), *account, *stage, *engage, close,
                          amount, columns.reason ? cells[*columns.reason] : std::string()};
  if (window.to && close && *close > *window.to) {
    // Its outcome was not known at the end of the window.
    ++out.skipped.closed_after_window;
    opportunity.stage = Stage::open;
    opportunity.close.reset();
  }
  out.opportunities.push_back(std::move(opportunity));
}

// A retention cell: a decimal, optionally followed by `%`.
std::optional<Decimal> parse_retention(std::string_view cell) {
  if (cell.ends_with('%')) cell.remove_suffix(1);
  return Decimal::parse(cell);
}

}  // namespace

std::string_view bad_row_kind_name(BadRowKind kind) {
  switch (kind) {
    case BadRowKind::malformed: return "malformed";
    case BadRowKind::missing_account: return "missing_account";
    case BadRowKind::unknown_account: return "unknown_account";
    case BadRowKind::unknown_stage: return "unknown_stage";
    case BadRowKind::bad_date: return "bad_date";
    case BadRowKind::missing_date: return "missing_date";
    case BadRowKind::close_before_engage: return "close_before_engage";
    case BadRowKind::future_date: return "future_date";
    case BadRowKind::missing_amount: return "missing_amount";
    case BadRowKind::bad_amount: return "bad_amount";
    case BadRowKind::bad_retention: return "bad_retention";
  }
  return "malformed";
}

const AccountRow* AccountTable::find(std::string_view key) const {
  auto index = index_of(key);
  return index ? &rows[*index] : nullptr;
}

std::optional<std::size_t> AccountTable::index_of(std::string_view key) const {
  auto found = std::lower_bound(rows.begin(), rows.end(), key,
                                [](const AccountRow& row, std::string_view k) { return row.key < k; });
  if (found == rows.end() || found->key != key) return std::nullopt;
  return static_cast<std::size_t>(found - rows.begin());
}

std::optional<std::size_t> AccountTable::column(std::string_view name) const { return find_column(header, name); }

std::size_t AccountTable::versions(std::size_t account) const {
  return has_history() ? earlier[account].size() + 1 : 1;
}

const AccountRow& AccountTable::version(std::size_t account, std::size_t index) const {
  return has_history() && index < earlier[account].size() ? earlier[account][index] : rows[account];
}

std::optional<std::size_t> AccountTable::version_on(std::size_t account, Date date) const {
  if (!has_history()) return 0;
  const std::vector<AccountRow>& before = earlier[account];
  if (rows[account].valid_from <= date) return before.size();
  // The first earlier row that starts after `date`; the one before it is in force.
  const auto after = std::upper_bound(before.begin(), before.end(), date,
                                      [](Date d, const AccountRow& row) { return d < row.valid_from; });
  if (after == before.begin()) return std::nullopt;
  return static_cast<std::size_t>(after - before.begin()) - 1;
}

namespace {

Error no_header(const std::string& path) { return Error{.file = path, .message = "no header row"}; }

// A history row's valid-from cell, in the accounts' date format. False (a bad row recorded,
// naming the column) when it is empty or not a real date: the row cannot be placed in time.
bool valid_from_of(const CrmMapping& mapping, const std::string& cell, const std::string& path, std::size_t line,
                   Date& out, std::vector<BadRow>& bad) {
  if (cell.empty()) {
    bad.push_back({BadRowKind::missing_date, path, line, mapping.account_valid_from, ""});
    return false;
  }
  const auto date = parse_date_as(cell, mapping.account_dates());
  if (!date) {
    bad.push_back({BadRowKind::bad_date, path, line, mapping.account_valid_from, cell});
    return false;
  }
  out = *date;
  return true;
}

// Appends a row of the accounts sorted by key (and valid-from): a new account, a later
// version of the last one (history), or a duplicate, which is a bad row.
void add_account_row(const CrmMapping& mapping, const std::string& path, AccountRow row, AccountTable& out) {
  const bool history = out.valid_from.has_value();
  if (out.rows.empty() || out.rows.back().key != row.key) {
    out.rows.push_back(std::move(row));
    if (history) out.earlier.emplace_back();
    return;
  }
  AccountRow& latest = out.rows.back();
  if (!history) {
    out.bad.push_back({BadRowKind::malformed, path, row.line, mapping.account_key,
                       fmt::format("duplicate key `{}` (first on line {})", row.key, latest.line)});
    return;
  }
  if (latest.valid_from == row.valid_from) {
    out.bad.push_back({BadRowKind::malformed, path, row.line, mapping.account_valid_from,
                       fmt::format("duplicate row for `{}` valid from {} (first on line {})", row.key,
                                   row.cells[*out.valid_from], latest.line)});
    return;
  }
  out.earlier.back().push_back(std::move(latest));
  latest = std::move(row);
}

bool read_accounts_from(const std::string& path, vm::CsvReader& reader, const CrmMapping& mapping,
                        AccountTable& out, Error& error) {
  out.file = path;
  if (!read_header(reader, out.header)) {
    error = no_header(path);
    return false;
  }
  const auto key = find_column(out.header, mapping.account_key);
  if (!key) {
    error = Error{.file = path,
                  .message = fmt::format("no account key column `{}` in the header", mapping.account_key),
                  .hint = MappingHint::columns};
    return false;
  }
  if (!mapping.account_valid_from.empty()) {
    out.valid_from = find_column(out.header, mapping.account_valid_from);
    if (!out.valid_from) {
      error = Error{.file = path,
                    .message = fmt::format("no valid-from column `{}` in the header", mapping.account_valid_from),
                    .hint = MappingHint::columns};
      return false;
    }
  }
  std::size_t rows = 0;
  std::vector<AccountRow> all;
  read_rows(path, reader, out.header, out.bad, rows, [&](std::vector<std::string>& cells, std::size_t line) {
    if (cells[*key].empty()) {
      out.bad.push_back({BadRowKind::missing_account, path, line, mapping.account_key, ""});
      return;
    }
    AccountRow row{cells[*key], line, {}, {}};
    if (out.valid_from && !valid_from_of(mapping, cells[*out.valid_from], path, line, row.valid_from, out.bad)) return;
    row.cells = std::move(cells);
    all.push_back(std::move(row));
  });
  // Stable: of two rows with the same key (and valid-from), the first in the file is kept.
  std::stable_sort(all.begin(), all.end(), [](const AccountRow& a, const AccountRow& b) {
    return a.key != b.key ? a.key < b.key : a.valid_from < b.valid_from;
  });
  for (auto& row : all) add_account_row(mapping, path, std::move(row), out);
  std::sort(out.bad.begin(), out.bad.end(), [](const BadRow& a, const BadRow& b) { return a.line < b.line; });
  return true;
}

bool read_opportunities_from(const std::string& path, vm::CsvReader& reader, const CrmMapping& mapping,
                             const AccountTable& accounts, const Window& window, OpportunityTable& out,
                             Error& error) {
  out.file = path;
  std::vector<std::string> header;
  if (!read_header(reader, header)) {
    error = no_header(path);
    return false;
  }
  OpportunityColumns columns{};
  if (!opportunity_columns(path, header, mapping, columns, error)) return false;
  OpportunityReader opportunities{path, mapping, accounts, window, columns, out};
  read_rows(path, reader, header, out.bad, out.rows,
            [&](const std::vector<std::string>& cells, std::size_t line) { opportunities.row(cells, header, line); });
  return true;
}

bool read_retention_from(const std::string& path, vm::CsvReader& reader, const CrmMapping& mapping,
                         const AccountTable& accounts, Retention& out, Error& error) {
  std::vector<std::string> header;
  read_header(reader, header);
  const auto key = find_column(header, mapping.retention_key), value = find_column(header, mapping.retention_value);
  if (!key || !value) {
    error = Error{.file = path,
                  .message = fmt::format("the header needs the columns `{}` and `{}`", mapping.retention_key,
                                         mapping.retention_value),
                  .hint = MappingHint::retention_columns};
    return false;
  }
  std::size_t rows = 0;
  read_rows(path, reader, header, out.bad, rows, [&](const std::vector<std::string>& cells, std::size_t line) {
    auto account = accounts.index_of(cells[*key]);
    if (!account) {
      out.bad.push_back({BadRowKind::unknown_account, path, line, mapping.retention_key, cells[*key]});
      return;
    }
    auto parsed = parse_retention(cells[*value]);
    if (!parsed) {
      out.bad.push_back({BadRowKind::bad_retention, path, line, mapping.retention_value, cells[*value]});
      return;
    }
    out.values[*account] = *parsed;
  });
  return true;
}

}  // namespace

bool read_accounts(const Source& source, const CrmMapping& mapping, AccountTable& out, Error& error) {
  return read_csv(
      source, [&](vm::CsvReader& reader) { return read_accounts_from(source.name, reader, mapping, out, error); },
      error);
}

bool read_opportunities(const Source& source, const CrmMapping& mapping, const AccountTable& accounts,
                        const Window& window, OpportunityTable& out, Error& error) {
  return read_csv(
      source,
      [&](vm::CsvReader& reader) {
        return read_opportunities_from(source.name, reader, mapping, accounts, window, out, error);
      },
      error);
}

bool read_retention(const Source& source, const CrmMapping& mapping, const AccountTable& accounts, Retention& out,
                    Error& error) {
  return read_csv(
      source,
      [&](vm::CsvReader& reader) { return read_retention_from(source.name, reader, mapping, accounts, out, error); },
      error);
}

bool retention_from_accounts(const CrmMapping& mapping, const AccountTable& accounts, Retention& out, Error& error) {
  auto column = accounts.column(mapping.account_retention);
  if (!column) {
    error = Error{.file = accounts.file,
                  .message = fmt::format("no retention column `{}` in the header", mapping.account_retention),
                  .hint = MappingHint::columns};
    return false;
  }
  for (std::size_t i = 0; i < accounts.rows.size(); ++i) {
    const std::string& cell = accounts.rows[i].cells[*column];
    if (cell.empty()) continue;  // no retention known for this account
    if (auto value = parse_retention(cell)) {
      out.values[i] = *value;
    } else {
      out.bad.push_back(
          {BadRowKind::bad_retention, accounts.file, accounts.rows[i].line, mapping.account_retention, cell});
    }
  }
  return true;
}

std::optional<CrmExports> read_exports(CrmMapping mapping, const Source& accounts, const Source& opportunities,
                                       const Window& window, Error& error) {
  CrmExports exports{std::move(mapping), {}, {}, window};
  if (!read_accounts(accounts, exports.mapping, exports.accounts, error) ||
      !read_opportunities(opportunities, exports.mapping, exports.accounts, window, exports.opportunities, error)) {
    return std::nullopt;
  }
  return exports;
}

}  // namespace icp::analysis
