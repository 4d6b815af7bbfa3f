// The verifier's type pass (runtime/format/verify_chunk.cpp): hand-built chunks with each kind of
// operand type mismatch refused with a precise message, well-typed ones accepted; every
// lowered example and clean golden input verifies; and every truncation and every single
// bit flip of the examples' .icpb is refused or loads and evaluates without crashing.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiled_profile.hpp"
#include "runtime/format/artifact.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::vm {
namespace {

using I = Instruction;
constexpr auto kScalar = static_cast<std::uint8_t>(CompareKind::scalar);
constexpr auto kText = static_cast<std::uint8_t>(CompareKind::text);

// Field slots and constants of the hand-built programs below.
enum Field : std::uint32_t { employees, name, founded, stage, tech, is_customer, naics, revenue };
enum Const : std::uint32_t { c_number, c_text, c_date, c_enum, c_bool };
enum SetIndex : std::uint32_t { scalar_set, text_set, naics_set };

// One criterion `c` whose code is `code` (RETURN appended), one exclusion, one tier, one
// bonus and an else route, all trivially true unless `where` puts `code` there instead.
enum class Where { criterion, exclusion, tier, bonus, route };

Program program_with(std::vector<Instruction> code, Where where = Where::criterion) {
  Program p;
  p.profile = "T";
  p.owner = "ops@example.com";
  p.schema.fields = {{"employees", FieldType::integer, false, {}},  {"name", FieldType::string, false, {}},
                     {"founded", FieldType::date, true, {}},        {"stage", FieldType::enumeration, false, {"a", "b"}},
                     {"tech", FieldType::string_set, false, {}},    {"is_customer", FieldType::boolean, false, {}},
                     {"naics", FieldType::naics, false, {}},        {"revenue", FieldType::decimal, true, {}}};
  p.schema.build_lookup();
  p.constants = {{ValueType::number, 2000000, ""}, {ValueType::text, 0, "acme"}, {ValueType::date, 20000, ""},
                 {ValueType::enumeration, 1, ""},  {ValueType::boolean, 1, ""}};
  p.sets = {{ConstSet::Kind::scalars, {1, 2}, {}}, {ConstSet::Kind::texts, {}, {"a", "b"}},
            {ConstSet::Kind::naics_prefixes, {}, {"51"}}};
  p.string_lists = {{"aws"}};
  p.roles = {{"buyer", {"CFO"}, "", "", ""}};
  auto chunk = [&](bool mine) {
    const auto begin = static_cast<std::uint32_t>(p.code.size());
    if (mine) {
      p.code.insert(p.code.end(), code.begin(), code.end());
    } else {
      p.code.push_back(I{Opcode::PUSH_CONST, 0, 0, c_bool});
    }
    p.code.push_back(I{Opcode::RETURN, 0, 0, 0});
    return Chunk{begin, static_cast<std::uint32_t>(p.code.size())};
  };
  p.criteria = {{"c", chunk(where == Where::criterion)}};
  p.exclusions = {{"x", "", chunk(where == Where::exclusion)}};
  p.tiers = {{1, "One", chunk(where == Where::tier)}};
  p.bonuses = {{"b", Decimal::from_units(50000), chunk(where == Where::bonus)}};
  p.route = {{chunk(where == Where::route), RouteRuleDef::Action::disqualify, "", std::nullopt, "", std::nullopt},
             {std::nullopt, RouteRuleDef::Action::ignore, "", std::nullopt, "", std::nullopt}};
  p.order = {{Step::Kind::criterion, 0}, {Step::Kind::exclusion, 0}, {Step::Kind::tier, 0}, {Step::Kind::bonus, 0}};
  return p;
}

I push(std::uint32_t constant) { return I{Opcode::PUSH_CONST, 0, 0, constant}; }
I field(std::uint32_t slot) { return I{Opcode::LOAD_FIELD, 0, 0, slot}; }
I op(Opcode code, std::uint8_t kind = 0, std::uint32_t y = 0, std::uint16_t x = 0) { return I{code, kind, x, y}; }

std::string verify_message(const Program& p) {
  auto error = verify(p);
  return error ? error->message : std::string();
}

struct Mismatch {
  const char* what;
  std::vector<Instruction> code;
  const char* message;  // exact
};

}  // namespace

