// The check stage after a syntax error: the declarations that parsed are still checked, so a
// type error is not hidden behind a typo, and what the skipped text may explain is not
// reported. Input: whole profiles with one syntax error. Output: the diagnostic codes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "compiler/project/project.hpp"

using namespace icp;

namespace {

const char* const kProfile = "profile \"T\" {\n  owner \"ops@example.com\"\n  reviewed 2026-11-01\n}\n";
const char* const kAccount =
    "account {\n  employees: int\n  revenue: decimal?\n  country: country\n  tech: set<string>\n}\n";
const char* const kRoute = "route {\n  when tier == 1 -> queue \"x\"\n  else -> ignore\n}\n";

project::Result check_text(const std::string& text) {
  project::Options options;
  options.today = date_from_civil(2026, 11, 23);
  return project::check_inputs({project::Input{"t.icp", text}}, options);
}

std::vector<std::string> codes(const project::Result& result) {
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics) out.emplace_back(info(d.code).name);
  return out;
}

}  // namespace

TEST_CASE("after a syntax error the declarations that parsed are checked, without echoes") {
  struct Row {
    const char* what;
    std::string text;
    std::vector<std::string> codes;
  };
  const std::string head = std::string(kProfile) + kAccount;
  const Row rows[] = {
      {"a type error after a syntax error is reported",
       head + "criterion big = employees > 100 && country == \"US\"\n"
              "criterion odd = employees + \"x\" > 1\n"
              "tier 1 \"a\" = big and odd\n" + kRoute,
       {"E0001", "E0301"}},
      {"a criterion that failed to parse is not unknown where it is used",
       head + "criterion big = employees >\ntier 1 \"a\" = big\n" + kRoute, {"E0001"}},
      {"a name the skipped text never mentions is still unknown",
       head + "criterion big = employees >\ntier 1 \"a\" = bgi\n" + kRoute, {"E0001", "E0210"}},
      {"a declaration cut short on its line is not checked (no E0302 for `employees`)",
       head + "tier 1 \"a\" = employees = 100\n" + kRoute, {"E0001"}},
      {"a broken route is not a missing route, and the tiers are still checked",
       head + "tier 1 \"a\" = employees > \"many\"\nroute {\n  when tier == 1 -> queue \"x\" sla 24x\n  else -> ignore\n}\n",
       {"E0301", "E0005"}},
      {"a broken tier leaves no gap in the numbering",
       head + "tier 1 \"a\" employees > 1\ntier 2 \"b\" = employees > 2\n" + kRoute, {"E0001"}},
      {"a broken profile is not a missing profile",
       std::string("profile \"T\" {\n  owner = \"ops@example.com\"\n}\n") + kAccount + "tier 1 \"a\" = tech > 1\n" +
           kRoute,
       {"E0001", "E0301"}},
      {"fields of a broken account are not unknown; the rest is checked",
       std::string(kProfile) + "account {\n  employees: int,\n  tech: set<string\n}\n" +
           "criterion big = employees > 1 and tech has \"okta\"\ntier 1 \"a\" = big and score > \"x\"\n" + kRoute,
       {"E0001", "E0301"}},
      {"a malformed literal leaves its declaration out (no E0306 for the zero it became)",
       head + "signal visit weight 1 within 30d decay half_life 5215w\ntier 1 \"a\" = count(visit within 7d) > 0\n" +
           kRoute,
       {"E0005"}},
      {"a file that was not read is not checked", head + "tier 1 \"a\" = \xff\n", {"E0006"}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.what);
    const project::Result result = check_text(row.text);
    CHECK(codes(result) == row.codes);
    REQUIRE(result.programs.size() == 1);
    CHECK_FALSE(result.programs[0].has_value());
  }
}

TEST_CASE("warnings wait until the file parses") {
  // `small` is unused only because the tier that used it did not parse: no W0104.
  const std::string text = std::string(kProfile) + kAccount +
                           "criterion small = employees < 10\ntier 1 \"a\" = small &&\n" + kRoute;
  CHECK(codes(check_text(text)) == std::vector<std::string>{"E0001"});
}
