// The VM: hand-built programs (a tiny builder below) run on hand-filled records. Rows cover
// three-valued logic, comparisons, sets, text, arithmetic, signals, verdict, route,
// committee coverage and the decision JSON, byte for byte.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "runtime/format/artifact.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/output/decision_json.hpp"
#include "runtime/vm/vm.hpp"

using namespace icp;
using namespace icp::vm;

namespace {

Decimal dec(const char* text) { return Decimal::parse(text).value(); }
std::int64_t units(std::int64_t n) { return n * Decimal::kScale; }

Instruction op(Opcode code, std::uint32_t y = 0, std::uint16_t x = 0, CompareKind kind = CompareKind::scalar) {
  return Instruction{code, static_cast<std::uint8_t>(kind), x, y};
}
Instruction text_op(Opcode code) { return op(code, 0, 0, CompareKind::text); }

// Builds a Program: chunks get RETURN appended, and jump targets written relative to the
// chunk are made absolute. `finish` orders criteria, exclusions, tiers, bonuses (enough for
// these programs, whose tiers read criteria and routes read aggregates) and prepares it.
struct Builder {
  Program p;

  Chunk chunk(std::vector<Instruction> code) {
    auto begin = static_cast<std::uint32_t>(p.code.size());
    for (Instruction in : code) {
      if (in.op == Opcode::JUMP_IF_FALSE || in.op == Opcode::JUMP_IF_TRUE) in.y += begin;
      p.code.push_back(in);
    }
    p.code.push_back(op(Opcode::RETURN));
    return Chunk{begin, static_cast<std::uint32_t>(p.code.size())};
  }
  std::uint32_t constant(Constant c) {
    p.constants.push_back(std::move(c));
    return static_cast<std::uint32_t>(p.constants.size() - 1);
  }
  std::uint32_t number(std::int64_t n) { return constant({.type = ValueType::number, .scalar = units(n)}); }
  std::uint32_t text(std::string s) { return constant({.type = ValueType::text, .text = std::move(s)}); }
  std::uint32_t boolean(bool b) { return constant({.type = ValueType::boolean, .scalar = b ? 1 : 0}); }
  void criterion(std::string name, std::vector<Instruction> code, std::string source = "") {
    p.criteria.push_back({std::move(name), chunk(std::move(code))});
    p.debug.criteria.push_back({.line = 10 + static_cast<std::uint32_t>(p.criteria.size()), .text = std::move(source)});
  }
  void exclusion(std::string name, std::vector<Instruction> code, std::string reason = "") {
    p.exclusions.push_back({std::move(name), std::move(reason), chunk(std::move(code))});
  }
  void tier(std::string label, std::vector<Instruction> code) {
    p.tiers.push_back({static_cast<std::int32_t>(p.tiers.size() + 1), std::move(label), chunk(std::move(code))});
  }
  void bonus(std::string name, const char* points, std::vector<Instruction> code) {
    p.bonuses.push_back({std::move(name), dec(points), chunk(std::move(code))});
  }
  void route(std::optional<std::vector<Instruction>> code, RouteRuleDef rule) {
    if (code) rule.code = chunk(std::move(*code));
    p.route.push_back(std::move(rule));
  }
  Program finish() {
    if (p.route.empty()) route(std::nullopt, {.action = RouteRuleDef::Action::ignore});
    for (std::uint32_t i = 0; i < p.criteria.size(); ++i) p.order.push_back({Step::Kind::criterion, i});
    for (std::uint32_t i = 0; i < p.exclusions.size(); ++i) p.order.push_back({Step::Kind::exclusion, i});
    for (std::uint32_t i = 0; i < p.tiers.size(); ++i) p.order.push_back({Step::Kind::tier, i});
    for (std::uint32_t i = 0; i < p.bonuses.size(); ++i) p.order.push_back({Step::Kind::bonus, i});
    p.schema.build_lookup();
    // The VM relies on the verifier (vm_dispatch.cpp), so every program here must pass it.
    const auto error = verify(p);
    CHECK_MESSAGE(!error, (error ? error->message : ""));
    prepare(p);
    return std::move(p);
  }
};

// The expression fixture: fields by slot, and one record that fills all but the optional
// `revenue`, `tags`, `flag` and `alias` (reading them gives unknown: a number, a set, a
// bool and a text).
enum Field : std::uint32_t { employees, revenue, naics, country, stage, tech, tags, title, founded, flag, alias };

Schema expression_schema() {
  return Schema{.fields = {
                    {"employees", FieldType::integer},
                    {"revenue", FieldType::decimal, true},
                    {"naics", FieldType::naics},
                    {"country", FieldType::country},
                    {"stage", FieldType::enumeration, false, {"seed", "series_a", "series_b"}},
                    {"tech", FieldType::string_set},
                    {"tags", FieldType::string_set, true},
                    {"title", FieldType::string},
                    {"founded", FieldType::date},
                    {"flag", FieldType::boolean, true},
                    {"alias", FieldType::string, true},
                }};
}

void fill_expression_record(Record& r, std::int64_t employee_count = 180) {
  r.clear(11);
  r.set_id("acc-1");
  r.set_int(employees, employee_count);
  r.set_string(naics, "541511");
  r.set_string(country, "US");
  r.set_enum(stage, 2);
  r.begin_set(tech);
  r.add_set_item("zscaler");
  r.add_set_item("okta");
  r.end_set(tech);
  r.set_string(title, "ACME Corp");
  r.set_date(founded, date_from_civil(2020, 5, 1));
}

struct ExprRow {
  const char* name;
  std::vector<Instruction> code;
  Tri expected;
};

}  // namespace

