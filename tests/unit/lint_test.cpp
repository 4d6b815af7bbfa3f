// Lint (compiler/lint/lint.cpp): hygiene warnings on hand-built IR, and the LANGUAGE.md
// example, which must lint without a single warning.
#include <doctest/doctest.h>

#include "lint_builder.hpp"

using namespace lint_test;

TEST_CASE("lint warns about an overdue review and names the due date") {
  Builder b;
  b.p.profile.reviewed = date_from_civil(2026, 1, 5);
  b.options.today = date_from_civil(2026, 6, 1);
  auto diagnostics = b.run();
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].code == Code::W0101);
  CHECK(diagnostics[0].span == b.p.profile.reviewed_span);
  CHECK(diagnostics[0].message ==
        "profile review is overdue: last reviewed 2026-01-05, due every 90 days (due 2026-04-05)");
  CHECK(diagnostics[0].help == "review the profile with its owner, then update `reviewed`");
}

TEST_CASE("lint hygiene rows") {
  run_rows({
      {"review due today is not overdue",
       [](Builder& b) {
         b.p.profile.reviewed = date_from_civil(2026, 1, 5);
         b.options.today = date_from_civil(2026, 4, 5);
       },
       {}},
      {"review a day late is overdue",
       [](Builder& b) {
         b.p.profile.reviewed = date_from_civil(2026, 1, 5);
         b.options.today = date_from_civil(2026, 4, 6);
       },
       {"W0101"}},
      {"custom cadence",
       [](Builder& b) {
         b.p.profile.review_every_days = 365;
         b.options.today = date_from_civil(2026, 12, 1);
       },
       {}},
      {"missing review date", [](Builder& b) { b.p.profile.reviewed.reset(); }, {"W0102"}},
      {"unused let",
       [](Builder& b) {
         b.p.lets.push_back(Let{"small", Builder::ival(50), Type::of(TypeKind::integer), {}, b.span(), b.span()});
         b.p.lets.push_back(Let{"unused", Builder::ival(9), Type::of(TypeKind::integer), {}, b.span(), b.span()});
         Value v = Builder::ival(50);
         b.exclude("too_small", b.lt(b.f("employees"), b.constant(v, "small")));
       },
       {"W0103"}},
      {"let read only inside another let is used",
       [](Builder& b) {
         b.p.lets.push_back(Let{"inner", Builder::ival(50), Type::of(TypeKind::integer), {}, b.span(), b.span()});
         b.constant(Builder::ival(50), "inner");  // the reference inside `let outer = inner`
       },
       {}},
      {"module lets are not reported as unused lets",
       [](Builder& b) {
         Let member{"std.geo.eu", Builder::ival(1), Type::of(TypeKind::integer), {}, b.span(), b.span()};
         member.name_span.file = 1;
         b.p.lets.push_back(member);
       },
       {}},
      {"unused criterion",
       [](Builder& b) {
         b.criterion("big", b.ge(b.f("employees"), b.i(1000)));
         b.criterion("huge", b.ge(b.f("employees"), b.i(5000)));
         b.criterion("bigger", b.all({b.crit("big"), b.ge(b.f("price"), b.i(3))}));
         b.tier_decl(b.crit("bigger"));
       },
       {"W0104"}},
      {"criteria used by an exclusion, a bonus and a route rule",
       [](Builder& b) {
         b.criterion("c1", b.ge(b.f("employees"), b.i(1000)));
         b.criterion("c2", b.ge(b.f("employees"), b.i(5000)));
         b.criterion("c3", b.f("is_customer"));
         b.exclude("x", b.crit("c3"));
         b.bonus("y", b.crit("c2"));
         b.when(b.crit("c1"));
       },
       {}},
      {"unused import",
       [](Builder& b) {
         b.p.imports.push_back(Import{"geo", b.span()});
         b.p.imports.push_back(Import{"naics", b.span()});
         b.exclude("sanctioned", b.in(b.f("country"), b.list({Builder::sval("IR")}, "std.geo.sanctioned")));
       },
       {"W0105"}},
      {"import used only by role titles",
       [](Builder& b) {
         b.p.imports.push_back(Import{"roles", b.span()});
         b.p.roles.push_back(Role{"buyer", {"CFO"}, "std.roles.finance", {}, {}, {}, b.span(), b.span()});
       },
       {}},
      {"a module whose name prefixes another is still unused",
       [](Builder& b) {
         b.p.imports.push_back(Import{"geo", b.span()});
         b.constant(Builder::ival(1), "std.geography.x");
       },
       {"W0105"}},
      {"signal weights",
       [](Builder& b) {
         b.p.signals.push_back(Signal{"zero", Decimal{}, 30, {}, {}, b.span(), b.span()});
         b.p.signals.push_back(Signal{"decaying", Decimal{}, 30, {}, 7, b.span(), b.span()});
         b.p.signals.push_back(Signal{"half", *Decimal::parse("0.5"), 30, {}, {}, b.span(), b.span()});
       },
       {"W0303"}},
  });
}

