// Decision test files: the parser (compiler/test_file) reports each problem at its line and
// column, turns inline accounts into JSON the runtime decoder reads, and the runner
// (compiler/test_run) compares decisions and tallies coverage.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "compiled_profile.hpp"
#include "compiler/testing/test_file.hpp"
#include "compiler/testing/test_run.hpp"
#include "runtime/format/artifact.hpp"

using namespace icp;
namespace dt = icp::decision_test;

namespace {

struct Parsed {
  std::optional<dt::TestFile> file;
  std::vector<dt::Error> errors;
};

Parsed parse(const std::string& text, const std::string& path = "dir/x.test.toml") {
  Parsed parsed;
  parsed.file = dt::parse(text, path, parsed.errors);
  return parsed;
}

// The first error, as "line:col message".
std::string first_error(const Parsed& parsed) {
  REQUIRE_FALSE(parsed.errors.empty());
  const dt::Error& e = parsed.errors.front();
  return std::to_string(e.where.begin.line) + ":" + std::to_string(e.where.begin.column) + " " + e.message;
}

const char* kProfile = R"(profile "P" {
  owner "o@example.com"
}
account {
  employees: int
  revenue:   decimal?
  since:     date?
}
signal demo weight 5 within 30d
exclude tiny when employees < 10
tier 1 "Big" = employees >= 100
tier 2 "Mid" = employees >= 50
route {
  when excluded  -> disqualify
  when tier == 1 -> queue "ae" sla 24h cadence "c1"
  else           -> ignore
}
)";

vm::Program compile(const char* text) { return test_support::compile_program("p.icp", text); }

}  // namespace

TEST_CASE("a test file with inline accounts parses, with defaults") {
  const Parsed p = parse(R"(as_of = 2026-11-22
[[case]]
name = "big"
verdict = "tier"
tier = 1
score = "5.5"
route = { queue = "ae", rule = 2 }
committee_coverage = 50
[case.account]
employees = 150
revenue = 12.25
since = 2020-01-31
signals = [{ type = "demo", at = 2026-11-20 }]
contacts = [{ title = "CFO", name = "A" }]
)");
  REQUIRE(p.errors.empty());
  REQUIRE(p.file);
  CHECK(p.file->rules.generic_string() == "dir/x.icp");
  REQUIRE(p.file->cases.size() == 1);
  const dt::Case& c = p.file->cases[0];
  CHECK(c.name == "big");
  CHECK(c.where.begin.line == 2);
  CHECK(format_date(c.as_of) == "2026-11-22");
  // toml++ keeps a table's keys sorted; the decoder does not care about order.
  CHECK(c.account_json ==
        R"({"id":"big","contacts":[{"name":"A","title":"CFO"}],"employees":150,"revenue":12.25,)"
        R"("signals":[{"at":"2026-11-20","type":"demo"}],"since":"2020-01-31"})");
  CHECK(c.expected.verdict == "tier");
  CHECK(c.expected.tier == 1);
  CHECK(c.expected.score->to_string() == "5.5");
  CHECK(c.expected.route->queue == "ae");
  CHECK(c.expected.route->rule == 2);
  CHECK_FALSE(c.expected.route->action.has_value());
  CHECK(c.expected.committee_coverage == 50);
}

TEST_CASE("test file errors point at the key or value") {
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]\n")).starts_with("2:8 invalid TOML"));
  CHECK(first_error(parse("rulez = \"a.icp\"\n")) == "1:1 unknown key `rulez` in a test file");
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\nverdikt = \"tier\"\n[case.account]\nemployees = 1\n")) ==
        "4:1 unknown key `verdikt` in a case");
  CHECK(parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\nverdikt = \"tier\"\n[case.account]\nemployees = 1\n")
            .errors.front()
            .help == "did you mean `verdict`?");
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\nverdict = \"tiers\"\n[case.account]\nx = 1\n")) ==
        "4:11 `verdict` cannot be `tiers`");
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\nscore = 1.23456\n[case.account]\nx = 1\n")) ==
        "4:9 `score` must be a number with at most 4 decimal places, found `1.23456`");
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\nroute = { queue = \"q\", slaa = \"1h\" }\n"
                          "[case.account]\nx = 1\n")) == "4:24 unknown key `slaa` in `route`");
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\ntier = 1\n[case.account]\nat = 10:30:00\n")) ==
        "6:6 `at` is a time; account fields hold dates only");
  CHECK(first_error(parse("as_of = 2026-13-01\n")).starts_with("1:"));
}

TEST_CASE("a case needs a name, a date, one account and an expectation") {
  CHECK(first_error(parse("[[case]]\nname = \"a\"\ntier = 1\n[case.account]\nx = 1\n")) ==
        "1:1 a case needs an `as_of` date");
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]]\ntier = 1\n[case.account]\nx = 1\n")) == "2:1 a case needs a `name`");
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\ntier = 1\n")) == "2:1 a case needs an account");
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\n[case.account]\nx = 1\n")) ==
        "2:1 case `a` expects nothing");
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\ntier = 1\naccount_file = \"a.json\"\n"
                          "[case.account]\nx = 1\n")) == "5:16 a case gives both `account` and `account_file`");
  CHECK(first_error(parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\ntier = 1\naccount_id = \"x\"\n[case.account]\nx = 1\n")) ==
        "5:14 `account_id` picks a record of an `account_file`");
  const Parsed twice = parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\ntier = 1\n[case.account]\nx = 1\n"
                             "[[case]]\nname = \"a\"\ntier = 1\n[case.account]\nx = 1\n");
  CHECK(first_error(twice) == "7:1 a second case is named `a`");
  CHECK(first_error(parse("as_of = 2026-11-22\n")) == "1:1 the test file has no cases");
}