TEST_CASE("expressions: three-valued logic, comparisons, sets, text, arithmetic") {
  Builder b;
  b.p.schema = expression_schema();
  const std::uint32_t T = b.boolean(true), F = b.boolean(false), n0 = b.number(0), n2 = b.number(2),
                      n50 = b.number(50), n200 = b.number(200), n360 = b.number(360), n2000 = b.number(2000),
                      big = b.constant({.type = ValueType::number, .scalar = std::numeric_limits<std::int64_t>::max()}),
                      us = b.text("US"), ac = b.text("AC"), acme = b.text("acme"), acme_corp = b.text("acme corp"),
                      shout = b.text("ACME CORP"), okta = b.text("okta"), id = b.text("acc-1"),
                      series_b = b.constant({.type = ValueType::enumeration, .scalar = 2}),
                      d2021 = b.constant({.type = ValueType::date, .scalar = date_from_civil(2021, 1, 1).days}),
                      c541511 = b.text("541511"), c541512 = b.text("541512"), c54 = b.text("54"), c5 = b.text("5"),
                      c5112 = b.text("5112"), c51 = b.text("51"), c7digits = b.text("5415110"), c54a = b.text("54a1");
  b.p.sets = {
      {.kind = ConstSet::Kind::scalars, .scalars = {units(50), units(180)}},
      {.kind = ConstSet::Kind::texts, .texts = {"CA", "US"}},
      {.kind = ConstSet::Kind::naics_prefixes, .texts = {"54"}},
      {.kind = ConstSet::Kind::naics_prefixes, .texts = {"5415"}},
      {.kind = ConstSet::Kind::naics_prefixes, .texts = {"541511"}},
      {.kind = ConstSet::Kind::naics_prefixes, .texts = {"5112", "52"}},
  };
  b.p.string_lists = {{"crowdstrike", "okta"}, {"okta", "zscaler"}, {"okta", "snyk"}};
  // Unknowns of each static type: the verifier holds every operand to its opcode's type.
  const Instruction U = op(Opcode::LOAD_FIELD, flag), UN = op(Opcode::LOAD_FIELD, revenue),
                    UT = op(Opcode::LOAD_FIELD, alias), C_T = op(Opcode::PUSH_CONST, T),
                    C_F = op(Opcode::PUSH_CONST, F), E = op(Opcode::LOAD_FIELD, employees);
  auto k = [](std::uint32_t c) { return op(Opcode::PUSH_CONST, c); };
  auto field = [](Field f) { return op(Opcode::LOAD_FIELD, f); };
  auto at_least = [](std::uint16_t k_, std::uint32_t n) { return op(Opcode::AT_LEAST, n, k_); };
  using O = Opcode;
  const ExprRow rows[] = {
      {.name = "unknown and false", .code = {U, C_F, op(O::AND)}, .expected = Tri::no},
      {.name = "false and unknown", .code = {C_F, U, op(O::AND)}, .expected = Tri::no},
      {.name = "unknown and true", .code = {U, C_T, op(O::AND)}, .expected = Tri::unknown},
      {.name = "unknown or true", .code = {U, C_T, op(O::OR)}, .expected = Tri::yes},
      {.name = "unknown or false", .code = {C_F, U, op(O::OR)}, .expected = Tri::unknown},
      {.name = "not unknown", .code = {U, op(O::NOT)}, .expected = Tri::unknown},
      {.name = "not true", .code = {C_T, op(O::NOT)}, .expected = Tri::no},
      {.name = "short-circuit and", .code = {C_F, op(O::JUMP_IF_FALSE, 4), U, op(O::AND)}, .expected = Tri::no},
      {.name = "short-circuit or", .code = {C_T, op(O::JUMP_IF_TRUE, 4), U, op(O::OR)}, .expected = Tri::yes},
      {.name = "no short-circuit", .code = {C_T, op(O::JUMP_IF_FALSE, 4), U, op(O::AND)}, .expected = Tri::unknown},
      {.name = "at_least reached", .code = {C_T, U, C_F, at_least(1, 3)}, .expected = Tri::yes},
      {.name = "at_least undecided", .code = {C_T, U, C_F, at_least(2, 3)}, .expected = Tri::unknown},
      {.name = "at_least out of reach", .code = {U, C_F, C_F, at_least(2, 3)}, .expected = Tri::no},
      {.name = "at_least all unknown", .code = {C_T, U, U, at_least(3, 3)}, .expected = Tri::unknown},
      {.name = "int greater", .code = {E, k(n50), op(O::GT)}, .expected = Tri::yes},
      {.name = "int less", .code = {E, k(n50), op(O::LT)}, .expected = Tri::no},
      {.name = "unknown equals", .code = {UN, k(n50), op(O::EQ)}, .expected = Tri::unknown},
      {.name = "unknown not equal", .code = {UN, k(n50), op(O::NE)}, .expected = Tri::unknown},
      {.name = "between inclusive", .code = {E, k(n50), k(n200), op(O::BETWEEN)}, .expected = Tri::yes},
      {.name = "between outside", .code = {E, k(n200), k(n2000), op(O::BETWEEN)}, .expected = Tri::no},
      {.name = "between unknown", .code = {UN, k(n0), k(n200), op(O::BETWEEN)}, .expected = Tri::unknown},
      {.name = "text equal", .code = {field(country), k(us), text_op(O::EQ)}, .expected = Tri::yes},
      {.name = "text order", .code = {k(ac), field(title), text_op(O::LT)}, .expected = Tri::yes},
      {.name = "enum equal", .code = {field(stage), k(series_b), op(O::EQ)}, .expected = Tri::yes},
      {.name = "date before", .code = {field(founded), k(d2021), op(O::LT)}, .expected = Tri::yes},
      {.name = "id", .code = {op(O::LOAD_ID), k(id), text_op(O::EQ)}, .expected = Tri::yes},
      {.name = "scalar in set", .code = {E, op(O::IN_SET, 0)}, .expected = Tri::yes},
      {.name = "scalar not in set", .code = {k(n200), op(O::IN_SET, 0)}, .expected = Tri::no},
      {.name = "text in set", .code = {field(country), op(O::IN_SET, 1)}, .expected = Tri::yes},
      {.name = "unknown in set", .code = {UN, op(O::IN_SET, 0)}, .expected = Tri::unknown},
      {.name = "naics 2-digit prefix", .code = {field(naics), op(O::IN_SET, 2)}, .expected = Tri::yes},
      {.name = "naics 4-digit prefix", .code = {field(naics), op(O::IN_SET, 3)}, .expected = Tri::yes},
      {.name = "naics whole code", .code = {k(c541511), op(O::IN_SET, 4)}, .expected = Tri::yes},
      {.name = "naics sibling code", .code = {k(c541512), op(O::IN_SET, 4)}, .expected = Tri::no},
      {.name = "naics code equal to prefix", .code = {k(c54), op(O::IN_SET, 2)}, .expected = Tri::yes},
      {.name = "naics shorter than prefix", .code = {k(c54), op(O::IN_SET, 3)}, .expected = Tri::no},
      {.name = "naics too short", .code = {k(c5), op(O::IN_SET, 2)}, .expected = Tri::no},
      {.name = "naics too long", .code = {k(c7digits), op(O::IN_SET, 2)}, .expected = Tri::no},
      {.name = "naics not digits", .code = {k(c54a), op(O::IN_SET, 2)}, .expected = Tri::no},
      {.name = "naics second prefix", .code = {k(c5112), op(O::IN_SET, 5)}, .expected = Tri::yes},
      {.name = "naics prefix of a prefix", .code = {k(c51), op(O::IN_SET, 5)}, .expected = Tri::no},
      {.name = "has", .code = {field(tech), k(okta), op(O::HAS)}, .expected = Tri::yes},
      {.name = "has not", .code = {field(tech), k(ac), op(O::HAS)}, .expected = Tri::no},
      {.name = "has on missing set", .code = {field(tags), k(okta), op(O::HAS)}, .expected = Tri::unknown},
      {.name = "has any", .code = {field(tech), op(O::HAS_ANY, 0)}, .expected = Tri::yes},
      {.name = "has all", .code = {field(tech), op(O::HAS_ALL, 1)}, .expected = Tri::yes},
      {.name = "has all missing one", .code = {field(tech), op(O::HAS_ALL, 2)}, .expected = Tri::no},
      {.name = "has any on missing set", .code = {field(tags), op(O::HAS_ANY, 0)}, .expected = Tri::unknown},
      {.name = "starts_with", .code = {field(title), k(ac), op(O::STARTS_WITH)}, .expected = Tri::yes},
      {.name = "starts_with is case-sensitive", .code = {field(title), k(acme), op(O::STARTS_WITH)}, .expected = Tri::no},
      {.name = "lower then starts_with", .code = {field(title), op(O::LOWER), k(acme), op(O::STARTS_WITH)}, .expected = Tri::yes},
      {.name = "two lowers", .code = {field(title), op(O::LOWER), k(shout), op(O::LOWER), text_op(O::EQ)}, .expected = Tri::yes},
      {.name = "lower equal", .code = {field(title), op(O::LOWER), k(acme_corp), text_op(O::EQ)}, .expected = Tri::yes},
      {.name = "lower unknown", .code = {UT, op(O::LOWER), k(acme), op(O::STARTS_WITH)}, .expected = Tri::unknown},
      {.name = "multiply", .code = {E, k(n2), op(O::MUL), k(n360), op(O::EQ)}, .expected = Tri::yes},
      {.name = "subtract", .code = {E, k(n200), op(O::SUB), k(n0), op(O::LT)}, .expected = Tri::yes},
      {.name = "negate", .code = {E, op(O::NEG), k(n0), op(O::LT)}, .expected = Tri::yes},
      {.name = "overflow is unknown", .code = {k(big), k(n2), op(O::ADD), k(n0), op(O::GT)}, .expected = Tri::unknown},
      {.name = "division by zero is unknown", .code = {E, k(n0), op(O::DIV), k(n0), op(O::GT)}, .expected = Tri::unknown},
      {.name = "unknown plus one", .code = {UN, k(n2), op(O::ADD), k(n0), op(O::GT)}, .expected = Tri::unknown},
      {.name = "present", .code = {op(O::PRESENT, employees)}, .expected = Tri::yes},
      {.name = "present is never unknown", .code = {op(O::PRESENT, revenue)}, .expected = Tri::no},
  };
  for (const ExprRow& row : rows) b.criterion(row.name, row.code);
  const Program program = b.finish();
  Record record;
  fill_expression_record(record);
  Evaluator evaluator(program);
  const Decision& decision = evaluator.evaluate(record, date_from_civil(2026, 11, 22), false);
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    SUBCASE(rows[i].name) { CHECK(decision.criteria[i] == rows[i].expected); }
  }
}

