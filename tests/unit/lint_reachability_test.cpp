// Lint reachability (compiler/lint/lint_reachability.cpp, condition_space.cpp): rows of
// hand-built programs with the warnings they must give, and, as important, the
// three-valued cases that must give none. Fields are declared by `schema` in the builder.
#include <doctest/doctest.h>

#include "compiler/lint/condition_space.hpp"
#include "lint_builder.hpp"

using namespace lint_test;

namespace {
const std::vector<std::string> none;
const std::vector<std::string> shadowed{"W0201"};
}  // namespace

TEST_CASE("route rules: contradictions and shadowing") {
  run_rows({
      {"contradictory bounds",
       [](Builder& b) {
         b.when(b.all({b.lt(b.f("employees"), b.i(10)), b.gt(b.f("employees"), b.i(20))}));
       },
       {"W0202"}},
      {"no integer between 9 and 10",
       [](Builder& b) {
         b.when(b.all({b.gt(b.f("employees"), b.i(9)), b.lt(b.f("employees"), b.i(10))}));
       },
       {"W0202"}},
      {"decimals lie between 9 and 10",
       [](Builder& b) {
         b.when(b.all({b.gt(b.f("price"), b.i(9)), b.lt(b.f("price"), b.i(10))}));
       },
       none},
      {"no decimal between 9.9999 and 10 on the 0.0001 grid",
       [](Builder& b) {
         b.when(b.all({b.gt(b.f("price"), b.d("9.9999")), b.lt(b.f("price"), b.i(10))}));
       },
       {"W0202"}},
      {"an integer above 9.5 and below 10",
       [](Builder& b) {
         b.when(b.all({b.gt(b.f("employees"), b.d("9.5")), b.lt(b.f("employees"), b.i(10))}));
       },
       {"W0202"}},
      {"an integer equal to 9.5", [](Builder& b) { b.when(b.eq(b.f("employees"), b.d("9.5"))); }, {"W0202"}},
      {"constant on the left",
       [](Builder& b) {
         b.when(b.all({b.lt(b.i(10), b.f("employees")), b.lt(b.f("employees"), b.i(5))}));
       },
       {"W0202"}},
      {"negative constant",
       [](Builder& b) {
         b.when(b.all({b.lt(b.f("employees"), b.node(Op::negate, TypeKind::integer, {b.i(3)})),
                       b.gt(b.f("employees"), b.i(0))}));
       },
       {"W0202"}},
      {"later wider rule is fine",
       [](Builder& b) {
         b.when(b.gt(b.f("revenue"), b.i(10)));
         b.when(b.gt(b.f("revenue"), b.i(5)));
       },
       none},
      {"later narrower rule is shadowed",
       [](Builder& b) {
         b.when(b.gt(b.f("revenue"), b.i(5)));
         b.when(b.gt(b.f("revenue"), b.i(10)));
       },
       shadowed},
      {"shadowed by a disjunction over two optional fields",
       [](Builder& b) {
         b.when(b.any({b.gt(b.f("a_opt"), b.i(5)), b.gt(b.f("b_opt"), b.i(3))}));
         b.when(b.gt(b.f("a_opt"), b.i(10)));
       },
       shadowed},
      {"present(r) and r > 5 covers r > 10",
       [](Builder& b) {
         b.when(b.all({b.present("r"), b.gt(b.f("r"), b.i(5))}));
         b.when(b.gt(b.f("r"), b.i(10)));
       },
       shadowed},
      {"not (r > 5) is true only when r is present and at most 5",
       [](Builder& b) {
         b.when(b.no(b.gt(b.f("r"), b.i(5))));
         b.when(b.lt(b.f("r"), b.i(3)));
       },
       shadowed},
      {"r <= 5 covers not (r > 5)",
       [](Builder& b) {
         b.when(b.le(b.f("r"), b.i(5)));
         b.when(b.no(b.gt(b.f("r"), b.i(5))));
       },
       shadowed},
      {"not present(r) is not covered by a comparison on r",
       [](Builder& b) {
         b.when(b.le(b.f("r"), b.i(5)));
         b.when(b.no(b.present("r")));
       },
       none},
      {"r > 5 then not (r > 5): the unknown case reaches `else`",
       [](Builder& b) {
         b.when(b.gt(b.f("r"), b.i(5)));
         b.when(b.no(b.gt(b.f("r"), b.i(5))));
       },
       none},
      {"required field split in two leaves `else` unreachable",
       [](Builder& b) {
         b.when(b.gt(b.f("employees"), b.i(5)));
         b.when(b.no(b.gt(b.f("employees"), b.i(5))));
       },
       {"W0207"}},
      {"excluded or not leaves `else` unreachable",
       [](Builder& b) {
         b.when(b.excluded());
         b.when(b.no(b.excluded()));
       },
       {"W0207"}},
      {"optional bool true or false still leaves missing",
       [](Builder& b) {
         b.when(b.f("flag"));
         b.when(b.no(b.f("flag")));
       },
       none},
      {"a contradictory rule is not also reported as shadowed",
       [](Builder& b) {
         b.when(b.gt(b.f("employees"), b.i(0)));
         b.when(b.all({b.lt(b.f("employees"), b.i(10)), b.gt(b.f("employees"), b.i(20))}));
       },
       {"W0202"}},
      {"several earlier rules together shadow a later one",
       [](Builder& b) {
         b.when(b.lt(b.f("employees"), b.i(100)));
         b.when(b.ge(b.f("employees"), b.i(50)));
         b.when(b.between(b.f("employees"), b.i(10), b.i(500)));
       },
       {"W0201", "W0207"}},
  });
}

