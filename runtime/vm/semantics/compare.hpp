// Stage 5, evaluate: the comparisons (EQ..GE, BETWEEN of opcodes.def) defined once, over any
// ordered values: Decimal units, day numbers, enum indices, booleans, text as bytes. The
// stack machine, the fast terms, the block path and the compiler's folding call these.
// Unknown operands never reach them: each caller gives unknown before comparing.
#pragma once

#include <functional>

#include "runtime/format/bytecode.hpp"

namespace icp::vm::semantics {

// Calls f with the comparison `op` names (EQ..GE) as a function object, so that a loop over
// a column is written once and instantiated per comparison, with no switch inside.
template <typename F>
constexpr decltype(auto) with_compare(Opcode op, F&& f) {
  switch (op) {
    case Opcode::EQ: return f(std::equal_to<>{});
    case Opcode::NE: return f(std::not_equal_to<>{});
    case Opcode::LT: return f(std::less<>{});
    case Opcode::LE: return f(std::less_equal<>{});
    case Opcode::GT: return f(std::greater<>{});
    default: return f(std::greater_equal<>{});  // GE
  }
}

// a op b, for one pair of values.
template <typename T>
constexpr bool compare(Opcode op, const T& a, const T& b) {
  return with_compare(op, [&](auto holds) { return holds(a, b); });
}

// `v between lo and hi`: both ends inclusive.
template <typename T>
constexpr bool between(const T& v, const T& lo, const T& hi) {
  return lo <= v && v <= hi;
}

}  // namespace icp::vm::semantics
