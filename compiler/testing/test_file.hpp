// Decision test files (`*.test.toml`, docs/testing.md): the cases a profile's owner expects
// to hold. Input: the test file's TOML text (read with toml++). Output: a validated
// TestFile whose inline accounts are already turned into JSON for the runtime's decoder,
// or errors pointing at the offending key or value by line and column.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"
#include "icp/date.hpp"
#include "icp/decimal.hpp"

namespace icp::decision_test {

inline constexpr std::string_view kSuffix = ".test.toml";

// A place in the test file: where a value (or a key, or a `[[case]]` header) was written.
struct Region {
  LineCol begin;
  LineCol end;
};

// A problem in a test file. `begin.line == 0` when it has no position (an unreadable file).
struct Error {
  std::string path;
  Region where{{0, 0}, {0, 0}};
  std::string message;  // lowercase, no final period, names in backticks
  std::string help;     // empty when there is nothing to suggest
  DiagnosticCode code = DiagnosticCode::E0602;  // E0008 for a file too large to read
};

// The route a case expects; only the keys written are compared.
struct ExpectedRoute {
  std::optional<std::string> action;  // "disqualify", "ignore" or "queue"
  std::optional<std::string> queue;
  std::optional<std::string> sla;      // as written in the profile, "24h"
  std::optional<std::string> cadence;
  std::optional<std::int64_t> rule;    // 1-based, as in the decision record
};

// What a case expects; at least one is set (a case that asserts nothing is an error).
struct Expected {
  std::optional<std::string> verdict;  // "tier", "excluded" or "no_fit"
  std::optional<std::int64_t> tier;    // compared with the decision's `tier` (none unless the verdict is tier)
  std::optional<std::string> excluded_by;
  std::optional<Decimal> score;
  std::optional<ExpectedRoute> route;
  std::optional<std::int64_t> committee_coverage;  // percent
};

// Where each part of an inline account was written, keyed by the decoder's field paths
// ("employees", "signals[2].at", "contacts[0].title"), so a rejected account points at
// the exact TOML value. Sorted by key.
using AccountRegions = std::vector<std::pair<std::string, Region>>;

struct Case {
  std::string name;
  Region where;  // the `[[case]]` header: failures point here
  Date as_of;
  // Exactly one account source: `account_json` for an inline [case.account] table (without
  // `id`, the case name is the id), else `account_file`, relative to the test file's folder.
  std::string account_json;
  AccountRegions account_regions;
  AccountRegions account_keys;            // the inline table's top-level keys and where, in file order
  Region account_where;                   // the account table or the `account_file` value
  std::string account_file;
  std::optional<std::string> account_id;  // picks one record from a JSON Lines account_file
  Expected expected;
};

struct TestFile {
  std::string path;                // as given, for messages
  std::filesystem::path rules;     // the profile under test, relative to where `path` is relative to
  Region rules_where{{0, 0}, {0, 0}};  // the `rules` value, or no position when defaulted
  std::vector<Case> cases;
};

// Parses and validates the text of the test file `path`. Reports every problem it finds,
// sorted by position, and returns nullopt when there is any.
std::optional<TestFile> parse(std::string_view text, const std::string& path, std::vector<Error>& errors);

// The rules a test file tests by default: `x.test.toml` -> `x.icp` in the same folder.
std::filesystem::path default_rules(const std::filesystem::path& test_path);

// Whether a path names a test file (by its `.test.toml` ending).
bool is_test_path(std::string_view path);

}  // namespace icp::decision_test
