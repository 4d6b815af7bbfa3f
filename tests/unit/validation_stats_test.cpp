// The validation loop's statistics (analysis/backtest/validation_stats.cpp), its mapping
// file (analysis/crm/crm_mapping.cpp) and its CSV joining (analysis/crm/crm_export.cpp).
// Expected values are computed here by hand or from published tables, never by the code
// under test.
#include <doctest/doctest.h>

#include "analysis/crm/crm_export.hpp"
#include "analysis/crm/crm_mapping.hpp"
#include "analysis/backtest/validation_stats.hpp"

using namespace icp;
using namespace icp::analysis;

namespace {
Decimal dec(const char* text) { return *Decimal::parse(text); }
}  // namespace

TEST_CASE("Wilson score interval matches published values") {
  // Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 -> 0.2553 to 0.3662;
  // 15/148 -> 0.0624 to 0.1605; 0/10 -> 0 to 0.2775; 1/29 -> 0.0061 to 0.1718.
  struct Row { std::size_t k, n; double low, high; };
  for (const Row row : {Row{81, 263, 0.2553, 0.3662}, Row{15, 148, 0.0624, 0.1605}, Row{0, 10, 0.0, 0.2775},
                        Row{1, 29, 0.0061, 0.1718}}) {
    CAPTURE(row.k);
    const Interval interval = wilson_interval(row.k, row.n);
    CHECK(interval.low == doctest::Approx(row.low).epsilon(0.0005));
    CHECK(interval.high == doctest::Approx(row.high).epsilon(0.0005));
  }
  const Interval all = wilson_interval(10, 10);
  CHECK(all.high == doctest::Approx(1.0));
  CHECK(all.low == doctest::Approx(0.7225).epsilon(0.0005));
}

TEST_CASE("percentiles interpolate between closest ranks, exactly") {
  CHECK(percentile({7}, 50) == dec("7"));
  CHECK(percentile({1, 2}, 50) == dec("1.5"));
  CHECK(percentile({1, 2, 3, 4}, 50) == dec("2.5"));
  CHECK(percentile({1, 2, 3, 4}, 75) == dec("3.25"));   // h = 2.25
  CHECK(percentile({1, 2, 3, 4, 5}, 75) == dec("4"));   // h = 3
  CHECK(percentile({10, 20, 30}, 25) == dec("15"));     // h = 0.5
  CHECK(percentile({0, 3, 100}, 50) == dec("3"));
}

TEST_CASE("top quartile takes ceil(n/4) values and every tie") {
  using V = std::vector<std::optional<Decimal>>;
  const V values = {dec("5"), dec("9"), dec("1"), dec("7"), std::nullopt, dec("3")};
  // 5 values -> 2 members: 9 and 7 by size; 1 and 3 when small is better.
  CHECK(top_quartile(values, true) == std::vector<bool>{false, true, false, true, false, false});
  CHECK(top_quartile(values, false) == std::vector<bool>{false, false, true, false, false, true});
  const V tied = {dec("4"), dec("4"), dec("4"), dec("1")};
  CHECK(top_quartile(tied, true) == std::vector<bool>{true, true, true, false});
  CHECK(top_quartile(V{}, true).empty());
}

TEST_CASE("percent_of and average round half-even") {
  CHECK(*percent_of(1, 3) == dec("33.3333"));
  CHECK(*percent_of(2, 3) == dec("66.6667"));
  CHECK_FALSE(percent_of(1, 0));
  CHECK(*average(dec("10"), 4) == dec("2.5"));
  CHECK_FALSE(average(dec("10"), 0));
}

TEST_CASE("mapping files: fields with value maps, stage values, strict keys") {
  Error error;
  const auto mapping = parse_mapping(R"(
[accounts]
key = "name"
[accounts.fields]
employees = "staff"
country = { column = "hq", map = { "United States" = "US", Germany = "DE" } }
[opportunities]
key = "company"
stage = "status"
won = ["Closed Won"]
lost = ["Closed Lost"]
open = []
date_format = "MM/DD/YYYY"
reason = "why"
)", "m.toml", error);
  REQUIRE_MESSAGE(mapping, to_text(error));
  CHECK(mapping->account_key == "name");
  REQUIRE(mapping->fields.size() == 2);
  CHECK(mapping->fields[0].field == "country");  // sorted by field
  CHECK(map_value(mapping->fields[0], "Germany") == "DE");
  CHECK(map_value(mapping->fields[0], "France") == "France");  // passes through
  CHECK(mapping->date_format == DateFormat::us);
  CHECK(mapping->open.empty());
  CHECK(mapping->reason == "why");

  CHECK_FALSE(parse_mapping("[opportunities]\nstage_column = \"x\"\n", "m.toml", error));
  CHECK(to_text(error) == "m.toml:2:16: unknown key `stage_column` in [opportunities]");
  CHECK_FALSE(parse_mapping("[opportunities]\nwon = [\"Won\"]\nlost = [\"Won\"]\n", "m.toml", error));
  CHECK_MESSAGE(error.message.find("listed as won and as lost") != std::string::npos, error.message);
  CHECK_FALSE(parse_mapping("[opportunities]\ndate_format = \"DD-MM-YY\"\n", "m.toml", error));
  CHECK(error.message.find("unknown date_format") != std::string::npos);
}

TEST_CASE("dates in the mapped formats") {
  CHECK(parse_date_as("03/01/2017", DateFormat::us) == parse_date("2017-03-01"));
  CHECK(parse_date_as("03/01/2017", DateFormat::european) == parse_date("2017-01-03"));
  CHECK(parse_date_as("2017/01/03", DateFormat::iso_slash) == parse_date("2017-01-03"));
  CHECK(parse_date_as("03.01.2017", DateFormat::european_dot) == parse_date("2017-01-03"));
  CHECK_FALSE(parse_date_as("02/30/2017", DateFormat::us));
  CHECK_FALSE(parse_date_as("2017-01-03", DateFormat::us));
}

