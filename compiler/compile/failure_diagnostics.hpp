// Failures (compile.hpp: a project that cannot be checked) as E0701 diagnostics, for the
// outputs that carry only diagnostics (`icpc check --format json|sarif|github`), so a broken
// icp.toml still gives a valid file that names it. Input: failures. Output: diagnostics
// whose files join a SourceMap.
#pragma once

#include <span>
#include <vector>

#include "compiler/compile/compile.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace icp::compiler {

// Each failure's file is added to `sources` (with its text when the failure points into it;
// "<project>" when it names no file), and its position becomes the diagnostic's span (the
// file's start when it has none).
void append_failure_diagnostics(std::span<const Failure> failures, SourceMap& sources, std::vector<Diagnostic>& out);

}  // namespace icp::compiler