TEST_CASE("an integer field too large for a decimal reads as unknown") {
  Builder b;
  b.p.schema = expression_schema();
  std::uint32_t zero = b.number(0);
  b.criterion("huge", {op(Opcode::LOAD_FIELD, employees), op(Opcode::PUSH_CONST, zero), op(Opcode::GT)});
  const Program program = b.finish();
  Record record;
  fill_expression_record(record, std::numeric_limits<std::int64_t>::max() / 1000);
  Evaluator evaluator(program);
  CHECK(evaluator.evaluate(record, Date{}, false).criteria[0] == Tri::unknown);
}

namespace {

struct SignalRow {
  const char* name;
  const char* weight;
  std::int32_t window;
  std::optional<std::int64_t> cap;
  std::optional<std::int32_t> half_life;
  std::vector<std::int32_t> ages;
  std::int64_t count;   // count(s within window)
  const char* score;
};

}  // namespace

TEST_CASE("signals: windows, cap, decay, score") {
  const SignalRow rows[] = {
      {.name = "window edges", .weight = "10", .window = 30, .ages = {0, 30, 31, -1}, .count = 2, .score = "20"},
      {.name = "cap limits points, not counts", .weight = "2", .window = 30, .cap = 3, .ages = {1, 2, 3, 4, 5}, .count = 5, .score = "6"},
      {.name = "decay at age 0", .weight = "0.5", .window = 14, .half_life = 7, .ages = {0}, .count = 1, .score = "0.5"},
      {.name = "decay at age 7", .weight = "0.5", .window = 14, .half_life = 7, .ages = {7}, .count = 1, .score = "0.25"},
      {.name = "decay at age 14", .weight = "0.5", .window = 14, .half_life = 7, .ages = {14}, .count = 1, .score = "0.125"},
      {.name = "decay at age 3", .weight = "0.5", .window = 14, .half_life = 7, .ages = {3}, .count = 1, .score = "0.3715"},
      {.name = "decay sum", .weight = "0.5", .window = 14, .half_life = 7, .ages = {14, 8, 3, 1, 3}, .count = 5, .score = "1.5472"},
      {.name = "decay with cap", .weight = "0.5", .window = 14, .cap = 2, .half_life = 7, .ages = {14, 8, 3, 1, 3}, .count = 5, .score = "0.8243"},
      {.name = "nothing in window", .weight = "10", .window = 30, .ages = {31, -5}, .count = 0, .score = "0"},
  };
  for (const SignalRow& row : rows) {
    SUBCASE(row.name) {
      Builder b;
      b.p.schema.signal_types = {"visit"};
      b.p.signals = {{"visit", dec(row.weight), row.window, row.cap, row.half_life}};
      std::uint32_t expected = b.number(row.count);
      b.criterion("count", {op(Opcode::COUNT, static_cast<std::uint32_t>(row.window), 0), op(Opcode::PUSH_CONST, expected),
                            op(Opcode::EQ)});
      const Program program = b.finish();
      Record record;
      record.clear(0);
      for (std::int32_t age : row.ages) record.add_signal(0, age, "visit");
      Evaluator evaluator(program);
      const Decision& d = evaluator.evaluate(record, Date{}, true);
      CHECK(d.criteria[0] == Tri::yes);
      REQUIRE(d.score);
      CHECK(d.score->to_string() == row.score);
    }
  }
}

