// Last week's queues, read back from the queue.json `icpc queue` wrote (--previous): which rep
// had which account. Input: the JSON text. Output: a PreviousWeek (account id -> rep id), or
// an Error naming the file and what is wrong.
#pragma once

#include <string_view>

#include "analysis/error.hpp"
#include "analysis/queue/queue_plan.hpp"

namespace icp::analysis {

// Reads `reps[].id` and `reps[].accounts[].id`; anything else in the file is not needed. An
// account listed twice, or a file that is not such a queue.json, is an error.
bool read_previous_week(std::string_view json, std::string_view name, PreviousWeek& out, Error& error);

}  // namespace icp::analysis
