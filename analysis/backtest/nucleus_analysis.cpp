// The closed-won analysis behind `icpc nucleus`. Input: joined exports and retention.
// Output: per-account won figures, top-quartile memberships, the nucleus and the
// closed-lost reasons. Every ordering is by key or value, never by container order.
#include "analysis/backtest/nucleus_analysis.hpp"

#include <algorithm>

#include "analysis/backtest/validation_stats.hpp"

namespace icp::analysis {
namespace {

// The columns shown as firmographics: the mapped ones, else every column but the key.
std::vector<std::size_t> firmographic_columns(const CrmMapping& mapping, const AccountTable& accounts) {
  std::vector<std::size_t> columns;
  for (const auto& field : mapping.fields) {
    if (auto column = accounts.column(field.column)) {
      if (std::find(columns.begin(), columns.end(), *column) == columns.end()) columns.push_back(*column);
    }
  }
  if (columns.empty()) {
    for (std::size_t i = 0; i < accounts.header.size(); ++i) {
      if (accounts.header[i] != mapping.account_key) columns.push_back(i);
    }
  }
  std::sort(columns.begin(), columns.end());
  return columns;
}

// The row whose firmographics describe a won account: with a history, the row in force when
// its first won deal was engaged (what the account looked like when it bought, which is what
// a profile seeded from the nucleus is judged on), or its earliest row when that deal came
// before the history; without one, the only row.
const AccountRow& firmographics_row(const AccountTable& accounts, std::size_t account, Date first_won) {
  return accounts.version(account, accounts.version_on(account, first_won).value_or(0));
}

// The fields a reader sees (WonAccount::fields): each mapped field whose column the file
// has, in the file's column order; none mapped: the columns.
struct FieldSource {
  std::string name;
  std::size_t column = 0;
  const FieldMapping* mapping = nullptr;  // null: the cell as exported
};

std::vector<FieldSource> field_sources(const CrmMapping& mapping, const AccountTable& accounts,
                                       const std::vector<std::size_t>& columns) {
  std::vector<FieldSource> sources;
  for (const auto& field : mapping.fields) {
    if (auto column = accounts.column(field.column)) sources.push_back({field.field, *column, &field});
  }
  if (sources.empty()) {
    for (std::size_t column : columns) sources.push_back({accounts.header[column], column, nullptr});
  }
  // Of the fields one column feeds, the one named after it first (`sector`, then `naics`).
  std::stable_sort(sources.begin(), sources.end(), [&](const FieldSource& a, const FieldSource& b) {
    const bool a_own = accounts.header[a.column] == a.name, b_own = accounts.header[b.column] == b.name;
    return a.column != b.column ? a.column < b.column : a_own && !b_own;
  });
  return sources;
}

// The middle value of those present, or the half-even mean of the two middle ones.
std::optional<Decimal> median_of(const std::vector<WonAccount>& accounts, std::optional<Decimal> WonAccount::*value) {
  std::vector<Decimal> values;
  for (const auto& account : accounts) {
    if (account.*value) values.push_back(*(account.*value));
  }
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  if (values.size() % 2 == 1) return values[middle];
  const auto sum = values[middle - 1].add(values[middle]);
  return sum ? sum->div(*Decimal::from_int(2)) : std::nullopt;
}

// A won account's figures from its won deals (their cycles, the engage date of the first):
// average won deal, median cycle, retention, and the firmographics of firmographics_row.
void describe_won(const NucleusInput& input, std::size_t index, std::vector<std::int64_t>& cycles, Date first_won,
                  const std::vector<std::size_t>& columns, const std::vector<FieldSource>& sources,
                  WonAccount& account) {
  account.key = input.accounts.rows[index].key;
  account.average_won = account.won_amount ? average(*account.won_amount, account.won) : std::nullopt;
  std::sort(cycles.begin(), cycles.end());
  account.median_cycle = percentile(cycles, 50);
  if (input.retention != nullptr) {
    const auto& values = input.retention->values;
    if (auto found = values.find(index); found != values.end()) account.retention = found->second;
  }
  const AccountRow& then = firmographics_row(input.accounts, index, first_won);
  for (std::size_t column : columns) account.firmographics.emplace_back(input.accounts.header[column], then.cells[column]);
  for (const auto& source : sources) {
    const std::string& cell = then.cells[source.column];
    account.fields.emplace_back(source.name, source.mapping != nullptr ? map_value(*source.mapping, cell) : cell);
  }
}

std::optional<Decimal> cutoff(const std::vector<WonAccount>& accounts, bool WonAccount::*member,
                              std::optional<Decimal> WonAccount::*value, bool higher_is_better) {
  std::optional<Decimal> result;
  for (const auto& account : accounts) {
    if (!(account.*member) || !(account.*value)) continue;
    const Decimal v = *(account.*value);
    if (!result || (higher_is_better ? v < *result : v > *result)) result = v;
  }
  return result;
}

void mark_quartiles(Nucleus& out) {
  std::vector<std::optional<Decimal>> size, speed, retention;
  for (const auto& account : out.won_accounts) {
    size.push_back(account.average_won);
    speed.push_back(account.median_cycle);
    retention.push_back(account.retention);
  }
  const auto top_size = top_quartile(size, true), top_speed = top_quartile(speed, false),
             top_retention = top_quartile(retention, true);
  for (std::size_t i = 0; i < out.won_accounts.size(); ++i) {
    WonAccount& account = out.won_accounts[i];
    account.top_size = top_size[i];
    account.top_speed = top_speed[i];
    account.top_retention = out.has_retention && top_retention[i];
    if (account.quartiles() >= 2) out.nucleus.push_back(i);
  }
  out.size_cutoff = cutoff(out.won_accounts, &WonAccount::top_size, &WonAccount::average_won, true);
  out.speed_cutoff = cutoff(out.won_accounts, &WonAccount::top_speed, &WonAccount::median_cycle, false);
  if (out.has_retention) {
    out.retention_cutoff = cutoff(out.won_accounts, &WonAccount::top_retention, &WonAccount::retention, true);
  }
}

}  // namespace

Nucleus run_nucleus(const NucleusInput& input) {
  Nucleus out;
  out.accounts_file = input.accounts.file;
  out.opportunities_file = input.opportunities.file;
  out.from = input.from;
  out.to = input.to;
  out.account_count = input.accounts.rows.size();
  out.has_retention = input.retention != nullptr;
  out.has_reasons = !input.mapping.reason.empty();
  out.currency = input.mapping.currency;
  out.opportunity_rows = input.opportunities.rows;
  out.analysed = input.opportunities.opportunities.size();
  out.skipped = input.opportunities.skipped;
  out.bad_rows = input.accounts.bad;
  out.bad_rows.insert(out.bad_rows.end(), input.opportunities.bad.begin(), input.opportunities.bad.end());

  const std::size_t n = input.accounts.rows.size();
  std::vector<WonAccount> per_account(n);
  std::vector<std::vector<std::int64_t>> cycles(n);
  std::vector<std::optional<Date>> first_won(n);
  std::map<std::string, std::size_t> reasons;
  for (const auto& opportunity : input.opportunities.opportunities) {
    WonAccount& account = per_account[opportunity.account];
    if (opportunity.stage == Stage::lost) {
      ++account.lost;
      ++out.lost;
      if (out.has_reasons) ++reasons[opportunity.reason];
    }
    if (opportunity.stage != Stage::won) continue;
    ++account.won;
    if (opportunity.amount && account.won_amount) account.won_amount = account.won_amount->add(*opportunity.amount);
    cycles[opportunity.account].push_back(opportunity.close->days - opportunity.engage.days);
    std::optional<Date>& first = first_won[opportunity.account];
    if (!first || opportunity.engage < *first) first = opportunity.engage;
  }
  const auto columns = firmographic_columns(input.mapping, input.accounts);
  const auto sources = field_sources(input.mapping, input.accounts, columns);
  for (std::size_t i = 0; i < n; ++i) {
    if (per_account[i].won == 0) {
      out.accounts_without_won.push_back(input.accounts.rows[i].key);
      continue;
    }
    describe_won(input, i, cycles[i], *first_won[i], columns, sources, per_account[i]);
    out.won_accounts.push_back(std::move(per_account[i]));
  }
  mark_quartiles(out);
  out.size_median = median_of(out.won_accounts, &WonAccount::average_won);
  out.speed_median = median_of(out.won_accounts, &WonAccount::median_cycle);
  for (const auto& [reason, count] : reasons) out.reasons.push_back({reason, count});
  std::stable_sort(out.reasons.begin(), out.reasons.end(),
                   [](const LossReason& a, const LossReason& b) { return a.count > b.count; });
  if (input.retention != nullptr) {
    out.bad_rows.insert(out.bad_rows.end(), input.retention->bad.begin(), input.retention->bad.end());
  }
  return out;
}

}  // namespace icp::analysis
