// The weekly-queue invariants (see queue_checks.hpp). Input: a team, accounts and last week.
// Output: nothing, or an abort that names the broken invariant.
#include "fuzz/queue_checks.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "analysis/error.hpp"
#include "analysis/queue/previous_week.hpp"
#include "analysis/queue/queue_render.hpp"
#include "analysis/queue/weekly_queue.hpp"
#include "fuzz/fuzz_support.hpp"

namespace icp::fuzz {
namespace {

using analysis::QueueAccount;
using analysis::QueuePlan;
using analysis::Team;

// Ids a CRM may hold that each output must escape: CSV separators and quotes, a spreadsheet
// formula, JSON's quote and backslash, a line break, non-ASCII text.
constexpr std::string_view kOddIds[] = {"A,1", "=SUM(A1)", "say \"hi\"", "back\\slash", "two\nlines", "Zürich AG",
                                        " padded ", "-12"};
constexpr std::size_t kAccounts = 32;

// Every value the team's territories list for each segment slot, plus one that none lists.
std::vector<std::vector<std::string>> slot_values(const Team& team) {
  std::vector<std::set<std::string>> seen(team.segment_fields.size());
  for (const analysis::Territory& territory : team.territories) {
    for (const analysis::Segment& segment : territory.segments) {
      seen[segment.slot].insert(segment.values.begin(), segment.values.end());
    }
  }
  std::vector<std::vector<std::string>> out;
  for (const auto& values : seen) {
    out.emplace_back(values.begin(), values.end());
    out.back().push_back("ZZ-none");
  }
  return out;
}

std::vector<std::string> routed_queues(const vm::Program& program) {
  std::vector<std::string> queues;
  for (const vm::RouteRuleDef& rule : program.route) {
    if (rule.action == vm::RouteRuleDef::Action::queue) queues.push_back(rule.queue);
  }
  queues.push_back("no-such-queue");  // a queue no route rule names: ranked after every other
  return queues;
}

std::size_t queue_rank(const vm::Program& program, std::string_view queue) {
  for (std::size_t i = 0; i < program.route.size(); ++i) {
    if (program.route[i].action == vm::RouteRuleDef::Action::queue && program.route[i].queue == queue) return i;
  }
  return program.route.size();
}

analysis::Owner owner_of(const Team& team, std::size_t i) {
  if (i % 4 == 0 && !team.reps.empty()) {
    const std::size_t rep = (i / 4) % team.reps.size();
    return {analysis::Owner::Kind::rep, rep, team.reps[rep].name};
  }
  if (i % 9 == 5) return {analysis::Owner::Kind::unknown, 0, "Nobody Known"};
  return {};
}

// The placements of a plan as account id -> rep id, checked to be one rep per account.
std::map<std::string, std::string> placements(const Team& team, const std::vector<QueueAccount>& accounts,
                                              const QueuePlan& plan) {
  std::map<std::string, std::string> out;
  for (std::size_t rep = 0; rep < plan.queues.size(); ++rep) {
    for (const analysis::Placement& placement : plan.queues[rep]) {
      ICP_FUZZ_CHECK(out.emplace(accounts[placement.account].id, team.reps[rep].id).second,
                     "no account is in two queues");
    }
  }
  return out;
}

void check_capacity_and_coverage(const Team& team, const std::vector<QueueAccount>& accounts, const QueuePlan& plan) {
  ICP_FUZZ_CHECK(plan.queues.size() == team.reps.size() && plan.available.size() == team.reps.size(),
                 "a plan has a queue and an available capacity per rep");
  std::vector<int> seen(accounts.size(), 0);
  for (std::size_t rep = 0; rep < team.reps.size(); ++rep) {
    ICP_FUZZ_CHECK(plan.available[rep] == analysis::available_capacity(team.reps[rep], fixed_week()),
                   "a rep's available capacity is its capacity for the days it is present");
    ICP_FUZZ_CHECK(plan.available[rep] >= 0 && plan.available[rep] <= team.reps[rep].capacity,
                   "a rep's available capacity is within its weekly capacity");
    ICP_FUZZ_CHECK(static_cast<std::int64_t>(plan.queues[rep].size()) <= plan.available[rep],
                   "no rep gets more accounts than its available capacity");
    for (const analysis::Placement& placement : plan.queues[rep]) {
      ICP_FUZZ_CHECK(placement.account < accounts.size(), "a placement names an account given");
      ++seen[placement.account];
    }
  }
  for (const analysis::Overflow& overflow : plan.overflow) {
    ICP_FUZZ_CHECK(overflow.account < accounts.size(), "an overflow names an account given");
    ICP_FUZZ_CHECK(!overflow.rep || *overflow.rep < team.reps.size(), "an overflow's rep is a rep of the team");
    ICP_FUZZ_CHECK(!overflow.detail.empty(), "an overflow says why in words");
    ++seen[overflow.account];
  }
  ICP_FUZZ_CHECK(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }),
                 "every account is placed once or overflows once");
}

