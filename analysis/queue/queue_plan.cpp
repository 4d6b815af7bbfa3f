// Weekly queue assignment (see queue_plan.hpp and docs/queues.md "Assignment"). Input: the
// team, the week, the qualified accounts and last week's assignments. Output: each rep's
// queue in rank order, the overflow with reasons, and what changed since last week.
#include "analysis/queue/queue_plan.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include <fmt/format.h>

namespace icp::analysis {
namespace {

constexpr int kWorkingDays = 5;  // Monday to Friday

bool listed(const std::vector<std::string>& sorted, std::string_view value) {
  return std::binary_search(sorted.begin(), sorted.end(), value);
}

// The state of one pass: what each rep holds so far, which accounts are settled.
class Planner {
 public:
  Planner(const Team& team, const IsoWeek& week, const std::vector<QueueAccount>& accounts)
      : team_(team), accounts_(accounts), placed_(accounts.size(), false) {
    plan_.queues.resize(team.reps.size());
    for (const Rep& rep : team.reps) plan_.available.push_back(available_capacity(rep, week));
    order_.resize(accounts.size());
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::sort(order_.begin(), order_.end(),
              [&](std::size_t a, std::size_t b) { return ranks_before(accounts[a], accounts[b]); });
  }

  // Pass 1: each owned account to its owner; an unknown owner or a full (or absent) owner
  // overflows: ownership is never overridden by the queue.
  void owned() {
    for (std::size_t account : order_) {
      const Owner& owner = accounts_[account].owner;
      if (owner.kind == Owner::Kind::none) continue;
      settled(account);
      if (owner.kind == Owner::Kind::unknown) {
        overflow(account, OverflowReason::unknown_owner,
                 fmt::format("the CRM's owner `{}` is no rep of {}", owner.name, team_.file));
      } else if (plan_.available[owner.rep] == 0) {
        overflow(account, OverflowReason::out_of_office,
                 fmt::format("owner `{}` is out of office all week", team_.reps[owner.rep].id), owner.rep);
      } else if (full(owner.rep)) {
        overflow(account, OverflowReason::over_capacity,
                 fmt::format("owner `{}` is full ({} of {})", team_.reps[owner.rep].id, load(owner.rep),
                             plan_.available[owner.rep]),
                 owner.rep);
      } else {
        place(account, owner.rep, AssignedBy::owner);
      }
    }
  }

  // Pass 2: last week's accounts stay with their rep while it may still take them and has room.
  void sticky(const PreviousWeek& previous) {
    for (std::size_t account : order_) {
      if (placed_[account]) continue;
      const auto found = previous.find(accounts_[account].id);
      if (found == previous.end()) continue;
      const std::optional<std::size_t> rep = rep_with_id(found->second);
      if (!rep || plan_.available[*rep] == 0 || full(*rep) || !may_take(team_, team_.reps[*rep], accounts_[account])) {
        continue;  // balanced in pass 3, and reported as moved or left
      }
      settled(account);
      place(account, *rep, AssignedBy::previous);
    }
  }

  // Pass 3: each remaining account to the eligible rep with the lowest load.
  void balance() {
    for (std::size_t account : order_) {
      if (placed_[account]) continue;
      settled(account);
      std::optional<std::size_t> best;
      bool eligible = false, present = false;
      for (std::size_t rep = 0; rep < team_.reps.size(); ++rep) {
        if (!may_take(team_, team_.reps[rep], accounts_[account])) continue;
        eligible = true;
        if (plan_.available[rep] == 0) continue;
        present = true;
        if (!full(rep) && (!best || lighter(rep, *best))) best = rep;
      }
      if (best) {
        place(account, *best, AssignedBy::balance);
      } else if (!eligible) {
        overflow(account, OverflowReason::no_rep_for_territory,
                 fmt::format("no rep works queue `{}` in a territory that covers it", accounts_[account].queue));
      } else if (!present) {
        overflow(account, OverflowReason::out_of_office,
                 fmt::format("every rep who works queue `{}` here is out of office all week", accounts_[account].queue));
      } else {
        overflow(account, OverflowReason::over_capacity,
                 fmt::format("every rep who works queue `{}` here is full", accounts_[account].queue));
      }
    }
  }

  QueuePlan finish() {
    // Placements and overflow were made pass by pass: put each list back in rank order.
    std::vector<std::size_t> rank(accounts_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) rank[order_[i]] = i;
    for (auto& queue : plan_.queues) {
      std::sort(queue.begin(), queue.end(),
                [&](const Placement& a, const Placement& b) { return rank[a.account] < rank[b.account]; });
    }
    std::sort(plan_.overflow.begin(), plan_.overflow.end(),
              [&](const Overflow& a, const Overflow& b) { return rank[a.account] < rank[b.account]; });
    return std::move(plan_);
  }

