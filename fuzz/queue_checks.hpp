// What the weekly-queue harnesses (team, previous_queue) share: the two profiles a team.toml
// is read for, a small fixed set of routed accounts shaped by the team's own territories, and
// the invariants every plan and its files must keep. Input: a Team, a week, accounts, last
// week. Output: nothing, or an abort (fuzz_support.hpp fail) naming the broken invariant.
#pragma once

#include <string_view>
#include <vector>

#include "analysis/queue/queue_plan.hpp"
#include "analysis/queue/team.hpp"
#include "analysis/queue/week.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::fuzz {

// The profiles team.toml files are written for: the queue fixture's (tests/cli/queue.sh) and
// the CRM sample's (examples/crm-sample/team.toml), compiled on first use.
const std::vector<const vm::Program*>& queue_profiles();

// 2026-W49 (Monday 2026-11-30), the week the examples plan.
const analysis::IsoWeek& fixed_week();

// About thirty accounts routed to the program's queues (and to queues it does not route),
// with scores, tiers and ties; their segment values taken from the values the team's
// territories list (and some no territory lists, and missing); owned by reps of the team, by
// no one, or by a name the team lacks. Ids include the characters CSV and JSON must escape.
std::vector<analysis::QueueAccount> fixed_queue_accounts(const vm::Program& program, const analysis::Team& team);

// Last week as a plan for the same accounts might have left it: some accounts with a rep of
// the team, some with a rep id the team lacks, some not there.
analysis::PreviousWeek fixed_previous_week(const analysis::Team& team,
                                           const std::vector<analysis::QueueAccount>& accounts);

// Plans the week (twice: the same plan), with last week when `previous` is given, and checks the
// invariants of docs/queues.md "Assignment": every account placed once or overflowed once, no
// rep over its available capacity, owners, last week and eligibility respected, rank order,
// changes consistent with last week. Then renders every file and checks them: each CSV row
// has its header's cells, the JSON is valid and reads back (--previous) as the plan's
// placements, the summaries render.
void check_queue_plan(const vm::Program& program, const analysis::Team& team,
                      const std::vector<analysis::QueueAccount>& accounts, const analysis::PreviousWeek* previous);

}  // namespace icp::fuzz
