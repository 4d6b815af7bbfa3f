// Stage 5, evaluate: three-valued logic defined once (LANGUAGE.md "Three-valued logic"):
// `not`, `and`, `or` and `at_least` over Tri (the scalar form) and over ranks (the column
// form: a byte per record ordered no < unknown < yes, so that `and` is the minimum and `or`
// the maximum). The stack machine, the fast terms, the block path and the compiler's
// folding call these; nothing else spells the rules out.
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "runtime/vm/decision.hpp"

namespace icp::vm::semantics {

// The column form of a truth value.
using Rank = std::uint8_t;
inline constexpr Rank kNo = 0, kUnknown = 1, kYes = 2;

constexpr Tri truth(bool b) { return b ? Tri::yes : Tri::no; }
constexpr Rank rank(bool b) { return b ? kYes : kNo; }
constexpr Rank rank(Tri t) { return t == Tri::yes ? kYes : t == Tri::no ? kNo : kUnknown; }
inline constexpr Tri kTriOfRank[] = {Tri::no, Tri::unknown, Tri::yes};
constexpr Tri tri(Rank r) { return kTriOfRank[r]; }  // a load, not branches: columns copy many

// A truth value in the form Out names (Tri or Rank); folded at compile time for constants.
template <typename Out>
constexpr Out as(Tri t) {
  if constexpr (std::is_same_v<Out, Tri>) {
    return t;
  } else {
    return rank(t);
  }
}

constexpr Tri not3(Tri t) { return t == Tri::unknown ? t : truth(t == Tri::no); }

// and: false wins over unknown; or: true wins over unknown.
constexpr Tri and3(Tri a, Tri b) {
  if (a == Tri::no || b == Tri::no) return Tri::no;
  return a == Tri::yes && b == Tri::yes ? Tri::yes : Tri::unknown;
}
constexpr Tri or3(Tri a, Tri b) {
  if (a == Tri::yes || b == Tri::yes) return Tri::yes;
  return a == Tri::no && b == Tri::no ? Tri::no : Tri::unknown;
}
constexpr Rank and_rank(Rank a, Rank b) { return std::min(a, b); }
constexpr Rank or_rank(Rank a, Rank b) { return std::max(a, b); }

// at_least(k, ...) from how many operands hold (`yes`) and how many are unknown (`unsure`):
// true when k hold; false when even the unknowns cannot reach k; else unknown.
template <typename Out = Tri>
constexpr Out at_least(std::uint32_t yes, std::uint32_t unsure, std::uint32_t k) {
  return yes >= k ? as<Out>(Tri::yes) : yes + unsure < k ? as<Out>(Tri::no) : as<Out>(Tri::unknown);
}

}  // namespace icp::vm::semantics