TEST_CASE("route rules over built-ins, enums, strings and opaque conditions") {
  run_rows({
      {"tier beyond the last tier",
       [](Builder& b) {
         b.tier_decl(b.gt(b.f("employees"), b.i(10)));
         b.tier_decl(b.gt(b.f("employees"), b.i(5)));
         b.when(b.gt(b.tier(), b.i(2)));
       },
       {"W0202"}},
      {"tier in [1, 2] then tier == 2",
       [](Builder& b) {
         b.tier_decl(b.gt(b.f("employees"), b.i(10)));
         b.tier_decl(b.gt(b.f("employees"), b.i(5)));
         b.when(b.in(b.tier(), b.list({Builder::ival(1), Builder::ival(2)})));
         b.when(b.eq(b.tier(), b.i(2)));
       },
       shadowed},
      {"coverage above 100%", [](Builder& b) { b.when(b.gt(b.coverage(), b.pct(100))); }, {"W0202"}},
      {"coverage at least 80% then 90%",
       [](Builder& b) {
         b.when(b.ge(b.coverage(), b.pct(80)));
         b.when(b.ge(b.coverage(), b.i(90)));
       },
       shadowed},
      {"coverage without roles is not modelled as always known",
       [](Builder& b) {
         b.when(b.ge(b.coverage(), b.pct(50)));
         b.when(b.lt(b.coverage(), b.pct(50)));
       },
       none},
      {"coverage with roles splits every account",
       [](Builder& b) {
         b.p.roles.push_back(Role{"buyer", {"CFO"}, {}, {}, {}, {}, b.span(), b.span()});
         b.when(b.ge(b.coverage(), b.pct(50)));
         b.when(b.lt(b.coverage(), b.pct(50)));
       },
       {"W0207"}},
      {"negative count", [](Builder& b) { b.when(b.lt(b.count(0, 30), b.i(0))); }, {"W0202"}},
      {"count >= 3 covers count >= 5 of the same window",
       [](Builder& b) {
         b.when(b.ge(b.count(0, 30), b.i(3)));
         b.when(b.ge(b.count(0, 30), b.i(5)));
       },
       shadowed},
      {"different windows are different counts",
       [](Builder& b) {
         b.when(b.ge(b.count(0, 30), b.i(3)));
         b.when(b.ge(b.count(0, 60), b.i(5)));
       },
       none},
      {"score thresholds split every account",
       [](Builder& b) {
         b.when(b.ge(b.score(), b.i(25)));
         b.when(b.lt(b.score(), b.d("25.0")));
       },
       {"W0207"}},
      {"enum set covers one of its values",
       [](Builder& b) {
         b.when(b.in(b.f("stage"), b.list({Builder::eval(1), Builder::eval(2)})));
         b.when(b.eq(b.f("stage"), b.constant(Builder::eval(2))));
       },
       shadowed},
      {"enum not-equal and equal split every account",
       [](Builder& b) {
         b.when(b.ne(b.f("stage"), b.constant(Builder::eval(0))));
         b.when(b.eq(b.f("stage"), b.constant(Builder::eval(0))));
       },
       {"W0207"}},
      {"country then a wider country list",
       [](Builder& b) {
         b.when(b.eq(b.f("country"), b.s("US")));
         b.when(b.in(b.f("country"), b.list({Builder::sval("US"), Builder::sval("CA")})));
       },
       none},
      {"country list then one of it",
       [](Builder& b) {
         b.when(b.in(b.f("country"), b.list({Builder::sval("US"), Builder::sval("CA")})));
         b.when(b.eq(b.f("country"), b.s("CA")));
       },
       shadowed},
      {"lower-case country codes are not modelled",
       [](Builder& b) {
         b.when(b.all({b.eq(b.f("country"), b.s("US")), b.eq(b.f("country"), b.s("us"))}));
       },
       none},
      {"a string cannot equal two values",
       [](Builder& b) {
         b.when(b.all({b.eq(b.f("name"), b.s("a")), b.eq(b.f("name"), b.s("b"))}));
       },
       {"W0202"}},
      {"a string equal and unequal to one value",
       [](Builder& b) {
         b.when(b.all({b.eq(b.f("name"), b.s("a")), b.ne(b.f("name"), b.s("a"))}));
       },
       {"W0202"}},
      {"dates",
       [](Builder& b) {
         b.when(b.all({b.lt(b.f("founded"), b.date(2020, 1, 1)), b.gt(b.f("founded"), b.date(2021, 1, 1))}));
       },
       {"W0202"}},
      {"the same opaque condition twice",
       [](Builder& b) {
         b.when(b.has_role(0));
         b.when(b.all({b.has_role(0), b.gt(b.score(), b.i(5))}));
       },
       shadowed},
      {"two different roles",
       [](Builder& b) {
         b.when(b.has_role(0));
         b.when(b.has_role(1));
       },
       none},
      {"an opaque condition on an optional field may be unknown",
       [](Builder& b) {
         b.when(b.eq(b.lower(b.f("name")), b.s("x")));
         b.when(b.no(b.eq(b.lower(b.f("name")), b.s("x"))));
       },
       none},
      {"arithmetic may be unknown",
       [](Builder& b) {
         b.when(b.gt(b.arith(ArithOp::div, b.f("employees"), b.i(2)), b.i(5)));
         b.when(b.no(b.gt(b.arith(ArithOp::div, b.f("employees"), b.i(2)), b.i(5))));
       },
       none},
      {"at_least over optional flags cannot decide every account",
       [](Builder& b) {
         auto parts = [&b] { return std::vector{b.f("flag"), b.gt(b.f("r"), b.i(1)), b.gt(b.f("a_opt"), b.i(1))}; };
         b.when(b.at_least(2, parts()));
         b.when(b.no(b.at_least(2, parts())));
       },
       none},
      {"at_least over required fields decides every account",
       [](Builder& b) {
         auto parts = [&b] {
           return std::vector{b.f("is_customer"), b.gt(b.f("employees"), b.i(1)), b.gt(b.f("price"), b.i(1))};
         };
         b.when(b.at_least(2, parts()));
         b.when(b.no(b.at_least(2, parts())));
       },
       {"W0207"}},
  });
}