TEST_CASE("the verifier refuses every kind of operand type mismatch, naming chunk, instruction and types") {
  const Mismatch cases[] = {
      {"ordering a number with a text", {field(employees), push(c_text), op(Opcode::GT)},
       "criterion `c`, instruction 2 (GT): compare kind scalar expects all numbers or all dates, found number and "
       "text at stack depth 2"},
      {"ordering a number with a date", {field(employees), field(founded), op(Opcode::LE)},
       "criterion `c`, instruction 2 (LE): compare kind scalar expects all numbers or all dates, found number and "
       "date at stack depth 2"},
      {"ordering enums", {field(stage), push(c_enum), op(Opcode::LT)},
       "criterion `c`, instruction 2 (LT): compare kind scalar expects all numbers or all dates, found enum and enum "
       "at stack depth 2"},
      {"ordering bools", {field(is_customer), push(c_bool), op(Opcode::GE)},
       "criterion `c`, instruction 2 (GE): compare kind scalar expects all numbers or all dates, found bool and bool "
       "at stack depth 2"},
      {"scalar equality of texts", {field(name), push(c_text), op(Opcode::EQ, kScalar)},
       "criterion `c`, instruction 2 (EQ): compare kind scalar expects two bools, numbers, dates or enums of the "
       "same type, found text and text at stack depth 2"},
      {"scalar equality of an enum and a number", {field(stage), push(c_number), op(Opcode::NE, kScalar)},
       "criterion `c`, instruction 2 (NE): compare kind scalar expects two bools, numbers, dates or enums of the "
       "same type, found enum and number at stack depth 2"},
      {"scalar equality of sets", {field(tech), field(tech), op(Opcode::EQ, kScalar)},
       "criterion `c`, instruction 2 (EQ): compare kind scalar expects two bools, numbers, dates or enums of the "
       "same type, found set and set at stack depth 2"},
      {"text equality of numbers", {field(employees), push(c_number), op(Opcode::EQ, kText)},
       "criterion `c`, instruction 2 (EQ): compare kind text expects text operands, found number and number at "
       "stack depth 2"},
      {"text ordering of a text and a number", {field(naics), push(c_number), op(Opcode::LT, kText)},
       "criterion `c`, instruction 2 (LT): compare kind text expects text operands, found text and number at stack "
       "depth 2"},
      {"between with a date bound", {field(employees), push(c_number), push(c_date), op(Opcode::BETWEEN, kScalar)},
       "criterion `c`, instruction 3 (BETWEEN): compare kind scalar expects all numbers or all dates, found number, "
       "number and date at stack depth 3"},
      {"adding a date", {field(revenue), field(founded), op(Opcode::ADD), push(c_number), op(Opcode::GT)},
       "criterion `c`, instruction 2 (ADD): expects number operands, found number and date at stack depth 2"},
      {"negating a text", {field(name), op(Opcode::NEG)},
       "criterion `c`, instruction 1 (NEG): expects number operands, found text at stack depth 1"},
      {"and of a number", {field(is_customer), field(employees), op(Opcode::AND)},
       "criterion `c`, instruction 2 (AND): expects bool operands, found bool and number at stack depth 2"},
      {"not of a text", {field(name), op(Opcode::NOT)},
       "criterion `c`, instruction 1 (NOT): expects bool operands, found text at stack depth 1"},
      {"a jump on a number", {field(employees), op(Opcode::JUMP_IF_FALSE, 0, 2)},
       "criterion `c`, instruction 1 (JUMP_IF_FALSE): expects bool operands, found number at stack depth 1"},
      {"at_least over a number",
       {field(is_customer), field(employees), op(Opcode::PRESENT, 0, revenue), op(Opcode::AT_LEAST, 0, 3, 1)},
       "criterion `c`, instruction 3 (AT_LEAST): expects bool operands, found number at stack depth 2"},
      {"a text in a scalar set", {field(name), op(Opcode::IN_SET, 0, scalar_set)},
       "criterion `c`, instruction 1 (IN_SET): set 0 holds scalars, so it expects a bool, number, date or enum, "
       "found text at stack depth 1"},
      {"a number in a text set", {field(employees), op(Opcode::IN_SET, 0, text_set)},
       "criterion `c`, instruction 1 (IN_SET): set 1 holds texts, so it expects a text, found number at stack depth "
       "1"},
      {"a number in a NAICS set", {field(employees), op(Opcode::IN_SET, 0, naics_set)},
       "criterion `c`, instruction 1 (IN_SET): set 2 holds texts, so it expects a text, found number at stack depth "
       "1"},
      {"a set in a scalar set", {field(tech), op(Opcode::IN_SET, 0, scalar_set)},
       "criterion `c`, instruction 1 (IN_SET): set 0 holds scalars, so it expects a bool, number, date or enum, "
       "found set at stack depth 1"},
      {"has on a text", {field(name), push(c_text), op(Opcode::HAS)},
       "criterion `c`, instruction 2 (HAS): expects a set and a text, found text and text at stack depth 2"},
      {"has of a number", {field(tech), push(c_number), op(Opcode::HAS)},
       "criterion `c`, instruction 2 (HAS): expects a set and a text, found set and number at stack depth 2"},
      {"has any on an enum", {field(stage), op(Opcode::HAS_ANY)},
       "criterion `c`, instruction 1 (HAS_ANY): expects a set, found enum at stack depth 1"},
      {"has all on a text", {field(name), op(Opcode::HAS_ALL)},
       "criterion `c`, instruction 1 (HAS_ALL): expects a set, found text at stack depth 1"},
      {"starts_with of a number", {field(name), field(employees), op(Opcode::STARTS_WITH)},
       "criterion `c`, instruction 2 (STARTS_WITH): expects text operands, found text and number at stack depth 2"},
      {"lower of a set", {field(tech), op(Opcode::LOWER)},
       "criterion `c`, instruction 1 (LOWER): expects text operands, found set at stack depth 1"},
      {"a criterion that computes a number", {field(employees)},
       "criterion `c`, instruction 1 (RETURN): a condition must compute a bool, found number at stack depth 1"},
      {"a criterion that computes a text", {field(name), op(Opcode::LOWER)},
       "criterion `c`, instruction 2 (RETURN): a condition must compute a bool, found text at stack depth 1"},
      {"paths meeting with different types",
       {field(is_customer), field(is_customer), op(Opcode::JUMP_IF_FALSE, 0, 5), op(Opcode::AND), field(employees),
        op(Opcode::AND)},
       "criterion `c`, instruction 5 (AND): paths meet with different stacks: [bool, number] (depth 2) and [bool, "
       "bool] (depth 2)"},
  };
  for (const Mismatch& c : cases) {
    CAPTURE(c.what);
    const Program p = program_with(c.code);
    CHECK(verify_message(p) == c.message);
    REQUIRE(verify(p));
    CHECK(verify(p)->instruction.has_value());
  }
}

