// Lint's constraint algebra: exact domain operations and DNF conjunction, disjunction
// and difference. Input: formulas; output: formulas whose conjunctions are all
// satisfiable, so "unsatisfiable" is simply "no conjunction left".
#include "compiler/condition_space.hpp"

#include <algorithm>
#include <iterator>

namespace icp::lint {
namespace {

std::vector<Interval> intersect_intervals(const std::vector<Interval>& a, const std::vector<Interval>& b) {
  std::vector<Interval> out;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const Int128 low = std::max(a[i].low, b[j].low);
    const Int128 high = std::min(a[i].high, b[j].high);
    if (low <= high) out.push_back({low, high});
    if (a[i].high < b[j].high) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

// The grid points of [low, high] that no interval of `a` covers.
std::vector<Interval> complement_intervals(const std::vector<Interval>& a, Int128 low, Int128 high) {
  std::vector<Interval> out;
  Int128 next = low;
  for (const Interval& iv : a) {
    if (iv.low > next) out.push_back({next, std::min(iv.low - 1, high)});
    next = std::max(next, iv.high + 1);
    if (next > high) return out;
  }
  if (next <= high) out.push_back({next, high});
  return out;
}

enum class SetOp : std::uint8_t { common, difference, merged };

std::vector<std::string> combine(const std::vector<std::string>& a, const std::vector<std::string>& b, SetOp op) {
  std::vector<std::string> out;
  switch (op) {
    case SetOp::common:
      std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
      break;
    case SetOp::difference:
      std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
      break;
    case SetOp::merged:
      std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
      break;
  }
  return out;
}

const Domain* find(const Conjunction& c, std::uint32_t var) {
  auto it =
      std::lower_bound(c.begin(), c.end(), var, [](const auto& entry, std::uint32_t v) { return entry.first < v; });
  return it != c.end() && it->first == var ? &it->second : nullptr;
}

void assign(Conjunction& c, std::uint32_t var, Domain domain) {
  auto it =
      std::lower_bound(c.begin(), c.end(), var, [](const auto& entry, std::uint32_t v) { return entry.first < v; });
  if (it != c.end() && it->first == var) {
    it->second = std::move(domain);
  } else {
    c.insert(it, {var, std::move(domain)});
  }
}

}  // namespace

std::uint32_t ConditionSpace::variable(const Variable& proto) {
  auto [it, added] = by_key_.try_emplace(proto.key, static_cast<std::uint32_t>(variables_.size()));
  if (added) variables_.push_back(proto);
  return it->second;
}

Domain ConditionSpace::full(const Variable& v) const {
  Domain d;
  d.missing = v.can_be_missing;
  switch (v.kind) {
    case VarKind::number:
      if (v.low <= v.high) d.intervals.push_back({v.low, v.high});
      break;
    case VarKind::finite:
      d.members.assign(v.size, true);
      break;
    case VarKind::text:
      d.cofinite = true;
      break;
  }
  return d;
}

Domain ConditionSpace::intersect(const Variable& v, const Domain& a, const Domain& b) const {
  Domain d;
  d.missing = a.missing && b.missing;
  switch (v.kind) {
    case VarKind::number:
      d.intervals = intersect_intervals(a.intervals, b.intervals);
      break;
    case VarKind::finite:
      d.members.assign(v.size, false);
      for (std::uint32_t i = 0; i < v.size; ++i) {
        d.members[i] = i < a.members.size() && a.members[i] && i < b.members.size() && b.members[i];
      }
      break;
    case VarKind::text:
      // "all but X" and "all but Y" = "all but X and Y"; "in A" and "all but B" = A - B.
      if (a.cofinite && b.cofinite) {
        d.cofinite = true;
        d.texts = combine(a.texts, b.texts, SetOp::merged);
      } else if (a.cofinite) {
        d.texts = combine(b.texts, a.texts, SetOp::difference);
      } else if (b.cofinite) {
        d.texts = combine(a.texts, b.texts, SetOp::difference);
      } else {
        d.texts = combine(a.texts, b.texts, SetOp::common);
      }
      break;
  }
  return d;
}

Domain ConditionSpace::complement(const Variable& v, const Domain& a) const {
  Domain d;
  d.missing = v.can_be_missing && !a.missing;
  switch (v.kind) {
    case VarKind::number:
      d.intervals = complement_intervals(a.intervals, v.low, v.high);
      break;
    case VarKind::finite:
      d.members.assign(v.size, false);
      for (std::uint32_t i = 0; i < v.size; ++i) d.members[i] = !(i < a.members.size() && a.members[i]);
      break;
    case VarKind::text:
      d.cofinite = !a.cofinite;
      d.texts = a.texts;
      break;
  }
  return d;
}

bool ConditionSpace::is_empty(const Variable& v, const Domain& a) const {
  if (a.missing) return false;
  switch (v.kind) {
    case VarKind::number:
      return a.intervals.empty();
    case VarKind::finite:
      return std::find(a.members.begin(), a.members.end(), true) == a.members.end();
    case VarKind::text:
      return !a.cofinite && a.texts.empty();
  }
  return false;
}

bool ConditionSpace::is_full(const Variable& v, const Domain& a) const { return is_empty(v, complement(v, a)); }

Formula ConditionSpace::constraint(std::uint32_t index, Domain domain) const {
  const Variable& v = var(index);
  Domain clipped = intersect(v, full(v), domain);
  if (is_empty(v, clipped)) return never();
  if (is_full(v, clipped)) return always();
  return Formula{Conjunction{{index, std::move(clipped)}}};
}

bool ConditionSpace::conjoin(Conjunction& into, const Conjunction& other) const {
  if (++steps_ > kStepBudget || ++program_steps_ > kProgramStepBudget) throw TooLarge{};
  for (const auto& [index, domain] : other) {
    const Domain* mine = find(into, index);
    if (mine == nullptr) {
      assign(into, index, domain);
      continue;
    }
    Domain both = intersect(var(index), *mine, domain);
    if (is_empty(var(index), both)) return false;
    assign(into, index, std::move(both));
  }
  return true;
}

void ConditionSpace::check_size(const Formula& f) {
  if (f.size() > kMaxConjunctions) throw TooLarge{};
}

Formula ConditionSpace::both(const Formula& a, const Formula& b) const {
  if (a.size() * b.size() > kMaxWork) throw TooLarge{};
  Formula out;
  for (const Conjunction& x : a) {
    for (const Conjunction& y : b) {
      Conjunction c = x;
      if (conjoin(c, y)) out.push_back(std::move(c));
    }
    check_size(out);
  }
  return out;
}

Formula ConditionSpace::either(Formula a, const Formula& b) const {
  for (const Conjunction& c : a) {
    if (c.empty()) return always();
  }
  for (const Conjunction& c : b) {
    if (c.empty()) return always();
  }
  a.insert(a.end(), b.begin(), b.end());
  check_size(a);
  return a;
}

// Adds to `out` the part of `c` outside `t`, split into disjoint pieces: for t's
// variables v1..vn in order, the piece where v1..v(k-1) are inside t and vk is not.
void ConditionSpace::subtract(const Conjunction& c, const Conjunction& t, Formula& out) const {
  Conjunction overlap = c;
  if (!conjoin(overlap, t)) {
    out.push_back(c);
    return;
  }
  Conjunction rest = c;
  for (const auto& [index, domain] : t) {
    const Variable& v = var(index);
    const Domain* current = find(rest, index);
    const Domain base = current != nullptr ? *current : full(v);
    Domain outside = intersect(v, base, complement(v, domain));
    if (!is_empty(v, outside)) {
      Conjunction piece = rest;
      assign(piece, index, std::move(outside));
      out.push_back(std::move(piece));
    }
    assign(rest, index, intersect(v, base, domain));
  }
}

Formula ConditionSpace::without(Formula a, const Formula& b) const {
  for (const Conjunction& t : b) {
    if (a.empty()) break;
    if (a.size() > kMaxWork) throw TooLarge{};
    Formula next;
    for (const Conjunction& c : a) subtract(c, t, next);
    check_size(next);
    a = std::move(next);
  }
  return a;
}

}  // namespace icp::lint