TEST_CASE("opportunities: every row is used, skipped or reported by kind") {
  const CrmMapping mapping;
  Error error;
  AccountTable accounts;
  REQUIRE(read_accounts({"a.csv", "account,employees\nAcme,10\nBeta,20\nAcme,30\n,5\n"}, mapping, accounts, error));
  CHECK(accounts.rows.size() == 2);
  REQUIRE(accounts.bad.size() == 2);
  CHECK(accounts.bad[0].line == 4);  // duplicate key
  CHECK(accounts.bad[1].kind == BadRowKind::missing_account);
  const std::string opportunities =
      "opportunity_id,account,deal_stage,engage_date,close_date,close_value\n"
      "1,Acme,Won,2017-01-01,2017-02-01,100\n"        // 2 good
      "2,Acme,Lost,2017-01-05,2017-01-04,0\n"         // 3 close before engage
      "3,Gamma,Won,2017-01-01,2017-02-01,5\n"         // 4 unknown account
      "4,Beta,Stalled,2017-01-01,,\n"                 // 5 unknown stage
      "5,Beta,Won,2017-13-01,2017-02-01,5\n"          // 6 bad date
      "6,Beta,Won,2017-01-01,2099-02-01,5\n"          // 7 future date
      "7,Beta,Won,2017-01-01,2017-02-01,\n"           // 8 missing amount
      "8,,Engaging,2017-01-01,,\n"                    // 9 open without account
      "9,Beta,Prospecting,,,\n"                       // 10 never engaged
      "10,,Lost,2017-01-01,2017-02-01,0\n"            // 11 missing account
      "11,Beta,Lost,2017-01-01\n"                     // 12 malformed
      "12,Beta,Won,2017-01-01,2017-02-01,1e3\n";      // 13 bad amount
  OpportunityTable table;
  Window window;
  window.today = *parse_date("2026-01-01");
  REQUIRE(read_opportunities({"o.csv", opportunities}, mapping, accounts, window, table, error));
  CHECK(table.rows == 12);
  REQUIRE(table.opportunities.size() == 1);
  CHECK(table.opportunities[0].line == 2);
  CHECK(table.skipped.open_without_account == 1);
  CHECK(table.skipped.not_engaged == 1);
  std::vector<std::pair<BadRowKind, std::size_t>> kinds;
  for (const auto& row : table.bad) kinds.emplace_back(row.kind, row.line);
  CHECK(kinds == std::vector<std::pair<BadRowKind, std::size_t>>{
                     {BadRowKind::close_before_engage, 3}, {BadRowKind::unknown_account, 4},
                     {BadRowKind::unknown_stage, 5}, {BadRowKind::bad_date, 6}, {BadRowKind::future_date, 7},
                     {BadRowKind::missing_amount, 8}, {BadRowKind::missing_account, 11}, {BadRowKind::malformed, 12},
                     {BadRowKind::bad_amount, 13}});
  CHECK(table.bad[1].field == "account");
  CHECK(table.bad[3].field == "engage_date");
  CHECK(table.bad[4].field == "close_date");
}

TEST_CASE("the window: engage dates filter, a close after --to counts as open") {
  const CrmMapping mapping;
  Error error;
  AccountTable accounts;
  REQUIRE(read_accounts({"a.csv", "account\nAcme\n"}, mapping, accounts, error));
  OpportunityTable table;
  Window window{parse_date("2017-02-01"), parse_date("2017-03-31"), *parse_date("2026-01-01")};
  REQUIRE(read_opportunities({"o.csv",
                              "account,deal_stage,engage_date,close_date,close_value\n"
                              "Acme,Won,2017-01-31,2017-02-10,1\nAcme,Won,2017-02-01,2017-02-10,1\n"
                              "Acme,Lost,2017-03-31,2017-04-02,0\nAcme,Won,2017-04-01,2017-04-02,1\n"},
                             mapping, accounts, window, table, error));
  CHECK(table.skipped.before_window == 1);
  CHECK(table.skipped.after_window == 1);
  CHECK(table.skipped.closed_after_window == 1);
  REQUIRE(table.opportunities.size() == 2);
  CHECK(table.opportunities[1].stage == Stage::open);
  CHECK_FALSE(table.opportunities[1].close);
}

// Issue 12: an unbalanced quote in an export took the rows after it along. Now it is one
// malformed row at its first line, and the rows it swallowed are read again.
TEST_CASE("exports: a stray quote costs its own row only") {
  const CrmMapping mapping;
  Error error;
  AccountTable accounts;
  REQUIRE(read_accounts({"a.csv", "account,employees\nAcme,\"10\nBeta,20\nGamma,3\xFF\nDelta,\"4\"\n"}, mapping, accounts,
                        error));
  REQUIRE(accounts.rows.size() == 2);
  CHECK(accounts.rows[0].key == "Beta");
  CHECK(accounts.rows[1].key == "Delta");
  REQUIRE(accounts.bad.size() == 2);
  CHECK(accounts.bad[0].kind == BadRowKind::malformed);
  CHECK(accounts.bad[0].line == 2);
  CHECK(accounts.bad[0].found == "text after a closing quote at line 5, column 8 (expected `,` or the end of the line)");
  CHECK(accounts.bad[1].line == 4);
  CHECK(accounts.bad[1].field == "employees");
  CHECK(accounts.bad[1].found == "invalid UTF-8 (the byte 0xff) at line 4, column 8");
}
