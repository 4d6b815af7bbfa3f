// Lint: reachability of conditions, tiers and route rules (W0201-W0207).
// Input: a checked program. Output: a warning only where the condition space proves it;
// a check whose formulas outgrow the caps is skipped, never guessed.
// "Holds" means "is true": an unknown condition counts as not met, so "rule j did not
// match" is the classical negation of T(c_j), not F(c_j).
#include "compiler/lint/lint_reachability.hpp"

#include <fmt/format.h>

#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

#include "compiler/lint/condition_space.hpp"
#include "compiler/lint/lint_conditions.hpp"

namespace icp::lint {
namespace {

using Known = std::optional<Formula>;  // nullopt: too large to know

constexpr const char* kContradictionHelp =
    "no account can meet this condition; check its bounds and whether an `and` should be `or`";

class Reachability {
 public:
  Reachability(const ir::Program& program, DiagnosticSink& sink)
      : program_(program), sink_(sink), conditions_(program, space_) {}

  void run() {
    definitions();
    tiers();
    route();
  }

 private:
  Known holds(ir::ExprId e) {
    space_.reset_budget();
    try {
      return conditions_.holds(e);
    } catch (const TooLarge&) {
      return std::nullopt;
    }
  }

  // Whether every account of `base` meets one of the formulas of `lists`: proven, not
  // guessed. Dropping an unknown formula only shrinks what covers `base`, so a proof
  // without it stays a proof; a check that outgrows its budget proves nothing.
  bool covered(const Formula& base, std::initializer_list<std::span<const Known>> lists) {
    // Spent, the check would give up at its first step: skip listing thousands of covers.
    if (space_.exhausted()) return false;
    std::vector<const Formula*> covers;
    for (std::span<const Known> list : lists) {
      for (const Known& f : list) {
        if (f) covers.push_back(&*f);
      }
    }
    space_.reset_budget();
    try {
      return space_.covered(base, covers);
    } catch (const TooLarge&) {
      return false;
    }
  }

  // The first of `earlier` that alone covers `base`.
  std::optional<std::size_t> single_cover(const Formula& base, const std::vector<Known>& earlier) {
    for (std::size_t j = 0; j < earlier.size(); ++j) {
      if (earlier[j] && covered(base, {std::span(&earlier[j], 1)})) return j;
    }
    return std::nullopt;
  }

  static bool never(const Known& f) { return f && f->empty(); }

  void definitions();
  void tiers();
  void tier_shadowed(const ir::Tier& tier, const Formula& meets, const std::vector<Known>& earlier);
  void tier_excluded(const ir::Tier& tier, const Formula& meets, const std::vector<Known>& earlier);
  void route();

