// Fuzz harness for the queue.json `icpc queue --previous` reads back: the bytes are the file.
// A refused file names itself and says why. One that reads is last week for the queue
// fixture's team and the CRM sample's, planning a small fixed set of accounts plus accounts
// named in the file itself: the plan keeps every invariant of docs/queues.md, its changes
// agree with the file (queue_checks.hpp), and its own queue.json reads back as its placements.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/queue/previous_week.hpp"
#include "analysis/queue/team.hpp"
#include "fuzz/fuzz_support.hpp"
#include "fuzz/queue_checks.hpp"

namespace icp::fuzz {
namespace {

constexpr std::string_view kName = "w48/queue.json";
// Accounts of last week planned again this week: enough to fill a rep, few enough to be fast.
constexpr std::size_t kAccountsFromFile = 12;

// The bundled teams, each with the profile it is written for.
struct BundledTeam {
  const vm::Program* program;
  analysis::Team team;
};

const std::vector<BundledTeam>& bundled_teams() {
  static const std::vector<BundledTeam> teams = [] {
    std::vector<BundledTeam> out;
    const std::string_view files[] = {"tests/cli/fixtures/queue/team.toml", "examples/crm-sample/team.toml"};
    for (std::size_t i = 0; i < std::size(files); ++i) {
      const vm::Program* program = queue_profiles()[i];
      analysis::Error error;
      std::optional<analysis::Team> team = analysis::parse_team(read_source_file(files[i]), files[i], *program, error);
      if (!team) fail("a bundled team.toml parses", error.message);
      out.push_back({program, std::move(*team)});
    }
    return out;
  }();
  return teams;
}

// The fixed accounts, then accounts the file names (routed like the fixed ones, unowned), so
// that last week's reps are kept, moved or left for accounts the fuzzer chose.
std::vector<analysis::QueueAccount> accounts_for(const BundledTeam& bundled, const analysis::PreviousWeek& previous) {
  std::vector<analysis::QueueAccount> accounts = fixed_queue_accounts(*bundled.program, bundled.team);
  const std::size_t fixed = accounts.size();
  std::size_t added = 0;
  for (const auto& last : previous) {
    if (added == kAccountsFromFile) break;
    const std::string& id = last.first;
    const bool known = std::any_of(accounts.begin(), accounts.end(), [&](const auto& a) { return a.id == id; });
    if (known) continue;
    analysis::QueueAccount account = accounts[(added * 5 + 1) % fixed];
    account.id = id;
    account.owner = {};
    accounts.push_back(std::move(account));
    ++added;
  }
  return accounts;
}

void run(std::string_view json) {
  analysis::PreviousWeek previous;
  analysis::Error error;
  if (!analysis::read_previous_week(json, kName, previous, error)) {
    ICP_FUZZ_CHECK(error.file == kName && !error.message.empty(), "a refused queue.json is named and says why");
    return;
  }
  ICP_FUZZ_CHECK(error.message.empty(), "a queue.json that reads has no error");
  for (const BundledTeam& bundled : bundled_teams()) {
    check_queue_plan(*bundled.program, bundled.team, accounts_for(bundled, previous), &previous);
  }
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  icp::fuzz::run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
