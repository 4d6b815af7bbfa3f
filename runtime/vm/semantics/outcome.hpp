// Stage 5, evaluate: what a decision takes from its definitions' truth, defined once: an
// exclusion excludes, a tier fits, a bonus adds and a route rule fires only when its
// condition holds (unknown does not), and the verdict follows from the exclusion and tier.
// evaluate(), the fast path's route and the block path call these.
#pragma once

#include <cstdint>

#include "runtime/vm/decision.hpp"
#include "runtime/vm/semantics/logic.hpp"

namespace icp::vm::semantics {

constexpr bool takes(Tri t) { return t == Tri::yes; }
constexpr bool takes(Rank r) { return r == kYes; }

constexpr Verdict verdict_of(bool excluded, std::int32_t fit_tier) {
  return excluded ? Verdict::excluded : fit_tier > 0 ? Verdict::tier : Verdict::no_fit;
}

}  // namespace icp::vm::semantics