TEST_CASE("signals: every declared type, undeclared and future events noted") {
  Builder b;
  b.p.schema.signal_types = {"visit", "hire"};
  b.p.signals = {{"visit", dec("1"), 30}, {"hire", dec("8"), 90}};
  std::uint32_t three = b.number(3);
  b.criterion("all", {op(Opcode::COUNT, 30, kAllSignals), op(Opcode::PUSH_CONST, three), op(Opcode::EQ)});
  const Program program = b.finish();
  Record record;
  record.clear(0);
  record.add_signal(0, 1, "visit");
  record.add_signal(1, 20, "hire");
  record.add_signal(1, 60, "hire");  // counts for hire's points, not within 30
  record.add_signal(-1, 2, "podcast");
  record.add_signal(0, -3, "visit");
  record.add_signal(0, 30, "visit");
  Evaluator evaluator(program);
  const Decision& d = evaluator.evaluate(record, Date{}, true);
  CHECK(d.criteria[0] == Tri::yes);
  CHECK(d.score->to_string() == "18");
  REQUIRE(d.audit.ignored_events.size() == 2);
  CHECK(d.audit.ignored_events[0].event == 3);
  CHECK(d.audit.ignored_events[0].why == IgnoredEvent::Why::undeclared);
  CHECK(d.audit.ignored_events[1].event == 4);
  CHECK(d.audit.ignored_events[1].why == IgnoredEvent::Why::future);
  std::string json;
  append_decision_json(program, record, d, "", json);
  CHECK(json.find(R"("ignored_events":[{"type":"podcast","age_days":2,"note":"undeclared type"},)"
                  R"({"type":"visit","age_days":-3,"note":"future event"}])") != std::string::npos);
}

