// Weekly queue assignment (analysis/queue/queue_plan.hpp), checked as properties over many
// seeded random teams and account sets: every account placed once or overflowing once with a
// reason that holds, no rep over its capacity, ownership and territories respected, the same
// plan whatever the input order, last week's rep kept unless it is full. Each property is
// recomputed here from the inputs, never from the planner's own helpers. Then a few rows of
// exact cases (tie-breaks, out of office), and the checks of team.toml with their positions.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "analysis/queue/queue_plan.hpp"
#include "analysis/queue/team.hpp"
#include "analysis/queue/week.hpp"
#include "compiled_profile.hpp"

using namespace icp;
using namespace icp::analysis;

namespace {

const std::vector<std::string> kQueues = {"ae", "sdr", "nurture"};
const std::vector<std::string> kCountries = {"DE", "FR", "US", "CA", "JP"};
const std::vector<std::string> kSectors = {"retail", "software", "health"};

struct World {
  Team team;
  IsoWeek week;
  std::vector<QueueAccount> accounts;
  PreviousWeek previous;
};

template <typename T>
const T& pick(std::mt19937& random, const std::vector<T>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(random)];
}
int between(std::mt19937& random, int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); }

std::vector<std::string> some_of(std::mt19937& random, const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    if (between(random, 0, 2) == 0) out.push_back(item);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Segment slot 0 is the country, slot 1 the sector.
World random_world(unsigned seed) {
  std::mt19937 random(seed);
  World world;
  world.week = *parse_iso_week("2026-W49");
  world.team.file = "team.toml";
  world.team.segment_fields = {0, 1};
  world.team.country_slot = 0;
  const int territories = between(random, 0, 4);
  for (int t = 0; t < territories; ++t) {
    Territory territory{.name = "t" + std::to_string(t)};
    if (auto countries = some_of(random, kCountries); !countries.empty()) {
      territory.countries = countries;
      territory.segments.push_back({0, countries});
    }
    if (auto sectors = some_of(random, kSectors); !sectors.empty()) territory.segments.push_back({1, sectors});
    if (between(random, 0, 2) == 0) territory.tiers = {between(random, 1, 3)};
    world.team.territories.push_back(territory);
  }
  const int reps = between(random, 1, 8);
  for (int r = 0; r < reps; ++r) {
    Rep rep{.id = "rep-" + std::to_string(r), .name = "Rep " + std::to_string(r)};
    rep.queues = some_of(random, kQueues);
    if (rep.queues.empty()) rep.queues = {pick(random, kQueues)};
    rep.capacity = between(random, 1, 12);
    for (int t = 0; t < territories; ++t) {
      if (between(random, 0, 2) == 0) rep.territories.push_back(static_cast<std::size_t>(t));
    }
    if (between(random, 0, 3) == 0) {
      const int from = between(random, -2, 6);
      rep.out_of_office.push_back({world.week.day(from), world.week.day(from + between(random, 0, 6))});
    }
    world.team.reps.push_back(rep);
  }
  const int accounts = between(random, 0, 80);
  for (int a = 0; a < accounts; ++a) {
    QueueAccount account{.id = "acc-" + std::to_string(a), .queue = pick(random, kQueues)};
    account.queue_rank = static_cast<std::size_t>(std::find(kQueues.begin(), kQueues.end(), account.queue) - kQueues.begin());
    if (between(random, 0, 9) > 0) account.score = Decimal::from_units(between(random, 0, 40) * 2500);
    account.tier = between(random, 0, 3);
    account.segment_values = {between(random, 0, 9) == 0 ? "" : pick(random, kCountries), pick(random, kSectors)};
    const int owner = between(random, 0, 9);
    if (owner < 3) account.owner = Owner{Owner::Kind::rep, static_cast<std::size_t>(between(random, 0, reps - 1)), ""};
    if (owner == 3) account.owner = Owner{Owner::Kind::unknown, 0, "Former Rep"};
    world.accounts.push_back(account);
    if (between(random, 0, 2) == 0) {
      world.previous[account.id] = between(random, 0, 5) == 0 ? "left-the-company" : "rep-" + std::to_string(between(random, 0, reps - 1));
    }
  }
  return world;
}

// Independent restatements of the rules, from docs/queues.md.
std::int64_t expected_available(const Rep& rep, const IsoWeek& week) {
  int present = 0;
  for (int day = 0; day < 5; ++day) {
    bool away = false;
    for (const DayRange& range : rep.out_of_office) away |= range.from.days <= week.day(day).days && week.day(day).days <= range.to.days;
    present += away ? 0 : 1;
  }
  return rep.capacity * present / 5;
}

bool eligible(const Team& team, const Rep& rep, const QueueAccount& account) {
  if (std::find(rep.queues.begin(), rep.queues.end(), account.queue) == rep.queues.end()) return false;
  if (rep.territories.empty()) return true;
  for (std::size_t t : rep.territories) {
    const Territory& territory = team.territories[t];
    bool all = territory.tiers.empty() ||
               std::find(territory.tiers.begin(), territory.tiers.end(), account.tier) != territory.tiers.end();
    for (const Segment& segment : territory.segments) {
      all = all && std::find(segment.values.begin(), segment.values.end(), account.segment_values[segment.slot]) !=
                       segment.values.end();
    }
    if (all) return true;
  }
  return false;
}

// Score desc (unknown last), then tier asc (none last), then id, within the queue's rank.
auto rank_key(const QueueAccount& a) {
  return std::tuple(a.queue_rank, !a.score.has_value(), a.score ? -a.score->units() : 0, a.tier == 0 ? 99 : a.tier, a.id);
}

// rep index per account id, or -1 for overflow.
std::map<std::string, int> where(const World& world, const QueuePlan& plan) {
  std::map<std::string, int> out;
  for (std::size_t r = 0; r < plan.queues.size(); ++r) {
    for (const Placement& p : plan.queues[r]) out[world.accounts[p.account].id] = static_cast<int>(r);
  }
  for (const Overflow& o : plan.overflow) out[world.accounts[o.account].id] = -1;
  return out;
}

void check_invariants(const World& world, const QueuePlan& plan) {
  const Team& team = world.team;
  std::vector<int> seen(world.accounts.size(), 0);
  for (std::size_t r = 0; r < team.reps.size(); ++r) {
    const Rep& rep = team.reps[r];
    CHECK(plan.available[r] == expected_available(rep, world.week));
    CHECK(static_cast<std::int64_t>(plan.queues[r].size()) <= plan.available[r]);
    for (std::size_t i = 0; i < plan.queues[r].size(); ++i) {
      const Placement& p = plan.queues[r][i];
      const QueueAccount& account = world.accounts[p.account];
      ++seen[p.account];
      if (i > 0) CHECK(rank_key(world.accounts[plan.queues[r][i - 1].account]) < rank_key(account));
      if (account.owner.kind == Owner::Kind::rep) {
        CHECK(account.owner.rep == r);
        CHECK(p.by == AssignedBy::owner);
      } else {
        CHECK(account.owner.kind == Owner::Kind::none);
        CHECK(eligible(team, rep, account));
        if (p.by == AssignedBy::previous) CHECK(world.previous.at(account.id) == rep.id);
      }
    }
  }
  for (const Overflow& o : plan.overflow) {
    ++seen[o.account];
    const QueueAccount& account = world.accounts[o.account];
    if (account.owner.kind == Owner::Kind::unknown) {
      CHECK(o.reason == OverflowReason::unknown_owner);
    } else if (account.owner.kind == Owner::Kind::rep) {
      const std::size_t owner = account.owner.rep;
      CHECK(o.rep == owner);
      CHECK(o.reason == (plan.available[owner] == 0 ? OverflowReason::out_of_office : OverflowReason::over_capacity));
      CHECK(static_cast<std::int64_t>(plan.queues[owner].size()) == plan.available[owner]);
    } else {
      bool any = false, present = false, room = false;
      for (std::size_t r = 0; r < team.reps.size(); ++r) {
        if (!eligible(team, team.reps[r], account)) continue;
        any = true;
        present |= plan.available[r] > 0;
        room |= static_cast<std::int64_t>(plan.queues[r].size()) < plan.available[r];
      }
      CHECK_FALSE(room);  // no rep who could take it was left with room
      CHECK(o.reason == (!any ? OverflowReason::no_rep_for_territory
                              : !present ? OverflowReason::out_of_office : OverflowReason::over_capacity));
    }
  }
  for (int count : seen) CHECK(count == 1);
}

// Last week's rep keeps an unowned account it may still take, unless that rep is full.
void check_stickiness(const World& world, const QueuePlan& plan) {
  const std::map<std::string, int> now = where(world, plan);
  for (std::size_t a = 0; a < world.accounts.size(); ++a) {
    const QueueAccount& account = world.accounts[a];
    const auto before = world.previous.find(account.id);
    if (before == world.previous.end() || account.owner.kind != Owner::Kind::none) continue;
    for (std::size_t r = 0; r < world.team.reps.size(); ++r) {
      const Rep& rep = world.team.reps[r];
      if (rep.id != before->second || !eligible(world.team, rep, account) || plan.available[r] == 0) continue;
      const bool full = static_cast<std::int64_t>(plan.queues[r].size()) == plan.available[r];
      CHECK((now.at(account.id) == static_cast<int>(r) || full));
    }
  }
  REQUIRE(plan.changes);
  std::set<std::string> entered, left, moved;
  for (const auto& [id, rep] : now) {
    if (rep < 0) continue;
    const auto before = world.previous.find(id);
    if (before == world.previous.end()) entered.insert(id);
    else if (before->second != world.team.reps[static_cast<std::size_t>(rep)].id) moved.insert(id);
  }
  for (const auto& [id, rep] : world.previous) {
    const auto found = now.find(id);
    if (found == now.end() || found->second < 0) left.insert(id);
  }
  CHECK(std::set<std::string>(plan.changes->entered.begin(), plan.changes->entered.end()) == entered);
  CHECK(std::set<std::string>(plan.changes->left.begin(), plan.changes->left.end()) == left);
  CHECK(plan.changes->moved.size() == moved.size());
  for (const Move& move : plan.changes->moved) CHECK(moved.contains(move.id));
}

}  // namespace

