// The evaluator end to end, as tables of (source, record, as-of, expected): each row's
// source is checked and lowered by the compiler, its JSON record decoded, and the decision
// compared. Covers LANGUAGE.md "Meaning": unknown propagation, window edges, caps, exact
// decay (half-even), bonuses, verdict order, tiers, committee coverage, every route action.
#include <doctest/doctest.h>

#include <span>
#include <string>

#include "compiled_profile.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/vm/vm.hpp"

using namespace icp;

namespace {

const char* const kHeader = R"(profile "T" {
  owner    "ops@example.com"
  reviewed 2026-11-01
}
account {
  employees: int
  revenue:   decimal?
  stage:     enum(seed, series_a, growth)
  naics:     naics
  country:   country?
  tech:      set<string>
  tags:      set<string>?
  flag:      bool?
  name:      string?
  founded:   date?
}
signal visit   weight 10 within 30d
signal hire    weight 5 within 60d cap 2
signal webinar weight 3 within 40d decay half_life 10d
signal tiny    weight 0.0005 within 30d decay half_life 10d
role buyer     { titles ["CFO", "VP Finance*"] }
role tech_eval { titles ["CISO", "Head of * Security"] }
role champion  { titles ["*data*"] }
criterion rich = revenue >= 100
)";

// A record with the required fields and `extra` JSON members after them (employees is 500
// unless `extra` gives it).
std::string account(const std::string& extra) {
  std::string json = R"({"id":"acc-1","stage":"growth","naics":"541511","tech":["okta"])";
  if (extra.find("\"employees\"") == std::string::npos) json += R"(,"employees":500)";
  if (!extra.empty()) json += "," + extra;
  return json + "}";
}

vm::Program compile(const std::string& body) {
  CAPTURE(body);
  return test_support::compile_program("t.icp", kHeader + body);
}

// Decodes `json` at `as_of` and evaluates it; the decision JSON (no audit) for the rows
// that compare output, the Decision for the others.
struct Run {
  vm::Record record;
  std::optional<vm::Evaluator> evaluator;
  const vm::Decision* decision = nullptr;
  std::string json;

  Run(const vm::Program& program, const std::string& account_json, const char* as_of_text) {
    const Date as_of = parse_date(as_of_text).value();
    vm::JsonDecoder decoder(program.schema);
    vm::DecodeError error;
    INFO(account_json);
    REQUIRE_MESSAGE(decoder.decode(account_json, as_of, record, error), error.message);
    evaluator.emplace(program);
    decision = &evaluator->evaluate(record, as_of, false);
    vm::append_decision_json(program, record, *decision, "", json);
  }
};

std::uint32_t criterion_index(const vm::Program& program, const std::string& name) {
  for (std::uint32_t i = 0; i < program.criteria.size(); ++i) {
    if (program.criteria[i].name == name) return i;
  }
  FAIL("no criterion " << name);
  return 0;
}

struct ConditionRow {
  const char* expr;     // criterion c = expr
  const char* record;   // JSON members after the required ones
  vm::Tri expected;
  const char* as_of = "2026-11-22";
};

constexpr auto yes = vm::Tri::yes, no = vm::Tri::no, unknown = vm::Tri::unknown;

void check_conditions(const ConditionRow* rows, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const ConditionRow& row = rows[i];
    const std::string expr = row.expr, record = row.record;
    CAPTURE(expr);
    CAPTURE(record);
    const vm::Program program = compile(std::string("criterion c = ") + row.expr +
                                        "\ntier 1 \"T\" = c\nroute {\n  else -> ignore\n}\n");
    Run run(program, account(row.record), row.as_of);
    CHECK(run.decision->criteria[criterion_index(program, "c")] == row.expected);
    // The same row through evaluate_each (a block of one, the block path's column loops).
    vm::Evaluator blocks(program);
    int calls = 0;
    blocks.evaluate_each(std::span<const vm::Record>(&run.record, 1), parse_date(row.as_of).value(),
                         [&](std::size_t, const vm::Decision& d) {
                           ++calls;
                           CHECK(d.criteria[criterion_index(program, "c")] == row.expected);
                         });
    CHECK(calls == 1);
  }
}

}  // namespace

