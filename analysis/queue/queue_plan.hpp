// The weekly queues of one team (docs/queues.md "Assignment"): which rep works which account
// this week, in which order, and what did not fit and why. Input: a Team, the week, the
// qualified accounts (each with its route queue, score, tier, segment values and CRM owner)
// and, optionally, last week's assignments. Output: a QueuePlan. Pure: no I/O, the same
// inputs give the same plan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/queue/team.hpp"
#include "analysis/queue/week.hpp"
#include "icp/decimal.hpp"

namespace icp::analysis {

// The account's owner as the CRM names it.
struct Owner {
  enum class Kind : std::uint8_t { none, rep, unknown };
  Kind kind = Kind::none;
  std::size_t rep = 0;  // index into Team::reps (Kind::rep)
  std::string name;     // as the CRM wrote it (Kind::unknown: names no rep of the team)
};

// One account the profile routed to a queue (its route action is `queue`).
struct QueueAccount {
  std::string id;
  std::string queue;
  std::size_t queue_rank = 0;   // the first route rule naming the queue: earlier rules first
  std::optional<Decimal> score; // nullopt: unknown, ranked after every known score
  std::int32_t tier = 0;        // 0: no tier (ranked after every tier)
  std::vector<std::string> segment_values;  // parallel to Team::segment_fields; "" when missing
  Owner owner;
};

// The ranking of a queue (docs/queues.md "Ranking"): route queue (earlier route rule first),
// then score (higher first, unknown last), then tier (lower first, none last), then id (byte
// order), so that no two accounts tie.
bool ranks_before(const QueueAccount& a, const QueueAccount& b);

// Whether `territory` covers the account (team.hpp: every part it states holds).
bool covers(const Territory& territory, const QueueAccount& account);
// Whether a rep may take the account as a new one: works its queue, and one of its
// territories covers it (or it has none).
bool may_take(const Team& team, const Rep& rep, const QueueAccount& account);

// The accounts' capacity a rep has this week: capacity × working days present / 5, rounded
// down (Monday to Friday; days out of office on a weekend cost nothing).
std::int64_t available_capacity(const Rep& rep, const IsoWeek& week);

// How an account came to its rep, in order of precedence.
enum class AssignedBy : std::uint8_t {
  owner,     // the CRM's owner
  previous,  // last week's rep, still qualified and still eligible (--previous)
  balance,   // a new account, to the eligible rep with the lightest load
};
// Why an account is in no queue. KEEP IN SYNC: overflow_reason_name and docs/queues.md.
enum class OverflowReason : std::uint8_t {
  over_capacity,         // its owner, or every rep who may take it, is full
  no_rep_for_territory,  // no rep works its queue in a territory that covers it
  out_of_office,         // its owner, or every rep who may take it, is out of office all week
  unknown_owner,         // the CRM names an owner who is no rep of team.toml
};
std::string_view overflow_reason_name(OverflowReason reason);
std::string_view assigned_by_name(AssignedBy by);

struct Placement {
  std::size_t account = 0;  // index into the accounts given to plan_queues
  AssignedBy by = AssignedBy::balance;
};
struct Overflow {
  std::size_t account = 0;
  OverflowReason reason = OverflowReason::over_capacity;
  std::string detail;  // in words: "owner `moses-frase` is full (40 of 40)"
  std::optional<std::size_t> rep;  // the owner it stays with, when the owner is full or away
};
struct Move {
  std::string id, from, to;  // rep ids
};
// What changed since last week (--previous): accounts that entered a queue, left every queue
// (no longer qualified, or in overflow) and moved from one rep to another; each sorted by id.
struct QueueChanges {
  std::vector<std::string> entered, left;
  std::vector<Move> moved;
};

struct QueuePlan {
  std::vector<std::vector<Placement>> queues;  // per rep (Team::reps order), in rank order
  std::vector<std::int64_t> available;         // per rep: available_capacity
  std::vector<Overflow> overflow;              // in rank order
  std::optional<QueueChanges> changes;         // with last week's assignments only
};

// Last week's assignments: account id -> rep id.
using PreviousWeek = std::map<std::string, std::string, std::less<>>;

// Builds the plan. `accounts` need not be sorted; ids must be unique. Three passes over the
// accounts in rank order: owned accounts go to their owner, then last week's accounts stay
// with their rep, then new accounts go to the eligible rep with the lowest load (assigned /
// available; ties: more room left, then rep id). No rep ever gets more than its available
// capacity; each account is placed once or overflows once, with its reason.
QueuePlan plan_queues(const Team& team, const IsoWeek& week, const std::vector<QueueAccount>& accounts,
                      const PreviousWeek* previous);

}  // namespace icp::analysis
