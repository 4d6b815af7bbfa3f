// A CRM export read through its column mapping (analysis::CrmColumns on the batch API): the
// same accounts written as the CRM writes them and as JSON Lines in the profile's own words
// must give byte-identical decisions; cells the mapping cannot read are rejected naming the
// field and what the mapping expected; a field a profile lacks is a note.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analysis/crm/crm_columns.hpp"
#include "analysis/crm/crm_mapping.hpp"
#include "compiled_profile.hpp"
#include "icp/batch.hpp"
#include "runtime/api/batch_vm.hpp"

using namespace icp;
using namespace icp::analysis;

namespace {

const char* const kProfile = R"(profile "Mapped" {
  owner "revops@example.com"
  version "1"
}
account {
  employees: int
  active:    bool
  founded:   date
  sector:    enum(software, retail)
  naics:     naics
  country:   country
  parent:    string?
}
criterion big = employees >= 100
tier 1 "Fit" = big and active and sector == software and country == "DE"
tier 2 "Young" = founded >= 2020-01-01 and naics in [44]
route {
  when tier == 1 -> queue "ae"
  else -> ignore
}
)";

const char* const kMapping = R"(
[accounts]
key = "Account ID"
true_values = ["Yes", "1"]
false_values = ["No", "0"]
date_format = "MM/DD/YYYY"
[accounts.fields]
employees = "Employees"
active = "Active"
founded = "Founded"
parent = "Parent Account"
sector = { column = "Industry", map = { Software = "software", Retail = "retail" } }
naics = { column = "Industry", map = { Software = "5132", Retail = "44" } }
country = { column = "Billing Country", map = { Germany = "DE", France = "FR" } }
revenue = "Annual Revenue"
)";

struct Collected final : BatchSink {
  std::string decisions;
  std::vector<RejectedRecord> rejections;
  bool on_results(const BatchResults& results) override {
    decisions.append(results.decisions);
    rejections.insert(rejections.end(), results.rejections.begin(), results.rejections.end());
    return true;
  }
  bool on_side_file_error(const SideFileError&) override { return true; }
};

CrmMapping mapping() {
  Error error;
  std::optional<CrmMapping> parsed = parse_mapping(kMapping, "mapping.toml", error);
  REQUIRE_MESSAGE(parsed, to_text(error));
  return *parsed;
}

}  // namespace

TEST_CASE("crm columns: a CRM export through its mapping decides as the same accounts in JSON Lines") {
  const vm::Program program = test_support::compile_program("mapped.icp", kProfile);
  const CrmMapping map = mapping();
  const CrmColumns columns(map, program.schema);
  const std::string csv =
      "Account ID,Employees,Active,Founded,Industry,Billing Country,Parent Account,Owner\n"
      "a-1,250,Yes,03/14/2012,Software,Germany,,Jane Doe\n"
      "a-2,40,0,12/01/2021,Retail,FR,Acme,Jane Doe\n"
      "a-3,900,TRUE,01/31/2019,Software,DE,\"Acme, Inc\",\n";
  const std::string jsonl =
      R"({"id":"a-1","employees":250,"active":true,"founded":"2012-03-14","sector":"software","naics":"5132","country":"DE"})" "\n"
      R"({"id":"a-2","employees":40,"active":false,"founded":"2021-12-01","sector":"retail","naics":"44","country":"FR","parent":"Acme"})" "\n"
      R"({"id":"a-3","employees":900,"active":true,"founded":"2019-01-31","sector":"software","naics":"5132","country":"DE","parent":"Acme, Inc"})" "\n";
  const BatchOptions options{.as_of = *parse_date("2026-12-01")};
  Collected mapped, plain;
  BatchInput input = BatchInput::csv(std::string_view(csv));
  input.map_columns(&columns);
  const BatchSummary mapped_summary = decide_stream(program, input, options, mapped);
  const BatchSummary plain_summary = decide_stream(program, BatchInput::json_lines(jsonl), options, plain);
  CHECK(mapped_summary.failure == BatchSummary::Failure::none);
  CHECK(mapped_summary.rejected == 0);
  CHECK(plain_summary.rejected == 0);
  CHECK(mapped.decisions == plain.decisions);
  CHECK(mapped.decisions.find(R"("id":"a-1")") != std::string::npos);
  CHECK(columns.notes() ==
        std::vector<std::string>{"the mapping maps field `revenue`, which the profile's `account` block does not declare"});
}