TEST_CASE("table: unknown propagates through and, or, not, comparisons, in, has, arithmetic") {
  const ConditionRow rows[] = {
      {"revenue > 10", "", unknown},
      {"revenue > 10", R"("revenue":null)", unknown},
      {"revenue > 10", R"("revenue":10.5)", yes},
      {"revenue > 10 and employees > 1000", "", no},  // unknown and false = false
      {"employees > 1000 and revenue > 10", "", no},
      {"revenue > 10 and employees > 100", "", unknown},
      {"revenue > 10 or employees > 100", "", yes},  // unknown or true = true
      {"revenue > 10 or employees > 1000", "", unknown},
      {"not (revenue > 10)", "", unknown},
      {"not flag", R"("flag":null)", unknown},
      {"not flag", R"("flag":false)", yes},
      {"not rich", "", unknown},  // a criterion keeps its three-valued value
      {"rich or employees > 100", "", yes},
      {"country in [\"US\", \"CA\"]", "", unknown},
      {"country in [\"US\", \"CA\"]", R"("country":"CA")", yes},
      {"name == \"acme\"", R"("name":"Acme")", no},  // case-sensitive
      {"tags has \"x\"", "", unknown},
      {"tags has any [\"x\", \"y\"]", R"("tags":null)", unknown},
      {"tags has all [\"x\", \"y\"]", R"("tags":["y","x","z"])", yes},
      {"tech has all [\"okta\", \"snyk\"]", "", no},
      {"revenue + 1 > 10", "", unknown},
      {"revenue * 2 >= 21", R"("revenue":10.5)", yes},
      {"revenue / (employees - 500) > 1", R"("revenue":10.5)", unknown},  // division by zero
      {"revenue between 1 and 100", "", unknown},
      {"employees between 500 and 500", "", yes},  // inclusive
      {"present(revenue)", "", no},                // never unknown
      {"present(revenue)", R"("revenue":0)", yes},
      {"at_least(2, revenue > 10, employees > 100, flag)", "", unknown},
      {"at_least(2, revenue > 10, employees > 100, flag)", R"("flag":true)", yes},
      {"at_least(2, revenue > 10, employees > 1000, flag)", R"("flag":false)", no},
      {"all(rich, employees > 100)", "", unknown},
      {"starts_with(name, \"Ac\")", "", unknown},
      {"starts_with(name, \"Ac\")", R"("name":"Acme")", yes},
      {"starts_with(name, \"Acme\")", R"("name":"Acme")", yes},  // the whole text
      {"starts_with(name, \"Acme!\")", R"("name":"Acme")", no},  // longer than the text
      {"starts_with(name, \"\")", R"("name":"")", yes},
      {"starts_with(name, \"acme\")", R"("name":"Acme")", no},  // bytes, not case-folded
      {"starts_with(name, \"Acme Corporation\")", R"("name":"Acme Corporation GmbH")", yes},  // 16 bytes
      {"starts_with(name, \"Acme Corporation G\")", R"("name":"Acme Corporation GmbH")", yes},  // 18: no words
      {"starts_with(name, \"Acme Corporation X\")", R"("name":"Acme Corporation GmbH")", no},
      {"lower(name) == \"acme\"", R"("name":"ACME")", yes},
      {"revenue == 12.5", R"("revenue":12.5)", yes},  // exact decimals
      {"employees == 500.0", "", yes},                // ints and decimals compare exactly
      {"revenue > 0.1 + 0.2", R"("revenue":0.3)", no},
      {"naics in [5415]", "", yes},  // a prefix
      {"naics in [541512]", "", no},
      {"stage in [growth, seed]", "", yes},
      {"stage == seed", "", no},
      {"founded < 2021-01-01", R"("founded":"2020-05-01")", yes},
      {"founded < 2021-01-01", "", unknown},
  };
  check_conditions(rows, std::size(rows));
}

TEST_CASE("table: windows count events aged exactly 0 and D days, not D+1, never future ones") {
  const ConditionRow rows[] = {
      {"count(visit within 30d) == 1", R"("signals":[{"type":"visit","at":"2026-11-22"}])", yes},  // age 0
      {"count(visit within 30d) == 1", R"("signals":[{"type":"visit","at":"2026-10-23"}])", yes},  // age 30
      {"count(visit within 30d) == 0", R"("signals":[{"type":"visit","at":"2026-10-22"}])", yes},  // age 31
      {"count(visit within 30d) == 0", R"("signals":[{"type":"visit","at":"2026-11-23"}])", yes},  // future
      {"count(visit within 30d) == 1", R"("signals":[{"type":"visit","days_ago":30}])", yes},
      {"count(visit within 30d) == 0", R"("signals":[{"type":"visit","days_ago":31}])", yes},
      {"count(visit within 0d) == 1", R"("signals":[{"type":"visit","days_ago":0},{"type":"visit","days_ago":1}])",
       yes},
      {"count(visit within 2w) == 1", R"("signals":[{"type":"visit","days_ago":14},{"type":"visit","days_ago":15}])",
       yes},
      // count's window is its own, not the signal's: hire earns points up to 60d only.
      {"count(hire within 12w) == 1", R"("signals":[{"type":"hire","days_ago":84}])", yes},
      // cap limits points, not counts
      {"count(hire within 60d) == 3",
       R"("signals":[{"type":"hire","days_ago":1},{"type":"hire","days_ago":2},{"type":"hire","days_ago":3}])", yes},
      {"count(signals within 14d) == 2",
       R"("signals":[{"type":"visit","days_ago":0},{"type":"hire","days_ago":14},{"type":"webinar","days_ago":15}])",
       yes},
      {"count(signals within 30d) == 1", R"("signals":[{"type":"visit","days_ago":1},{"type":"podcast","days_ago":1}])",
       yes},  // undeclared types are ignored
      {"count(visit within 30d) >= 1", R"("signals":null)", no},
      {"count(visit within 30d) == 1", R"("signals":[{"type":"visit","at":"2026-02-28"}])", yes, "2026-03-30"},
  };
  check_conditions(rows, std::size(rows));
}