  const ir::Program& program_;
  DiagnosticSink& sink_;
  ConditionSpace space_;
  Conditions conditions_;
  std::vector<Known> exclusions_;
};

void Reachability::definitions() {
  auto check = [&](const char* kind, const std::string& name, ir::ExprId condition) {
    Known f = holds(condition);
    if (never(f)) {
      sink_.report(DiagnosticCode::W0206, program_.expr(condition).span,
                   fmt::format("the condition of {} `{}` can never be true", kind, name), kContradictionHelp);
    }
    return f;
  };
  for (const ir::Exclusion& e : program_.exclusions) exclusions_.push_back(check("exclusion", e.name, e.condition));
  for (const ir::Criterion& c : program_.criteria) check("criterion", c.name, c.condition);
  for (const ir::Bonus& b : program_.bonuses) check("bonus", b.name, b.condition);
}

void Reachability::tiers() {
  std::vector<Known> earlier;
  for (std::size_t i = 0; i < program_.tiers.size(); ++i) {
    const ir::Tier& tier = program_.tiers[i];
    Known meets = holds(tier.condition);
    if (never(meets)) {
      sink_.report(DiagnosticCode::W0204, program_.expr(tier.condition).span,
                   fmt::format("the condition of tier {} can never be true", tier.number), kContradictionHelp);
    } else if (meets) {
      if (covered(*meets, {earlier})) {
        tier_shadowed(tier, *meets, earlier);
      } else {
        tier_excluded(tier, *meets, earlier);
      }
    }
    earlier.push_back(std::move(meets));
  }
}

void Reachability::tier_shadowed(const ir::Tier& tier, const Formula& meets, const std::vector<Known>& earlier) {
  std::optional<std::size_t> cover = single_cover(meets, earlier);
  if (!cover) {
    sink_.report(DiagnosticCode::W0203, tier.span,
                 fmt::format("tier {} can never be reached: lower-numbered tiers hold for every account that meets it",
                             tier.number),
                 "narrow the earlier tiers, or remove this one");
    return;
  }
  const ir::Tier& earlier_tier = program_.tiers[*cover];
  auto& d = sink_.report(DiagnosticCode::W0203, tier.span,
                         fmt::format("tier {} can never be reached: tier {} holds for every account that meets it",
                                     tier.number, earlier_tier.number),
                         "narrow the earlier tier, or remove this one");
  d.notes.push_back({earlier_tier.span, fmt::format("tier {} is declared here", earlier_tier.number)});
}

// W0205: every account that meets the tier (or that reaches it: meets it and no earlier
// tier) is excluded, so the verdict is never this tier.
void Reachability::tier_excluded(const ir::Tier& tier, const Formula& meets, const std::vector<Known>& earlier) {
  if (covered(meets, {exclusions_})) {
    auto& d = sink_.report(
        DiagnosticCode::W0205, tier.span,
        fmt::format("tier {} can never be the verdict: every account that meets it is excluded", tier.number),
        "relax the exclusion, or change the tier's condition");
    if (std::optional<std::size_t> cover = single_cover(meets, exclusions_)) {
      const ir::Exclusion& e = program_.exclusions[*cover];
      d.notes.push_back({e.name_span, fmt::format("accounts of this tier are excluded by `{}`", e.name)});
    }
    return;
  }
  if (covered(meets, {earlier, exclusions_})) {
    sink_.report(DiagnosticCode::W0205, tier.span,
                 fmt::format("tier {} can never be the verdict: every account that meets it either meets a "
                             "lower-numbered tier or is excluded",
                             tier.number),
                 "relax the exclusions, or change the tier's condition");
  }
}

void Reachability::route() {
  std::vector<Known> earlier;
  for (std::size_t i = 0; i < program_.route.size(); ++i) {
    const ir::RouteRule& rule = program_.route[i];
    const std::size_t number = i + 1;
    if (!rule.condition) {
      if (covered(ConditionSpace::always(), {earlier})) {
        sink_.report(DiagnosticCode::W0207, rule.span,
                     "the `else` rule can never match: earlier rules catch every account",
                     "turn the last `when` rule into the `else` rule: it already catches every remaining account");
      }
      earlier.push_back(ConditionSpace::always());
      continue;
    }
    Known matches = holds(*rule.condition);
    if (never(matches)) {
      sink_.report(DiagnosticCode::W0202, program_.expr(*rule.condition).span,
                   fmt::format("route rule {} can never match: its condition is never true", number),
                   kContradictionHelp);
    } else if (matches && covered(*matches, {earlier})) {
      std::optional<std::size_t> cover = single_cover(*matches, earlier);
      auto& d = sink_.report(
          DiagnosticCode::W0201, rule.span,
          cover
              ? fmt::format("route rule {} can never match: rule {} catches every account it would", number, *cover + 1)
              : fmt::format("route rule {} can never match: earlier rules catch every account it would", number),
          "reorder the rules or remove this one");
      if (cover) d.notes.push_back({program_.route[*cover].span, fmt::format("rule {} is here", *cover + 1)});
    }
    earlier.push_back(std::move(matches));
  }
}

}  // namespace

void check_reachability(const ir::Program& program, DiagnosticSink& sink) { Reachability(program, sink).run(); }

}  // namespace icp::lint