TEST_CASE("queue plan: invariants over 500 seeded random teams and account sets") {
  std::size_t placed = 0, overflowed = 0;
  std::set<OverflowReason> reasons;
  for (unsigned seed = 1; seed <= 500; ++seed) {
    CAPTURE(seed);
    World world = random_world(seed);
    const QueuePlan plan = plan_queues(world.team, world.week, world.accounts, &world.previous);
    check_invariants(world, plan);
    check_stickiness(world, plan);
    // Deterministic, and independent of the input's order.
    const QueuePlan again = plan_queues(world.team, world.week, world.accounts, &world.previous);
    CHECK(where(world, again) == where(world, plan));
    World shuffled = world;
    std::shuffle(shuffled.accounts.begin(), shuffled.accounts.end(), std::mt19937(seed));
    const QueuePlan reordered = plan_queues(shuffled.team, shuffled.week, shuffled.accounts, &shuffled.previous);
    CHECK(where(shuffled, reordered) == where(world, plan));
    for (const auto& queue : plan.queues) placed += queue.size();
    overflowed += plan.overflow.size();
    for (const Overflow& o : plan.overflow) reasons.insert(o.reason);
  }
  // The generator reaches every outcome, so the checks above are not vacuous.
  CHECK(placed > 1000);
  CHECK(overflowed > 1000);
  CHECK(reasons.size() == 4);
}