TEST_CASE("table: roles match titles case-insensitively with *, committee coverage rounds down") {
  const ConditionRow rows[] = {
      {"has_role(buyer)", R"("contacts":[{"title":"cfo"}])", yes},
      {"has_role(buyer)", R"("contacts":[{"title":"VP Finance & Ops"}])", yes},
      {"has_role(buyer)", R"("contacts":[{"title":"Deputy CFO"}])", no},  // the whole title must match
      {"has_role(tech_eval)", R"("contacts":[{"title":"Head of Cloud Security"}])", yes},
      {"has_role(tech_eval)", R"("contacts":[{"title":"Head of Security"}])", no},
      {"has_role(champion)", R"("contacts":[{"title":"Data"}])", yes},  // * matches the empty run
      {"has_role(buyer)", R"("contacts":[{"title":null},{"name":"x"}])", no},
      {"committee_coverage >= 66%", R"("contacts":[{"title":"CFO"},{"title":"Chief Data Officer"}])", yes},
      {"committee_coverage >= 67%", R"("contacts":[{"title":"CFO"},{"title":"Chief Data Officer"}])", no},
      {"committee_coverage == 33%", R"("contacts":[{"title":"CFO"},{"title":"VP Finance"}])", yes},
      {"committee_coverage == 100%", R"("contacts":[{"title":"CISO"},{"title":"CFO of data"}])", no},
      {"committee_coverage == 66%", R"("contacts":[{"title":"CFO data"},{"title":"Head of IT Security"}])", yes},
      {"committee_coverage == 0%", "", yes},
  };
  check_conditions(rows, std::size(rows));
}

namespace {

struct ScoreRow {
  const char* signals;  // the record's "signals" array
  const char* score;    // exact, as the decision prints it
};

}  // namespace

TEST_CASE("table: signal points with windows, caps and exact half-even decay") {
  const ScoreRow rows[] = {
      {R"([{"type":"visit","days_ago":0},{"type":"visit","days_ago":30},{"type":"visit","days_ago":31}])", "20"},
      {R"([{"type":"visit","at":"2026-11-23"}])", "0"},  // future
      {R"([{"type":"hire","days_ago":1},{"type":"hire","days_ago":2},{"type":"hire","days_ago":3}])", "10"},
      {R"([{"type":"hire","days_ago":61},{"type":"hire","days_ago":60}])", "5"},
      {R"([{"type":"webinar","days_ago":1}])", "2.799"},
      {R"([{"type":"webinar","days_ago":3}])", "2.4369"},
      {R"([{"type":"webinar","days_ago":9}])", "1.6077"},
      {R"([{"type":"webinar","days_ago":10}])", "1.5"},
      {R"([{"type":"webinar","days_ago":13}])", "1.2184"},
      {R"([{"type":"webinar","days_ago":40}])", "0.1875"},
      {R"([{"type":"webinar","days_ago":41}])", "0"},
      {R"([{"type":"webinar","days_ago":1},{"type":"webinar","days_ago":13},{"type":"webinar","days_ago":25}])",
       "4.5477"},
      // Half-even at every step: 0.0005 / 2 = 0.00025 -> 0.0002 (half-up would give 0.0003),
      // 0.0002 / 2 = 0.0001, 0.0001 / 2 = 0.00005 -> 0.
      {R"([{"type":"tiny","days_ago":10}])", "0.0002"},
      {R"([{"type":"tiny","days_ago":20}])", "0.0001"},
      {R"([{"type":"tiny","days_ago":30}])", "0"},
      {R"([{"type":"visit","days_ago":2},{"type":"hire","days_ago":2},{"type":"webinar","days_ago":10}])", "16.5"},
  };
  const vm::Program program = compile("tier 1 \"T\" = rich\nroute {\n  else -> ignore\n}\n");
  for (const ScoreRow& row : rows) {
    const std::string signals = row.signals;
    CAPTURE(signals);
    Run run(program, account(std::string("\"signals\":") + row.signals), "2026-11-22");
    REQUIRE(run.decision->score);
    CHECK(run.decision->score->to_string() == row.score);
  }
}

