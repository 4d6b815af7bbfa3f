// Lint's constraint algebra: exact domain operations and DNF conjunction, disjunction
// and difference. Input: formulas; output: formulas whose conjunctions are all
// satisfiable, so "unsatisfiable" is simply "no conjunction left".
#include "compiler/lint/condition_space.hpp"

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

}  // namespace

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

// --- Interned domains -------------------------------------------------------------------

namespace {

template <typename T>
void append_raw(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// An unambiguous byte string of (variable, domain): equal strings, equal domains.
std::string domain_key(std::uint32_t var, const Domain& d) {
  std::string out;
  append_raw(out, var);
  out += static_cast<char>((d.missing ? 1 : 0) | (d.cofinite ? 2 : 0));
  append_raw(out, d.intervals.size());
  for (const Interval& iv : d.intervals) {
    append_raw(out, iv.low);
    append_raw(out, iv.high);
  }
  append_raw(out, d.members.size());
  for (bool m : d.members) out += m ? '1' : '0';
  append_raw(out, d.texts.size());
  for (const std::string& t : d.texts) {
    append_raw(out, t.size());
    out += t;
  }
  return out;
}

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

auto find_var(std::vector<Literal>& c, std::uint32_t var) {
  return std::lower_bound(c.begin(), c.end(), var, [](const Literal& l, std::uint32_t v) { return l.first < v; });
}

}  // namespace

DomainId DomainMemo::find(std::uint64_t key) const {
  if (keys_.empty()) return kNone;
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
    if (keys_[i] == key + 1) return values_[i];
    if (keys_[i] == 0) return kNone;
  }
}

void DomainMemo::insert(std::uint64_t key, DomainId value) {
  if ((used_ + 1) * 2 > keys_.size()) grow();
  const std::size_t mask = keys_.size() - 1;
  std::size_t i = mix(key) & mask;
  while (keys_[i] != 0 && keys_[i] != key + 1) i = (i + 1) & mask;
  if (keys_[i] == 0) ++used_;
  keys_[i] = key + 1;
  values_[i] = value;
}

void DomainMemo::grow() {
  std::vector<std::uint64_t> keys = std::move(keys_);
  std::vector<DomainId> values = std::move(values_);
  keys_.assign(keys.empty() ? 1024 : keys.size() * 2, 0);
  values_.assign(keys_.size(), kNone);
  used_ = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] != 0) insert(keys[i] - 1, values[i]);
  }
}

std::uint32_t ConditionSpace::variable(const Variable& proto) {
  auto [it, added] = by_key_.try_emplace(proto.key, static_cast<std::uint32_t>(variables_.size()));
  if (added) {
    variables_.push_back(proto);
    full_.push_back(DomainMemo::kNone);
  }
  return it->second;
}

DomainId ConditionSpace::intern(std::uint32_t var, Domain domain) const {
  auto [it, added] = by_domain_.try_emplace(domain_key(var, domain), static_cast<DomainId>(domains_.size()));
  if (added) {
    empty_.push_back(is_empty(variables_[var], domain) ? 1 : 0);
    domains_.push_back(std::move(domain));
    domain_var_.push_back(var);
    complement_.push_back(DomainMemo::kNone);
  }
  return it->second;
}

DomainId ConditionSpace::full_id(std::uint32_t var) const {
  if (full_[var] == DomainMemo::kNone) full_[var] = intern(var, full(variables_[var]));
  return full_[var];
}

DomainId ConditionSpace::intersect_id(DomainId a, DomainId b) const {
  if (a == b) return a;  // x and x = x
  if (a > b) std::swap(a, b);
  const std::uint64_t key = (std::uint64_t{a} << 32) | b;
  DomainId found = intersections_.find(key);
  if (found == DomainMemo::kNone) {
    const std::uint32_t v = domain_var_[a];
    found = intern(v, intersect(variables_[v], domains_[a], domains_[b]));
    intersections_.insert(key, found);
  }
  return found;
}

