// The lower stage: real source text parsed and checked, then lowered; asserts on the
// bytecode (instruction sequences, interning, sets, slots, order) and, over every chunk
// of the examples, that the stack is balanced on every path (a small stack simulator
// that reads the stack effects from runtime/format/opcodes.def).
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string_view>

#include "compiler/lower/lower.hpp"
#include "compiler/project/project.hpp"
#include "runtime/format/disassemble.hpp"
#include "runtime/format/opcode_table.hpp"

using namespace icp;
using vm::Opcode;

namespace {

const char* const kHeader = R"(profile "T" {
  owner "ops@example.com"
  reviewed 2026-11-01
}
account {
  employees: int
  revenue: decimal?
  stage: enum(seed, series_a, growth)
  naics: naics
  country: country
  tech: set<string>
  flag: bool
  other: bool
}
signal visit weight 10 within 30d
signal hire weight 5 within 60d
role buyer { titles ["CFO"] }
)";

struct Lowered {
  project::Result result;
  vm::Program program;
};

Lowered lower_text(const std::string& path, const std::string& text) {
  project::Options options;
  options.today = date_from_civil(2026, 11, 23);
  Lowered out{project::check_inputs({project::Input{path, text}}, options), {}};
  REQUIRE(out.result.programs.size() == 1);
  std::string errors;
  for (const auto& d : out.result.diagnostics) {
    if (d.severity == Severity::error) errors += d.message + "\n";
  }
  INFO(errors);
  REQUIRE(out.result.programs[0].has_value());
  out.program = lower(out.result.sources, *out.result.programs[0]);
  return out;
}

Lowered lower_source(const std::string& body) { return lower_text("t.icp", std::string(kHeader) + body); }

Lowered lower_example(const std::string& name) {
  const std::string path = std::string(ICP_SOURCE_DIR) + "/examples/" + name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return lower_text(path, text.str());
}

std::vector<Opcode> ops(const vm::Program& program, vm::Chunk chunk) {
  std::vector<Opcode> out;
  for (auto i = chunk.begin; i < chunk.end; ++i) out.push_back(program.code[i].op);
  return out;
}

const vm::Instruction& first(const vm::Program& program, vm::Chunk chunk, Opcode op) {
  for (auto i = chunk.begin; i < chunk.end; ++i) {
    if (program.code[i].op == op) return program.code[i];
  }
  FAIL("opcode not in chunk");
  return program.code.front();
}

// Stack effects straight from opcodes.def's POPS and PUSHES columns; AT_LEAST pops y.
std::pair<int, int> stack_effect(const vm::Instruction& in) {
  const vm::OpcodeInfo& info = vm::kOpcodeTable[static_cast<std::size_t>(in.op)];
  return {info.pops == vm::kPopsY ? static_cast<int>(in.y) : info.pops, info.pushes};
}

// Walks a chunk (all jumps go forward, so one pass in order sees every path): each
// instruction is reached, with one depth whichever way it is reached; RETURN comes last
// and finds exactly one value.
void check_balanced(const vm::Program& program, vm::Chunk chunk) {
  REQUIRE(chunk.end > chunk.begin);
  const auto size = chunk.end - chunk.begin;
  std::vector<int> depth(size, -1);
  depth[0] = 0;
  auto reach = [&](std::uint32_t target, int d) {
    REQUIRE(target >= chunk.begin);
    REQUIRE(target < chunk.end);
    auto& slot = depth[target - chunk.begin];
    if (slot >= 0) CHECK(slot == d);
    slot = d;
  };
  for (std::uint32_t i = chunk.begin; i < chunk.end; ++i) {
    const auto& in = program.code[i];
    const int before = depth[i - chunk.begin];
    REQUIRE(before >= 0);  // reachable
    const auto [pops, pushes] = stack_effect(in);
    REQUIRE(before >= pops);
    const int after = before - pops + pushes;
    if (in.op == Opcode::RETURN) {
      CHECK(i == chunk.end - 1);
      CHECK(before == 1);
      continue;
    }
    CHECK(i + 1 < chunk.end);
    if (in.op == Opcode::JUMP_IF_FALSE || in.op == Opcode::JUMP_IF_TRUE) {
      CHECK(in.y > i);  // forward
      reach(in.y, after);
    }
    reach(i + 1, after);
  }
}

