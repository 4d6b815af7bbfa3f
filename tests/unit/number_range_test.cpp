// Numbers at and around every range end, as a table: each row is a rule with an extreme
// literal or folded constant, and either `icpc check` refuses it with one error of a given
// code at a given line and column, or it checks clean, lowers, seals and evaluates, with
// the constant's exact value in `icpc dump bytecode` and the expected truth for a record,
// through evaluate() and evaluate_each() alike (docs/reliability.md, "Numbers").
#include <doctest/doctest.h>

#include <span>
#include <string>

#include "compiled_profile.hpp"
#include "compiler/lower/lower.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/vm/vm.hpp"

using namespace icp;

namespace {

constexpr auto yes = vm::Tri::yes, no = vm::Tri::no, unknown = vm::Tri::unknown;

struct Row {
  const char* name;
  const char* rules;           // declarations after the header; they define criterion `c`
  const char* code = nullptr;  // refused: the one error's code, at line:column of `rules`
  int line = 0, column = 0;
  const char* shown = nullptr;  // accepted: a line of `icpc dump bytecode`, as printed
  const char* record = "";      // accepted: JSON members of the account (employees is 1 unless given)
  vm::Tri expected = yes;       // accepted: criterion c's truth for that record
  const char* score = nullptr;  // accepted, when set: the decision's score ("null": unknown)
  const char* review = "90d";
  const char* route = "route {\n  else -> ignore\n}\n";
};

std::string header(const Row& row) {
  return std::string(R"(profile "T" {
  owner        "ops@example.com"
  reviewed     2026-11-01
  review_every )") + row.review + R"(
}
account {
  employees: int
  revenue:   decimal?
  founded:   date?
}
signal visit weight 1 within 30d
role buyer { titles ["CFO"] }
)";
}

std::string source(const Row& row) { return header(row) + row.rules + "\ntier 1 \"T\" = c\n" + row.route; }

int line_count(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

std::string score_text(const vm::Decision& d) { return d.score ? d.score->to_string() : "null"; }

void check_refused(const Row& row, const compiler::Compilation& result) {
  int errors = 0;
  for (const auto& d : result.diagnostics) {
    if (d.severity != Severity::error) continue;
    ++errors;
    const auto at = result.sources.file(d.span.file).line_col(d.span.begin);
    CAPTURE(d.message);
    CHECK(std::string(info(d.code).name) == row.code);
    CHECK(static_cast<int>(at.line) == line_count(header(row)) + row.line);
    CHECK(static_cast<int>(at.column) == row.column);
  }
  CHECK(errors == 1);
}

void check_accepted(const Row& row, const compiler::Compilation& result) {
  INFO(test_support::problems_of(result));
  REQUIRE(result.ok());
  REQUIRE(result.programs.size() == 1);
  REQUIRE(result.programs[0].has_value());
  const vm::Program& program = *result.programs[0];
  const std::string dump = dump_bytecode(program, nullptr);
  CAPTURE(dump);
  CHECK(dump.find(row.shown) != std::string::npos);

  const Date as_of = date_from_civil(2026, 11, 22);
  vm::Record record;
  vm::DecodeError error;
  vm::JsonDecoder decoder(program.schema);
  std::string json = std::string(R"({"id":"a")") + (*row.record ? "," : "") + row.record;
  if (json.find("\"employees\"") == std::string::npos) json += R"(,"employees":1)";  // required
  json += "}";
  CAPTURE(json);
  REQUIRE_MESSAGE(decoder.decode(json, as_of, record, error), error.message);
  vm::Evaluator evaluator(program);
  const vm::Decision& decision = evaluator.evaluate(record, as_of, false);
  CHECK(decision.criteria[0] == row.expected);
  if (row.score) CHECK(score_text(decision) == row.score);
  vm::Evaluator blocks(program);
  int calls = 0;
  blocks.evaluate_each(std::span<const vm::Record>(&record, 1), as_of, [&](std::size_t, const vm::Decision& d) {
    ++calls;
    CHECK(d.criteria[0] == row.expected);
    if (row.score) CHECK(score_text(d) == row.score);
  });
  CHECK(calls == 1);
}

void run(const Row* rows, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const Row& row = rows[i];
    SUBCASE(row.name) {
      const std::string text = source(row);
      CAPTURE(text);
      const compiler::Compilation result = test_support::compile_text("t.icp", text);
      if (row.code != nullptr) {
        check_refused(row, result);
      } else {
        check_accepted(row, result);
      }
    }
  }
}

}  // namespace