namespace {

// Exclusions, tiers, bonuses (one negative) and a route with every action.
const char* const kDecisionBody = R"(
exclude customer when flag
exclude small    when employees < 50  "too small"
criterion big = employees >= 1000
criterion mid = employees between 200 and 999
tier 1 "Top" = big and rich
tier 2 "Mid" = mid or big
bonus surge +10 when count(signals within 30d) >= 3
bonus cold  -5  when count(visit within 30d) == 0
route {
  when excluded and tier == 1        -> queue "winback" cadence "wb-1"
  when excluded                      -> disqualify
  when tier == 1 and score >= 25     -> queue "ae" sla 24h cadence "fast"
  when tier == 1                     -> queue "ae" sla 2d
  when tier == 2                     -> queue "sdr"
  when committee_coverage >= 50%     -> queue "nurture"
  else                               -> ignore
}
)";

struct DecisionRow {
  const char* what;
  const char* record;
  std::vector<const char*> expected;  // fragments of the decision JSON, in order
};

}  // namespace

TEST_CASE("table: verdict order, first tier, bonuses and first-match routing with every action") {
  const DecisionRow rows[] = {
      {"an exclusion beats a tier; routes still see the fit tier",
       R"("employees":5000,"revenue":200,"flag":true)",
       {R"("verdict":"excluded","tier":null,"tier_label":null,"excluded_by":"customer")",
        R"("route":{"action":"queue","queue":"winback","cadence":"wb-1","rule":1})"}},
      {"the first exclusion that holds decides", R"("employees":10,"flag":true)",
       {R"("excluded_by":"customer")", R"("route":{"action":"disqualify","rule":2})"}},
      {"the second exclusion", R"("employees":10,"flag":false)",
       {R"("verdict":"excluded","tier":null,"tier_label":null,"excluded_by":"small")",
        R"("route":{"action":"disqualify","rule":2})"}},
      {"an unknown exclusion does not exclude", R"("employees":5000,"revenue":200)",
       {R"("verdict":"tier","tier":1,"tier_label":"Top","excluded_by":null)"}},
      {"the first tier that holds (both do)", R"("employees":5000,"revenue":200,"signals":[{"type":"visit","days_ago":1},{"type":"visit","days_ago":2},{"type":"visit","days_ago":3}])",
       {R"("verdict":"tier","tier":1,"tier_label":"Top")", R"("score":40)",
        R"("route":{"action":"queue","queue":"ae","sla":"24h","cadence":"fast","rule":3})"}},
      {"a negative bonus", R"("employees":5000,"revenue":200)",
       {R"("score":-5)", R"("route":{"action":"queue","queue":"ae","sla":"2d","rule":4})"}},
      {"both bonuses hold or not independently",
       R"("employees":5000,"revenue":200,"signals":[{"type":"hire","days_ago":1},{"type":"hire","days_ago":2},{"type":"hire","days_ago":3}])",
       {R"("score":15)"}},  // hire: 2 capped points events = 10, surge +10, cold -5
      {"an unknown tier condition is not met", R"("employees":5000)",
       {R"("verdict":"tier","tier":2,"tier_label":"Mid")", R"("route":{"action":"queue","queue":"sdr","rule":5})"}},
      {"no tier, routed by coverage", R"("employees":100,"contacts":[{"title":"CFO"},{"title":"ciso"}])",
       {R"("verdict":"no_fit","tier":null)", R"("committee":{"coverage":66,"roles":["buyer","tech_eval"]})",
        R"("route":{"action":"queue","queue":"nurture","rule":6})"}},
      {"else", R"("employees":100)",
       {R"("verdict":"no_fit")", R"("committee":{"coverage":0,"roles":[]})",
        R"("route":{"action":"ignore","rule":7})"}},
  };
  const vm::Program program = compile(kDecisionBody);
  for (const DecisionRow& row : rows) {
    const std::string what = row.what;
    CAPTURE(what);
    Run run(program, account(row.record), "2026-11-22");
    CAPTURE(run.json);
    std::size_t from = 0;
    for (const char* fragment : row.expected) {
      const std::size_t at = run.json.find(fragment, from);
      CHECK_MESSAGE(at != std::string::npos, fragment);
      if (at != std::string::npos) from = at;
    }
  }
}
