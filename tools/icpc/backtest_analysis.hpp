// `icpc backtest`'s computation: every opportunity's account evaluated by the profile as of
// the opportunity's engage date, then per-group coverage, win rate, cycle and deal size, and
// the three findings (docs/backtest.md). Input: the program, the joined exports. Output: a
// Backtest, which backtest_render.cpp and report_html.cpp print.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/format/bytecode.hpp"
#include "runtime/input/decode_csv.hpp"
#include "tools/icpc/crm_export.hpp"
#include "tools/icpc/validation_stats.hpp"

namespace icp::cli {

struct GroupStats {
  std::string key;    // "tier_1", "icp", "non_icp", "excluded", "outside_icp", "all"
  std::string label;  // "tier 1 Perfect fit", "ICP (any tier)", ...
  std::size_t opportunities = 0, won = 0, lost = 0, open = 0;
  // Sum of won amounts; nullopt once it leaves Decimal's range (shown as such, never a
  // sum with an amount left out).
  std::optional<Decimal> won_amount = Decimal();
  std::vector<std::int64_t> cycles;  // days engage -> close of closed deals, sorted

  std::size_t closed() const { return won + lost; }
  std::optional<Interval> win_interval() const;
  std::optional<Decimal> win_rate_percent() const;  // won / closed · 100, half-even
  std::optional<Decimal> share_percent(std::size_t total) const;
  std::optional<Decimal> median_cycle() const;
  std::optional<Decimal> p75_cycle() const;
  std::optional<Decimal> average_won() const;
};

enum class FindingStatus { present, absent, undetermined };

struct Finding {
  std::string key;      // "profile_too_loose", "activation_problem", "signals_wrong"
  std::string title;
  FindingStatus status = FindingStatus::undetermined;
  std::string detail;   // the figures that decided it, in words
};

struct QuarterCoverage {
  std::string quarter;  // "2017-Q1"
  std::size_t icp = 0, total = 0;
};

// An account the profile could not decode, with the opportunities it took out of the count.
struct RejectedAccount {
  std::string key;
  std::size_t line = 0;
  vm::DecodeError error;
  std::size_t opportunities = 0;
};

struct Backtest {
  std::string profile, version, program_id;
  std::optional<Date> from, to;
  std::vector<GroupStats> groups;  // tiers in order, then icp, non_icp, excluded, outside_icp, all
  std::vector<Finding> findings;
  std::vector<QuarterCoverage> quarters;  // in date order
  std::vector<RejectedAccount> rejected_accounts;
  std::vector<std::string> accounts_without_opportunities;  // sorted keys
  std::size_t account_count = 0;
  std::size_t evaluations = 0;  // distinct (account, engage date) pairs evaluated
  // From the exports, for the "rows" section.
  std::string accounts_file, opportunities_file;
  std::size_t opportunity_rows = 0;
  SkippedRows skipped;
  std::vector<BadRow> bad_rows;  // accounts file first, then opportunities, file order

  const GroupStats& group(std::string_view key) const;
};

// The accounts table as the profile's decoder sees it: the mapped columns renamed to field
// names and their cells passed through the value maps. False with `error` when the mapping
// names a column the file lacks or a field the profile does not declare.
class MappedAccounts {
 public:
  bool build(const vm::Program& program, const CrmMapping& mapping, const AccountTable& accounts,
             std::string& error);
  const vm::CsvRow& header() const { return rows_.front(); }
  const vm::CsvRow& row(std::size_t account) const { return rows_[account + 1]; }

 private:
  std::vector<vm::CsvRow> rows_;  // the header, then one per account in AccountTable order
};

struct BacktestInput {
  const vm::Program& program;
  const CrmMapping& mapping;
  const AccountTable& accounts;
  const OpportunityTable& opportunities;
  const vm::SideTables* side = nullptr;  // signals and contacts, optional
  std::optional<Date> from, to;
};

// False with `error` when the accounts cannot be mapped onto the profile's schema.
bool run_backtest(const BacktestInput& input, Backtest& out, std::string& error);

}  // namespace icp::cli
