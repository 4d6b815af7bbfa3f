// Fast conditions (runtime/prepare/fast_conditions.hpp): vm::prepare recognises the common chunk
// shapes, and a decision on them equals the stack machine's on every definition, with
// fields present and missing (unknowns) and criteria yes, no and unknown, and audited, read
// by read, with the signal tallies tally_signal computes from the ages.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "runtime/vm/vm.hpp"
#include "audit_compare.hpp"

using namespace icp;
using namespace icp::vm;

namespace {

Instruction op(Opcode code, std::uint32_t y = 0, std::uint16_t x = 0) { return Instruction{code, 0, x, y}; }

struct FastProgram {
  Program p;
  std::uint32_t chunk(std::vector<Instruction> code) {
    const auto begin = static_cast<std::uint32_t>(p.code.size());
    for (Instruction in : code) {
      if (in.op == Opcode::JUMP_IF_FALSE || in.op == Opcode::JUMP_IF_TRUE) in.y += begin;
      p.code.push_back(in);
    }
    p.code.push_back(op(Opcode::RETURN));
    return begin;
  }
  void criterion(std::vector<Instruction> code) {
    const std::uint32_t begin = chunk(std::move(code));
    p.criteria.push_back({"c" + std::to_string(p.criteria.size()), Chunk{begin, static_cast<std::uint32_t>(p.code.size())}});
  }
  void tier(std::vector<Instruction> code) {
    const std::uint32_t begin = chunk(std::move(code));
    p.tiers.push_back({static_cast<std::int32_t>(p.tiers.size() + 1), "t", Chunk{begin, static_cast<std::uint32_t>(p.code.size())}});
  }
};

Program build() {
  FastProgram f;
  f.p.schema = Schema{.fields = {{"n", FieldType::integer, true},
                                 {"code", FieldType::string, true},
                                 {"tech", FieldType::string_set, true},
                                 {"flag", FieldType::boolean, true}},
                      .signal_types = {"visit"}};
  f.p.signals.push_back({"visit", Decimal::from_units(20000), 30, 2, std::nullopt});
  f.p.constants = {{ValueType::number, 50 * Decimal::kScale, ""}, {ValueType::number, 200 * Decimal::kScale, ""},
                   {ValueType::text, 0, "54"}, {ValueType::text, 0, "5112"}, {ValueType::number, 2 * Decimal::kScale, ""}};
  f.p.sets.push_back({ConstSet::Kind::texts, {}, {"AB", "CD"}});
  f.p.string_lists.push_back({"crowdstrike", "okta"});
  f.criterion({op(Opcode::LOAD_FIELD, 0), op(Opcode::PUSH_CONST, 0), op(Opcode::GE)});                   // 0
  f.criterion({op(Opcode::LOAD_FIELD, 0), op(Opcode::PUSH_CONST, 0), op(Opcode::PUSH_CONST, 1), op(Opcode::BETWEEN)});
  f.criterion({op(Opcode::LOAD_FIELD, 1), op(Opcode::PUSH_CONST, 2), op(Opcode::STARTS_WITH), op(Opcode::JUMP_IF_TRUE, 8),
               op(Opcode::LOAD_FIELD, 1), op(Opcode::PUSH_CONST, 3), op(Opcode::STARTS_WITH), op(Opcode::OR)});
  f.criterion({op(Opcode::LOAD_FIELD, 2), op(Opcode::HAS_ANY, 0)});
  f.criterion({op(Opcode::LOAD_FIELD, 1), op(Opcode::IN_SET, 0)});
  f.criterion({op(Opcode::LOAD_FIELD, 3)});
  f.criterion({op(Opcode::COUNT, 30, 0), op(Opcode::PUSH_CONST, 4), op(Opcode::GE)});  // 6
  f.tier({op(Opcode::LOAD_CRITERION, 0), op(Opcode::JUMP_IF_FALSE, 5), op(Opcode::LOAD_CRITERION, 2), op(Opcode::AND),
          op(Opcode::JUMP_IF_FALSE, 5)});  // not a recognised shape: runs as bytecode
  f.tier({op(Opcode::LOAD_CRITERION, 1), op(Opcode::JUMP_IF_FALSE, 4), op(Opcode::LOAD_CRITERION, 3), op(Opcode::AND)});
  f.tier({op(Opcode::LOAD_CRITERION, 0), op(Opcode::LOAD_CRITERION, 3), op(Opcode::LOAD_CRITERION, 5),
          op(Opcode::LOAD_CRITERION, 6), op(Opcode::AT_LEAST, 4, 2)});
  f.p.route.push_back({.action = RouteRuleDef::Action::ignore});
  for (std::uint32_t i = 0; i < f.p.criteria.size(); ++i) f.p.order.push_back({Step::Kind::criterion, i});
  for (std::uint32_t i = 0; i < f.p.tiers.size(); ++i) f.p.order.push_back({Step::Kind::tier, i});
  f.p.schema.build_lookup();
  prepare(f.p);
  return std::move(f.p);
}

// The record's fields for one case: n (-1: missing), the code ("": missing), and, when
// there are events, a one-item tech set and a flag that is true for exactly three.
void fill_fields(Record& r, int n, const char* code, int events) {
  r.clear(4);
  r.set_id("a");
  if (n >= 0) r.set_int(0, n);
  if (*code) r.set_string(1, code);
  if (events > 0) {
    r.begin_set(2);
    r.add_set_item(events == 1 ? "okta" : "zscaler");
    r.end_set(2);
    r.set_bool(3, events == 3);
  }
}

}  // namespace