DomainId ConditionSpace::complement_id(DomainId a) const {
  if (complement_[a] == DomainMemo::kNone) {
    const std::uint32_t v = domain_var_[a];
    const DomainId c = intern(v, complement(variables_[v], domains_[a]));
    complement_[a] = c;  // `intern` may have grown the vector: assign after it
  }
  return complement_[a];
}

// --- Formulas ---------------------------------------------------------------------------

Formula ConditionSpace::always() {
  Formula f;
  f.close();
  return f;
}

Formula ConditionSpace::constraint(std::uint32_t index, const Domain& domain) const {
  const Variable& v = var(index);
  Domain clipped = intersect(v, full(v), domain);
  if (is_empty(v, clipped)) return never();
  if (is_full(v, clipped)) return always();
  const Literal literal{index, intern(index, std::move(clipped))};
  Formula f;
  f.add(Conjunction(&literal, 1));
  return f;
}

void ConditionSpace::step() const {
  if (++steps_ > kStepBudget || ++program_steps_ > kProgramStepBudget) throw TooLarge{};
}

// A step is priced for short runs; a long one (a chain of distinct atoms makes a
// conjunction of thousands of literals) pays one step per 32 literals it walks on top,
// so the budgets bound the work and a long `and` chain cannot go quadratic.
void ConditionSpace::charge(std::size_t literals) const {
  const std::size_t extra = literals / 32;
  if (extra == 0) return;
  steps_ += extra;
  program_steps_ += extra;
  if (steps_ > kStepBudget || program_steps_ > kProgramStepBudget) throw TooLarge{};
}

// Appends x and y to `out` (one sorted run); false, with `out` partly written, when a
// shared variable's domains do not meet.
bool ConditionSpace::merge(std::vector<Literal>& out, Conjunction x, Conjunction y) const {
  charge(x.size() + y.size());
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i].first < y[j].first) {
      out.push_back(x[i++]);
    } else if (y[j].first < x[i].first) {
      out.push_back(y[j++]);
    } else {
      const DomainId d = intersect_id(x[i].second, y[j].second);
      if (empty_id(d)) return false;
      out.emplace_back(x[i].first, d);
      ++i;
      ++j;
    }
  }
  out.insert(out.end(), x.begin() + static_cast<std::ptrdiff_t>(i), x.end());
  out.insert(out.end(), y.begin() + static_cast<std::ptrdiff_t>(j), y.end());
  return true;
}

void ConditionSpace::check_size(const Formula& f) {
  if (f.size() > kMaxConjunctions) throw TooLarge{};
}

Formula ConditionSpace::both(const Formula& a, const Formula& b) const {
  if (a.size() * b.size() > kMaxWork) throw TooLarge{};
  Formula out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = 0; j < b.size(); ++j) {
      step();
      const std::size_t mark = out.literals_.size();
      if (merge(out.literals_, a[i], b[j])) {
        out.close();
      } else {
        out.drop_open(mark);
      }
    }
    check_size(out);
  }
  return out;
}

Formula ConditionSpace::either(Formula a, const Formula& b) const {
  if (a.always_ || b.always_) return always();
  const auto base = static_cast<std::uint32_t>(a.literals_.size());
  a.literals_.insert(a.literals_.end(), b.literals_.begin(), b.literals_.end());
  for (std::uint32_t end : b.ends_) a.ends_.push_back(base + end);
  check_size(a);
  return a;
}

// Whether c and t share an account: every variable both constrain has a common value.
bool ConditionSpace::overlaps(Conjunction c, Conjunction t) const {
  charge(c.size() + t.size());
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < c.size() && j < t.size()) {
    if (c[i].first < t[j].first) {
      ++i;
    } else if (t[j].first < c[i].first) {
      ++j;
    } else {
      if (empty_id(intersect_id(c[i].second, t[j].second))) return false;
      ++i;
      ++j;
    }
  }
  return true;
}

