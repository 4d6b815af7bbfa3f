// Differential test on random programs (issue 20): seeded random profiles (random_profile.hpp),
// compiled through the compile API, decide seeded random records (missing optional fields,
// events inside and outside every window, undeclared and future events) on every evaluation
// path: the stack machine, the fast terms audited and not, the block path and the audited
// block path, decision by decision and read by read (differential_paths.hpp). The compiler's
// folding is checked against evaluation: the same profile with a record's present field
// values and counts written as literals decides that record as the original does. A fast
// size runs with the unit suite; the exhaustive suite runs a larger one.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiled_profile.hpp"
#include "differential_paths.hpp"
#include "random_profile.hpp"
#include "runtime/format/disassemble.hpp"
#include "runtime/vm/vm.hpp"

using namespace icp;
using namespace icp::vm;
using test_support::Piece;
using test_support::RandomProfile;

namespace {

// What a run covered, so that a generator gone narrow fails the test instead of passing it.
struct Coverage {
  std::array<int, 3> verdicts{};
  std::map<FastTerm::Form, int> forms;
  std::map<Opcode, int> opcodes;  // in the programs' code: every one must run
  int stack_machine_chunks = 0;  // conditions left to the stack machine
  int folded_records = 0;        // records decided by a profile with literals
  int refused_literals = 0;      // literal arithmetic the compiler refuses (E0005, E0309, E0313)
  int constant_conditions = 0;   // conditions the literals made constant
};

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A number's literal; negative ones in parentheses, so that `a - (-5)` stays one operand.
std::string number_literal(std::string text) { return text.starts_with('-') ? "(" + text + ")" : text; }

std::int64_t count_events(const Program& program, const Record& record, const Piece& piece) {
  const std::int32_t type = piece.name == "signals" ? -1 : program.schema.signal_type_index(piece.name);
  std::int64_t n = 0;
  for (const SignalEvent& event : record.signals()) {
    const bool counted = piece.name == "signals" ? event.type >= 0 : event.type == type;
    n += counted && event.age_days >= 0 && event.age_days <= piece.window ? 1 : 0;
  }
  return n;
}

// The literal of a read for `record`, or nullopt to keep it: a missing field stays a read
// (unknown has no literal), and so do the types whose literals mean something else (enum
// names, sets, NAICS codes, countries).
std::optional<std::string> literal(const Program& program, const Record& record, const Piece& piece,
                                   bool keep_arithmetic) {
  if (keep_arithmetic && piece.arithmetic) return std::nullopt;
  if (piece.kind == Piece::Kind::count) return std::to_string(count_events(program, record, piece));
  const std::optional<std::size_t> slot = program.schema.field_index(piece.name);
  REQUIRE(slot.has_value());
  if (!record.present(*slot)) return std::nullopt;
  switch (program.schema.fields[*slot].type) {
    case FieldType::integer: return number_literal(std::to_string(record.get_int(*slot)));
    case FieldType::decimal: return number_literal(record.get_decimal(*slot).to_string());
    case FieldType::boolean: return record.get_bool(*slot) ? "true" : "false";
    case FieldType::date: return format_date(record.get_date(*slot));
    case FieldType::string: return quoted(record.get_string(*slot));
    default: return std::nullopt;
  }
}

bool only_refused_arithmetic(const compiler::Compilation& compiled) {
  if (!compiled.failures.empty()) return false;
  return std::all_of(compiled.diagnostics.begin(), compiled.diagnostics.end(), [](const Diagnostic& d) {
    const std::string_view name = info(d.code).name;
    return d.severity != Severity::error || name == "E0005" || name == "E0309" || name == "E0313";
  });
}

int constant_conditions(const Program& program) {
  int n = 0;
  auto count = [&](const auto& defs) {
    for (const auto& def : defs) {
      const Chunk& chunk = def.code;
      n += chunk.end - chunk.begin == 2 && program.code[chunk.begin].op == Opcode::PUSH_CONST ? 1 : 0;
    }
  };
  count(program.criteria);
  count(program.exclusions);
  count(program.tiers);
  count(program.bonuses);
  return n;
}

// The profile with `record`'s values as literals decides it as the original program does;
// when literal arithmetic is refused (a constant division by zero, an inexact or too large
// constant, where evaluation gives unknown or rounds), the arithmetic keeps its reads.
void check_folding(const RandomProfile& profile, const Program& program, const Record& record, Coverage& coverage) {
  std::optional<Program> bound;
  for (const bool keep_arithmetic : {false, true}) {
    const std::string source = profile.text([&](const Piece& piece) {
      return literal(program, record, piece, keep_arithmetic);
    });
    compiler::Compilation compiled = test_support::compile_text("bound.icp", source);
    if (compiled.ok() && compiled.programs.size() == 1 && compiled.programs[0]) {
      bound = std::move(*compiled.programs[0]);
      break;
    }
    INFO(source);
    INFO(test_support::problems_of(compiled));
    REQUIRE((!keep_arithmetic && only_refused_arithmetic(compiled)));
    ++coverage.refused_literals;
  }
  REQUIRE(bound.has_value());
  ++coverage.folded_records;
  coverage.constant_conditions += constant_conditions(*bound);
  Evaluator original(program), folded(*bound);
  const Decision expected = original.evaluate(record, Date{}, false);
  const Decision& got = folded.evaluate(record, Date{}, false);
  testing::check_same_decision(got, expected);  // the same schema and roles: every result alike
  testing::check_paths(*bound, std::span(&record, 1));  // the folded program's paths agree too
}

void note_coverage(const Program& program, Coverage& coverage) {
  for (const Instruction& in : program.code) ++coverage.opcodes[in.op];
  for (const FastCondition& condition : program.fast_conditions) {
    for (const FastTerm& term : condition.terms) ++coverage.forms[term.form];
  }
  const auto chunks = program.criteria.size() + program.exclusions.size() + program.tiers.size() +
                      program.bonuses.size() + program.route.size() - 1;
  coverage.stack_machine_chunks += static_cast<int>(chunks) - static_cast<int>(program.fast_conditions.size());
}

void check_random_programs(std::uint64_t first_seed, int programs, int records, int folded_per_program) {
  Coverage coverage;
  for (std::uint64_t seed = first_seed; seed < first_seed + static_cast<std::uint64_t>(programs); ++seed) {
    const RandomProfile profile(seed);
    const std::string source = profile.text();
    CAPTURE(seed);
    INFO(source);
    const Program program = test_support::compile_program("random.icp", source);
    note_coverage(program, coverage);
    const std::vector<Record> kept = testing::make_records(program, records, false, seed);
    const std::array<int, 3> verdicts = testing::check_paths(program, kept);
    for (std::size_t v = 0; v < verdicts.size(); ++v) coverage.verdicts[v] += verdicts[v];
    for (int i = 0; i < std::min(folded_per_program, records); ++i) {
      CAPTURE(i);
      check_folding(profile, program, kept[static_cast<std::size_t>(i)], coverage);
    }
  }
  MESSAGE("random programs: " << programs << " programs, " << records << " records each, verdicts "
                              << coverage.verdicts[0] << "/" << coverage.verdicts[1] << "/" << coverage.verdicts[2]
                              << ", " << coverage.stack_machine_chunks << " conditions on the stack machine, "
                              << coverage.folded_records << " records folded (" << coverage.constant_conditions
                              << " constant conditions, " << coverage.refused_literals << " refused literals)");
  for (int v : coverage.verdicts) CHECK(v > 0);
  for (int form = 0; form <= static_cast<int>(FastTerm::Form::aggregate_in_set); ++form) {
    CAPTURE(form);
    CHECK(coverage.forms[static_cast<FastTerm::Form>(form)] > 0);
  }
  for (int op = 0; op <= static_cast<int>(Opcode::RETURN); ++op) {
    CAPTURE(opcode_name(static_cast<Opcode>(op)));
    CHECK(coverage.opcodes[static_cast<Opcode>(op)] > 0);
  }
  CHECK(coverage.stack_machine_chunks > 0);
  CHECK(coverage.constant_conditions > 0);
}

}  // namespace

TEST_CASE("random programs: every evaluation path and the compiler's folding decide alike") {
  check_random_programs(1, 100, 250, 4);
}

TEST_CASE("larger random programs: every evaluation path and the compiler's folding decide alike" *
          doctest::test_suite("exhaustive")) {
  check_random_programs(1000, 1000, 1000, 20);
}
