// Fast conditions made of several terms or reading aggregates (runtime/prepare/fast_conditions.hpp):
// `and` of a criterion and a field comparison, route rules over excluded, tier, score and
// committee_coverage. vm::prepare must recognise them, and a decision on them must equal
// the stack machine's on every definition and on the route, and audited, read by read.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "runtime/vm/vm.hpp"
#include "audit_compare.hpp"

using namespace icp;
using namespace icp::vm;

namespace {

Instruction op(Opcode code, std::uint32_t y = 0, std::uint16_t x = 0) { return Instruction{code, 0, x, y}; }

struct TermsProgram {
  Program p;
  Chunk chunk(std::vector<Instruction> code) {
    const auto begin = static_cast<std::uint32_t>(p.code.size());
    for (Instruction in : code) {
      if (in.op == Opcode::JUMP_IF_FALSE || in.op == Opcode::JUMP_IF_TRUE) in.y += begin;
      p.code.push_back(in);
    }
    p.code.push_back(op(Opcode::RETURN));
    return Chunk{begin, static_cast<std::uint32_t>(p.code.size())};
  }
  void route(std::vector<Instruction> code) {
    p.route.push_back({.code = chunk(std::move(code)), .action = RouteRuleDef::Action::queue, .queue = "q"});
  }
};

constexpr std::int64_t kUnit = Decimal::kScale;

Program build() {
  TermsProgram f;
  f.p.schema = Schema{.fields = {{"n", FieldType::integer, true}, {"flag", FieldType::boolean, true}}};
  f.p.constants = {{ValueType::number, 50 * kUnit, ""}, {ValueType::number, 100 * kUnit, ""},
                   {ValueType::number, 1 * kUnit, ""}, {ValueType::number, 5 * kUnit, ""}};
  f.p.sets.push_back({ConstSet::Kind::scalars, {1 * kUnit, 2 * kUnit}, {}});
  f.p.roles.push_back({.name = "buyer", .titles = {"CFO"}});
  f.p.roles.push_back({.name = "evaluator", .titles = {"CISO", "Head of *"}});
  // c0: n >= 50; c1: flag.
  f.p.criteria.push_back({"c0", f.chunk({op(Opcode::LOAD_FIELD, 0), op(Opcode::PUSH_CONST, 0), op(Opcode::GE)})});
  f.p.criteria.push_back({"c1", f.chunk({op(Opcode::LOAD_FIELD, 1)})});
  // c2: n >= 50 and n >= 100: both terms read n, which the audit lists once.
  f.p.criteria.push_back({"c2", f.chunk({op(Opcode::LOAD_FIELD, 0), op(Opcode::PUSH_CONST, 0), op(Opcode::GE),
                                         op(Opcode::JUMP_IF_FALSE, 8), op(Opcode::LOAD_FIELD, 0),
                                         op(Opcode::PUSH_CONST, 1), op(Opcode::GE), op(Opcode::AND)})});
  // tier 1: c0 and n >= 100; tier 2: c1.
  f.p.tiers.push_back({1, "t1", f.chunk({op(Opcode::LOAD_CRITERION, 0), op(Opcode::JUMP_IF_FALSE, 6), op(Opcode::LOAD_FIELD, 0),
                                         op(Opcode::PUSH_CONST, 1), op(Opcode::GE), op(Opcode::AND)})});
  f.p.tiers.push_back({2, "t2", f.chunk({op(Opcode::LOAD_CRITERION, 1)})});
  f.p.exclusions.push_back({"e0", "r", f.chunk({op(Opcode::LOAD_FIELD, 1), op(Opcode::NOT)})});  // not a fast shape
  f.p.bonuses.push_back({"b0", Decimal::from_units(10 * kUnit), f.chunk({op(Opcode::LOAD_CRITERION, 0)})});
  f.route({op(Opcode::LOAD_EXCLUDED)});
  f.route({op(Opcode::LOAD_TIER), op(Opcode::PUSH_CONST, 2), op(Opcode::EQ), op(Opcode::JUMP_IF_FALSE, 8),
           op(Opcode::LOAD_SCORE), op(Opcode::PUSH_CONST, 3), op(Opcode::GE), op(Opcode::AND)});
  f.route({op(Opcode::LOAD_TIER), op(Opcode::IN_SET, 0)});
  f.route({op(Opcode::LOAD_COVERAGE), op(Opcode::PUSH_CONST, 0), op(Opcode::GE)});
  f.p.route.push_back({.action = RouteRuleDef::Action::ignore});
  f.p.order = {{Step::Kind::criterion, 0}, {Step::Kind::criterion, 1}, {Step::Kind::criterion, 2},
               {Step::Kind::exclusion, 0}, {Step::Kind::tier, 0},      {Step::Kind::tier, 1},
               {Step::Kind::bonus, 0}};
  f.p.schema.build_lookup();
  prepare(f.p);
  return std::move(f.p);
}

// Calls `check` with every combination of n (missing, below, between and above the
// constants), flag (missing, false, true) and one contact title, plus an untitled contact.
template <typename Check>
void for_each_record(Check check) {
  for (int n : {-1, 10, 60, 150}) {
    for (int flag : {-1, 0, 1}) {
      for (const char* title : {"", "cfo", "  head of Security ", "CISO", "Finance"}) {
        Record r;
        r.clear(2);
        r.set_id("a");
        if (n >= 0) r.set_int(0, n);
        if (flag >= 0) r.set_bool(1, flag == 1);
        if (*title) r.add_contact(std::string_view(title));
        r.add_contact(std::nullopt);
        check(r);
      }
    }
  }
}

}  // namespace

