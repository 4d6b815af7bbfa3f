// Lint, private: conditions that can never be true, and tiers and route rules that can
// never be reached (W0201-W0207). Input: a checked program; output: warnings.
#pragma once

#include "compiler/check/ir.hpp"
#include "grammar/diagnostic.hpp"

namespace icp::lint {

void check_reachability(const ir::Program& program, DiagnosticSink& sink);

}  // namespace icp::lint