TEST_CASE("tiers, exclusions and other conditions") {
  run_rows({
      {"contradictory tier",
       [](Builder& b) {
         b.tier_decl(b.all({b.lt(b.f("employees"), b.i(10)), b.gt(b.f("employees"), b.i(20))}));
       },
       {"W0204"}},
      {"shadowed tier",
       [](Builder& b) {
         b.tier_decl(b.ge(b.f("employees"), b.i(50)));
         b.tier_decl(b.ge(b.f("employees"), b.i(100)));
       },
       {"W0203"}},
      {"tiers in the right order",
       [](Builder& b) {
         b.tier_decl(b.ge(b.f("employees"), b.i(100)));
         b.tier_decl(b.ge(b.f("employees"), b.i(50)));
       },
       none},
      {"a criterion shared by two tiers",
       [](Builder& b) {
         b.criterion("big", b.ge(b.f("employees"), b.i(1000)));
         b.tier_decl(b.crit("big"));
         b.tier_decl(b.all({b.crit("big"), b.f("is_customer")}));
       },
       {"W0203"}},
      {"at_least(3) of three after all of them",
       [](Builder& b) {
         auto parts = [&b] { return std::vector{b.has_role(0), b.has_role(1), b.has_role(2)}; };
         b.tier_decl(b.all(parts()));
         b.tier_decl(b.at_least(3, parts()));
       },
       {"W0203"}},
      {"at_least(2) of three after all of them",
       [](Builder& b) {
         auto parts = [&b] { return std::vector{b.has_role(0), b.has_role(1), b.has_role(2)}; };
         b.tier_decl(b.all(parts()));
         b.tier_decl(b.at_least(2, parts()));
       },
       none},
      {"a tier every account of which is excluded",
       [](Builder& b) {
         b.exclude("too_small", b.lt(b.f("employees"), b.i(50)));
         b.tier_decl(b.lt(b.f("employees"), b.i(30)));
       },
       {"W0205"}},
      {"not (revenue > 5) excludes a tier of revenue < 3",
       [](Builder& b) {
         b.exclude("low_revenue", b.no(b.gt(b.f("revenue"), b.i(5))));
         b.tier_decl(b.lt(b.f("revenue"), b.i(3)));
       },
       {"W0205"}},
      {"an unknown exclusion does not exclude",
       [](Builder& b) {
         b.exclude("low_revenue", b.no(b.gt(b.f("revenue"), b.i(5))));
         b.tier_decl(b.no(b.all({b.present("revenue"), b.gt(b.f("revenue"), b.i(5))})));
       },
       none},
      {"an exclusion on an optional field leaves the missing case",
       [](Builder& b) {
         b.exclude("low_revenue", b.lt(b.f("revenue"), b.i(1)));
         b.tier_decl(b.ge(b.f("employees"), b.i(1)));
       },
       none},
      {"exclusions together cover a tier",
       [](Builder& b) {
         b.exclude("tiny", b.lt(b.f("employees"), b.i(10)));
         b.exclude("small", b.between(b.f("employees"), b.i(10), b.i(49)));
         b.tier_decl(b.lt(b.f("employees"), b.i(30)));
       },
       {"W0205"}},
      {"what earlier tiers leave is excluded",
       [](Builder& b) {
         b.exclude("too_small", b.lt(b.f("employees"), b.i(50)));
         b.tier_decl(b.ge(b.f("employees"), b.i(50)));
         b.tier_decl(b.ge(b.f("employees"), b.i(10)));
       },
       {"W0205"}},
      {"contradictory exclusion, criterion and bonus",
       [](Builder& b) {
         b.exclude("x", b.all({b.f("is_customer"), b.no(b.f("is_customer"))}));
         b.criterion("y", b.all({b.gt(b.f("price"), b.i(3)), b.le(b.f("price"), b.i(3))}));
         b.bonus("z", b.all({b.crit("y"), b.gt(b.score(), b.i(0))}));
         b.bonus("w", b.boolean(false));
       },
       {"W0206", "W0206", "W0206", "W0206"}},
      {"`true or x` and `false and x` are constants",
       [](Builder& b) {
         b.tier_decl(b.any({b.boolean(true), b.has_role(0)}));
         b.tier_decl(b.all({b.boolean(false), b.has_role(0)}));
       },
       {"W0204"}},
  });
}