TEST_CASE("conjunctions and aggregate rules are fast and decide as the bytecode does") {
  const Program program = build();
  // The three criteria, both tiers, the bonus and the four route rules; not the exclusion.
  CHECK(program.fast_conditions.size() == 10);
  CHECK(program.fast_condition_at[program.exclusions[0].code.begin] == -1);
  CHECK(program.fast_conditions[program.fast_condition_at[program.tiers[0].code.begin]].terms.size() == 2);
  CHECK(program.fast_conditions[program.fast_condition_at[program.route[1].code->begin]].terms.size() == 2);
  const Program stack_only = testing::stack_machine_only(program);
  Evaluator fast(program), audited(stack_only);
  std::vector<int> routes(program.route.size(), 0);
  for_each_record([&](const Record& r) {
    const Decision a = fast.evaluate(r, Date{}, false);
    const Decision& b = audited.evaluate(r, Date{}, true);
    CHECK(a.criteria == b.criteria);
    CHECK(a.exclusions == b.exclusions);
    CHECK(a.tiers == b.tiers);
    CHECK(a.bonuses == b.bonuses);
    CHECK(a.score == b.score);
    CHECK(a.fit_tier == b.fit_tier);
    CHECK(a.coverage == b.coverage);
    CHECK(a.roles_filled == b.roles_filled);
    CHECK(a.route_rule == b.route_rule);
    ++routes[a.route_rule];
  });
  // Every rule decides some record, so each fast rule was seen both holding and not.
  for (int count : routes) CHECK(count > 0);
}

TEST_CASE("audited decisions on conjunctions and aggregate rules note the stack machine's reads") {
  const Program program = build();
  const Program stack_only = testing::stack_machine_only(program);
  Evaluator fast(program), slow(stack_only);
  std::size_t reads = 0;
  for_each_record([&](const Record& r) {
    const Decision& a = fast.evaluate(r, Date{}, true);
    const Decision& b = slow.evaluate(r, Date{}, true);
    testing::check_same_audit(a, b);
    reads += a.audit.reads.size();
    // c2 reads n once, whether or not its second term ran (it does for n = 60 and 150).
    const ReadRange c2 = a.audit.criteria[2];
    CHECK(c2.end - c2.begin == 1);
  });
  CHECK(reads > 0);
}
