// `icpc backtest`'s computation: every opportunity's account evaluated by the profile as of
// the opportunity's engage date, then per-group coverage, win rate, cycle and deal size, and
// the three findings (docs/backtest.md). Input: the program, the joined exports. Output: a
// Backtest, which backtest_render.cpp and backtest_html.cpp render.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/backtest/validation_stats.hpp"
#include "analysis/crm/crm_export.hpp"
#include "analysis/error.hpp"
#include "runtime/format/bytecode.hpp"
#include "runtime/input/decode_csv.hpp"
#include "runtime/input/side_tables.hpp"

namespace icp::analysis {

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
  std::string currency;  // the mapping's ISO 4217 code of the amounts; empty: not given
  std::optional<Date> from, to;
  std::vector<GroupStats> groups;  // tiers in order, then icp, non_icp, excluded, outside_icp, all
  std::vector<Finding> findings;
  std::vector<QuarterCoverage> quarters;  // in date order
  std::vector<RejectedAccount> rejected_accounts;
  std::vector<std::string> accounts_without_opportunities;  // sorted keys
  std::size_t account_count = 0;
  std::size_t evaluations = 0;  // distinct (account, engage date) pairs evaluated
  // The firmographics each deal was judged with (docs/backtest.md "Account history"): with
  // no valid-from column, the accounts file as it is now (today's, whatever the engage
  // date); with one, the account's row in force on the engage date.
  std::string valid_from_column;  // empty: one current row per account
  std::size_t before_history = 0;  // deals engaged before their account's first row: skipped
  // The first of them in file order (at most kBeforeHistoryExamples), so a reader can find them.
  struct BeforeHistory {
    std::size_t line = 0;  // in the opportunities file
    std::string account;
    Date engage, first_row;  // the engage date and the valid-from date of the account's first row
  };
  std::vector<BeforeHistory> before_history_first;
  static constexpr std::size_t kBeforeHistoryExamples = 5;
  // From the exports, for the "rows" section.
  std::string accounts_file, opportunities_file;
  std::size_t opportunity_rows = 0;
  SkippedRows skipped;
  std::vector<BadRow> bad_rows;  // accounts file first, then opportunities, file order
  // Signal and contact rows no account of the export used (vm::SideTables::unused), and how
  // many rows of each side file were not used: a host reports them beside the report (icpc
  // on stderr, as eval does).
  std::vector<vm::SideError> unused_side_rows;
  std::vector<std::size_t> unused_side_rows_per_file;  // SideTables::files() order
  // Fields the mapping names that this profile does not declare (CrmColumns::notes): a host
  // shows them as notes, since one mapping may serve several profiles.
  std::vector<std::string> mapping_notes;

  const GroupStats& group(std::string_view key) const;
};

struct BacktestInput {
  const vm::Program& program;
  const CrmMapping& mapping;
  const AccountTable& accounts;
  const OpportunityTable& opportunities;
  const vm::SideTables* side = nullptr;  // signals and contacts, optional
  std::optional<Date> from, to;
};

// nullopt with `error` when the accounts cannot be mapped onto the profile's schema (a
// mapped column the file lacks, a required field with no column). A mapped field the profile
// lacks is only noted (Backtest::mapping_notes). Accounts the profile rejects are in the report, with their opportunities.
std::optional<Backtest> run_backtest(const BacktestInput& input, Error& error);

}  // namespace icp::analysis