TEST_CASE("integer and decimal literals at the ends of the number range") {
  static const Row rows[] = {
      {.name = "the largest integer", .rules = "criterion c = employees <= 922337203685477",
       .shown = " 922337203685477\n", .record = R"("employees":922337203685477)"},
      {.name = "one past it", .rules = "criterion c = employees <= 922337203685478", .code = "E0005", .line = 1, .column = 28},
      {.name = "int64's largest", .rules = "criterion c = employees <= 9223372036854775807", .code = "E0005", .line = 1,
       .column = 28},
      {.name = "past int64", .rules = "criterion c = employees <= 99999999999999999999", .code = "E0005", .line = 1,
       .column = 28},
      {.name = "the most negative integer", .rules = "criterion c = employees >= -922337203685477",
       .shown = " -922337203685477\n", .record = R"("employees":-922337203685477)"},
      {.name = "the largest decimal", .rules = "criterion c = revenue >= 922337203685477.5807",
       .shown = " 922337203685477.5807\n", .record = R"("revenue":922337203685477.5807)"},
      {.name = "one unit past it", .rules = "criterion c = revenue >= 922337203685477.5808", .code = "E0005", .line = 1,
       .column = 26},
      {.name = "a decimal of 16 whole digits", .rules = "criterion c = revenue < 1000000000000000.5", .code = "E0005",
       .line = 1, .column = 25},
      {.name = "the most negative decimal, folded", .rules = "criterion c = revenue > 0 - 922337203685477.5807 - 0.0001",
       .shown = " -922337203685477.5808\n", .record = R"("revenue":-922337203685477.5807)"},
      {.name = "negating it", .rules = "criterion c = revenue > -(0 - 922337203685477.5807 - 0.0001)", .code = "E0005",
       .line = 1, .column = 25},
      {.name = "4 fractional digits", .rules = "criterion c = revenue == 0.0001", .shown = " 0.0001\n",
       .record = R"("revenue":0.0001)"},
      {.name = "5 fractional digits", .rules = "criterion c = revenue == 0.00001", .code = "E0308", .line = 1,
       .column = 26},
      {.name = "a percentage as large as an integer", .rules = "criterion c = committee_coverage < 922337203685477%",
       .shown = " 922337203685477\n", .expected = yes},
      {.name = "a percentage past it", .rules = "criterion c = committee_coverage < 922337203685478%", .code = "E0005",
       .line = 1, .column = 36},
  };
  run(rows, std::size(rows));
}

TEST_CASE("constant arithmetic folds exactly or is refused where it is written") {
  static const Row rows[] = {
      {.name = "a sum at the end", .rules = "criterion c = employees < 922337203685476 + 1", .shown = " 922337203685477\n",
       .record = R"("employees":922337203685476)"},
      {.name = "a sum past it", .rules = "criterion c = employees < 922337203685477 + 1", .code = "E0005", .line = 1,
       .column = 27},
      {.name = "a product at the end", .rules = "criterion c = employees < 461168601842738 * 2",
       .shown = " 922337203685476\n", .record = R"("employees":5)"},
      {.name = "a product past it", .rules = "criterion c = employees < 461168601842739 * 2", .code = "E0005", .line = 1,
       .column = 27},
      {.name = "a difference to zero", .rules = "criterion c = revenue == 922337203685477.5807 - 922337203685477.5807",
       .shown = " 0\n", .record = R"("revenue":0)"},
      {.name = "an exact quotient", .rules = "criterion c = revenue == 7 / 2", .shown = " 3.5\n", .record = R"("revenue":3.5)"},
      {.name = "a quotient of one unit", .rules = "criterion c = revenue == 1 / 10000", .shown = " 0.0001\n",
       .record = R"("revenue":0.0001)"},
      {.name = "a quotient past 4 digits", .rules = "criterion c = revenue == 1 / 20000", .code = "E0313", .line = 1,
       .column = 26},
      {.name = "a third", .rules = "let third = 1 / 3\ncriterion c = revenue > third", .code = "E0313", .line = 1,
       .column = 13},
      {.name = "a product of one unit", .rules = "criterion c = revenue == 0.01 * 0.01", .shown = " 0.0001\n",
       .record = R"("revenue":0.0001)"},
      {.name = "a product past 4 digits", .rules = "criterion c = revenue == 0.0001 * 0.5", .code = "E0313", .line = 1,
       .column = 26},
      {.name = "a quotient that overflows", .rules = "criterion c = revenue < 922337203685477 / 0.0001", .code = "E0005",
       .line = 1, .column = 25},
      {.name = "a quotient near the end", .rules = "criterion c = revenue < 92233720368547 / 0.1",
       .shown = " 922337203685470\n", .record = R"("revenue":1)"},
      {.name = "division by the constant zero", .rules = "criterion c = revenue < 7 / 0", .code = "E0309", .line = 1,
       .column = 29},
      {.name = "a negated let", .rules = "let most = 922337203685477\ncriterion c = employees > -most",
       .shown = " -922337203685477\n", .record = R"("employees":0)"},
  };
  run(rows, std::size(rows));
}

