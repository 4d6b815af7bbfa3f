// Evaluates each opportunity's account as of its engage date and aggregates the groups and
// findings of `icpc backtest`. Input: program, mapping, joined exports. Output: a Backtest.
// Decisions are cached per (account, engage date): the same pair always gives the same one.
#include "analysis/backtest/backtest_analysis.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "analysis/backtest/mapped_accounts.hpp"
#include "analysis/backtest/report_parts.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::analysis {
namespace {

std::string quarter_of(Date date) {
  int year = 0, month = 0, day = 0;
  civil_from_date(date, year, month, day);
  return fmt::format("{}-Q{}", year, (month - 1) / 3 + 1);
}

// Where one opportunity lands: its tier (1-based, 0 for none) and verdict.
struct Placement {
  vm::Verdict verdict = vm::Verdict::no_fit;
  std::int32_t tier = 0;
};

// Decides each opportunity's account as of its engage date, with the account's row in force
// then. Decisions are cached per (account, engage date), and an account row the profile
// rejects is decoded once: its later opportunities are counted against it.
class Placer {
 public:
  Placer(const BacktestInput& input, const MappedAccounts& mapped, vm::CsvAccountDecoder& decoder)
      : input_(input), mapped_(mapped), decoder_(decoder), evaluator_(input.program) {}

  // nullopt when the opportunity is not placed: its account row was rejected (counted in
  // rejected()), or it was engaged before its account's history begins (the caller counts it).
  std::optional<Placement> place(const Opportunity& opportunity, std::size_t version) {
    const auto key = std::pair{opportunity.account, opportunity.engage.days};
    if (auto found = cache_.find(key); found != cache_.end()) return found->second;
    const auto row = std::pair{opportunity.account, version};
    if (auto bad = rejected_.find(row); bad != rejected_.end()) {
      ++bad->second.opportunities;
      return std::nullopt;
    }
    vm::DecodeError error;
    if (!decoder_.decode(mapped_.row(opportunity.account, version), opportunity.engage, record_, error)) {
      const AccountRow& account = input_.accounts.version(opportunity.account, version);
      rejected_[row] = RejectedAccount{account.key, account.line, error, 1};
      return std::nullopt;
    }
    const vm::Decision& decision = evaluator_.evaluate(record_, opportunity.engage, false);
    return cache_.emplace(key, Placement{decision.verdict, decision.fit_tier}).first->second;
  }

  std::size_t evaluations() const { return cache_.size(); }
  // In key order, then oldest row first.
  std::vector<RejectedAccount> rejected() {
    std::vector<RejectedAccount> out;
    for (auto& [row, account] : rejected_) out.push_back(std::move(account));
    return out;
  }