TEST_CASE("every kind of chunk must compute a bool") {
  const std::pair<Where, const char*> places[] = {
      {Where::exclusion, "exclusion `x`, instruction 3 (RETURN)"},
      {Where::tier, "tier 1, instruction 5 (RETURN)"},
      {Where::bonus, "bonus `b`, instruction 7 (RETURN)"},
      {Where::route, "route rule 1, instruction 9 (RETURN)"},
  };
  for (const auto& [where, prefix] : places) {
    CAPTURE(prefix);
    const std::string message = verify_message(program_with({op(Opcode::LOAD_SCORE)}, where));
    CHECK(message == std::string(prefix) + ": a condition must compute a bool, found number at stack depth 1");
  }
  CHECK(verify_message(program_with({op(Opcode::LOAD_TIER), push(c_number), op(Opcode::EQ)}, Where::route)) == "");
}

TEST_CASE("well-typed chunks of every opcode verify") {
  const std::vector<Instruction> good[] = {
      {field(name), push(c_text), op(Opcode::EQ, kText)},
      {field(name), push(c_text), op(Opcode::LT, kText)},
      {op(Opcode::LOAD_ID), push(c_text), op(Opcode::NE, kText)},
      {field(stage), push(c_enum), op(Opcode::EQ, kScalar)},
      {field(is_customer), push(c_bool), op(Opcode::NE, kScalar)},
      {field(founded), push(c_date), op(Opcode::GE, kScalar)},
      {field(founded), push(c_date), push(c_date), op(Opcode::BETWEEN, kScalar)},
      {field(employees), field(revenue), op(Opcode::MUL), op(Opcode::NEG), push(c_number), op(Opcode::DIV),
       op(Opcode::LOAD_COVERAGE), op(Opcode::SUB), op(Opcode::LOAD_COVERAGE), op(Opcode::ADD),
       op(Opcode::COUNT, 0, 30, kAllSignals), op(Opcode::GT, kScalar)},
      {field(stage), op(Opcode::IN_SET, 0, scalar_set)},
      {field(employees), op(Opcode::IN_SET, 0, scalar_set)},
      {field(name), op(Opcode::LOWER), op(Opcode::IN_SET, 0, text_set)},
      {field(naics), op(Opcode::IN_SET, 0, naics_set)},
      {field(tech), push(c_text), op(Opcode::HAS)},
      {field(tech), op(Opcode::HAS_ANY, 0, 0), field(tech), op(Opcode::HAS_ALL, 0, 0), op(Opcode::OR)},
      {field(name), push(c_text), op(Opcode::STARTS_WITH)},
      {op(Opcode::PRESENT, 0, revenue), op(Opcode::JUMP_IF_TRUE, 0, 5), op(Opcode::HAS_ROLE, 0, 0), op(Opcode::NOT),
       op(Opcode::OR), field(is_customer), op(Opcode::PRESENT, 0, founded), op(Opcode::AT_LEAST, 0, 3, 2)},
  };
  for (const auto& code : good) CHECK(verify_message(program_with(code)) == "");
}

