// Fuzz harness for `icpc backtest --map`: the CRM column mapping (TOML) and the exports it
// reads. The bytes are up to four files separated by NUL bytes: mapping.toml, the accounts
// CSV, the opportunities CSV and a retention side file (CSV). A mapping that parses reads the
// exports; the backtest runs on both CRM profiles and the nucleus on the exports, each
// rendered as text, JSON (checked to parse) and HTML; retention is read from the side file,
// else from the accounts' column. With `[accounts] valid_from` the accounts are a history:
// every opportunity then either has a row in force or is counted as before the history.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/backtest/backtest_analysis.hpp"
#include "analysis/backtest/backtest_render.hpp"
#include "analysis/backtest/nucleus_analysis.hpp"
#include "analysis/backtest/nucleus_render.hpp"
#include "analysis/crm/crm_export.hpp"
#include "analysis/crm/crm_mapping.hpp"
#include "fuzz/fuzz_support.hpp"

namespace icp::fuzz {
namespace {

constexpr std::string_view kProfiles[] = {"examples/crm-sample/crm-hardware.icp",
                                          "tests/cli/fixtures/backtest/profile.icp"};

void backtest(const analysis::CrmMapping& mapping, const analysis::AccountTable& accounts,
              const analysis::OpportunityTable& opportunities) {
  for (std::string_view path : kProfiles) {
    const vm::Program& program = compiled_profile(path);
    const analysis::BacktestInput input{program, mapping, accounts, opportunities, nullptr, std::nullopt,
                                        std::nullopt};
    analysis::Error error;
    const std::optional<analysis::Backtest> report = analysis::run_backtest(input, error);
    if (!report) continue;  // the mapping does not fit this profile
    std::size_t placed = report->group("all").opportunities + report->before_history;
    for (const auto& account : report->rejected_accounts) placed += account.opportunities;
    ICP_FUZZ_CHECK(placed == opportunities.opportunities.size(),
                   "every opportunity is counted once: analysed, rejected with its account, or before the history");
    analysis::render_backtest_text(*report);
    analysis::render_backtest_html(*report);
    check_json(analysis::render_backtest_json(*report), "`icpc backtest --format json`");
  }
}

void run(const std::vector<std::string_view>& parts) {
  analysis::Error error;
  const std::optional<analysis::CrmMapping> mapping = analysis::parse_mapping(parts[0], "mapping.toml", error);
  ICP_FUZZ_CHECK(mapping.has_value() == error.message.empty(), "a mapping is refused exactly when there is an error");
  if (!mapping || parts.size() < 3) return;
  analysis::AccountTable accounts;
  if (!analysis::read_accounts({"accounts.csv", parts[1]}, *mapping, accounts, error)) return;
  const analysis::Window window{std::nullopt, std::nullopt, fixed_as_of()};
  analysis::OpportunityTable opportunities;
  if (!analysis::read_opportunities({"opportunities.csv", parts[2]}, *mapping, accounts, window, opportunities,
                                    error)) {
    return;
  }
  analysis::Retention retention;
  const bool has_retention =
      parts.size() > 3 ? analysis::read_retention({"retention.csv", parts[3]}, *mapping, accounts, retention, error)
                       : analysis::retention_from_accounts(*mapping, accounts, retention, error);
  backtest(*mapping, accounts, opportunities);
  const analysis::Nucleus nucleus = analysis::run_nucleus(
      {*mapping, accounts, opportunities, has_retention ? &retention : nullptr, std::nullopt, std::nullopt});
  analysis::render_nucleus_text(nucleus);
  analysis::render_nucleus_html(nucleus);
  check_json(analysis::render_nucleus_json(nucleus), "`icpc nucleus --format json`");
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  icp::fuzz::run(icp::fuzz::split_parts(bytes, '\0', 4));
  return 0;
}