 private:
  const BacktestInput& input_;
  const MappedAccounts& mapped_;
  vm::CsvAccountDecoder& decoder_;
  vm::Evaluator evaluator_;
  vm::Record record_;
  std::map<std::pair<std::size_t, std::int32_t>, Placement> cache_;
  std::map<std::pair<std::size_t, std::size_t>, RejectedAccount> rejected_;  // by (account, version)
};

void add(GroupStats& group, const Opportunity& opportunity) {
  ++group.opportunities;
  switch (opportunity.stage) {
    case Stage::won:
      ++group.won;
      if (opportunity.amount && group.won_amount) group.won_amount = group.won_amount->add(*opportunity.amount);
      break;
    case Stage::lost: ++group.lost; break;
    case Stage::open: ++group.open; break;
  }
  if (opportunity.stage != Stage::open && opportunity.close) {
    group.cycles.push_back(opportunity.close->days - opportunity.engage.days);
  }
}

std::string rate_text(const GroupStats& group) {
  const auto interval = group.win_interval();
  if (!interval) return fmt::format("{} has no closed deals", group.label);
  return fmt::format("{} wins {}/{} = {}% (95% CI {:.1f}%–{:.1f}%)", group.label, group.won, group.closed(),
                     format_fixed(*group.win_rate_percent(), 1), interval->low * 100, interval->high * 100);
}

Finding too_loose(const GroupStats& icp, const GroupStats& outside) {
  Finding finding{"profile_too_loose", "ICP win rate not meaningfully above the rest: the profile is too loose", {}, {}};
  const auto a = icp.win_interval(), b = outside.win_interval();
  finding.detail = rate_text(icp) + "; " + rate_text(outside);
  if (!a || !b) return finding;
  // Meaningfully above: the ICP's interval lies wholly above the other's (no overlap).
  finding.status = a->low > b->high ? FindingStatus::absent : FindingStatus::present;
  return finding;
}

Finding activation(const GroupStats& icp, const GroupStats& all) {
  Finding finding{"activation_problem", "ICP share of pipeline below half: sales is not working the model", {}, {}};
  const auto share = icp.share_percent(all.opportunities);
  if (!share) {
    finding.detail = "no opportunities in the window";
    return finding;
  }
  finding.detail = fmt::format("ICP has {} of {} opportunities = {}% of pipeline", icp.opportunities,
                               all.opportunities, format_fixed(*share, 1));
  finding.status = icp.opportunities * 2 < all.opportunities ? FindingStatus::present : FindingStatus::absent;
  return finding;
}

Finding signals_wrong(const GroupStats& icp, const GroupStats& outside) {
  Finding finding{"signals_wrong", "ICP sales cycles longer than the rest: the behavioural signals are wrong", {}, {}};
  const auto a = icp.median_cycle(), b = outside.median_cycle();
  finding.detail = fmt::format("median cycle: ICP {} days, rest {} days", a ? format_fixed(*a, 1) : "n/a",
                               b ? format_fixed(*b, 1) : "n/a");
  if (!a || !b) return finding;
  finding.status = *a > *b ? FindingStatus::present : FindingStatus::absent;
  return finding;
}

// The groups in report order: tiers, then icp, non_icp, excluded, outside_icp, all.
void add_groups(const vm::Program& program, Backtest& out) {
  for (const auto& tier : program.tiers) {
    GroupStats group;
    group.key = fmt::format("tier_{}", tier.number);
    group.label = fmt::format("tier {} {}", tier.number, tier.label);
    out.groups.push_back(std::move(group));
  }
  for (auto [key, label] : {std::pair{"icp", "ICP (any tier)"}, std::pair{"non_icp", "non-ICP (no fit)"},
                            std::pair{"excluded", "excluded"}, std::pair{"outside_icp", "outside ICP"},
                            std::pair{"all", "all"}}) {
    out.groups.push_back(GroupStats{.key = key, .label = label});
  }
}

// Sorted cycles, the findings, and the row accounting copied from the exports.
void finish(const BacktestInput& input, Backtest& out) {
  for (auto& group : out.groups) std::sort(group.cycles.begin(), group.cycles.end());
  const GroupStats &icp = out.group("icp"), &outside = out.group("outside_icp"), &all = out.group("all");
  out.findings = {too_loose(icp, outside), activation(icp, all), signals_wrong(icp, outside)};
  out.accounts_file = input.accounts.file;
  out.opportunities_file = input.opportunities.file;
  out.opportunity_rows = input.opportunities.rows;
  out.skipped = input.opportunities.skipped;
  out.bad_rows = input.accounts.bad;
  out.bad_rows.insert(out.bad_rows.end(), input.opportunities.bad.begin(), input.opportunities.bad.end());
}

// Every account of the export joins its side rows, whether or not it has a deal in the
// window: the rows left name no account of the export.
void note_side_rows(const BacktestInput& input, Backtest& out) {
  for (const AccountRow& account : input.accounts.rows) input.side->note_account(account.key);
  out.unused_side_rows_per_file =
      input.side->unused([&](const vm::SideError& row) { out.unused_side_rows.push_back(row); });
}

// The report's heading and empty groups: profile, window, and which firmographics are used.
Backtest report_head(const BacktestInput& input, const MappedAccounts& mapped) {
  Backtest out;
  out.mapping_notes = mapped.columns().notes();
  out.profile = input.program.profile;
  out.version = input.program.version;
  out.program_id = input.program.id;
  out.currency = input.mapping.currency;
  out.from = input.from;
  out.to = input.to;
  out.account_count = input.accounts.rows.size();
  out.valid_from_column = input.accounts.has_history() ? input.mapping.account_valid_from : std::string();
  add_groups(input.program, out);
  return out;
}

}  // namespace