// The tier, the score and the exclusion verdict are read only once every tier, bonus and
// exclusion has run (the evaluator asserts it): found by the c_api fuzzer in a corrupted
// artifact whose tier chunk read `tier` (fuzz/regressions/c_api/crash-c403...).
TEST_CASE("a step reads the tier, score or exclusion verdict only after every step it depends on") {
  struct Read {
    Opcode op;
    Where where;
    const char* message;  // empty: verifies
  };
  const Read reads[] = {
      {Opcode::LOAD_TIER, Where::criterion, "instruction 0 reads the tier before every definition it depends on is evaluated"},
      {Opcode::LOAD_TIER, Where::exclusion, "instruction 2 reads the tier before every definition it depends on is evaluated"},
      {Opcode::LOAD_TIER, Where::tier, "instruction 4 reads the tier before every definition it depends on is evaluated"},
      {Opcode::LOAD_TIER, Where::bonus, ""},
      {Opcode::LOAD_SCORE, Where::bonus, "instruction 6 reads the score before every definition it depends on is evaluated"},
      {Opcode::LOAD_SCORE, Where::route, ""},
      {Opcode::LOAD_EXCLUDED, Where::criterion,
       "instruction 0 reads the exclusion verdict before every definition it depends on is evaluated"},
      {Opcode::LOAD_EXCLUDED, Where::exclusion,
       "instruction 2 reads the exclusion verdict before every definition it depends on is evaluated"},
      {Opcode::LOAD_EXCLUDED, Where::tier, ""},
      {Opcode::LOAD_EXCLUDED, Where::route, ""},
      {Opcode::LOAD_TIER, Where::route, ""},
  };
  for (const Read& read : reads) {
    CAPTURE(static_cast<int>(read.op));
    CAPTURE(static_cast<int>(read.where));
    const std::vector<Instruction> code =
        read.op == Opcode::LOAD_EXCLUDED ? std::vector<Instruction>{op(read.op)}
                                         : std::vector<Instruction>{op(read.op), push(c_number), op(Opcode::EQ, kScalar)};
    CHECK(verify_message(program_with(code, read.where)) == read.message);
  }
}

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The sealed program of one source file (the compile API lowers and verifies it), or nullopt
// when the file does not check clean. A program the compiler cannot seal fails the test.
std::optional<Program> compile_file(const std::filesystem::path& path) {
  compiler::Compilation compiled = test_support::compile_text(path.string(), read_file(path));
  for (const compiler::Failure& failure : compiled.failures) FAIL_CHECK(failure.message);
  if (compiled.count(Severity::error) > 0 || !compiled.programs.at(0)) return std::nullopt;
  return std::move(*compiled.programs[0]);
}

