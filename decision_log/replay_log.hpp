// `icpc replay DIR`: every logged decision decided again with its kept program, logged input
// and as_of, and compared byte for byte with the decision logged. There must be no
// difference: the command exists to prove it. Input: the log folder and a query (time range,
// profile). Output: a ReplayReport: the differences, and the entries that cannot be decided
// again because their input lost fields to redaction (named, never counted as differences).
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "decision_log/entry_query.hpp"

namespace icp::decision_log {

struct ReplayedEntry {
  std::uint64_t seq = 0;
  EntryPlace place;
  std::string decision_id;
  std::string account_id;
};

struct ReplayDifference {
  ReplayedEntry entry;
  std::string logged;    // the decision in the log
  std::string replayed;  // the decision now, or "rejected: <why>"
};

struct NotReplayed {
  ReplayedEntry entry;
  std::vector<std::string> redacted;  // what its input leaves out
};

struct ReplayReport {
  std::uint64_t entries = 0;   // entries the query selected
  std::uint64_t replayed = 0;  // decided again (entries minus not_replayed)
  std::set<std::string> programs;
  std::vector<ReplayDifference> differences;
  std::vector<NotReplayed> not_replayed;
};

// False with `error` when the log cannot be read, or an entry's program is not kept (run
// `icpc log verify`), or an entry's as_of is not a date.
bool replay_log(const std::filesystem::path& folder, const EntryQuery& query, ReplayReport& report, std::string& error);

// "N entries replayed (P programs): no difference", each difference with both decisions, and
// each entry not replayed with the fields it lacks.
std::string render_replay(const ReplayReport& report, const std::string& folder);

// The account id of a logged input (its `id`), for reports.
std::string logged_account(EntryParser& parser, const std::string& input);

}  // namespace icp::decision_log