TEST_CASE("prepare recognises the common shapes and unaudited decisions equal audited ones") {
  const Program program = build();
  // Every criterion and the last two tiers; the first tier's chunk has an extra jump.
  CHECK(program.fast_conditions.size() == 9);
  CHECK(program.fast_condition_at[program.tiers[0].code.begin] == -1);
  const Program stack_only = testing::stack_machine_only(program);
  Evaluator fast(program), audited(stack_only);
  int records = 0;
  for (int n : {-1, 10, 50, 120, 200, 5000}) {
    for (const char* code : {"", "541511", "511210", "AB", "9"}) {
      for (int events : {0, 1, 3}) {
        Record r;
        fill_fields(r, n, code, events);
        for (int e = 0; e < events; ++e) r.add_signal(0, 10 * e, "visit");
        const Decision a = fast.evaluate(r, Date{}, false);
        const Decision& b = audited.evaluate(r, Date{}, true);
        CHECK(a.criteria == b.criteria);
        CHECK(a.tiers == b.tiers);
        CHECK(a.score == b.score);
        CHECK(a.fit_tier == b.fit_tier);
        ++records;
      }
    }
  }
  CHECK(records == 90);
}

TEST_CASE("audited decisions on the common shapes note the stack machine's reads and tallies") {
  const Program program = build();
  const Program stack_only = testing::stack_machine_only(program);
  Evaluator fast(program), slow(stack_only);
  int records = 0;
  for (int n : {-1, 10, 120, 5000}) {
    for (const char* code : {"", "541511", "511210", "AB"}) {
      for (int events : {0, 1, 3, 6}) {
        Record r;
        fill_fields(r, n, code, events);
        // Six events: three in the window (one beyond the cap of 2), one expired, one future,
        // one undeclared.
        const int ages[] = {0, 20, 45, -2, 5, 10};
        for (int e = 0; e < events; ++e) r.add_signal(e == 4 ? -1 : 0, ages[e], "visit");
        const Decision& a = fast.evaluate(r, Date{}, true);
        const Decision& b = slow.evaluate(r, Date{}, true);
        testing::check_same_audit(a, b);
        testing::check_tallies_from_ages(program, r, a.audit);
        CHECK(a.audit.ignored_events.size() == (events == 6 ? 2U : 0U));
        if (events == 6) {
          const SignalTally& visit = a.audit.signals[0];
          CHECK((visit.counted == 3 && visit.capped_out == 1 && visit.expired == 1 && visit.future == 1));
        }
        ++records;
      }
    }
  }
  CHECK(records == 64);
}
