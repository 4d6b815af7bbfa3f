// Fuzz harness for `icpc backtest --map`: the CRM column mapping (TOML) and the exports it
// reads. The bytes are up to four files separated by NUL bytes: mapping.toml, the accounts
// CSV, the opportunities CSV and a retention side file (CSV). A mapping that parses reads the
// exports, and the backtest runs on both CRM profiles and renders as text, JSON (checked to
// parse) and HTML; retention is read from the side file, else from the accounts' column.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "tools/icpc/backtest_analysis.hpp"
#include "tools/icpc/backtest_render.hpp"
#include "tools/icpc/crm_export.hpp"
#include "tools/icpc/crm_mapping.hpp"

namespace icp::fuzz {
namespace {

constexpr std::string_view kProfiles[] = {"examples/crm-sample/crm-hardware.icp",
                                          "tests/cli/fixtures/backtest/profile.icp"};

void backtest(const cli::CrmMapping& mapping, const cli::AccountTable& accounts,
              const cli::OpportunityTable& opportunities) {
  for (std::string_view path : kProfiles) {
    const vm::Program& program = compiled_profile(path);
    const cli::BacktestInput input{program, mapping, accounts, opportunities, nullptr, std::nullopt, std::nullopt};
    cli::Backtest report;
    std::string error;
    if (!cli::run_backtest(input, report, error)) continue;  // the mapping does not fit this profile
    cli::render_backtest_text(report);
    cli::render_backtest_html(report);
    check_json(cli::render_backtest_json(report), "`icpc backtest --format json`");
  }
}

void run(const std::vector<std::string_view>& parts) {
  std::string error;
  const std::optional<cli::CrmMapping> mapping = cli::parse_mapping(parts[0], "mapping.toml", error);
  ICP_FUZZ_CHECK(mapping.has_value() == error.empty(), "a mapping is refused exactly when there is an error");
  if (!mapping || parts.size() < 3) return;
  cli::AccountTable accounts;
  if (!cli::read_accounts("accounts.csv", parts[1], *mapping, accounts, error)) return;
  const cli::Window window{std::nullopt, std::nullopt, fixed_as_of()};
  cli::OpportunityTable opportunities;
  if (!cli::read_opportunities("opportunities.csv", parts[2], *mapping, accounts, window, opportunities, error)) return;
  std::map<std::size_t, Decimal> retention;
  std::vector<cli::BadRow> bad;
  if (parts.size() > 3) {
    vm::CsvReader reader(parts[3]);
    cli::read_retention("retention.csv", reader, *mapping, accounts, retention, bad, error);
  } else {
    cli::retention_from_accounts(*mapping, accounts, retention, bad, error);
  }
  backtest(*mapping, accounts, opportunities);
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  icp::fuzz::run(icp::fuzz::split_parts(bytes, '\0', 4));
  return 0;
}
