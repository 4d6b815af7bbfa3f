// Fuzz harness for team.toml, as `icpc queue --team` reads it: the bytes are the file, read
// for the queue fixture's profile and the CRM sample's. A refused file has a located error
// (file, line and column). A team that parses plans a week of a small fixed set of accounts
// shaped by its own territories, with and without last week, and the plan keeps every
// invariant of docs/queues.md (queue_checks.hpp); for the fixture's profile the fixture's
// accounts also go through the whole of `icpc queue` (decided, routed, owners from the CRM).
#include <cstdint>
#include <optional>
#include <string>

#include "analysis/crm/crm_mapping.hpp"
#include "analysis/impact/sample.hpp"
#include "analysis/queue/team.hpp"
#include "analysis/queue/weekly_queue.hpp"
#include "fuzz/fuzz_support.hpp"
#include "fuzz/queue_checks.hpp"

namespace icp::fuzz {
namespace {

constexpr std::string_view kName = "team.toml";

// The queue fixture's accounts (tests/cli/queue.sh) read through its CRM mapping, once.
struct FixtureAccounts {
  std::string text = read_source_file("tests/cli/fixtures/queue/accounts.csv");
  analysis::CrmMapping mapping;
  analysis::Sample sample;

  FixtureAccounts() {
    analysis::Error error;
    const std::optional<analysis::CrmMapping> parsed =
        analysis::parse_mapping(read_source_file("tests/cli/fixtures/queue/mapping.toml"), "mapping.toml", error);
    if (!parsed) fail("the queue fixture's mapping parses", error.message);
    mapping = *parsed;
    if (!sample.read_csv({"accounts.csv", text, nullptr}, vm::SideTables(), mapping, error)) {
      fail("the queue fixture's accounts read", error.message);
    }
  }
};

// `icpc queue` on the fixture: every routed account decided and planned, the plan checked.
void queue_fixture(const vm::Program& program, const analysis::Team& team) {
  static const FixtureAccounts fixture;
  const analysis::QueueInput input{program, team, fixture.sample, fixed_week(), fixed_week().monday};
  analysis::Error error;
  const std::optional<analysis::WeeklyQueue> week = analysis::build_weekly_queue(input, error);
  ICP_FUZZ_CHECK(week.has_value(), "the fixture's accounts make a queue for any team");
  ICP_FUZZ_CHECK(week->accounts.size() == week->info.size(), "each queued account has its line's information");
  check_queue_plan(program, team, week->accounts, nullptr);
}

void run(std::string_view text) {
  for (const vm::Program* program : queue_profiles()) {
    analysis::Error error;
    const std::optional<analysis::Team> team = analysis::parse_team(text, kName, *program, error);
    if (!team) {
      if (error.message.empty() || error.file != kName || error.line == 0 || error.column == 0) {
        fail("a refused team.toml says why at a line and column of it", analysis::to_text(error));
      }
      continue;
    }
    ICP_FUZZ_CHECK(error.message.empty(), "a team.toml that parses has no error");
    ICP_FUZZ_CHECK(!team->reps.empty(), "a team has reps");
    for (std::size_t i = 0; i < team->reps.size(); ++i) {
      const analysis::Rep& rep = team->reps[i];
      ICP_FUZZ_CHECK(i == 0 || team->reps[i - 1].id < rep.id, "reps are sorted by id, each once");
      ICP_FUZZ_CHECK(team->rep_named(rep.name) == &rep, "a rep is found by its CRM name, and only it");
      ICP_FUZZ_CHECK(rep.capacity >= team->min_capacity && rep.capacity <= team->max_capacity,
                     "a rep's capacity is within the team's capacity range");
      for (std::size_t territory : rep.territories) {
        ICP_FUZZ_CHECK(territory < team->territories.size(), "a rep's territory is one the team defines");
      }
    }
    const std::vector<analysis::QueueAccount> accounts = fixed_queue_accounts(*program, *team);
    check_queue_plan(*program, *team, accounts, nullptr);
    const analysis::PreviousWeek previous = fixed_previous_week(*team, accounts);
    check_queue_plan(*program, *team, accounts, &previous);
    if (program == queue_profiles().front()) queue_fixture(*program, *team);
  }
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  icp::fuzz::run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
