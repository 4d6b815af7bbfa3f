// The check stage: name resolution, types, folding and the dependency graph, seen
// through the IR it produces (diagnostic wording is covered by the golden files).
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/check/ir.hpp"
#include "compiler/project/project.hpp"

using namespace icp;

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
}
)";

project::Result check_source(const std::string& body) {
  project::Options options;
  options.today = date_from_civil(2026, 11, 23);
  return project::check_inputs({project::Input{"t.icp", std::string(kHeader) + body}}, options);
}

std::vector<std::string> codes(const project::Result& result) {
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics) out.emplace_back(info(d.code).name);
  return out;
}

const ir::Program& program_of(const project::Result& result) {
  REQUIRE(result.programs.size() == 1);
  REQUIRE(result.programs[0].has_value());
  return *result.programs[0];
}

}  // namespace

TEST_CASE("enum values resolve by context, also through a let") {
  const auto result = check_source(R"(let late = [series_a, growth]
criterion funded = stage in late
criterion seeded = stage == seed
tier 1 "a" = funded
tier 2 "b" = seeded
route { when tier == 1 -> queue "x"  else -> ignore }
)");
  CHECK(codes(result).empty());
  const auto& program = program_of(result);
  const auto& in = program.expr(program.criteria[0].condition);
  REQUIRE(in.op == ir::Op::in_list);
  const auto& list = program.expr(in.args[1]);
  CHECK(list.type.element == ir::TypeKind::enumeration);
  REQUIRE(list.value.items.size() == 2);
  CHECK(list.value.items[0].integer == 1);
  CHECK(list.value.items[1].integer == 2);
  CHECK(list.origin == "late");
}

TEST_CASE("optional fields make expressions possibly unknown, present() does not") {
  const auto result = check_source(R"(criterion rich = revenue > 10
criterion known = present(revenue)
criterion both = rich and employees > 5
tier 1 "a" = both and known
route { when tier == 1 -> queue "x"  else -> ignore }
)");
  CHECK(codes(result).empty());
  const auto& program = program_of(result);
  CHECK(program.expr(program.criteria[0].condition).may_be_unknown);
  CHECK_FALSE(program.expr(program.criteria[1].condition).may_be_unknown);
  CHECK(program.expr(program.criteria[2].condition).may_be_unknown);
}

TEST_CASE("constants fold exactly and integers mix with decimals") {
  const auto result = check_source(R"(let limit = 1000 * 2 + 0.5
tier 1 "a" = revenue > limit
route { when tier == 1 -> queue "x"  else -> ignore }
)");
  CHECK(codes(result).empty());
  const auto& program = program_of(result);
  REQUIRE(program.lets.size() == 1);
  CHECK(program.lets[0].type.kind == ir::TypeKind::decimal);
  CHECK(program.lets[0].value.decimal.to_string() == "2000.5");
}

TEST_CASE("evaluation order puts every definition after what it reads") {
  const auto result = check_source(R"(signal visit weight 10 within 30d
criterion hot = score >= 10
bonus surge +5 when count(visit within 30d) >= 3
criterion big = employees > 100
tier 1 "a" = big and hot
route { when tier == 1 -> queue "x"  else -> ignore }
)");
  CHECK(codes(result).empty());
  const auto& order = program_of(result).evaluation_order;
  auto position = [&](ir::Node::Kind kind, std::uint32_t index) {
    auto it = std::find_if(order.begin(), order.end(),
                           [&](const ir::Node& n) { return n.kind == kind && n.index == index; });
    REQUIRE(it != order.end());
    return it - order.begin();
  };
  CHECK(position(ir::Node::Kind::bonus, 0) < position(ir::Node::Kind::score, 0));
  CHECK(position(ir::Node::Kind::score, 0) < position(ir::Node::Kind::criterion, 0));
  CHECK(position(ir::Node::Kind::criterion, 1) < position(ir::Node::Kind::tier, 0));
  CHECK(position(ir::Node::Kind::criterion, 0) < position(ir::Node::Kind::tier, 0));
  CHECK(position(ir::Node::Kind::tier, 0) < position(ir::Node::Kind::tier_result, 0));
}

TEST_CASE("a cycle through score is reported once with the whole cycle") {
  const auto result = check_source(R"(criterion hot = score > 5
bonus boost +5 when hot
tier 1 "a" = hot
route { when tier == 1 -> queue "x"  else -> ignore }
)");
  REQUIRE(codes(result) == std::vector<std::string>{"E0501"});
  CHECK(result.diagnostics[0].message ==
        "criterion hot depends on itself: criterion hot -> score -> bonus boost -> criterion hot");
}

TEST_CASE("NAICS and country constants are checked against the reference lists") {
  const auto result = check_source(R"(let codes = [5112, 5415]
criterion software = naics in codes
criterion home = country in ["US", "UK"]
tier 1 "a" = software and home
route { when tier == 1 -> queue "x"  else -> ignore }
)");
  CHECK(codes(result) == std::vector<std::string>{"W0301", "W0302"});
  CHECK(result.diagnostics[0].help.find("5132") != std::string::npos);
  CHECK(result.diagnostics[1].help.find("GB") != std::string::npos);
}

TEST_CASE("one mistake does not cascade into more errors") {
  const auto result = check_source(R"(criterion a = employees == "many"
criterion b = a and revenue > 1
tier 1 "a" = b and not a
route { when tier == 1 -> queue "x"  else -> ignore }
)");
  CHECK(codes(result) == std::vector<std::string>{"E0301"});
}