// Owners, last week and eligibility: who may hold each account, and the order of each list.
void check_placements(const Team& team, const std::vector<QueueAccount>& accounts,
                      const analysis::PreviousWeek* previous, const QueuePlan& plan) {
  using analysis::AssignedBy;
  for (std::size_t rep = 0; rep < team.reps.size(); ++rep) {
    const auto& queue = plan.queues[rep];
    for (std::size_t i = 0; i < queue.size(); ++i) {
      const QueueAccount& account = accounts[queue[i].account];
      if (i > 0) {
        ICP_FUZZ_CHECK(analysis::ranks_before(accounts[queue[i - 1].account], account), "a queue is in rank order");
      }
      if (account.owner.kind == analysis::Owner::Kind::rep) {
        ICP_FUZZ_CHECK(queue[i].by == AssignedBy::owner && account.owner.rep == rep,
                       "an owned account is only ever in its owner's queue");
      }
      if (queue[i].by == AssignedBy::previous) {
        const auto before = previous != nullptr ? previous->find(account.id) : analysis::PreviousWeek::const_iterator{};
        ICP_FUZZ_CHECK(previous != nullptr && before != previous->end() && before->second == team.reps[rep].id,
                       "an account kept from last week stays with last week's rep");
      }
      if (queue[i].by != AssignedBy::owner) {
        ICP_FUZZ_CHECK(account.owner.kind == analysis::Owner::Kind::none, "only an unowned account is assigned");
        ICP_FUZZ_CHECK(analysis::may_take(team, team.reps[rep], account),
                       "a rep gets an account only in a queue and territory it works");
      }
    }
  }
  for (std::size_t i = 0; i < plan.overflow.size(); ++i) {
    const QueueAccount& account = accounts[plan.overflow[i].account];
    if (i > 0) {
      ICP_FUZZ_CHECK(analysis::ranks_before(accounts[plan.overflow[i - 1].account], account),
                     "the overflow is in rank order");
    }
    ICP_FUZZ_CHECK((plan.overflow[i].reason == analysis::OverflowReason::unknown_owner) ==
                       (account.owner.kind == analysis::Owner::Kind::unknown),
                   "an account overflows as unknown_owner exactly when the CRM names no rep of the team");
  }
}

void check_changes(const Team& team, const std::vector<QueueAccount>& accounts, const analysis::PreviousWeek* previous,
                   const QueuePlan& plan) {
  ICP_FUZZ_CHECK(plan.changes.has_value() == (previous != nullptr), "changes are reported exactly with last week");
  if (previous == nullptr) return;
  const std::map<std::string, std::string> now = placements(team, accounts, plan);
  const analysis::QueueChanges& changes = *plan.changes;
  ICP_FUZZ_CHECK(std::is_sorted(changes.entered.begin(), changes.entered.end()) &&
                     std::is_sorted(changes.left.begin(), changes.left.end()),
                 "changes are sorted by id");
  for (const std::string& id : changes.entered) {
    ICP_FUZZ_CHECK(now.contains(id) && !previous->contains(id), "an entered account is new in a queue");
  }
  for (const std::string& id : changes.left) {
    ICP_FUZZ_CHECK(!now.contains(id) && previous->contains(id), "a left account was in a queue and is no longer");
  }
  for (const analysis::Move& move : changes.moved) {
    ICP_FUZZ_CHECK(now.contains(move.id) && previous->contains(move.id) && previous->at(move.id) == move.from &&
                       now.at(move.id) == move.to && move.from != move.to,
                   "a moved account went from last week's rep to another");
  }
  ICP_FUZZ_CHECK(changes.entered.size() + changes.moved.size() <= now.size() &&
                     changes.left.size() + changes.moved.size() <= previous->size(),
                 "changes count no account twice");
}

analysis::WeeklyQueue weekly_queue(const vm::Program& program, const Team& team,
                                   const std::vector<QueueAccount>& accounts, QueuePlan plan) {
  analysis::WeeklyQueue queue{.profile = program.profile, .version = program.version, .program_id = program.id,
                              .team_file = team.file, .accounts_file = "accounts.csv", .week = fixed_week(),
                              .as_of = fixed_week().monday, .accounts = accounts};
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    analysis::QueueAccountInfo info{.line = i + 2, .sla = i % 3 == 0 ? "24h" : "", .cadence = i % 5 == 0 ? "c" : ""};
    if (accounts[i].tier > 0) info.tier_label = program.tiers[static_cast<std::size_t>(accounts[i].tier - 1)].label;
    queue.info.push_back(std::move(info));
  }
  queue.decided = accounts.size();
  queue.plan = std::move(plan);
  return queue;
}

