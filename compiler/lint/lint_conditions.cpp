// Lint, private: IR conditions -> formulas. Negation is pushed to the leaves with the
// three-valued rules (T(not a) = F(a), F(a and b) = F(a) or F(b), ...). Leaves that
// compare a field or built-in with a constant become exact domains; every other leaf is an
// opaque atom named by its structure, so equal expressions share one variable.
#include "compiler/lint/lint_conditions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>

namespace icp::lint {
namespace {

using ir::CompareOp;
using ir::Op;
using ir::TypeKind;

// Beyond every grid value of every variable; clipped away by ConditionSpace::constraint.
const Int128 kInfinity = Int128(1) << 100;
constexpr std::int64_t kUnitsPerWhole = Decimal::kScale;
constexpr int kMaxCriterionDepth = 64;  // criteria form a DAG; this only guards the recursion
// Nested `not`, parentheses and criteria, however combined: deeper, the check gives up
// (TooLarge) instead of risking the stack. Chains of `and`/`or` are flattened, never nested.
constexpr int kMaxDepth = 512;
constexpr std::size_t kMaxCombinations = 4096;

Int128 floor_div(Int128 a, Int128 s) { return a >= 0 ? a / s : -((-a + s - 1) / s); }
Int128 ceil_div(Int128 a, Int128 s) { return -floor_div(-a, s); }

Domain empty_value() { return Domain{}; }

std::optional<ir::Value> constant_value(const ir::Program& program, const ir::Expr& e) {
  if (e.op == Op::constant) return e.value;
  if (e.op == Op::negate && e.args.size() == 1) {
    std::optional<ir::Value> inner = constant_value(program, program.expr(e.args[0]));
    if (!inner) return std::nullopt;
    if (inner->kind == TypeKind::integer || inner->kind == TypeKind::percent) {
      if (inner->integer == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
      inner->integer = -inner->integer;
      return inner;
    }
    if (inner->kind == TypeKind::decimal) {
      if (inner->decimal.units() == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
      inner->decimal = Decimal::from_units(-inner->decimal.units());
      return inner;
    }
  }
  return std::nullopt;
}

CompareOp mirror(CompareOp op) {
  switch (op) {
    case CompareOp::lt:
      return CompareOp::gt;
    case CompareOp::le:
      return CompareOp::ge;
    case CompareOp::gt:
      return CompareOp::lt;
    case CompareOp::ge:
      return CompareOp::le;
    default:
      return op;
  }
}

bool has_lower_case(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::islower(c) != 0; });
}

std::string value_key(const ir::Value& v) {
  std::string out = fmt::format("{}/{}/{}/{}/{}/\"{}\"[", static_cast<int>(v.kind), v.boolean ? 1 : 0, v.integer,
                                v.decimal.units(), v.date.days, v.text);
  for (const ir::Value& item : v.items) out += value_key(item) + ",";
  return out + "]";
}

}  // namespace

Formula Conditions::truth(ir::ExprId e, bool want, int depth) {
  const auto slot = std::make_pair(e.index, want);
  if (auto it = cache_.find(slot); it != cache_.end()) {
    if (!it->second) throw TooLarge{};
    return *it->second;
  }
  // Counts the truth() calls under way, whatever nests them (`not`, parentheses, criteria).
  struct Nesting {
    int& level;
    explicit Nesting(int& l) : level(++l) {}
    ~Nesting() { --level; }
  } nesting(nesting_);
  try {
    if (nesting_ > kMaxDepth) throw TooLarge{};
    Formula f = compute(program_.expr(e), e, want, depth);
    cache_[slot] = f;
    return f;
  } catch (const TooLarge&) {
    cache_[slot] = std::nullopt;
    throw;
  }
}

Formula Conditions::compute(const ir::Expr& e, ir::ExprId id, bool want, int depth) {
  switch (e.op) {
    case Op::constant:
      if (e.value.kind != TypeKind::boolean) return opaque(id, want);
      return e.value.boolean == want ? ConditionSpace::always() : ConditionSpace::never();
    case Op::not_:
      return truth(e.args.at(0), !want, depth);
    case Op::and_:
    case Op::or_:
      return logic(e, want, depth);
    case Op::at_least:
      return at_least(e, want, depth);
    case Op::criterion:
      if (depth > kMaxCriterionDepth) throw TooLarge{};
      return truth(program_.criteria.at(e.ref).condition, want, depth + 1);
    case Op::present: {
      ir::Expr field;
      field.op = Op::field;
      field.ref = e.ref;
      std::optional<Term> t = term(field);
      if (!t) return opaque(id, want);
      Domain d = want ? space_.full(space_.var(t->var)) : empty_value();
      d.missing = !want;
      return space_.constraint(t->var, std::move(d));
    }
    case Op::field:
    case Op::excluded: {
      const bool boolean = e.op == Op::excluded ||
                           (e.ref < program_.fields.size() && program_.fields[e.ref].type.kind == TypeKind::boolean);
      std::optional<Term> t = term(e);
      if (!t || !boolean) return opaque(id, want);
      return finite_value(t->var, want ? 1 : 0);
    }
    case Op::compare:
    case Op::in_list:
    case Op::between:
      if (std::optional<Formula> f = comparison(e, want)) return *f;
      return opaque(id, want);
    default:
      return opaque(id, want);
  }
}

Formula Conditions::logic(const ir::Expr& e, bool want, int depth) {
  // T(and) and F(or) need every part; T(or) and F(and) need any part. `(a and b) and c` is
  // and(a, b, c): a chain (`a or b or c ...`, a left spine of binary nodes) is flattened
  // here, parts in order, so its length costs no recursion.
  const bool every = (e.op == Op::and_) == want;
  Formula out = every ? ConditionSpace::always() : ConditionSpace::never();
  std::vector<ir::ExprId> pending(e.args.rbegin(), e.args.rend());
  while (!pending.empty()) {
    const ir::ExprId arg = pending.back();
    pending.pop_back();
    if (const ir::Expr& part_expr = program_.expr(arg); part_expr.op == e.op) {
      pending.insert(pending.end(), part_expr.args.rbegin(), part_expr.args.rend());
      continue;
    }
    Formula part = truth(arg, want, depth);
    out = every ? space_.both(out, part) : space_.either(std::move(out), part);
    if (every && out.empty()) break;
  }
  return out;
}

// at_least(k, c1..cn) is true when k parts are true, and false when n-k+1 parts are
// false (then the true and unknown parts together are fewer than k).
Formula Conditions::at_least(const ir::Expr& e, bool want, int depth) {
  const auto n = static_cast<std::int64_t>(e.args.size());
  const std::int64_t m = want ? e.integer : n - e.integer + 1;
  if (m <= 0) return ConditionSpace::always();
  if (m > n) return ConditionSpace::never();
  std::size_t combinations = 1;
  for (std::int64_t i = 0; i < m; ++i) {
    combinations = combinations * static_cast<std::size_t>(n - i) / static_cast<std::size_t>(i + 1);
    if (combinations > kMaxCombinations) throw TooLarge{};
  }
  std::vector<Formula> parts;
  for (ir::ExprId arg : e.args) parts.push_back(truth(arg, want, depth));
  Formula out = ConditionSpace::never();
  // Each part joins or skips the choice, in order, until m have joined.
  auto choose = [&](auto& self, std::size_t start, std::int64_t left, const Formula& so_far) -> void {
    if (left == 0) {
      out = space_.either(std::move(out), so_far);
      return;
    }
    for (std::size_t i = start; i + static_cast<std::size_t>(left) <= parts.size(); ++i) {
      Formula next = space_.both(so_far, parts[i]);
      if (!next.empty()) self(self, i + 1, left - 1, next);
    }
  };
  choose(choose, 0, m, ConditionSpace::always());
  return out;
}

std::optional<Formula> Conditions::comparison(const ir::Expr& e, bool want) {
  std::optional<Term> t;
  std::optional<Domain> d;
  if (e.op == Op::compare && e.args.size() == 2) {
    const ir::Expr& left = program_.expr(e.args[0]);
    const ir::Expr& right = program_.expr(e.args[1]);
    if ((t = term(left))) {
      d = value_domain(*t, e.compare_op, right);
    } else if ((t = term(right))) {
      d = value_domain(*t, mirror(e.compare_op), left);
    }
  } else if (e.op == Op::in_list && e.args.size() == 2) {
    if ((t = term(program_.expr(e.args[0])))) d = list_domain(*t, program_.expr(e.args[1]));
  } else if (e.op == Op::between && e.args.size() == 3) {
    if ((t = term(program_.expr(e.args[0])))) {
      d = range_domain(*t, program_.expr(e.args[1]), program_.expr(e.args[2]));
    }
  }
  if (!t || !t->modelled || !d) return std::nullopt;
  // Either way the value must be there: a comparison with a missing value is unknown.
  if (!want) d = space_.complement(space_.var(t->var), *d);
  d->missing = false;
  return space_.constraint(t->var, std::move(*d));
}

Formula Conditions::opaque(ir::ExprId e, bool want) {
  Variable atom;
  atom.kind = VarKind::finite;
  atom.size = 2;
  atom.can_be_missing = may_be_unknown(e, 0);
  atom.key = "atom:" + key(e);
  return finite_value(space_.variable(atom), want ? 1 : 0);
}

// "var == value" for a boolean (0 false, 1 true) or enum variable.
Formula Conditions::finite_value(std::uint32_t var, std::uint32_t value) {
  Domain d;
  d.members.assign(space_.var(var).size, false);
  if (value < d.members.size()) d.members[value] = true;
  return space_.constraint(var, std::move(d));
}

// How a field's values map onto a variable; false for types lint does not model.
bool Conditions::describe_field(const ir::Field& field, Variable& v, Term& t) const {
  v.can_be_missing = field.optional;
  switch (field.type.kind) {
    case TypeKind::integer:
      return true;
    case TypeKind::decimal:
      t.scale = 1;
      return true;
    case TypeKind::date:
      t.scale = 1;
      t.date = true;
      v.low = std::numeric_limits<std::int32_t>::min();
      v.high = std::numeric_limits<std::int32_t>::max();
      return true;
    case TypeKind::boolean:
      v.kind = VarKind::finite;
      return true;
    case TypeKind::enumeration:
      if (field.type.enum_id.index >= program_.enums.size()) break;
      v.kind = VarKind::finite;
      v.size = static_cast<std::uint32_t>(program_.enums[field.type.enum_id.index].values.size());
      return true;
    case TypeKind::string:
      v.kind = VarKind::text;
      return true;
    case TypeKind::country:
      v.kind = VarKind::text;
      t.upper = true;
      return true;
    default:
      break;
  }
  // Not modelled (naics prefixes, sets): only `present` reads this variable.
  v.kind = VarKind::finite;
  v.size = 1;
  return false;
}

std::optional<Conditions::Term> Conditions::term(const ir::Expr& e) {
  Variable v;
  Term t;
  v.kind = VarKind::number;
  t.scale = kUnitsPerWhole;
  v.low = std::numeric_limits<std::int64_t>::min();
  v.high = std::numeric_limits<std::int64_t>::max();
  switch (e.op) {
    case Op::field:
      if (e.ref >= program_.fields.size()) return std::nullopt;
      v.key = fmt::format("field#{}", e.ref);
      t.modelled = describe_field(program_.fields[e.ref], v, t);
      break;
    case Op::score:
      v.key = "score";
      t.scale = 1;
      break;
    case Op::tier:
      v.key = "tier";
      v.low = 0;
      v.high = static_cast<std::int64_t>(program_.tiers.size());
      break;
    case Op::committee_coverage:
      v.key = "committee_coverage";
      v.low = 0;
      v.high = 100;
      v.can_be_missing = program_.roles.empty();  // no roles: a percentage of nothing
      break;
    case Op::count:
      v.key = fmt::format("count#{}@{}", e.ref, e.integer);
      v.low = 0;
      break;
    case Op::excluded:
      v.key = "excluded";
      v.kind = VarKind::finite;
      break;
    default:
      return std::nullopt;
  }
  t.var = space_.variable(v);
  t.kind = space_.var(t.var).kind;
  return t;
}

std::optional<Int128> Conditions::grid_units(const Term& t, const ir::Value& v) const {
  if (t.date) {
    if (v.kind != TypeKind::date) return std::nullopt;
    return Int128(v.date.days);
  }
  switch (v.kind) {
    case TypeKind::integer:
    case TypeKind::percent:
      return Int128(v.integer) * kUnitsPerWhole;
    case TypeKind::decimal:
      return Int128(v.decimal.units());
    default:
      return std::nullopt;
  }
}

// The values of `t` for which `t op constant` is true (missing excluded).
std::optional<Domain> Conditions::value_domain(const Term& t, CompareOp op, const ir::Expr& constant) {
  std::optional<ir::Value> v = constant_value(program_, constant);
  if (!v || v->kind == TypeKind::list) return std::nullopt;
  Domain d;
  if (t.kind == VarKind::number) {
    std::optional<Int128> c = grid_units(t, *v);
    if (!c) return std::nullopt;
    const Int128 s = t.scale;
    const bool on_grid = *c % s == 0;
    switch (op) {
      case CompareOp::lt:
        d.intervals = {{-kInfinity, floor_div(*c - 1, s)}};
        break;
      case CompareOp::le:
        d.intervals = {{-kInfinity, floor_div(*c, s)}};
        break;
      case CompareOp::gt:
        d.intervals = {{ceil_div(*c + 1, s), kInfinity}};
        break;
      case CompareOp::ge:
        d.intervals = {{ceil_div(*c, s), kInfinity}};
        break;
      case CompareOp::eq:
        if (on_grid) d.intervals = {{*c / s, *c / s}};
        break;
      case CompareOp::ne:
        d.intervals = on_grid ? std::vector<Interval>{{-kInfinity, *c / s - 1}, {*c / s + 1, kInfinity}}
                              : std::vector<Interval>{{-kInfinity, kInfinity}};
        break;
    }
    return d;
  }
  if (op != CompareOp::eq && op != CompareOp::ne) return std::nullopt;
  std::optional<Domain> equal = list_domain(t, constant);
  if (!equal) return std::nullopt;
  return op == CompareOp::eq ? equal : space_.complement(space_.var(t.var), *equal);
}

// The values of `t` equal to the constant, or to one item when it is a list.
std::optional<Domain> Conditions::list_domain(const Term& t, const ir::Expr& list) {
  std::optional<ir::Value> v = constant_value(program_, list);
  if (!v) return std::nullopt;
  const std::vector<ir::Value> single{*v};
  const std::vector<ir::Value>& items = v->kind == TypeKind::list ? v->items : single;
  const Variable& var = space_.var(t.var);
  Domain d;
  if (t.kind == VarKind::finite) d.members.assign(var.size, false);
  for (const ir::Value& item : items) {
    if (t.kind == VarKind::number) {
      std::optional<Int128> c = grid_units(t, item);
      if (!c) return std::nullopt;
      if (*c % t.scale == 0) d.intervals.push_back({*c / t.scale, *c / t.scale});
    } else if (t.kind == VarKind::finite) {
      const bool boolean = item.kind == TypeKind::boolean;
      if (!boolean && item.kind != TypeKind::enumeration) return std::nullopt;
      const std::int64_t index = boolean ? (item.boolean ? 1 : 0) : item.integer;
      if (index < 0 || index >= static_cast<std::int64_t>(var.size)) return std::nullopt;
      d.members[static_cast<std::size_t>(index)] = true;
    } else {
      if (item.kind != TypeKind::string && item.kind != TypeKind::country) return std::nullopt;
      if (t.upper && has_lower_case(item.text)) return std::nullopt;
      d.texts.push_back(item.text);
    }
  }
  std::sort(d.intervals.begin(), d.intervals.end(), [](const Interval& a, const Interval& b) { return a.low < b.low; });
  std::vector<Interval> merged;
  for (const Interval& iv : d.intervals) {
    if (!merged.empty() && iv.low <= merged.back().high + 1) {
      merged.back().high = std::max(merged.back().high, iv.high);
    } else {
      merged.push_back(iv);
    }
  }
  d.intervals = std::move(merged);
  std::sort(d.texts.begin(), d.texts.end());
  d.texts.erase(std::unique(d.texts.begin(), d.texts.end()), d.texts.end());
  return d;
}

std::optional<Domain> Conditions::range_domain(const Term& t, const ir::Expr& low, const ir::Expr& high) {
  if (t.kind != VarKind::number) return std::nullopt;
  std::optional<Domain> above = value_domain(t, CompareOp::ge, low);
  std::optional<Domain> below = value_domain(t, CompareOp::le, high);
  if (!above || !below) return std::nullopt;
  return space_.intersect(space_.var(t.var), *above, *below);
}

// Errs towards "may be unknown": the checker's flag, or anything that reads an optional
// field or does arithmetic (division by zero and overflow give unknown).
bool Conditions::may_be_unknown(ir::ExprId id, int depth) {
  if (auto it = unknown_cache_.find(id.index); it != unknown_cache_.end()) return it->second;
  const ir::Expr& e = program_.expr(id);
  bool unknown = e.may_be_unknown || depth > kMaxCriterionDepth;
  switch (e.op) {
    case Op::field:
      unknown = unknown || e.ref >= program_.fields.size() || program_.fields[e.ref].optional;
      break;
    case Op::arith:
    case Op::negate:
      unknown = true;
      break;
    case Op::criterion:
      unknown =
          unknown || e.ref >= program_.criteria.size() || may_be_unknown(program_.criteria[e.ref].condition, depth + 1);
      break;
    case Op::present:
      break;
    default:
      break;
  }
  for (ir::ExprId arg : e.args) unknown = unknown || may_be_unknown(arg, depth + 1);
  unknown_cache_[id.index] = unknown;
  return unknown;
}

// A canonical text of the expression's structure: equal texts mean equal values. Written
// into one string with an explicit stack, so a long sum costs its length, not its square.
std::string Conditions::key(ir::ExprId root) const {
  std::string out;
  std::vector<std::pair<ir::ExprId, std::size_t>> stack{{root, 0}};  // node, next argument
  while (!stack.empty()) {
    auto& [id, next] = stack.back();
    const ir::Expr& e = program_.expr(id);
    if (next == 0) {
      out += fmt::format("({} {} {} {} {}", static_cast<int>(e.op), static_cast<int>(e.compare_op),
                         static_cast<int>(e.arith_op), e.ref, e.integer);
      if (e.op == Op::constant) out += " " + value_key(e.value);
    }
    if (next < e.args.size()) {
      const ir::ExprId arg = e.args[next++];
      out += ' ';
      stack.emplace_back(arg, 0);
      continue;
    }
    out += ')';
    stack.pop_back();
  }
  return out;
}

}  // namespace icp::lint
