// Lint, private: IR conditions -> formulas of the condition space. For a boolean
// expression e, holds(e) is the formula "e evaluates to true" and fails(e) "e evaluates
// to false"; under three-valued logic neither holds when e is unknown.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "compiler/lint/condition_space.hpp"
#include "compiler/check/ir.hpp"

namespace icp::lint {

class Conditions {
 public:
  Conditions(const ir::Program& program, ConditionSpace& space) : program_(program), space_(space) {}

  // Both throw TooLarge when the formula outgrows the space's caps.
  Formula holds(ir::ExprId e) { return truth(e, true, 0); }
  Formula fails(ir::ExprId e) { return truth(e, false, 0); }

 private:
  // A comparable side of a comparison: a variable and how constants map onto its grid.
  struct Term {
    std::uint32_t var = 0;
    VarKind kind = VarKind::number;
    Int128 scale = 1;      // number: constant units per grid step
    bool date = false;     // number: compares with dates (day numbers)
    bool upper = false;    // text: country codes, modelled only for upper-case constants
    bool modelled = true;  // false: a field only `present` can constrain
  };

  Formula truth(ir::ExprId e, bool want, int depth);
  Formula compute(const ir::Expr& e, ir::ExprId id, bool want, int depth);
  Formula logic(const ir::Expr& e, bool want, int depth);
  Formula at_least(const ir::Expr& e, bool want, int depth);
  std::optional<Formula> comparison(const ir::Expr& e, bool want);
  Formula opaque(ir::ExprId e, bool want);
  Formula finite_value(std::uint32_t var, std::uint32_t value);

  std::optional<Term> term(const ir::Expr& e);
  bool describe_field(const ir::Field& field, Variable& v, Term& t) const;
  std::optional<Domain> value_domain(const Term& t, ir::CompareOp op, const ir::Expr& constant);
  std::optional<Domain> list_domain(const Term& t, const ir::Expr& list);
  std::optional<Domain> range_domain(const Term& t, const ir::Expr& low, const ir::Expr& high);
  std::optional<Int128> grid_units(const Term& t, const ir::Value& v) const;

  bool may_be_unknown(ir::ExprId e, int depth);
  std::string key(ir::ExprId e) const;

  const ir::Program& program_;
  ConditionSpace& space_;
  // nullopt records a formula that was too large, so it is not rebuilt for every check.
  std::map<std::pair<std::uint32_t, bool>, std::optional<Formula>> cache_;
  std::map<std::uint32_t, bool> unknown_cache_;
  int nesting_ = 0;  // truth() calls under way: bounded by kMaxDepth (lint_conditions.cpp)
};

}  // namespace icp::lint