// Every file `icpc queue` writes, and queue.json read back as next week's --previous.
void check_files(const vm::Program& program, const Team& team, const std::vector<QueueAccount>& accounts,
                 const QueuePlan& plan) {
  const analysis::WeeklyQueue queue = weekly_queue(program, team, accounts, plan);
  for (std::size_t rep = 0; rep < team.reps.size(); ++rep) {
    check_csv_rows(analysis::render_rep_csv(queue, rep), plan.queues[rep].size() + 1, "a rep's queue CSV");
  }
  check_csv_rows(analysis::render_overflow_csv(queue, team), plan.overflow.size() + 1, "the overflow CSV");
  const std::string json = analysis::render_queue_json(queue, team);
  check_json(json, "queue.json");
  analysis::PreviousWeek read;
  analysis::Error error;
  ICP_FUZZ_CHECK(analysis::read_previous_week(json, "queue.json", read, error), "queue.json reads back as --previous");
  const std::map<std::string, std::string> now = placements(team, accounts, plan);
  ICP_FUZZ_CHECK(read.size() == now.size() && std::equal(read.begin(), read.end(), now.begin()),
                 "queue.json read back gives each placed account its rep");
  analysis::render_queue_summary(queue, team, analysis::SummaryFormat::markdown);
  analysis::render_queue_summary(queue, team, analysis::SummaryFormat::html);
}

bool same_plan(const QueuePlan& a, const QueuePlan& b) {
  if (a.queues.size() != b.queues.size() || a.overflow.size() != b.overflow.size()) return false;
  for (std::size_t rep = 0; rep < a.queues.size(); ++rep) {
    if (a.queues[rep].size() != b.queues[rep].size()) return false;
    for (std::size_t i = 0; i < a.queues[rep].size(); ++i) {
      const analysis::Placement &x = a.queues[rep][i], &y = b.queues[rep][i];
      if (x.account != y.account || x.by != y.by) return false;
    }
  }
  for (std::size_t i = 0; i < a.overflow.size(); ++i) {
    if (a.overflow[i].account != b.overflow[i].account || a.overflow[i].reason != b.overflow[i].reason) return false;
  }
  return true;
}

}  // namespace

const std::vector<const vm::Program*>& queue_profiles() {
  static const std::vector<const vm::Program*> profiles = {&compiled_profile("tests/cli/fixtures/export/profile.icp"),
                                                           &compiled_profile("examples/crm-sample/crm-hardware.icp")};
  return profiles;
}

const analysis::IsoWeek& fixed_week() {
  static const analysis::IsoWeek week = *analysis::parse_iso_week("2026-W49");
  return week;
}

std::vector<QueueAccount> fixed_queue_accounts(const vm::Program& program, const Team& team) {
  const std::vector<std::vector<std::string>> values = slot_values(team);
  const std::vector<std::string> queues = routed_queues(program);
  std::vector<QueueAccount> accounts;
  for (std::size_t i = 0; i < kAccounts; ++i) {
    QueueAccount account;
    account.id = i < std::size(kOddIds) ? std::string(kOddIds[i]) : fmt::format("A{:02}", i);
    account.queue = queues[i % queues.size()];
    account.queue_rank = queue_rank(program, account.queue);
    if (i % 6 != 1) account.score = Decimal::from_units(static_cast<std::int64_t>((i * 37) % 11) * 2500);  // ties
    account.tier = static_cast<std::int32_t>(i % (program.tiers.size() + 1));
    for (const auto& slot : values) account.segment_values.push_back(i % 7 == 6 ? "" : slot[(i / 2) % slot.size()]);
    account.owner = owner_of(team, i);
    accounts.push_back(std::move(account));
  }
  return accounts;
}

analysis::PreviousWeek fixed_previous_week(const Team& team, const std::vector<QueueAccount>& accounts) {
  analysis::PreviousWeek previous;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    if (i % 3 == 2) continue;
    previous.emplace(accounts[i].id, i % 5 == 4 || team.reps.empty() ? "left-the-team"
                                                                     : team.reps[(i * 3) % team.reps.size()].id);
  }
  previous.emplace("gone-account", team.reps.empty() ? "left-the-team" : team.reps.front().id);
  return previous;
}

void check_queue_plan(const vm::Program& program, const Team& team, const std::vector<QueueAccount>& accounts,
                      const analysis::PreviousWeek* previous) {
  const QueuePlan plan = analysis::plan_queues(team, fixed_week(), accounts, previous);
  ICP_FUZZ_CHECK(same_plan(plan, analysis::plan_queues(team, fixed_week(), accounts, previous)),
                 "the same inputs give the same plan");
  check_capacity_and_coverage(team, accounts, plan);
  check_placements(team, accounts, previous, plan);
  check_changes(team, accounts, previous, plan);
  check_files(program, team, accounts, plan);
}

}  // namespace icp::fuzz
