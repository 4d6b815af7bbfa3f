// `icpc queue`'s computation: every account decided as of the week's Monday (or a given date),
// the ones the profile routes to a queue ranked and assigned to the team's reps (queue_plan),
// with the CRM's ownership and last week's queues. Input: a program, a Team, the accounts as a
// Sample (JSON Lines, JSON or CSV, a CRM export through its mapping), ownership and last week.
// Output: a WeeklyQueue, which queue_render turns into CSV, JSON, Markdown and HTML.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/error.hpp"
#include "analysis/impact/sample.hpp"
#include "analysis/queue/ownership.hpp"
#include "analysis/queue/queue_plan.hpp"
#include "analysis/queue/team.hpp"
#include "analysis/queue/week.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::analysis {

// What a queue line shows of an account besides what ranks it.
struct QueueAccountInfo {
  std::size_t line = 0;  // in the accounts input
  std::string tier_label, sla, cadence;
};

// An account the profile rejected: reported as `icpc eval` reports it, never queued.
struct QueueRejection {
  std::size_t line = 0;
  std::string id, message;
};

struct WeeklyQueue {
  std::string profile, version, program_id, team_file, accounts_file;
  IsoWeek week;
  Date as_of;
  std::vector<QueueAccount> accounts;     // the qualified accounts, in input order
  std::vector<QueueAccountInfo> info;     // parallel to `accounts`
  QueuePlan plan;
  std::size_t decided = 0;                // accounts decided (qualified or not)
  std::vector<QueueRejection> rejections;
  // Owners the CRM names that are no rep of the team, one line each ("FILE:LINE: account `X`:
  // owner `Y` is no rep of team.toml"); those accounts are in the overflow as unknown_owner.
  std::vector<std::string> unknown_owners;
};

struct QueueInput {
  const vm::Program& program;
  const Team& team;
  const Sample& accounts;            // CSV: read through its mapping when it has one
  IsoWeek week;
  Date as_of;
  const Ownership* ownership = nullptr;     // from the opportunities export, optional
  const PreviousWeek* previous = nullptr;   // last week's assignments, optional
};

// nullopt with `error` when the mapping names an owner column the accounts export lacks.
std::optional<WeeklyQueue> build_weekly_queue(const QueueInput& input, Error& error);

}  // namespace icp::analysis