namespace {

enum ExampleField : std::uint32_t { kEmployees, kIsCustomer };

// A cut-down LANGUAGE.md example: two exclusions, a criterion, two tiers, one signal, a
// bonus, three roles and a route whose first rule reads `tier` of an excluded account.
Program example_program() {
  Builder b;
  b.p.profile = "Mid-market security";
  b.p.version = "2026.4";
  b.p.id = "sha256:abc";
  b.p.schema = Schema{.fields = {{"employees", FieldType::integer}, {"is_customer", FieldType::boolean}},
                      .signal_types = {"g2_visit"}};
  b.p.signals = {{"g2_visit", dec("10"), 30}};
  b.p.roles = {{.name = "economic_buyer", .titles = {"CFO", "VP Finance"}},
               {.name = "technical_evaluator", .titles = {"CISO", "Head of Security*"}},
               {.name = "champion", .titles = {"Director*"}}};
  b.p.debug.source_path = "icp/x.icp";
  using O = Opcode;
  const std::uint32_t n1 = b.number(1), n2 = b.number(2), n3 = b.number(3), n25 = b.number(25), n50 = b.number(50),
                      n200 = b.number(200), n2000 = b.number(2000), n3000 = b.number(3000);
  auto k = [](std::uint32_t c) { return op(O::PUSH_CONST, c); };
  const Instruction E = op(O::LOAD_FIELD, kEmployees);
  b.exclusion("existing_customer", {op(O::LOAD_FIELD, kIsCustomer)});
  b.exclusion("too_small", {E, k(n50), op(O::LT)}, "v1 ICP is mid-market");
  b.criterion("size", {E, k(n200), k(n2000), op(O::BETWEEN)}, "employees between 200 and 2000");
  b.tier("Perfect fit", {op(O::LOAD_CRITERION, 0)});
  b.tier("Near fit", {E, k(n50), k(n3000), op(O::BETWEEN)});
  b.bonus("surge", "10", {op(O::COUNT, 30, kAllSignals), k(n3), op(O::GE)});
  b.route(std::vector{op(O::LOAD_EXCLUDED), op(O::JUMP_IF_FALSE, 6), op(O::LOAD_TIER), k(n1), op(O::EQ), op(O::AND)},
          {.action = RouteRuleDef::Action::queue, .queue = "winback"});
  b.route(std::vector{op(O::LOAD_EXCLUDED)}, {.action = RouteRuleDef::Action::disqualify});
  b.route(std::vector{op(O::LOAD_TIER), k(n1), op(O::EQ), op(O::JUMP_IF_FALSE, 8), op(O::LOAD_SCORE), k(n25),
                      op(O::GE), op(O::AND)},
          {.action = RouteRuleDef::Action::queue, .queue = "ae-enterprise", .sla_hours = 24, .sla_text = "24h"});
  b.route(std::vector{op(O::LOAD_TIER), k(n1), op(O::EQ), op(O::LOAD_TIER), k(n2), op(O::EQ), op(O::OR)},
          {.action = RouteRuleDef::Action::queue, .queue = "sdr-outbound", .cadence = "mm-v3"});
  b.route(std::nullopt, {.action = RouteRuleDef::Action::ignore});
  b.p.debug.route = {{.line = 50, .text = "excluded and tier == 1"}, {.line = 51, .text = "excluded"},
                     {.line = 52, .text = "tier == 1 and score >= 25"}, {.line = 53, .text = "tier in [1, 2]"},
                     {.line = 54}};
  return b.finish();
}

struct Account {
  std::int64_t employees = 500;
  bool customer = false;
  std::vector<std::int32_t> ages;
  std::vector<const char*> titles;
};

void fill_account(Record& r, const Account& a, const char* id = "acc-000042") {
  r.clear(2);
  r.set_id(id);
  r.set_int(kEmployees, a.employees);
  r.set_bool(kIsCustomer, a.customer);
  for (std::int32_t age : a.ages) r.add_signal(0, age, "g2_visit");
  for (const char* t : a.titles) r.add_contact(t ? std::optional<std::string_view>(t) : std::nullopt);
}

struct DecisionRow {
  const char* name;
  Account account;
  Verdict verdict;
  std::int32_t fit_tier;
  std::optional<std::uint32_t> excluded_by;
  const char* score;
  std::int64_t coverage;
  std::uint32_t route_rule;  // 0-based
};

}  // namespace