std::optional<Interval> GroupStats::win_interval() const {
  if (closed() == 0) return std::nullopt;
  return wilson_interval(won, closed());
}

std::optional<Decimal> GroupStats::win_rate_percent() const {
  return percent_of(won, closed());
}

std::optional<Decimal> GroupStats::share_percent(std::size_t total) const {
  return percent_of(opportunities, total);
}

std::optional<Decimal> GroupStats::median_cycle() const {
  if (cycles.empty()) return std::nullopt;
  return percentile(cycles, 50);
}

std::optional<Decimal> GroupStats::p75_cycle() const {
  if (cycles.empty()) return std::nullopt;
  return percentile(cycles, 75);
}

std::optional<Decimal> GroupStats::average_won() const {
  return won_amount ? average(*won_amount, won) : std::nullopt;
}

const GroupStats& Backtest::group(std::string_view key) const {
  for (const auto& g : groups) {
    if (g.key == key) return g;
  }
  return groups.back();
}

std::optional<Backtest> run_backtest(const BacktestInput& input, Error& error) {
  const vm::Program& program = input.program;
  MappedAccounts mapped;
  mapped.build(program, input.mapping, input.accounts);
  vm::CsvAccountDecoder decoder(program.schema);
  decoder.set_side_tables(input.side);
  decoder.set_column_map(&mapped.columns());
  vm::DecodeError decode_error;
  if (!decoder.set_header(mapped.header(), decode_error)) {
    error = Error{.file = input.accounts.file, .message = decode_error.message, .hint = MappingHint::field_column};
    return std::nullopt;
  }
  Backtest out = report_head(input, mapped);
  const std::size_t tiers = program.tiers.size();
  GroupStats &icp = out.groups[tiers], &non_icp = out.groups[tiers + 1], &excluded = out.groups[tiers + 2],
             &outside = out.groups[tiers + 3], &all = out.groups[tiers + 4];
  Placer placer(input, mapped, decoder);
  std::vector<bool> has_opportunity(input.accounts.rows.size(), false);
  std::map<std::string, QuarterCoverage> quarters;
  for (const auto& opportunity : input.opportunities.opportunities) {
    has_opportunity[opportunity.account] = true;
    const auto version = input.accounts.version_on(opportunity.account, opportunity.engage);
    if (!version) {
      // No row tells what the account looked like then; a later one would leak the future.
      if (++out.before_history <= Backtest::kBeforeHistoryExamples) {
        const AccountRow& first = input.accounts.version(opportunity.account, 0);
        out.before_history_first.push_back({opportunity.line, first.key, opportunity.engage, first.valid_from});
      }
      continue;
    }
    const std::optional<Placement> placement = placer.place(opportunity, *version);
    if (!placement) continue;
    add(all, opportunity);
    QuarterCoverage& quarter = quarters[quarter_of(opportunity.engage)];
    ++quarter.total;
    if (placement->verdict == vm::Verdict::tier) {
      add(out.groups[static_cast<std::size_t>(placement->tier - 1)], opportunity);
      add(icp, opportunity);
      ++quarter.icp;
    } else {
      add(placement->verdict == vm::Verdict::excluded ? excluded : non_icp, opportunity);
      add(outside, opportunity);
    }
  }
  for (auto& [name, quarter] : quarters) {
    quarter.quarter = name;
    out.quarters.push_back(quarter);
  }
  out.rejected_accounts = placer.rejected();
  for (std::size_t i = 0; i < has_opportunity.size(); ++i) {
    if (!has_opportunity[i]) out.accounts_without_opportunities.push_back(input.accounts.rows[i].key);
  }
  out.evaluations = placer.evaluations();
  finish(input, out);
  if (input.side != nullptr) note_side_rows(input, out);
  return out;
}

}  // namespace icp::analysis