TEST_CASE("lists that mix integers and decimals keep every value exactly") {
  static const Row rows[] = {
      {.name = "the largest integer among decimals", .rules = "criterion c = revenue in [0.5, 922337203685477]",
       .shown = "922337203685477", .record = R"("revenue":922337203685477)"},
      {.name = "zero is not in it", .rules = "criterion c = revenue in [0.5, 922337203685477]", .shown = "922337203685477",
       .record = R"("revenue":0)", .expected = no},
      {.name = "an integer past the end", .rules = "criterion c = revenue in [0.5, 1000000000000000]", .code = "E0005",
       .line = 1, .column = 32},
      {.name = "a negated integer among decimals", .rules = "criterion c = revenue in [-922337203685477, 0.5]",
       .shown = "-922337203685477", .record = R"("revenue":-922337203685477)"},
  };
  run(rows, std::size(rows));
}

TEST_CASE("durations up to 100 years in every place one is written") {
  static const Row rows[] = {
      {.name = "a count window of 100 years", .rules = "criterion c = count(visit within 36500d) >= 1",
       .shown = "COUNT          visit within 36500d", .record = R"("signals":[{"type":"visit","days_ago":36500}])"},
      {.name = "one day more", .rules = "criterion c = count(visit within 36501d) >= 1", .code = "E0005", .line = 1,
       .column = 34},
      {.name = "the most weeks", .rules = "criterion c = count(visit within 5214w) >= 1", .shown = "within 36498d",
       .record = R"("signals":[{"type":"visit","days_ago":36498}])"},
      {.name = "one week more", .rules = "criterion c = count(visit within 5215w) >= 1", .code = "E0005", .line = 1,
       .column = 34},
      {.name = "the overflowing window", .rules = "criterion c = count(visit within 9223372036854775807d) >= 1",
       .code = "E0005", .line = 1, .column = 34},
      {.name = "a signal window and half-life of 100 years",
       .rules = "signal old weight 1 within 36500d decay half_life 36500d\ncriterion c = count(old within 1d) == 0",
       .shown = "old weight 1 within 36500d", .score = "0"},
      {.name = "a half-life past it", .rules = "signal old weight 1 within 30d decay half_life 36501d\ncriterion c = true",
       .code = "E0005", .line = 1, .column = 48},
      {.name = "an SLA of 100 years in hours", .rules = "criterion c = true", .shown = "sla 876000h (876000h)",
       .route = "route {\n  when c -> queue \"q\" sla 876000h\n  else -> ignore\n}\n"},
      {.name = "an SLA an hour longer", .rules = "criterion c = true", .code = "E0005", .line = 4, .column = 27,
       .route = "route {\n  when c -> queue \"q\" sla 876001h\n  else -> ignore\n}\n"},
      {.name = "review_every 100 years", .rules = "criterion c = true", .shown = "RETURN", .review = "36500d"},
      {.name = "review_every past it", .rules = "criterion c = true", .code = "E0005", .line = -8, .column = 16,
       .review = "9223372036854775807d"},
  };
  run(rows, std::size(rows));
}

TEST_CASE("weights, bonus points and dates at the ends of their ranges") {
  static const Row rows[] = {
      {.name = "the heaviest weight", .rules = "signal big weight 922337203685477.5807 within 30d\ncriterion c = true",
       .shown = "big weight 922337203685477.5807", .record = R"("signals":[{"type":"big","days_ago":1}])",
       .score = "922337203685477.5807"},
      {.name = "two events of it overflow the score to unknown",
       .rules = "signal big weight 922337203685477.5807 within 30d\ncriterion c = score > 0",
       .shown = "big weight 922337203685477.5807",
       .record = R"("signals":[{"type":"big","days_ago":1},{"type":"big","days_ago":2}])", .expected = unknown,
       .score = "null"},
      {.name = "an integer weight past the end", .rules = "signal big weight 922337203685478 within 30d\ncriterion c = true",
       .code = "E0005", .line = 1, .column = 19},
      {.name = "the most negative bonus", .rules = "bonus b -922337203685477.5807 when true\ncriterion c = true",
       .shown = "bonus b -922337203685477.5807", .score = "-922337203685477.5807"},
      {.name = "a bonus past the end", .rules = "bonus b +922337203685478 when true\ncriterion c = true", .code = "E0005",
       .line = 1, .column = 10},
      {.name = "a bonus overflowing the score", .rules = "bonus b +922337203685477 when true\ncriterion c = score > 0",
       .shown = "bonus b 922337203685477", .record = R"("signals":[{"type":"visit","days_ago":1}])",
       .expected = unknown, .score = "null"},
      {.name = "the first date", .rules = "criterion c = founded >= 0001-01-01", .shown = " 0001-01-01\n",
       .record = R"("founded":"0001-01-01")"},
      {.name = "the last date", .rules = "criterion c = founded <= 9999-12-31", .shown = " 9999-12-31\n",
       .record = R"("founded":"9999-12-31")"},
      {.name = "year zero", .rules = "criterion c = founded >= 0000-12-31", .code = "E0004", .line = 1, .column = 26},
  };
  run(rows, std::size(rows));
}