TEST_CASE("unused definitions point at their names") {
  Builder b;
  b.criterion("big", b.ge(b.f("employees"), b.i(1000)));
  b.p.signals.push_back(Signal{"zero", Decimal{}, 30, {}, {}, b.span(), b.span()});
  auto diagnostics = b.run();
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].message == "criterion `big` is never used");
  CHECK(diagnostics[0].span == b.p.criteria[0].name_span);
  CHECK(diagnostics[1].message == "signal `zero` has weight 0 and no decay, so it never adds points");
  CHECK(diagnostics[1].help == "give it a weight or remove it");
}

namespace {

// LANGUAGE.md's complete example, as the checker would produce it.
void language_example(Builder& b) {
  b.declare("employees", TypeKind::integer);
  b.declare("revenue_musd", TypeKind::decimal, true);
  b.declare("naics", TypeKind::naics);
  b.declare("country", TypeKind::country);
  const EnumId stages = b.enumeration({"seed", "series_a", "series_b", "series_c", "growth", "public", "bootstrapped"});
  b.declare("funding_stage", TypeKind::enumeration, false, stages);
  b.declare("tech", TypeKind::string_set);
  b.declare("is_customer", TypeKind::boolean);
  b.p.imports = {Import{"geo", b.span()}, Import{"naics", b.span()}};
  b.p.lets.push_back(Let{"security_tools", {}, Type::list_of(TypeKind::string), {}, b.span(), b.span()});
  for (const char* name : {"g2_visit", "exec_hire", "job_post", "content_download", "webinar"}) {
    b.p.signals.push_back(Signal{name, *Decimal::from_int(2), 30, {}, {}, b.span(), b.span()});
  }
  b.bonus("surge", b.ge(b.count(kAllSignals, 30), b.i(3)));
  b.exclude("existing_customer", b.f("is_customer"));
  b.exclude("too_small", b.lt(b.f("employees"), b.i(50)));
  b.exclude("sanctioned",
            b.in(b.f("country"), b.list({Builder::sval("IR"), Builder::sval("KP")}, "std.geo.sanctioned")));
  b.criterion("size", b.between(b.f("employees"), b.i(200), b.i(2000)));
  b.criterion("software",
              b.in(b.f("naics"), b.list({Builder::sval("5132"), Builder::sval("5415")}, "std.naics.software")));
  b.criterion("stack",
              b.node(Op::set_has_any, TypeKind::boolean,
                     {b.f("tech"), b.list({Builder::sval("okta"), Builder::sval("zscaler")}, "security_tools")}));
  b.criterion("funded", b.in(b.f("funding_stage"), b.list({Builder::eval(2), Builder::eval(3), Builder::eval(4)})));
  b.criterion("hiring", b.ge(b.count(1, 90), b.i(1)));
  auto five = [&b] {
    return std::vector{b.crit("size"), b.crit("software"), b.crit("stack"), b.crit("funded"), b.crit("hiring")};
  };
  b.tier_decl(b.all(five()));
  b.tier_decl(b.at_least(4, five()));
  b.tier_decl(b.all({b.crit("software"), b.ge(b.f("employees"), b.i(50))}));
  b.when(b.excluded());
  b.when(b.all({b.eq(b.tier(), b.i(1)), b.ge(b.score(), b.i(25))}));
  b.when(b.in(b.tier(), b.list({Builder::ival(1), Builder::ival(2)})));
  b.when(b.eq(b.tier(), b.i(3)));
}

}  // namespace

TEST_CASE("the LANGUAGE.md example lints without warnings") {
  Builder b(false);
  language_example(b);
  auto diagnostics = b.run();
  for (const Diagnostic& d : diagnostics) CAPTURE(d.message);
  CHECK(diagnostics.empty());
}

TEST_CASE("variations of the LANGUAGE.md example are caught") {
  SUBCASE("a tier below the exclusion threshold is excluded") {
    Builder b(false);
    language_example(b);
    b.p.tiers[2].condition = b.all({b.crit("software"), b.lt(b.f("employees"), b.i(40))});
    auto diagnostics = b.run();
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].code == Code::W0205);
    CHECK(diagnostics[0].message == "tier 3 can never be the verdict: every account that meets it is excluded");
    REQUIRE(diagnostics[0].notes.size() == 1);
    CHECK(diagnostics[0].notes[0].message == "accounts of this tier are excluded by `too_small`");
  }
  SUBCASE("tier 2 needing all five criteria is shadowed by tier 1") {
    Builder b(false);
    language_example(b);
    b.p.tiers[1].condition =
        b.at_least(5, {b.crit("hiring"), b.crit("funded"), b.crit("stack"), b.crit("software"), b.crit("size")});
    CHECK(b.codes() == std::vector<std::string>{"W0203"});
  }
  SUBCASE("a route rule after `tier in [1, 2]` asking for tier 2 is shadowed") {
    Builder b(false);
    language_example(b);
    b.p.route.insert(b.p.route.begin() + 3, RouteRule{b.eq(b.tier(), b.i(2)), {}, b.span()});
    auto diagnostics = b.run();
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].code == Code::W0201);
    CHECK(diagnostics[0].message == "route rule 4 can never match: rule 3 catches every account it would");
    CHECK(diagnostics[0].help == "reorder the rules or remove this one");
  }
}
