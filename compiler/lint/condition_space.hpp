// Lint's constraint algebra (private to compiler/lint*): formulas over account variables
// in disjunctive normal form, with exact domains per variable. Input: constraints built
// by lint_conditions.cpp; output: satisfiable or not. Sound by construction: every
// operation is exact, and anything too large throws TooLarge so the caller stays silent.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "icp/decimal.hpp"
#include "runtime/base/half_even.hpp"

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

// Formulas name domains by id: every domain met is stored once in the space (interned per
// variable), so a conjunction is a few integers and the domain operations of the inner
// loops are table look-ups, not allocations.
using DomainId = std::uint32_t;
// One conjunct, "variable in domain". A conjunction is a run of literals sorted by
// variable; a variable not listed is unconstrained. INVARIANT: no listed domain is empty.
using Literal = std::pair<std::uint32_t, DomainId>;
using Conjunction = std::span<const Literal>;

// A disjunction of conjunctions, stored flat; empty = false, one empty conjunction = true.
class Formula {
 public:
  std::size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  Conjunction operator[](std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return {literals_.data() + begin, ends_[i] - begin};
  }
  void add(Conjunction c) {
    literals_.insert(literals_.end(), c.begin(), c.end());
    close();
  }

 private:
  friend class ConditionSpace;
  void close() {
    const auto end = static_cast<std::uint32_t>(literals_.size());
    if (end == (ends_.empty() ? 0 : ends_.back())) always_ = true;
    ends_.push_back(end);
  }
  void drop_open(std::size_t size) { literals_.resize(size); }  // undo literals not yet closed
  std::vector<Literal> literals_;
  std::vector<std::uint32_t> ends_;
  bool always_ = false;  // some conjunction is empty: the formula is true
};

// A small open-addressing map from a 64-bit key to a domain id: the memo of the domain
// operations, probed on every step.
class DomainMemo {
 public:
  static constexpr DomainId kNone = ~DomainId{0};
  DomainId find(std::uint64_t key) const;
  void insert(std::uint64_t key, DomainId value);

 private:
  void grow();
  std::vector<std::uint64_t> keys_;  // key + 1; 0 = free slot
  std::vector<DomainId> values_;
  std::size_t used_ = 0;
};

class ConditionSpace {
 public:
  // Caps keep lint fast on large profiles; beyond them a check is skipped, not guessed.
  static constexpr std::size_t kMaxConjunctions = 4096;
  static constexpr std::size_t kMaxWork = 1 << 18;

  // Each check starts a fresh budget of conjunction steps; past it, TooLarge. The whole
  // lint run of one program also has a budget, so that a profile with thousands of
  // interlocking criteria still lints fast: once it is spent, the remaining reachability
  // checks are skipped (silence, never a guess). A step merges or splits short sorted runs
  // of (variable, domain id) with memoised domain operations and no allocation of its
  // own: about 300 instructions, so 300,000 steps are about 30 ms.
  static constexpr std::size_t kStepBudget = 50000;
  static constexpr std::size_t kProgramStepBudget = 300000;
  void reset_budget() const { steps_ = 0; }
  // The whole program's budget is spent: every further check would give up at once.
  bool exhausted() const { return program_steps_ > kProgramStepBudget; }

  // Returns the index of the variable with `proto.key`, adding it on first use.
  std::uint32_t variable(const Variable& proto);
  const Variable& var(std::uint32_t index) const { return variables_.at(index); }
  const Domain& domain(DomainId id) const { return domains_.at(id); }

  // The formula "variable takes a value in `domain`" (clipped to the variable's range).
  Formula constraint(std::uint32_t index, const Domain& domain) const;
  static Formula always();
  static Formula never() { return Formula{}; }

  Formula both(const Formula& a, const Formula& b) const;  // a and b
  Formula either(Formula a, const Formula& b) const;       // a or b
  Formula without(Formula a, const Formula& b) const;      // a and not b (classical)
  // Whether `a and not (c1 or c2 ...)` is empty for the formulas c of `covers`, that is,
  // whether they hold for every account of `a`. The same pieces as `without`, visited
  // depth first: it stops at the first piece left uncovered and keeps no formula whole.
  bool covered(const Formula& a, std::span<const Formula* const> covers) const;

  // Domain algebra on values, exposed for tests.
  Domain full(const Variable& v) const;
  Domain intersect(const Variable& v, const Domain& a, const Domain& b) const;
  Domain complement(const Variable& v, const Domain& a) const;
  bool is_empty(const Variable& v, const Domain& a) const;
  bool is_full(const Variable& v, const Domain& a) const;

 private:
  void step() const;
  void charge(std::size_t literals) const;
  DomainId intern(std::uint32_t var, Domain domain) const;
  DomainId full_id(std::uint32_t var) const;
  DomainId intersect_id(DomainId a, DomainId b) const;
  DomainId complement_id(DomainId a) const;
  bool empty_id(DomainId a) const { return empty_[a] != 0; }
  bool merge(std::vector<Literal>& out, Conjunction x, Conjunction y) const;
  bool overlaps(Conjunction c, Conjunction t) const;
  void subtract(Conjunction c, Conjunction t, Formula& out) const;
  void split(Conjunction c, Conjunction t, std::vector<Literal>& out, std::vector<std::uint32_t>& ends) const;
  static void check_size(const Formula& f);

  mutable std::size_t steps_ = 0;
  mutable std::size_t program_steps_ = 0;
  std::vector<Variable> variables_;
  std::unordered_map<std::string, std::uint32_t> by_key_;
  // The interned domains: id -> domain, its variable, whether it is empty.
  mutable std::vector<Domain> domains_;
  mutable std::vector<std::uint32_t> domain_var_;
  mutable std::vector<std::uint8_t> empty_;
  mutable std::unordered_map<std::string, DomainId> by_domain_;
  mutable std::vector<DomainId> full_;        // per variable, kNone until needed
  mutable std::vector<DomainId> complement_;  // per domain, kNone until needed
  mutable DomainMemo intersections_;          // (smaller id, larger id) -> id
  mutable std::vector<Literal> scratch_;      // subtract's running "rest"
};

}  // namespace icp::lint
