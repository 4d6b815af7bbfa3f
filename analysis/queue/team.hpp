// The sales team a weekly queue is built for (team.toml, docs/queues.md): reps, the queues each
// works, weekly capacity, territories (countries, std.geo regions, tiers, field values) and days
// out of office. Input: TOML text and the profile it is used with. Output: a checked Team, or
// an Error at the file, line and column of the first problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/error.hpp"
#include "icp/date.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::analysis {

// The capacity a rep may be given, unless team.toml's `capacity_range` says otherwise: the
// 20 to 60 accounts a week that an account-based rep can work with care.
inline constexpr std::int64_t kDefaultMinCapacity = 20;
inline constexpr std::int64_t kDefaultMaxCapacity = 60;
// Bounds on the file itself, so a hostile team.toml cannot make a queue run for hours.
inline constexpr std::size_t kMaxReps = 10'000;
inline constexpr std::size_t kMaxTerritories = 10'000;

// A territory covers an account when every part it states holds: the account's country is one
// of `countries` (with the regions' countries), its tier one of `tiers`, and each segment
// field's value one of the listed values. A territory that states nothing covers every account.
struct Segment {
  std::size_t slot = 0;             // index into Team::segment_fields
  std::vector<std::string> values;  // sorted, unique
};
struct Territory {
  std::string name;
  std::vector<std::string> countries;  // sorted, unique; the regions expanded (also a segment)
  std::vector<std::int32_t> tiers;     // sorted, unique
  std::vector<Segment> segments;       // the countries on the country field, then `fields`
  std::size_t line = 0;
};

struct DayRange {
  Date from, to;  // both inclusive
};

struct Rep {
  std::string id;    // [a-z0-9][a-z0-9_-]*: the name of its queue file
  std::string name;  // as the CRM writes the account owner
  std::string manager, office;             // optional, shown in the summary
  std::vector<std::string> queues;         // sorted, unique
  std::int64_t capacity = 0;               // accounts per full week
  std::vector<std::size_t> territories;    // indices into Team::territories; empty: everywhere
  std::vector<DayRange> out_of_office;
  std::size_t line = 0;
};

struct Team {
  std::string file;
  std::int64_t min_capacity = kDefaultMinCapacity, max_capacity = kDefaultMaxCapacity;
  // The profile fields territories read: the country field first when any territory names
  // countries or regions, then each field a territory segments on, by first use.
  std::vector<std::size_t> segment_fields;  // indices into the schema's fields
  std::optional<std::size_t> country_slot;  // index into segment_fields
  std::vector<Territory> territories;       // by name
  std::vector<Rep> reps;                    // by id
  // Things worth knowing that change nothing: a queue no route rule of the profile names.
  std::vector<std::string> notes;

  // The rep the CRM names as owner (by `name`), if any.
  const Rep* rep_named(std::string_view name) const;
};

// Reads team.toml for `program` (its schema, tiers and route queues), checking every name
// against it. `name` names the file in errors.
std::optional<Team> parse_team(std::string_view text, std::string_view name, const vm::Program& program,
                               Error& error);

}  // namespace icp::analysis