TEST_CASE("verdict, score, committee and route") {
  const DecisionRow rows[] = {
      {.name = "excluded wins, tier still computed and read by routes", .account = {.customer = true},
       .verdict = Verdict::excluded, .fit_tier = 1, .excluded_by = 0, .score = "0", .coverage = 0, .route_rule = 0},
      {.name = "first exclusion decides", .account = {.employees = 10, .customer = true},
       .verdict = Verdict::excluded, .fit_tier = 0, .excluded_by = 0, .score = "0", .coverage = 0, .route_rule = 1},
      {.name = "second exclusion", .account = {.employees = 10}, .verdict = Verdict::excluded, .fit_tier = 0,
       .excluded_by = 1, .score = "0", .coverage = 0, .route_rule = 1},
      {.name = "tier 1 with surge bonus", .account = {.ages = {0, 3, 30, 31}, .titles = {"cfo", nullptr}},
       .verdict = Verdict::tier, .fit_tier = 1, .score = "40", .coverage = 33, .route_rule = 2},
      {.name = "tier 1 without bonus", .account = {.ages = {1, 2}, .titles = {" CFO ", "Head of Security, EMEA"}},
       .verdict = Verdict::tier, .fit_tier = 1, .score = "20", .coverage = 66, .route_rule = 3},
      {.name = "tier 2", .account = {.employees = 100, .titles = {"CISO", "VP Finance", "Director of IT"}},
       .verdict = Verdict::tier, .fit_tier = 2, .score = "0", .coverage = 100, .route_rule = 3},
      {.name = "no fit goes to else", .account = {.employees = 5000, .titles = {"Deputy CFO"}},
       .verdict = Verdict::no_fit, .fit_tier = 0, .score = "0", .coverage = 0, .route_rule = 4},
  };
  const Program program = example_program();
  Evaluator evaluator(program);
  Record record;
  for (const DecisionRow& row : rows) {
    SUBCASE(row.name) {
      fill_account(record, row.account);
      const Decision& d = evaluator.evaluate(record, date_from_civil(2026, 11, 22), false);
      CHECK(d.verdict == row.verdict);
      CHECK(d.fit_tier == row.fit_tier);
      CHECK(d.excluded_by == row.excluded_by);
      REQUIRE(d.score);
      CHECK(d.score->to_string() == row.score);
      CHECK(d.coverage == row.coverage);
      CHECK(d.route_rule == row.route_rule);
    }
  }
}

