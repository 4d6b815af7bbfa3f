// `icpc log show`: a logged decision for people: the entry's facts, the decision as it was
// answered, and the full explanation of it (`icpc explain`), computed from the program kept
// in the log and the logged input. Input: an entry and the log's programs. Output: text.
#pragma once

#include <string>

#include "decision_log/entry_parse.hpp"
#include "decision_log/entry_query.hpp"
#include "decision_log/program_store.hpp"

namespace icp::decision_log {

// Says why instead of explaining when the input lost fields to redaction (it cannot be decided
// again), when the program is not kept, or when it rejects the input; and says so when the
// program, deciding again, does not give the logged decision (which `icpc replay` reports too).
std::string show_entry(const Entry& entry, const EntryPlace& place, ProgramStore& programs, bool color);

}  // namespace icp::decision_log