const char* const kExamples[][2] = {{"mid-market-security", "mid-market-accounts"},
                                    {"enterprise-platform", "enterprise-accounts"},
                                    {"plg-smb", "plg-smb-accounts"}};

std::filesystem::path source_dir() { return ICP_SOURCE_DIR; }

Program sealed_example(const std::string& name) {
  std::optional<Program> p = compile_file(source_dir() / "examples" / (name + ".icp"));
  REQUIRE(p);
  return std::move(*p);
}

// Decodes the example's accounts with the (possibly corrupted) program's schema and
// evaluates each one (the first `limit` that decode) with audit and decision JSON: nothing
// may crash or read out of bounds. Returns how many were evaluated.
std::size_t evaluate_all(const Program& p, const std::string& accounts, std::size_t limit = SIZE_MAX) {
  JsonDecoder decoder(p.schema);
  Evaluator evaluator(p);
  LineSplitter lines(accounts);
  JsonLine line;
  Record record;
  DecodeError error;
  std::string out;
  std::size_t evaluated = 0;
  const Date as_of = date_from_civil(2026, 11, 22);
  while (evaluated < limit && lines.next(line)) {
    if (!decoder.decode(line.text, as_of, record, error)) continue;
    const Decision& decision = evaluator.evaluate(record, as_of, /*audit=*/true);
    out.clear();
    append_decision_json(p, record, decision, "sha256:0", out);
    evaluated += out.empty() ? 0 : 1;
  }
  return evaluated;
}

}  // namespace

TEST_CASE("every lowered example and every clean golden input verifies") {
  for (const auto& example : kExamples) {
    const std::string name = example[0];
    CAPTURE(name);
    const Program p = sealed_example(example[0]);
    CHECK(evaluate_all(p, read_file(source_dir() / "examples/data" / (std::string(example[1]) + ".jsonl"))) > 0);
  }
  std::vector<std::filesystem::path> inputs;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir() / "tests/golden")) {
    if (entry.path().extension() == ".icp") inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  std::size_t clean = 0;
  for (const auto& path : inputs) {
    std::optional<Program> p = compile_file(path);
    if (!p) continue;
    ++clean;
    CAPTURE(path.string());
    auto error = verify(*p);
    CHECK_MESSAGE(!error, (error ? error->message : ""));
  }
  MESSAGE(clean << " of " << inputs.size() << " golden inputs check clean and verify");
  CHECK(clean >= 20);
}

// Exhaustive: about 165,000 corrupted files. In its own test suite so that ctest runs it
// beside the other unit tests (tests/CMakeLists.txt), and under ASan in a sanitizer build.
TEST_CASE("every truncation and every bit flip of the examples' artifacts is refused or runs safely" *
          doctest::test_suite("exhaustive")) {
  for (const auto& example : kExamples) {
    const std::string name = example[0];
    CAPTURE(name);
    const std::string bytes = serialize(sealed_example(example[0]));
    const std::string accounts = read_file(source_dir() / "examples/data" / (std::string(example[1]) + ".jsonl"));
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      const LoadResult result = load(std::string_view(bytes).substr(0, length));
      REQUIRE_FALSE(result);
      REQUIRE(result.error.offset <= length);
    }
    std::size_t loaded = 0, refused = 0, type_errors = 0;
    std::string corrupt = bytes;
    for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
      corrupt[bit / 8] = static_cast<char>(bytes[bit / 8] ^ (1 << (bit % 8)));
      const LoadResult result = load(corrupt);
      if (result) {
        ++loaded;
        evaluate_all(*result.program, accounts, /*limit=*/3);  // 26 per flip would take minutes
      } else {
        ++refused;
        REQUIRE_FALSE(result.error.message.empty());
        REQUIRE(result.error.offset <= corrupt.size());
        if (result.error.message.find("at stack depth") != std::string::npos) ++type_errors;
      }
      corrupt[bit / 8] = bytes[bit / 8];
    }
    MESSAGE(std::string(example[0]) << ": " << bytes.size() * 8 << " bit flips, " << loaded << " load and run, " << refused
                       << " refused (" << type_errors << " by the type pass)");
    CHECK(refused > 0);
    CHECK(loaded > 0);
  }
}

}  // namespace icp::vm