TEST_CASE("the rules default to the test file's stem, or are relative to it") {
  CHECK(dt::default_rules("icp/mid-market.test.toml").generic_string() == "icp/mid-market.icp");
  CHECK(dt::is_test_path("a/b.test.toml"));
  CHECK_FALSE(dt::is_test_path("a/b.toml"));
  const Parsed p = parse("rules = \"../other.icp\"\nas_of = 2026-11-22\n[[case]]\nname = \"a\"\ntier = 1\n"
                         "account_file = \"a.json\"\n", "icp/tests/x.test.toml");
  REQUIRE(p.file);
  CHECK(p.file->rules.generic_string() == "icp/other.icp");
}

TEST_CASE("floats are read as written, never through a double") {
  struct Row {
    const char* name;
    const char* value;     // as written in the test file
    const char* expected;  // the score's exact text, or the first error
  };
  static const Row scores[] = {
      {"a tenth", "0.1", "0.1"},
      {"19 significant digits, more than a double holds", "123456789012345.6789", "123456789012345.6789"},
      {"the largest decimal", "922337203685477.5807", "922337203685477.5807"},
      {"one unit past it", "922337203685477.5808",
       "4:9 `score` must be a number with at most 4 decimal places, found `922337203685477.5808`"},
      {"a tenth written with 17 digits", "0.10000000000000001",
       "4:9 `score` must be a number with at most 4 decimal places, found `0.10000000000000001`"},
      {"separators and a sign", "+1_000.25", "1000.25"},
      {"an exponent moves the point", "12.5e-2", "0.125"},
      {"an exponent past 4 digits", "1e-5", "4:9 `score` must be a number with at most 4 decimal places, found `1e-5`"},
      {"an integer", "922337203685477", "922337203685477"},
      {"an integer past the decimals", "922337203685478",
       "4:9 `score` must be a number with at most 4 decimal places, found `922337203685478`"},
  };
  for (const Row& row : scores) {
    SUBCASE(row.name) {
      const Parsed p = parse(std::string("as_of = 2026-11-22\n[[case]]\nname = \"a\"\nscore = ") + row.value +
                             "\n[case.account]\nemployees = 1\n");
      if (p.errors.empty()) {
        REQUIRE(p.file);
        CHECK(p.file->cases[0].expected.score->to_string() == row.expected);
      } else {
        CHECK(first_error(p) == row.expected);
      }
    }
  }
  // Account floats reach the decoder as written, after a non-ASCII string on the same line.
  const Parsed p = parse("as_of = 2026-11-22\n[[case]]\nname = \"a\"\ntier = 1\n[case.account]\n"
                         "contacts = [{ title = \"Direktör für Ärger\" }]\nrevenue = 123456789012345.6789\n"
                         "owner = { name = \"Zoë\", share = 1_000.5e-3 }\n");
  REQUIRE(p.errors.empty());
  const std::string& json = p.file->cases[0].account_json;
  CHECK(json.find(R"("revenue":123456789012345.6789)") != std::string::npos);
  CHECK(json.find(R"("share":1000.5e-3)") != std::string::npos);
}

TEST_CASE("the runner compares each expected value and explains rejections") {
  const vm::Program program = compile(kProfile);
  const Parsed p = parse(R"(as_of = 2026-11-22
[[case]]
name = "passes"
verdict = "tier"
tier = 1
score = 5
route = { action = "queue", queue = "ae", sla = "24h", cadence = "c1", rule = 2 }
[case.account]
employees = 150
signals = [{ type = "demo", days_ago = 3 }]

[[case]]
name = "fails"
verdict = "tier"
tier = 2
excluded_by = "tiny"
route = { queue = "ae", sla = "48h" }
[case.account]
employees = 5

[[case]]
name = "float for an int"
tier = 1
[case.account]
employees = 150.0

[[case]]
name = "bad decimal"
tier = 1
[case.account]
employees = 150
revenue = 1.23456
)");
  REQUIRE(p.errors.empty());
  dt::Runner runner(program, {});
  dt::Coverage coverage(program);

  const dt::Outcome passed = runner.run(*p.file, p.file->cases[0]);
  CHECK(passed.status == dt::Outcome::Status::passed);
  coverage.add(passed.decision);

  const dt::Outcome failed = runner.run(*p.file, p.file->cases[1]);
  REQUIRE(failed.status == dt::Outcome::Status::failed);
  coverage.add(failed.decision);
  std::vector<std::string> lines;
  for (const dt::Mismatch& m : failed.mismatches) lines.push_back(m.key + ": " + m.expected + " / " + m.actual);
  CHECK(lines == std::vector<std::string>{"verdict: \"tier\" / \"excluded\"", "tier: 2 / none",
                                          "route.queue: \"ae\" / none", "route.sla: \"48h\" / none"});

  const dt::Outcome as_float = runner.run(*p.file, p.file->cases[2]);
  REQUIRE(as_float.status == dt::Outcome::Status::rejected);
  CHECK(as_float.rejection.message == "account of case `float for an int` rejected: `employees`: expected an integer, found 150.0");
  CHECK(as_float.rejection.where.begin.line == 25);
  CHECK(as_float.rejection.where.begin.column == 13);

  const dt::Outcome precise = runner.run(*p.file, p.file->cases[3]);
  REQUIRE(precise.status == dt::Outcome::Status::rejected);
  CHECK(precise.rejection.where.begin.line == 32);

  CHECK(coverage.unreached() == std::vector<std::string>{"tier 2 \"Mid\"", "route rule 3 (line 16: else)"});
}