 private:
  std::int64_t load(std::size_t rep) const { return static_cast<std::int64_t>(plan_.queues[rep].size()); }
  bool full(std::size_t rep) const { return load(rep) >= plan_.available[rep]; }
  // a's load ratio is below b's (compared exactly, as cross products); then more room left;
  // then the smaller rep id (reps are sorted by id, so the smaller index).
  bool lighter(std::size_t a, std::size_t b) const {
    const std::int64_t left = load(a) * plan_.available[b], right = load(b) * plan_.available[a];
    if (left != right) return left < right;
    const std::int64_t room_a = plan_.available[a] - load(a), room_b = plan_.available[b] - load(b);
    if (room_a != room_b) return room_a > room_b;
    return a < b;
  }
  std::optional<std::size_t> rep_with_id(std::string_view id) const {
    const auto found = std::lower_bound(team_.reps.begin(), team_.reps.end(), id,
                                        [](const Rep& rep, std::string_view key) { return rep.id < key; });
    if (found == team_.reps.end() || found->id != id) return std::nullopt;
    return static_cast<std::size_t>(found - team_.reps.begin());
  }
  void settled(std::size_t account) { placed_[account] = true; }
  void place(std::size_t account, std::size_t rep, AssignedBy by) { plan_.queues[rep].push_back({account, by}); }
  void overflow(std::size_t account, OverflowReason reason, std::string detail,
                std::optional<std::size_t> rep = std::nullopt) {
    plan_.overflow.push_back({account, reason, std::move(detail), rep});
  }

  const Team& team_;
  const std::vector<QueueAccount>& accounts_;
  std::vector<std::size_t> order_;  // account indices in rank order
  std::vector<bool> placed_;        // placed or overflowed
  QueuePlan plan_;
};

QueueChanges changes_since(const PreviousWeek& previous, const Team& team, const std::vector<QueueAccount>& accounts,
                           const QueuePlan& plan) {
  std::map<std::string, std::string, std::less<>> now;
  for (std::size_t rep = 0; rep < plan.queues.size(); ++rep) {
    for (const Placement& placement : plan.queues[rep]) now.emplace(accounts[placement.account].id, team.reps[rep].id);
  }
  QueueChanges changes;
  for (const auto& [id, rep] : now) {
    const auto before = previous.find(id);
    if (before == previous.end()) {
      changes.entered.push_back(id);
    } else if (before->second != rep) {
      changes.moved.push_back(Move{id, before->second, rep});
    }
  }
  for (const auto& [id, rep] : previous) {
    if (!now.contains(id)) changes.left.push_back(id);
  }
  return changes;
}

}  // namespace

bool ranks_before(const QueueAccount& a, const QueueAccount& b) {
  if (a.queue_rank != b.queue_rank) return a.queue_rank < b.queue_rank;
  if (a.score != b.score) {
    if (!a.score || !b.score) return a.score.has_value();
    return *b.score < *a.score;
  }
  if (a.tier != b.tier) {
    if (a.tier == 0 || b.tier == 0) return b.tier == 0;
    return a.tier < b.tier;
  }
  return a.id < b.id;
}

bool covers(const Territory& territory, const QueueAccount& account) {
  if (!territory.tiers.empty() && !std::binary_search(territory.tiers.begin(), territory.tiers.end(), account.tier)) {
    return false;
  }
  for (const Segment& segment : territory.segments) {
    if (!listed(segment.values, account.segment_values[segment.slot])) return false;
  }
  return true;
}

bool may_take(const Team& team, const Rep& rep, const QueueAccount& account) {
  if (!listed(rep.queues, account.queue)) return false;
  if (rep.territories.empty()) return true;
  return std::any_of(rep.territories.begin(), rep.territories.end(),
                     [&](std::size_t t) { return covers(team.territories[t], account); });
}

std::int64_t available_capacity(const Rep& rep, const IsoWeek& week) {
  int present = 0;
  for (int day = 0; day < kWorkingDays; ++day) {
    const Date date = week.day(day);
    const bool away = std::any_of(rep.out_of_office.begin(), rep.out_of_office.end(),
                                  [&](const DayRange& range) { return !(date < range.from) && !(range.to < date); });
    present += away ? 0 : 1;
  }
  return rep.capacity * present / kWorkingDays;
}

std::string_view overflow_reason_name(OverflowReason reason) {
  switch (reason) {
    case OverflowReason::over_capacity: return "over_capacity";
    case OverflowReason::no_rep_for_territory: return "no_rep_for_territory";
    case OverflowReason::out_of_office: return "out_of_office";
    case OverflowReason::unknown_owner: return "unknown_owner";
  }
  return "over_capacity";
}

std::string_view assigned_by_name(AssignedBy by) {
  switch (by) {
    case AssignedBy::owner: return "owner";
    case AssignedBy::previous: return "previous";
    case AssignedBy::balance: return "balance";
  }
  return "balance";
}

QueuePlan plan_queues(const Team& team, const IsoWeek& week, const std::vector<QueueAccount>& accounts,
                      const PreviousWeek* previous) {
  Planner planner(team, week, accounts);
  planner.owned();
  if (previous != nullptr) planner.sticky(*previous);
  planner.balance();
  QueuePlan plan = planner.finish();
  if (previous != nullptr) plan.changes = changes_since(*previous, team, accounts, plan);
  return plan;
}

}  // namespace icp::analysis