TEST_CASE("crm columns: cells the mapping cannot read are rejected with the field and the mapping's words") {
  const vm::Program program = test_support::compile_program("mapped.icp", kProfile);
  const CrmMapping map = mapping();
  const CrmColumns columns(map, program.schema);
  struct Row {
    const char* name;
    const char* row;
    const char* field;
    const char* expected;
  };
  const Row rows[] = {
      {.name = "a boolean spelt neither way", .row = "b-1,250,Maybe,03/14/2012,Software,Germany,",
       .field = "active", .expected = "a boolean (Yes, 1, No, 0, true or false)"},
      {.name = "a date not in the mapping's format", .row = "b-2,250,Yes,2012-03-14,Software,Germany,",
       .field = "founded", .expected = "a date MM/DD/YYYY"},
      {.name = "a date that is no calendar day", .row = "b-3,250,Yes,02/30/2012,Software,Germany,",
       .field = "founded", .expected = "a date MM/DD/YYYY"},
      {.name = "a country the value map does not name passes through to the decoder", .row = "b-4,250,Yes,03/14/2012,Software,Germania,",
       .field = "country", .expected = "a country code (ISO 3166-1 alpha-2)"},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      const std::string csv =
          std::string("Account ID,Employees,Active,Founded,Industry,Billing Country,Parent Account\n") + row.row + "\n";
      Collected out;
      BatchInput input = BatchInput::csv(std::string_view(csv));
      input.map_columns(&columns);
      const BatchSummary summary = decide_stream(program, input, BatchOptions{.as_of = *parse_date("2026-12-01")}, out);
      REQUIRE(summary.rejected == 1);
      REQUIRE(out.rejections.size() == 1);
      CHECK(out.rejections[0].line == 2);
      CHECK(out.rejections[0].field == row.field);
      CHECK(out.rejections[0].expected == row.expected);
    }
  }
}

TEST_CASE("crm columns: a mapped column the export lacks stops before any account is decided") {
  const vm::Program program = test_support::compile_program("mapped.icp", kProfile);
  const CrmMapping map = mapping();
  const CrmColumns columns(map, program.schema);
  const std::string csv = "Account ID,Employees,Active,Founded,Industry,Parent Account\na-1,250,Yes,03/14/2012,Software,\n";
  Collected out;
  BatchInput input = BatchInput::csv(std::string_view(csv));
  input.map_columns(&columns);
  const BatchSummary summary = decide_stream(program, input, BatchOptions{.as_of = *parse_date("2026-12-01")}, out);
  CHECK(summary.failure == BatchSummary::Failure::csv_header);
  CHECK(summary.line == 1);
  CHECK(summary.message == "no column `Billing Country` (mapped to field `country`)");
  CHECK(out.decisions.empty());
}

TEST_CASE("crm mapping: booleans and dates of account fields are checked where they are written") {
  Error error;
  CHECK_FALSE(parse_mapping("[accounts]\ntrue_values = [\"Y\"]\nfalse_values = [\"N\", \"Y\"]\n", "m.toml", error));
  CHECK(error.line == 2);
  CHECK(error.message == "`Y` is listed as true and means false");
  CHECK_FALSE(parse_mapping("[accounts]\ndate_format = \"DD-MM-YY\"\n", "m.toml", error));
  CHECK(error.line == 2);
  CHECK(error.message.starts_with("unknown date_format `DD-MM-YY`"));
  // Account dates follow the opportunities' format unless [accounts] names its own.
  std::optional<CrmMapping> parsed = parse_mapping("[opportunities]\ndate_format = \"DD.MM.YYYY\"\n", "m.toml", error);
  REQUIRE(parsed);
  CHECK(parsed->account_dates() == DateFormat::european_dot);
}
