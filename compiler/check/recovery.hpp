// Stage 2, check: a file whose parse left holes (syntax errors). Input: its SyntaxTree, with
// the skipped text in `unparsed`. Output: the name and type errors of the declarations that
// did parse, without the echoes of what was skipped. Never a program.
#pragma once

#include "compiler/check/check.hpp"

namespace icp::check {

// Checks the declarations of a tree that has syntax errors, reporting into `sink`, which
// already holds the parse's diagnostics. Left out, because a hole can cause them: an
// unknown name that the skipped text mentions (its declaration may be there), and a missing
// profile, route or tier. A file the parser could not read at all (E0006, E0008) is not checked.
void check_despite_syntax_errors(SourceMap& sources, ModuleCache& modules, const syntax::SyntaxTree& tree,
                                 DiagnosticSink& sink);

}  // namespace icp::check
