// How the backtest and nucleus reports write numbers for a reader (analysis/backtest/
// report_numbers.cpp, report_table.cpp) and the mapping's `currency` key (crm_mapping.cpp).
// Expected values are written out by hand, table by table.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analysis/backtest/report_numbers.hpp"
#include "analysis/backtest/report_table.hpp"
#include "analysis/crm/crm_mapping.hpp"

using namespace icp;
using namespace icp::analysis;

namespace {
Decimal dec(const char* text) { return *Decimal::parse(text); }
}  // namespace

TEST_CASE("digits are grouped by thousands, sign and fraction untouched") {
  struct Row { const char* in; const char* out; };
  for (const Row row : {Row{"0", "0"}, Row{"999", "999"}, Row{"1000", "1,000"}, Row{"12345", "12,345"},
                        Row{"123456", "123,456"}, Row{"1234567", "1,234,567"}, Row{"-1234", "-1,234"},
                        Row{"-123", "-123"}, Row{"1234.5678", "1,234.5678"}, Row{"100000.00", "100,000.00"}}) {
    CAPTURE(row.in);
    CHECK(group_thousands(row.in) == row.out);
  }
  CHECK(format_count(8800) == "8,800");
  CHECK(format_count(7) == "7");
  CHECK(format_grouped(dec("2414.0875"), 2) == "2,414.09");
}

TEST_CASE("money carries the mapping's currency: a symbol, else the code") {
  struct Row { const char* value; const char* currency; const char* out; };
  for (const Row row : {Row{"2414.0875", "", "2,414.09"}, Row{"2414.0875", "USD", "$2,414.09"},
                        Row{"2414.0875", "EUR", "€2,414.09"}, Row{"2414.0875", "GBP", "£2,414.09"},
                        Row{"2414.5", "JPY", "¥2,414"}, Row{"2415.5", "JPY", "¥2,416"},  // half-even
                        Row{"2414.0875", "CHF", "CHF 2,414.09"}, Row{"2414.0875", "CAD", "CAD 2,414.09"},
                        Row{"-5", "USD", "-$5.00"}, Row{"1000000", "USD", "$1,000,000.00"}}) {
    CAPTURE(row.value);
    CAPTURE(row.currency);
    CHECK(format_money(dec(row.value), row.currency) == row.out);
  }
  CHECK(format_money(dec("1500"), "USD", 0) == "$1,500");
  CHECK(money_or_dash(std::nullopt, "USD") == "-");
}

TEST_CASE("axes tick at 1, 2 or 5 times a power of ten, from 0 past the largest value") {
  struct Row { double largest; int at_most; double step; double top; };
  for (const Row row : {Row{138, 6, 50, 150}, Row{100, 5, 20, 100}, Row{3474.04, 6, 1000, 4000},
                        Row{72.5, 8, 10, 80}, Row{1, 5, 0.2, 1}, Row{0.3, 5, 0.1, 0.3}, Row{7, 5, 2, 8},
                        Row{0, 5, 0.2, 1}, Row{999999, 5, 200000, 1000000}}) {
    CAPTURE(row.largest);
    const AxisTicks ticks = round_ticks(row.largest, row.at_most);
    CHECK(ticks.step == doctest::Approx(row.step));
    CHECK(ticks.top() == doctest::Approx(row.top));
    CHECK(ticks.values.front() == 0);
    CHECK(static_cast<int>(ticks.values.size()) - 1 <= row.at_most);
    CHECK(ticks.top() >= row.largest);
  }
}

TEST_CASE("report tables: one set of columns, laid out as text or HTML") {
  ReportTable table;
  table.columns = {{"Account", false}, {"Deal size", true}};
  table.rows = {{"Acme", "€1,000.00"}, {"<b>Beta\x1b[2J</b>", "-"}};
  CHECK(table.names() == std::vector<std::string>{"Account", "Deal size"});
  // Widths in code points: "€" is one column; the escape is shown as text and counted so.
  CHECK(text_table(table) == "  Account" + std::string(13, ' ') + "Deal size\n"
                             "  Acme" + std::string(16, ' ') + "€1,000.00\n"
                             "  <b>Beta\\x1b[2J</b>" + std::string(10, ' ') + "-\n");
  const std::string html = html_table(table);
  CHECK(html.find("<th>Account</th><th class=\"num\">Deal size</th>") != std::string::npos);
  CHECK(html.find("<td>&lt;b&gt;Beta\\x1b[2J&lt;/b&gt;</td>") != std::string::npos);
  CHECK(column_title("year_established") == "Year established");
  CHECK(column_title("Employees") == "Employees");
}

TEST_CASE("the mapping's currency is an ISO 4217 code or nothing") {
  Error error;
  CHECK(parse_mapping("", "m.toml", error)->currency.empty());
  CHECK(parse_mapping("[opportunities]\ncurrency = \"EUR\"\n", "m.toml", error)->currency == "EUR");
  for (const char* bad : {"usd", "US$", "EURO", "E1R"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_mapping(std::string("[opportunities]\ncurrency = \"") + bad + "\"\n", "m.toml", error));
    CHECK(error.line == 2);
    CHECK(error.column == 12);
    CHECK(error.message.find("ISO 4217") != std::string::npos);
  }
  CHECK_FALSE(parse_mapping("[opportunities]\ncurrency = 840\n", "m.toml", error));
  CHECK(error.message == "`currency` must be a non-empty string");
}