std::vector<vm::Chunk> all_chunks(const vm::Program& p) {
  std::vector<vm::Chunk> chunks;
  for (const auto& d : p.criteria) chunks.push_back(d.code);
  for (const auto& d : p.exclusions) chunks.push_back(d.code);
  for (const auto& d : p.tiers) chunks.push_back(d.code);
  for (const auto& d : p.bonuses) chunks.push_back(d.code);
  for (const auto& d : p.route) {
    if (d.code) chunks.push_back(*d.code);
  }
  return chunks;
}

const char* const kRoute = "tier 1 \"a\" = flag\nroute { when tier == 1 -> queue \"x\"  else -> ignore }\n";

}  // namespace

TEST_CASE("and/or chains short-circuit forward to one end, three-valued") {
  const auto lowered = lower_source(std::string(R"(criterion both = employees > 5 and flag and not other
criterion either = flag or other or revenue > 1
criterion mixed = (flag or other) and employees > 5
)") + kRoute);
  const auto& p = lowered.program;
  const auto both = p.criteria[0].code;
  CHECK(ops(p, both) == std::vector<Opcode>{Opcode::LOAD_FIELD, Opcode::PUSH_CONST, Opcode::GT, Opcode::JUMP_IF_FALSE,
                                            Opcode::LOAD_FIELD, Opcode::AND, Opcode::JUMP_IF_FALSE, Opcode::LOAD_FIELD,
                                            Opcode::NOT, Opcode::AND, Opcode::RETURN});
  CHECK(p.code[both.begin + 3].y == both.end - 1);  // both jumps land on RETURN
  CHECK(p.code[both.begin + 6].y == both.end - 1);
  const auto either = p.criteria[1].code;
  CHECK(ops(p, either) == std::vector<Opcode>{Opcode::LOAD_FIELD, Opcode::JUMP_IF_TRUE, Opcode::LOAD_FIELD, Opcode::OR,
                                              Opcode::JUMP_IF_TRUE, Opcode::LOAD_FIELD, Opcode::PUSH_CONST, Opcode::GT,
                                              Opcode::OR, Opcode::RETURN});
  const auto mixed = p.criteria[2].code;
  CHECK(ops(p, mixed) == std::vector<Opcode>{Opcode::LOAD_FIELD, Opcode::JUMP_IF_TRUE, Opcode::LOAD_FIELD, Opcode::OR,
                                             Opcode::JUMP_IF_FALSE, Opcode::LOAD_FIELD, Opcode::PUSH_CONST, Opcode::GT,
                                             Opcode::AND, Opcode::RETURN});
  CHECK(p.code[mixed.begin + 1].y == mixed.begin + 4);  // the inner `or` ends before the `and` jump
  for (const auto& chunk : all_chunks(p)) check_balanced(p, chunk);
}

TEST_CASE("at_least pushes every condition; constant tests fold") {
  const auto lowered = lower_source(std::string(R"(let floor = 3
criterion two = at_least(2, flag, other, employees > 1)
criterion trivial = employees > 5 and floor > 2
criterion always = floor == 3 or employees > 5
)") + kRoute);
  const auto& p = lowered.program;
  const auto& at_least = first(p, p.criteria[0].code, Opcode::AT_LEAST);
  CHECK(at_least.x == 2);
  CHECK(at_least.y == 3);
  CHECK(ops(p, p.criteria[1].code) == std::vector<Opcode>{Opcode::LOAD_FIELD, Opcode::PUSH_CONST, Opcode::GT, Opcode::RETURN});
  const auto always = p.criteria[2].code;
  REQUIRE(ops(p, always) == std::vector<Opcode>{Opcode::PUSH_CONST, Opcode::RETURN});
  const auto& value = p.constants[p.code[always.begin].y];
  CHECK(value.type == vm::ValueType::boolean);
  CHECK(value.scalar == 1);
  for (const auto& chunk : all_chunks(p)) check_balanced(p, chunk);
}

TEST_CASE("constants are interned by value; numbers are Decimal units") {
  const auto lowered = lower_source(std::string(R"(criterion big = employees > 100
criterion small = employees < 100
criterion rich = revenue >= 2.5
criterion okta = tech has "okta"
criterion okta_again = tech has "okta"
)") + kRoute);
  const auto& p = lowered.program;
  const auto& big = first(p, p.criteria[0].code, Opcode::PUSH_CONST);
  CHECK(big.y == first(p, p.criteria[1].code, Opcode::PUSH_CONST).y);
  CHECK(p.constants[big.y].type == vm::ValueType::number);
  CHECK(p.constants[big.y].scalar == 100 * Decimal::kScale);
  CHECK(p.constants[first(p, p.criteria[2].code, Opcode::PUSH_CONST).y].scalar == 25000);
  const auto okta = first(p, p.criteria[3].code, Opcode::PUSH_CONST).y;
  CHECK(okta == first(p, p.criteria[4].code, Opcode::PUSH_CONST).y);
  CHECK(p.constants[okta].text == "okta");
  CHECK(first(p, p.criteria[0].code, Opcode::GT).kind == static_cast<std::uint8_t>(vm::CompareKind::scalar));
  // No two constants are equal.
  for (std::size_t i = 0; i < p.constants.size(); ++i) {
    for (std::size_t j = i + 1; j < p.constants.size(); ++j) {
      const auto& a = p.constants[i];
      const auto& b = p.constants[j];
      CHECK_FALSE((a.type == b.type && a.scalar == b.scalar && a.text == b.text));
    }
  }
}

TEST_CASE("lists become sorted unique sets of the value's kind, shared when equal") {
  const auto lowered = lower_source(std::string(R"(criterion later = stage in [growth, seed, growth]
criterion sizes = employees in [30, 10, 30, 2.5]
criterion sector = naics in [5415, 51, 5112, 51]
criterion home = country in ["US", "CA", "US"]
criterion home_again = country in ["CA", "US"]
criterion stack = tech has any ["zscaler", "okta", "zscaler"]
criterion stack_all = tech has all ["okta", "zscaler"]
)") + kRoute);
  const auto& p = lowered.program;
  auto set_of = [&](std::size_t criterion) -> const vm::ConstSet& {
    return p.sets.at(first(p, p.criteria[criterion].code, Opcode::IN_SET).y);
  };
  CHECK(set_of(0).kind == vm::ConstSet::Kind::scalars);
  CHECK(set_of(0).scalars == std::vector<std::int64_t>{0, 2});
  CHECK(set_of(1).scalars == std::vector<std::int64_t>{25000, 100000, 300000});
  CHECK(set_of(2).kind == vm::ConstSet::Kind::naics_prefixes);
  CHECK(set_of(2).texts == std::vector<std::string>{"51", "5112", "5415"});
  CHECK(set_of(3).kind == vm::ConstSet::Kind::texts);
  CHECK(set_of(3).texts == std::vector<std::string>{"CA", "US"});
  CHECK(first(p, p.criteria[3].code, Opcode::IN_SET).y == first(p, p.criteria[4].code, Opcode::IN_SET).y);
  const auto any = first(p, p.criteria[5].code, Opcode::HAS_ANY).y;
  CHECK(p.string_lists.at(any) == std::vector<std::string>{"okta", "zscaler"});
  CHECK(first(p, p.criteria[6].code, Opcode::HAS_ALL).y == any);
}

TEST_CASE("fields read by slot; text comparisons for ids, NAICS and countries; enums by index") {
  const auto lowered = lower_source(std::string(R"(criterion sector = naics == 5415
criterion named = id == "acc-1"
criterion seeded = stage == series_a
criterion known = present(revenue)
criterion covered = committee_coverage >= 80%
criterion busy = count(hire within 60d) >= 1 and count(signals within 7d) > 2
criterion with_buyer = has_role(buyer)
criterion routed = tier >= 1 and score > 10 and not excluded
)") + kRoute);
  const auto& p = lowered.program;
  REQUIRE(p.schema.fields.size() == 8);
  CHECK(p.schema.fields[3].name == "naics");
  CHECK(p.schema.fields[2].enum_values == std::vector<std::string>{"seed", "series_a", "growth"});
  CHECK(p.schema.fields[1].optional);
  CHECK(p.schema.signal_types == std::vector<std::string>{"visit", "hire"});
  CHECK(p.schema.field_index("tech") == 5u);

  const auto sector = p.criteria[0].code;
  CHECK(first(p, sector, Opcode::LOAD_FIELD).y == 3);
  CHECK(p.constants[first(p, sector, Opcode::PUSH_CONST).y].text == "5415");
  CHECK(first(p, sector, Opcode::EQ).kind == static_cast<std::uint8_t>(vm::CompareKind::text));
  CHECK(ops(p, p.criteria[1].code).front() == Opcode::LOAD_ID);
  CHECK(first(p, p.criteria[1].code, Opcode::EQ).kind == static_cast<std::uint8_t>(vm::CompareKind::text));
  const auto& seeded = p.constants[first(p, p.criteria[2].code, Opcode::PUSH_CONST).y];
  CHECK(seeded.type == vm::ValueType::enumeration);
  CHECK(seeded.scalar == 1);
  CHECK(first(p, p.criteria[3].code, Opcode::PRESENT).y == 1);
  CHECK(ops(p, p.criteria[4].code).front() == Opcode::LOAD_COVERAGE);
  CHECK(p.constants[first(p, p.criteria[4].code, Opcode::PUSH_CONST).y].scalar == 80 * Decimal::kScale);
  const auto busy = p.criteria[5].code;
  CHECK(p.code[busy.begin].op == Opcode::COUNT);
  CHECK(p.code[busy.begin].x == 1);
  CHECK(p.code[busy.begin].y == 60);
  const auto all_signals = std::find_if(p.code.begin() + busy.begin + 1, p.code.begin() + busy.end,
                                        [](const vm::Instruction& in) { return in.op == Opcode::COUNT; });
  REQUIRE(all_signals != p.code.begin() + busy.end);
  CHECK(all_signals->x == vm::kAllSignals);
  CHECK(all_signals->y == 7);
  CHECK(first(p, p.criteria[6].code, Opcode::HAS_ROLE).y == 0);
  const auto routed = ops(p, p.criteria[7].code);
  CHECK(routed.front() == Opcode::LOAD_TIER);
  CHECK(std::count(routed.begin(), routed.end(), Opcode::LOAD_SCORE) == 1);
  CHECK(std::count(routed.begin(), routed.end(), Opcode::LOAD_EXCLUDED) == 1);
  for (const auto& chunk : all_chunks(p)) check_balanced(p, chunk);
}

TEST_CASE("declarations, order and debug references of an example") {
  const auto lowered = lower_example("mid-market-security.icp");
  const auto& p = lowered.program;
  CHECK(p.profile == "Mid-market security");
  CHECK(p.version == "2026.4");
  CHECK(p.owner == "dana.reyes@example.com");
  REQUIRE(p.criteria.size() == 5);
  CHECK(p.criteria[0].name == "size");
  CHECK(p.debug.criteria[0].line == 36);
  CHECK(p.debug.criteria[0].column == 11);
  CHECK(p.debug.criteria[0].text == "employees between 200 and 2000");
  CHECK(p.debug.instructions.size() == p.code.size());
  CHECK(p.debug.route.size() == p.route.size());
  CHECK(p.exclusions[1].reason == "v1 ICP is mid-market");
  REQUIRE(p.tiers.size() == 3);
  for (std::size_t i = 0; i < p.tiers.size(); ++i) CHECK(p.tiers[i].number == static_cast<int>(i) + 1);
  CHECK(p.signals[4].half_life_days == 7);
  CHECK(p.signals[3].cap == 3);
  CHECK(p.roles[0].titles.size() == 3);
  CHECK(p.roles[0].proof == "3-year TCO model");
  REQUIRE(p.route.size() == 5);
  CHECK_FALSE(p.route.back().code.has_value());
  CHECK(p.route[1].queue == "ae-enterprise");
  CHECK(p.route[1].sla_hours == 24);
  CHECK(p.route[2].cadence == "mm-v3");
  CHECK(p.route[0].action == vm::RouteRuleDef::Action::disqualify);
  // Every criterion, exclusion, tier and bonus once; each tier after the criteria it reads.
  CHECK(p.order.size() == p.criteria.size() + p.exclusions.size() + p.tiers.size() + p.bonuses.size());
  auto position = [&](vm::Step::Kind kind, std::uint32_t index) {
    auto it = std::find_if(p.order.begin(), p.order.end(),
                           [&](const vm::Step& s) { return s.kind == kind && s.index == index; });
    REQUIRE(it != p.order.end());
    return it - p.order.begin();
  };
  for (std::uint32_t c = 0; c < 5; ++c) CHECK(position(vm::Step::Kind::criterion, c) < position(vm::Step::Kind::tier, 0));
  // The NAICS stdlib set is a prefix set.
  const auto& software = p.sets.at(first(p, p.criteria[1].code, Opcode::IN_SET).y);
  CHECK(software.kind == vm::ConstSet::Kind::naics_prefixes);
  CHECK(std::is_sorted(software.texts.begin(), software.texts.end()));
  CHECK_FALSE(software.texts.empty());
}

TEST_CASE("every chunk of every example is balanced, ends in RETURN and jumps forward") {
  for (const char* name : {"mid-market-security.icp", "plg-smb.icp", "enterprise-platform.icp"}) {
    INFO(name);
    const auto lowered = lower_example(name);
    const auto& p = lowered.program;
    std::uint32_t covered = 0;
    for (const auto& chunk : all_chunks(p)) {
      CHECK(chunk.begin == covered);  // chunks tile the code section
      covered = chunk.end;
      check_balanced(p, chunk);
    }
    CHECK(covered == p.code.size());
    for (const auto& set : p.sets) {
      CHECK(std::adjacent_find(set.scalars.begin(), set.scalars.end(), std::greater_equal<>()) == set.scalars.end());
      CHECK(std::adjacent_find(set.texts.begin(), set.texts.end(), std::greater_equal<>()) == set.texts.end());
    }
  }
}

TEST_CASE("dump bytecode is deterministic and decodes operands") {
  const auto a = lower_example("mid-market-security.icp");
  const auto b = lower_example("mid-market-security.icp");
  const std::string first_dump = dump_bytecode(a.program, &a.result.sources);
  CHECK(first_dump == dump_bytecode(b.program, &b.result.sources));
  CHECK(first_dump.find("criterion size @ 36:11: employees between 200 and 2000") != std::string::npos);
  CHECK(first_dump.find("BETWEEN") != std::string::npos);
  CHECK(first_dump.find("HAS_ANY") != std::string::npos);
  CHECK(first_dump.find("\"crowdstrike\", \"okta\", \"zscaler\"") != std::string::npos);
  CHECK(first_dump.find("COUNT          exec_hire within 90d") != std::string::npos);
  CHECK(first_dump.find("criterion size     = employees between 200 and 2000") != std::string::npos);
  const std::string bare = dump_bytecode(a.program, nullptr);
  CHECK(bare.find("criterion size     =") == std::string::npos);
  CHECK(bare.find("LOAD_FIELD     employees (slot 0)") != std::string::npos);
  CHECK(std::string(vm::opcode_name(Opcode::JUMP_IF_FALSE)) == "JUMP_IF_FALSE");
}