TEST_CASE("formulas too large for the caps give no warning") {
  Builder b;
  std::vector<ExprId> parts;
  for (std::uint32_t i = 0; i < 20; ++i) parts.push_back(b.has_role(i));
  b.tier_decl(b.at_least(10, parts));  // C(20, 10) = 184756 choices
  b.tier_decl(b.at_least(10, parts));
  std::vector<ExprId> ors;
  for (std::uint32_t i = 0; i < 14; ++i) ors.push_back(b.any({b.has_role(2 * i + 40), b.has_role(2 * i + 41)}));
  b.when(b.all(ors));  // 2^14 conjunctions
  b.when(b.all(ors));
  CHECK(b.codes() == none);
}

TEST_CASE("condition space domains") {
  using namespace icp::lint;
  ConditionSpace space;
  Variable v;
  v.kind = VarKind::number;
  v.low = 0;
  v.high = 100;
  v.can_be_missing = true;
  v.key = "n";
  const std::uint32_t n = space.variable(v);
  CHECK(space.variable(v) == n);

  Domain d;
  d.intervals = {{10, 20}, {30, 40}};
  Domain c = space.complement(v, d);
  CHECK(c.missing);
  CHECK(c.intervals == std::vector<Interval>{{0, 9}, {21, 29}, {41, 100}});
  CHECK(space.intersect(v, d, c).intervals.empty());
  CHECK(space.is_full(v, space.complement(v, Domain{})));

  Variable t;
  t.kind = VarKind::text;
  t.key = "t";
  Domain not_a;
  not_a.cofinite = true;
  not_a.texts = {"a"};
  Domain ab;
  ab.texts = {"a", "b"};
  CHECK(space.intersect(t, not_a, ab).texts == std::vector<std::string>{"b"});
  CHECK(space.intersect(t, not_a, ab).cofinite == false);
  CHECK_FALSE(space.is_empty(t, space.intersect(t, not_a, not_a)));

  // (n in 10..20) minus (n in 15..100) = n in 10..14.
  Domain low;
  low.intervals = {{10, 20}};
  Domain high;
  high.intervals = {{15, 100}};
  Formula rest = space.without(space.constraint(n, low), space.constraint(n, high));
  REQUIRE(rest.size() == 1);
  CHECK(space.domain(rest[0][0].second).intervals == std::vector<Interval>{{10, 14}});
}

TEST_CASE("many overlapping route rules stay within the step budget") {
  Builder b;
  for (std::int64_t i = 0; i < 60; ++i) {
    b.when(b.any({b.gt(b.f("employees"), b.i(i * 7 % 50)), b.lt(b.f("price"), b.i(i % 13)),
                  b.has_role(static_cast<std::uint32_t>(i % 9)), b.ge(b.count(0, 30), b.i(i % 5 + 1))}));
    b.tier_decl(b.all({b.any({b.has_role(static_cast<std::uint32_t>(i % 7)), b.lt(b.f("r"), b.i(i))}),
                       b.any({b.f("flag"), b.gt(b.score(), b.i(i))})}));
  }
  bool found = false;
  for (const Diagnostic& d : b.run()) {
    CHECK(d.code != Code::W0202);
    found = found || d.message == "route rule 60 can never match: rule 24 catches every account it would";
  }
  CHECK(found);  // rule 24 (employees > 11, price < 10, role 5, count >= 4) is wider on every side
}