TEST_CASE("decision JSON is byte-exact") {
  const Program program = example_program();
  Evaluator evaluator(program);
  Record record;
  std::string json;
  SUBCASE("tier with queue and sla") {
    fill_account(record, {.ages = {0, 3, 30}, .titles = {"CFO"}});
    append_decision_json(program, record, evaluator.evaluate(record, date_from_civil(2026, 11, 22), false), "", json);
    CHECK(json ==
          R"({"id":"acc-000042","profile":"Mid-market security","version":"2026.4","program":"sha256:abc",)"
          R"("as_of":"2026-11-22","verdict":"tier","tier":1,"tier_label":"Perfect fit","excluded_by":null,)"
          R"("score":40,"committee":{"coverage":33,"roles":["economic_buyer"]},)"
          R"("route":{"action":"queue","queue":"ae-enterprise","sla":"24h","rule":3}})");
  }
  SUBCASE("excluded: tier null, cadence, no sla") {
    fill_account(record, {.employees = 10, .ages = {2}, .titles = {"Director \"Ops\"\n"}}, "a\\b");
    append_decision_json(program, record, evaluator.evaluate(record, date_from_civil(2026, 1, 2), false), "", json);
    CHECK(json ==
          R"({"id":"a\\b","profile":"Mid-market security","version":"2026.4","program":"sha256:abc",)"
          R"("as_of":"2026-01-02","verdict":"excluded","tier":null,"tier_label":null,"excluded_by":"too_small",)"
          R"("score":10,"committee":{"coverage":33,"roles":["champion"]},"route":{"action":"disqualify","rule":2}})");
  }
  SUBCASE("tier 2 route with cadence") {
    fill_account(record, {.employees = 100});
    append_decision_json(program, record, evaluator.evaluate(record, date_from_civil(2026, 1, 2), false), "", json);
    CHECK(json.find(R"("route":{"action":"queue","queue":"sdr-outbound","cadence":"mm-v3","rule":4}})") !=
          std::string::npos);
  }
}