TEST_CASE("record numbers at the range ends: exact, or unknown, on every path") {
  static const Row rows[] = {
      {.name = "an int at the end", .rules = "criterion c = employees > 0", .shown = "LOAD_FIELD     employees (slot 0)",
       .record = R"("employees":922337203685477)"},
      {.name = "an int past it is unknown", .rules = "criterion c = employees > 0", .shown = "LOAD_FIELD     employees (slot 0)",
       .record = R"("employees":922337203685478)", .expected = unknown},
      {.name = "int64's largest is unknown", .rules = "criterion c = employees > 0", .shown = "LOAD_FIELD     employees (slot 0)",
       .record = R"("employees":9223372036854775807)", .expected = unknown},
      {.name = "int64's smallest is unknown", .rules = "criterion c = employees < 0", .shown = "LOAD_FIELD     employees (slot 0)",
       .record = R"("employees":-9223372036854775808)", .expected = unknown},
      {.name = "an int against a decimal just below it", .rules = "criterion c = employees > 922337203685476.5",
       .shown = " 922337203685476.5\n", .record = R"("employees":922337203685477)"},
      {.name = "an int against a decimal just above it", .rules = "criterion c = employees > 922337203685476.5",
       .shown = " 922337203685476.5\n", .record = R"("employees":922337203685476)", .expected = no},
      {.name = "a product that fits", .rules = "criterion c = employees * 1000000000 > 0", .shown = "MUL",
       .record = R"("employees":100000)"},
      {.name = "a product that overflows is unknown", .rules = "criterion c = employees * 1000000000 > 0",
       .shown = "MUL", .record = R"("employees":1000000)", .expected = unknown},
      {.name = "a sum that overflows is unknown", .rules = "criterion c = revenue + 0.0001 > 0", .shown = "ADD",
       .record = R"("revenue":922337203685477.5807)", .expected = unknown},
      {.name = "a difference down to the end", .rules = "criterion c = 0 - revenue - 0.0001 < 0", .shown = "SUB",
       .record = R"("revenue":922337203685477.5807)"},
      {.name = "negating the end is unknown", .rules = "criterion c = -(0 - revenue - 0.0001) > 0", .shown = "NEG",
       .record = R"("revenue":922337203685477.5807)", .expected = unknown},
      {.name = "a quotient rounds half-even to 4 places", .rules = "criterion c = revenue / 3 == 0.3333",
       .shown = "DIV", .record = R"("revenue":1)"},
      {.name = "a product rounds half-even to 4 places", .rules = "criterion c = revenue * 0.5 == 0", .shown = "MUL",
       .record = R"("revenue":0.0001)"},
      {.name = "division by a zero field is unknown", .rules = "criterion c = 1 / revenue > 0", .shown = "DIV",
       .record = R"("revenue":0)", .expected = unknown},
  };
  run(rows, std::size(rows));
}

TEST_CASE("at_least counts up to 65534 conditions, the most its operand holds") {
  auto source_with = [](int k, int n) {
    std::string text = R"(profile "T" {
  owner "ops@example.com"
  reviewed 2026-11-01
}
account { employees: int }
criterion big = employees > 10
tier 1 "T" = at_least()" + std::to_string(k);
    for (int i = 0; i < n; ++i) text += ", big";
    return text + ")\nroute {\n  else -> ignore\n}\n";
  };
  {
    const auto result = test_support::compile_text("t.icp", source_with(65535, 65535));
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].code == DiagnosticCode::E0307);
    CHECK(result.diagnostics[0].message == "`at_least` counts up to 65534 conditions");
  }
  {
    const auto result = test_support::compile_text("t.icp", source_with(65534, 65534));
    INFO(test_support::problems_of(result));
    CHECK(result.ok());
    CHECK(result.programs[0].has_value());
  }
}