TEST_CASE("queue plan: exact cases") {
  const IsoWeek week = *parse_iso_week("2026-W49");  // Monday 2026-11-30
  auto rep = [](std::string id, std::int64_t capacity) {
    return Rep{.id = id, .name = id, .queues = {"ae"}, .capacity = capacity};
  };
  auto account = [](std::string id, std::int64_t score_units, std::int32_t tier) {
    return QueueAccount{.id = id, .queue = "ae", .score = Decimal::from_units(score_units), .tier = tier};
  };
  struct Row {
    const char* name;
    std::vector<Rep> reps;
    std::vector<QueueAccount> accounts;
    std::vector<std::vector<std::string>> queues;  // per rep, in rank order
  };
  Rep away = rep("b", 10);
  away.out_of_office = {{*parse_date("2026-11-30"), *parse_date("2026-12-01")}};  // 10 x 3/5 = 6
  const std::vector<Row> rows = {
      {.name = "equal loads: more room left wins, then the smaller rep id",
       .reps = {rep("a", 2), rep("b", 3)},
       .accounts = {account("x1", 10, 1), account("x2", 20, 1), account("x3", 30, 1)},
       .queues = {{"x2"}, {"x3", "x1"}}},
      {.name = "ranking: score, then tier, then id",
       .reps = {rep("a", 5)},
       .accounts = {account("c", 10, 2), account("b", 10, 1), account("a", 10, 2), account("d", 50, 3)},
       .queues = {{"d", "b", "a", "c"}}},
      {.name = "two days out of office: capacity prorated, load ratio balanced against it",
       .reps = {rep("a", 10), away},
       .accounts = {account("1", 0, 1), account("2", 0, 1), account("3", 0, 1), account("4", 0, 1)},
       .queues = {{"1", "3"}, {"2", "4"}}},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      Team team{.file = "team.toml", .reps = row.reps};
      const QueuePlan plan = plan_queues(team, week, row.accounts, nullptr);
      REQUIRE(plan.queues.size() == row.queues.size());
      for (std::size_t r = 0; r < row.queues.size(); ++r) {
        std::vector<std::string> ids;
        for (const Placement& p : plan.queues[r]) ids.push_back(row.accounts[p.account].id);
        CHECK(ids == row.queues[r]);
      }
      CHECK_FALSE(plan.changes);
    }
  }
}

