// One export target over decision lines (see export_run.hpp). Input: config, target,
// decisions, accounts, old decisions. Output: the CSV (csv_writer.hpp) and its counts.
#include "analysis/export/export_run.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include "analysis/csv_writer.hpp"

namespace icp::analysis {
namespace {

// Where each column's cell comes from in the accounts export, resolved once.
struct Resolved {
  std::vector<std::optional<std::size_t>> account_columns;  // per target column
  bool needs_accounts = false;
};

Error config_error(const ExportInput& input, const ExportColumn& column, std::string message) {
  return Error{input.config.file, column.line, column.column, std::move(message)};
}

std::optional<Resolved> resolve(const ExportInput& input, Error& error) {
  Resolved out;
  for (const ExportColumn& column : input.target.columns) {
    std::string name;
    switch (column.field) {
      case ExportField::name: name = input.config.name; break;  // empty: the account id
      case ExportField::domain:
        name = input.config.domain;
        if (name.empty()) {
          error = config_error(input, column, fmt::format("column `{}` reads the account's domain: name its column "
                                                          "with [accounts] domain", column.header));
          return std::nullopt;
        }
        break;
      case ExportField::owner:
        name = input.owner_column;
        if (name.empty()) {
          error = config_error(input, column, fmt::format("column `{}` reads the account's owner: name its column with "
                                                          "[accounts] owner (or the mapping's)", column.header));
          return std::nullopt;
        }
        break;
      case ExportField::account_column: name = column.account_column; break;
      default: break;
    }
    if (name.empty()) {
      out.account_columns.emplace_back();
      continue;
    }
    if (input.accounts == nullptr) {
      error = config_error(input, column, fmt::format("column `{}` reads the accounts export (column `{}`): give it "
                                                      "with --accounts", column.header, name));
      return std::nullopt;
    }
    const std::optional<std::size_t> index = input.accounts->column(name);
    if (!index) {
      error = config_error(input, column, fmt::format("column `{}`: the accounts export `{}` has no column `{}`",
                                                      column.header, input.accounts->file, name));
      return std::nullopt;
    }
    out.account_columns.push_back(index);
    out.needs_accounts = true;
  }
  return out;
}

bool selected(ExportSelect select, const DecisionLine& decision) {
  switch (select) {
    case ExportSelect::all: return true;
    case ExportSelect::tier: return decision.verdict == "tier";
    case ExportSelect::queue: return decision.action == "queue";
    case ExportSelect::cadence: return !decision.cadence.empty();
  }
  return true;
}

std::string decision_cell(ExportField field, const DecisionLine& d) {
  switch (field) {
    case ExportField::id: return d.id;
    case ExportField::verdict: return d.verdict;
    case ExportField::tier: return d.tier;
    case ExportField::tier_label: return d.tier_label;
    case ExportField::excluded_by: return d.excluded_by;
    case ExportField::score: return d.score;
    case ExportField::action: return d.action;
    case ExportField::queue: return d.queue;
    case ExportField::route: return d.action == "queue" ? d.queue : d.action;
    case ExportField::sla: return d.sla;
    case ExportField::cadence: return d.cadence;
    case ExportField::rule: return d.rule;
    case ExportField::profile: return d.profile;
    case ExportField::version: return d.version;
    case ExportField::program: return d.program;
    case ExportField::as_of: return d.as_of;
    case ExportField::name: return d.id;  // no [accounts] name: the account key
    case ExportField::domain:
    case ExportField::owner:
    case ExportField::account_column: break;
  }
  return {};
}

class RowMaker {
 public:
  RowMaker(const ExportInput& input, const Resolved& resolved) : input_(input), resolved_(resolved) {}

  // The row's cells; `missing` set when the accounts export has no row for the account.
  std::vector<std::string> cells(const DecisionLine& decision, bool& missing) const {
    missing = false;
    const AccountRow* account = resolved_.needs_accounts ? input_.accounts->find(decision.id) : nullptr;
    missing = resolved_.needs_accounts && account == nullptr;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < input_.target.columns.size(); ++i) {
      const std::optional<std::size_t>& column = resolved_.account_columns[i];
      if (column) {
        out.push_back(account != nullptr ? account->cells[*column] : std::string());
      } else {
        out.push_back(decision_cell(input_.target.columns[i].field, decision));
      }
    }
    return out;
  }

  // The cells --changed-since compares: every column but the provenance ones.
  std::vector<std::string> compared(const std::vector<std::string>& cells) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (!is_provenance(input_.target.columns[i].field)) out.push_back(cells[i]);
    }
    return out;
  }

 private:
  const ExportInput& input_;
  const Resolved& resolved_;
};

// The old decisions' compared cells, by account id (selected accounts only). An account
// decided twice counts by its first line, as in the decisions exported: else a later line
// selected where the first is not would count as exported before, and as gone now.
std::map<std::string, std::vector<std::string>, std::less<>> old_rows(const ExportInput& input, const RowMaker& rows) {
  std::map<std::string, std::vector<std::string>, std::less<>> out;
  std::set<std::string, std::less<>> seen;
  for (const DecisionLine& decision : input.old->lines) {
    if (!seen.insert(decision.id).second || !selected(input.target.select, decision)) continue;
    bool missing = false;
    out.emplace(decision.id, rows.compared(rows.cells(decision, missing)));
  }
  return out;
}

}  // namespace

std::optional<ExportResult> run_export(const ExportInput& input, Error& error) {
  error = Error{};
  const std::optional<Resolved> resolved = resolve(input, error);
  if (!resolved) return std::nullopt;
  const RowMaker rows(input, *resolved);
  std::map<std::string, std::vector<std::string>, std::less<>> old;
  if (input.old != nullptr) old = old_rows(input, rows);
  ExportResult out;
  CsvWriter csv(CsvStyle{.guard_formulas = input.target.guard_formulas});
  std::vector<std::string> header;
  for (const ExportColumn& column : input.target.columns) header.push_back(column.header);
  csv.row(header);
  std::map<std::string, std::size_t, std::less<>> seen;  // id -> line
  std::set<std::string, std::less<>> now_selected;
  for (const DecisionLine& decision : input.decisions.lines) {
    ++out.decisions;
    if (auto [at, fresh] = seen.emplace(decision.id, decision.line); !fresh) {
      out.problems.push_back(fmt::format("{}:{}: account `{}` is decided twice (first on line {}): only the first is "
                                         "exported", input.decisions.file, decision.line, decision.id, at->second));
      continue;
    }
    if (!selected(input.target.select, decision)) continue;
    ++out.selected;
    now_selected.insert(decision.id);
    bool missing = false;
    std::vector<std::string> cells = rows.cells(decision, missing);
    if (missing) {
      out.problems.push_back(fmt::format("{}:{}: account `{}` is not in the accounts export `{}`: its account columns "
                                         "are empty", input.decisions.file, decision.line, decision.id,
                                         input.accounts->file));
    }
    if (input.old != nullptr) {
      const auto before = old.find(decision.id);
      if (before != old.end() && before->second == rows.compared(cells)) {
        ++out.unchanged;
        continue;
      }
    }
    csv.row(cells);
    ++out.written;
  }
  for (const auto& [id, cells] : old) out.gone += now_selected.contains(id) ? 0 : 1;
  out.csv = csv.bytes();
  return out;
}

}  // namespace icp::analysis
