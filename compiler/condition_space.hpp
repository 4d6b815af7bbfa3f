// Lint's constraint algebra (private to compiler/lint*): formulas over account variables
// in disjunctive normal form, with exact domains per variable. Input: constraints built
// by lint_conditions.cpp; output: satisfiable or not. Sound by construction: every
// operation is exact, and anything too large throws TooLarge so the caller stays silent.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runtime/decimal.hpp"

namespace icp::lint {

// Thrown when a formula outgrows the caps below; the check in progress gives up.
struct TooLarge {};

enum class VarKind : std::uint8_t {
  number,  // integers on a grid: Decimal units, whole numbers or day numbers
  finite,  // booleans and enums: a value index below `size`
  text,    // strings: a finite set, or the complement of one
};

struct Variable {
  VarKind kind = VarKind::finite;
  // An optional field may be absent, an opaque condition may be unknown: then no
  // comparison on it is true or false. The domain's `missing` flag stands for that state.
  bool can_be_missing = false;
  Int128 low = 0;  // number: the values the variable can take at all
  Int128 high = 0;
  std::uint32_t size = 2;  // finite
  std::string key;         // canonical name, e.g. "field#4", "atom:has_role#0"
};

struct Interval {
  Int128 low;
  Int128 high;  // inclusive
  friend bool operator==(const Interval&, const Interval&) = default;
};

// The values one variable may take. Which part applies depends on the variable's kind.
struct Domain {
  bool missing = false;
  std::vector<Interval> intervals;  // number: sorted, disjoint, not adjacent
  std::vector<bool> members;        // finite: members[i] = value i allowed
  bool cofinite = false;            // text: true = every string except `texts`
  std::vector<std::string> texts;   // text: sorted, unique
  friend bool operator==(const Domain&, const Domain&) = default;
};

// One conjunction: variable index -> domain, sorted by variable. A variable not listed is
// unconstrained. INVARIANT: no listed domain is empty.
using Conjunction = std::vector<std::pair<std::uint32_t, Domain>>;
// A disjunction of conjunctions; empty = false, one empty conjunction = true.
using Formula = std::vector<Conjunction>;

class ConditionSpace {
 public:
  // Caps keep lint fast on large profiles; beyond them a check is skipped, not guessed.
  static constexpr std::size_t kMaxConjunctions = 4096;
  static constexpr std::size_t kMaxWork = 1 << 18;

  // Each check starts a fresh budget of conjunction steps; past it, TooLarge. The whole
  // lint run of one program also has a budget, so that a profile with thousands of
  // interlocking criteria still lints fast: once it is spent, the remaining reachability
  // checks are skipped (silence, never a guess). A step costs about 1.3 us (BENCHMARKS.md):
  // 100,000 steps keep `icpc check` of a 5,000-line profile near 0.2 s of CPU.
  static constexpr std::size_t kStepBudget = 50000;
  static constexpr std::size_t kProgramStepBudget = 100000;
  void reset_budget() const { steps_ = 0; }

  // Returns the index of the variable with `proto.key`, adding it on first use.
  std::uint32_t variable(const Variable& proto);
  const Variable& var(std::uint32_t index) const { return variables_.at(index); }

  // The formula "variable takes a value in `domain`" (clipped to the variable's range).
  Formula constraint(std::uint32_t index, Domain domain) const;
  static Formula always() { return Formula{Conjunction{}}; }
  static Formula never() { return Formula{}; }

  Formula both(const Formula& a, const Formula& b) const;  // a and b
  Formula either(Formula a, const Formula& b) const;       // a or b
  Formula without(Formula a, const Formula& b) const;      // a and not b (classical)

  // Domain algebra, exposed for tests.
  Domain full(const Variable& v) const;
  Domain intersect(const Variable& v, const Domain& a, const Domain& b) const;
  Domain complement(const Variable& v, const Domain& a) const;
  bool is_empty(const Variable& v, const Domain& a) const;
  bool is_full(const Variable& v, const Domain& a) const;

 private:
  bool conjoin(Conjunction& into, const Conjunction& other) const;
  void subtract(const Conjunction& c, const Conjunction& t, Formula& out) const;
  static void check_size(const Formula& f);

  mutable std::size_t steps_ = 0;
  mutable std::size_t program_steps_ = 0;
  std::vector<Variable> variables_;
  std::map<std::string, std::uint32_t> by_key_;
};

}  // namespace icp::lint