TEST_CASE("team.toml: each problem at its file, line and column") {
  const vm::Program program = test_support::compile_program("p.icp", R"(profile "P" {
  owner "o@example.com"
}
account {
  employees: int
  country: country
  sector: enum(retail, software)
  tags: set<string>
}
tier 1 "Fit" = employees > 10
route {
  when tier == 1 -> queue "ae"
  else -> ignore
}
)");
  const std::string rep = "[[reps]]\nid = \"ann\"\nqueues = [\"ae\"]\n";
  struct Row {
    const char* name;
    std::string text;
    std::size_t line, column;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"a capacity of 0", rep + "capacity = 0\n", 4, 12, "rep `ann`: capacity 0 is outside the sane range 20 to 60 accounts a week (`capacity_range`)"},
      {"a capacity of 500", rep + "capacity = 500\n", 4, 12, "rep `ann`: capacity 500 is outside the sane range 20 to 60 accounts a week (`capacity_range`)"},
      {"an unknown country code", "[territories.eu]\ncountries = [\"DE\", \"UK\"]\n" + rep + "capacity = 30\n", 2, 20,
       "unknown country code `UK` (expected an ISO 3166-1 alpha-2 code, upper case)"},
      {"an unknown region", "[territories.eu]\nregions = [\"europe\"]\n" + rep + "capacity = 30\n", 2, 12,
       "unknown region `europe` (std.geo has anz, apac, benelux, dach, eea, emea, eu, latam, na, nordics, sanctioned, uk_ireland)"},
      {"an unknown territory", "[territories.eu]\nregions = [\"eu\"]\n" + rep + "capacity = 30\nterritories = [\"us\"]\n", 7, 16,
       "unknown territory `us` (defined: eu)"},
      {"a tier the profile lacks", "[territories.t]\ntiers = [2]\n" + rep + "capacity = 30\n", 2, 10,
       "the profile has no tier 2 (its tiers are 1 to 1)"},
      {"an enum value the field lacks", "[territories.t]\nfields = { sector = [\"health\"] }\n" + rep + "capacity = 30\n", 2, 22,
       "`health` is not a value of field `sector` (expected one of retail, software)"},
      {"a set field", "[territories.t]\nfields = { tags = [\"x\"] }\n" + rep + "capacity = 30\n", 2, 19,
       "field `tags`: territories segment on text, enum, NAICS, country, boolean or integer fields"},
      {"malformed TOML", "[[reps]\nid = \"ann\"\n", 1, 8, "invalid TOML: "},
      {"a rep id that is no file name", "[[reps]]\nid = \"../ann\"\nqueues = [\"ae\"]\ncapacity = 30\n", 2, 6,
       "rep id `../ann` must be lower-case letters, digits, `-` and `_`, starting with a letter or digit (it names the queue's file)"},
      {"an unknown key", rep + "capacity = 30\ncapcity = 30\n", 5, 11, "unknown key `capcity` in a rep"},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      Error error;
      CHECK_FALSE(parse_team(row.text, "team.toml", program, error));
      CHECK(error.file == "team.toml");
      CHECK(error.line == row.line);
      CHECK(error.column == row.column);
      CHECK(error.message.starts_with(row.message));
    }
  }
  SUBCASE("a good file: regions expanded, a queue the profile never routes to is a note") {
    Error error;
    const std::optional<Team> team = parse_team(
        "[territories.dach]\nregions = [\"dach\"]\ncountries = [\"NL\"]\n" + rep + "capacity = 30\nterritories = "
        "[\"dach\"]\nout_of_office = [2026-12-01, { from = 2026-12-03, to = 2026-12-04 }]\n[[reps]]\nid = \"bob\"\n"
        "queues = [\"sdr\"]\ncapacity = 20\n",
        "team.toml", program, error);
    REQUIRE_MESSAGE(team, to_text(error));
    CHECK(team->territories[0].countries == std::vector<std::string>{"AT", "CH", "DE", "NL"});
    CHECK(team->reps[0].name == "ann");
    CHECK(available_capacity(team->reps[0], *parse_iso_week("2026-W49")) == 30 * 2 / 5);
    CHECK(team->notes == std::vector<std::string>{"team.toml:10: rep `bob` works queue `sdr`, which no route rule of the profile names"});
  }
}

TEST_CASE("iso weeks: long years, the first week in December, round trips") {
  CHECK(format_date(parse_iso_week("2026-W49")->monday) == "2026-11-30");
  CHECK(format_date(parse_iso_week("2026-W01")->monday) == "2025-12-29");
  CHECK(format_date(parse_iso_week("2026-W53")->monday) == "2026-12-28");  // 2026 starts on a Thursday: 53 weeks
  CHECK(parse_iso_week("2025-W53") == std::nullopt);                         // 2025 has 52
  CHECK(format_date(parse_iso_week("2020-W53")->monday) == "2020-12-28");
  CHECK(parse_iso_week("2026-W00") == std::nullopt);
  CHECK(parse_iso_week("2026W49") == std::nullopt);
  for (int day = -400; day < 4000; day += 3) {
    const Date date{20000 + day};
    const IsoWeek week = iso_week_of(date);
    CHECK(parse_iso_week(format_iso_week(week)) == week);
    CHECK(date.days - week.monday.days == iso_weekday(date) - 1);
  }
}