// Appends to `out` the part of `c` outside `t` (which must overlap c), split into
// disjoint pieces: for t's variables v1..vn in order, the piece where v1..v(k-1) are
// inside t and vk is not. Each piece's end goes to `ends`.
void ConditionSpace::split(Conjunction c, Conjunction t, std::vector<Literal>& out,
                           std::vector<std::uint32_t>& ends) const {
  charge(c.size() * t.size());  // each of t's variables copies the rest of c
  std::vector<Literal>& rest = scratch_;
  rest.assign(c.begin(), c.end());
  for (const auto& [index, domain] : t) {
    auto it = find_var(rest, index);
    const bool listed = it != rest.end() && it->first == index;
    const DomainId base = listed ? it->second : full_id(index);
    const DomainId outside = intersect_id(base, complement_id(domain));
    const auto at = it - rest.begin();
    if (!empty_id(outside)) {
      out.insert(out.end(), rest.begin(), rest.begin() + at);
      out.emplace_back(index, outside);
      out.insert(out.end(), rest.begin() + at + (listed ? 1 : 0), rest.end());
      ends.push_back(static_cast<std::uint32_t>(out.size()));
    }
    const DomainId inside = intersect_id(base, domain);
    if (listed) {
      rest[static_cast<std::size_t>(at)].second = inside;
    } else {
      rest.insert(rest.begin() + at, Literal{index, inside});
    }
  }
}

void ConditionSpace::subtract(Conjunction c, Conjunction t, Formula& out) const {
  step();
  if (!overlaps(c, t)) {
    out.add(c);
    return;
  }
  split(c, t, out.literals_, out.ends_);  // pieces are never empty: `always_` stays
}

bool ConditionSpace::covered(const Formula& a, std::span<const Formula* const> covers) const {
  std::vector<Conjunction> ts;
  for (const Formula* f : covers) {
    for (std::size_t i = 0; i < f->size(); ++i) ts.push_back((*f)[i]);
  }
  charge(ts.size());  // many route rules: listing the earlier ones is work too
  // Pieces still to cover, each with the index of the next conjunction to subtract. A
  // piece's literals sit at the end of `arena` while it is on top of the stack.
  struct Piece {
    std::uint32_t begin;
    std::uint32_t end;
    std::uint32_t next;
  };
  std::vector<Literal> arena(a.literals_);
  std::vector<Piece> stack;
  for (std::size_t i = 0; i < a.size(); ++i) {
    stack.push_back({i == 0 ? 0 : a.ends_[i - 1], a.ends_[i], 0});
  }
  std::vector<Literal> piece;
  std::vector<std::uint32_t> ends;
  while (!stack.empty()) {
    const Piece top = stack.back();
    stack.pop_back();
    piece.assign(arena.begin() + top.begin, arena.begin() + top.end);
    arena.resize(top.begin);
    std::size_t k = top.next;
    for (; k < ts.size(); ++k) {
      step();  // as `without`: one step per piece and conjunction
      if (overlaps(piece, ts[k])) break;
    }
    if (k == ts.size()) return false;  // this piece meets none of them
    ends.clear();
    const auto first = static_cast<std::uint32_t>(arena.size());
    split(piece, ts[k], arena, ends);
    std::uint32_t begin = first;
    for (std::uint32_t end : ends) {
      stack.push_back({begin, end, static_cast<std::uint32_t>(k + 1)});
      begin = end;
    }
  }
  return true;
}

Formula ConditionSpace::without(Formula a, const Formula& b) const {
  for (std::size_t k = 0; k < b.size(); ++k) {
    if (a.empty()) break;
    if (a.size() > kMaxWork) throw TooLarge{};
    Formula next;
    for (std::size_t i = 0; i < a.size(); ++i) subtract(a[i], b[k], next);
    check_size(next);
    a = std::move(next);
  }
  return a;
}

}  // namespace icp::lint
