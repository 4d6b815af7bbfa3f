// Stage 3, lint: ir::Program -> warnings. Runs only on programs that checked without
// errors. Finds what is legal but almost certainly wrong: overdue reviews, unused
// definitions, conditions that can never be true, tiers and route rules that can never
// be reached, signals that never add points.
#pragma once

#include "compiler/check/ir.hpp"
#include "grammar/diagnostic.hpp"
#include "icp/date.hpp"

namespace icp::lint {

struct Options {
  Date today;  // for the review-overdue warning; icp.toml `today` overrides the clock
};

void lint(const SourceMap& sources, const ir::Program& program, const Options& options,
          DiagnosticSink& sink);

}  // namespace icp::lint
