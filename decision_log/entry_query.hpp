// Which entries of a log a command is about: a decision id, an account, a time range, a
// profile. Input: the query and each line of the log. Output: the entries that match, in
// log order. A line that cannot match is passed over before it is parsed (a substring
// test), so looking one decision up in a large log costs a scan at memory speed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "decision_log/entry_parse.hpp"

namespace icp::decision_log {

struct EntryQuery {
  std::string decision_id;  // empty: any
  std::string account_id;   // empty: any (the input's `id`)
  std::string from, to;     // bounds on `time`, inclusive, as utc_time_text writes them; empty: open
  std::string profile;      // empty: any
};

// Where an entry is: its file's name and line.
struct EntryPlace {
  std::string file;
  std::uint64_t line = 0;
};

class EntryMatcher {
 public:
  explicit EntryMatcher(EntryQuery query);
  // False when the line cannot be an entry the query wants (it lacks the id it looks for).
  bool may_match(std::string_view line) const;
  bool matches(const Entry& entry) const;

 private:
  EntryQuery query_;
  std::string decision_needle_, account_needle_;
};

// Calls `each` with every entry that matches, in log order; torn tails and lines that are
// not entries are passed over (`icpc log verify` names them). `each` returns false to stop.
// False with `error` when the folder cannot be read or holds no log.
bool for_each_entry(const std::filesystem::path& folder, const EntryQuery& query,
                    const std::function<bool(const Entry&, const EntryPlace&)>& each, std::string& error);

}  // namespace icp::decision_log