TEST_CASE("audit: results, reads, near misses, summary, route line") {
  const Program program = example_program();
  Evaluator evaluator(program);
  Record record;
  fill_account(record, {.employees = 180, .customer = true, .ages = {1}, .titles = {"VP Finance"}});
  std::string json;
  append_decision_json(program, record, evaluator.evaluate(record, date_from_civil(2026, 11, 22), true),
                       "sha256:00ff", json);
  auto has = [&](const char* part) {
    CAPTURE(part);
    CHECK(json.find(part) != std::string::npos);
  };
  has(R"(,"audit":{"input_digest":"sha256:00ff","source":"icp/x.icp",)");
  has(R"("summary":"would be tier 2, excluded by existing_customer")");
  has(R"({"name":"existing_customer","result":true,"line":null,"reads":{"is_customer":true},"reason":null})");
  has(R"({"name":"size","result":false,"line":11,"reads":{"employees":180}})");
  has(R"("missed":[{"criterion":"size","result":false,"why":"size: employees = 180, needs employees between 200 and 2000"}])");
  has(R"({"tier":2,"label":"Near fit","result":true,)");
  has(R"("signals":[{"name":"g2_visit","counted":1,"capped_out":0,"expired":0,"future":0,"points":10}])");
  has(R"("bonuses":[{"name":"surge","result":false,)");
  has(R"({"role":"economic_buyer","filled":true,"title":"VP Finance","pattern":"VP Finance"})");
  has(R"({"role":"champion","filled":false})");
  has(R"("route":{"rule":2,"line":51,"source":"icp/x.icp:51","reads":{}}})");
  CHECK(json.find("\"condition\"") == std::string::npos);  // the text is in the source, at "line"
  CHECK(json.back() == '}');
}

TEST_CASE("audit: a reused writer gives a fresh writer's bytes, counts of two digits included") {
  // DecisionJsonWriter keeps per-decision texts (near misses) and patches one-digit counts into
  // templates: neither may leak from one decision into the next, nor misprint 10 or more.
  const Program program = example_program();
  Evaluator evaluator(program);
  DecisionJsonWriter reused(program);
  const Date as_of = date_from_civil(2026, 11, 22);
  std::vector<std::int32_t> many(12, 1);
  many.insert(many.end(), 11, 40);
  many.insert(many.end(), 10, -1);
  for (const Account& spec : {Account{.employees = 180, .ages = many}, Account{.employees = 100},
                              Account{.employees = 180, .customer = true, .ages = {1}}}) {
    Record record;
    fill_account(record, spec);
    const Decision& decision = evaluator.evaluate(record, as_of, true);
    std::string fresh, again;
    append_decision_json(program, record, decision, "sha256:0", fresh);
    reused.append(record, decision, "sha256:0", again);
    CHECK(again == fresh);
    if (spec.ages.size() > 1) {
      CHECK(fresh.find(R"("counted":12,"capped_out":0,"expired":11,"future":10,)") != std::string::npos);
    }
  }
}

TEST_CASE("no roles: coverage is unknown in conditions and null in the decision") {
  Builder b;
  std::uint32_t zero = b.number(0);
  b.criterion("covered", {op(Opcode::LOAD_COVERAGE), op(Opcode::PUSH_CONST, zero), op(Opcode::GE)});
  b.p.id = "sha256:0";
  const Program program = b.finish();
  Record record;
  record.clear(0);
  record.set_id("x");
  Evaluator evaluator(program);
  const Decision& d = evaluator.evaluate(record, Date{}, false);
  CHECK(d.criteria[0] == Tri::unknown);
  std::string json;
  append_decision_json(program, record, d, "", json);
  CHECK(json.find(R"("committee":{"coverage":null,"roles":[]})") != std::string::npos);
  CHECK(json.find(R"("verdict":"no_fit")") != std::string::npos);
}

TEST_CASE("an evaluator reused 1,000 times gives identical output") {
  const Program program = example_program();
  Evaluator evaluator(program);
  Record first, second;
  fill_account(first, {.ages = {0, 3, 30, -2}, .titles = {"CFO", "CISO"}}, "one");
  fill_account(second, {.employees = 10, .customer = true, .titles = {"Director"}}, "two");
  std::string expected_first, expected_second, json;
  append_decision_json(program, first, Evaluator(program).evaluate(first, Date{}, true), "d1", expected_first);
  append_decision_json(program, second, Evaluator(program).evaluate(second, Date{}, false), "", expected_second);
  bool all_same = true;
  for (int i = 0; i < 1000; ++i) {
    bool odd = i % 2 == 1;
    json.clear();
    const Record& record = odd ? second : first;
    append_decision_json(program, record, evaluator.evaluate(record, Date{}, !odd), odd ? "" : "d1", json);
    all_same = all_same && json == (odd ? expected_second : expected_first);
  }
  CHECK(all_same);
}
