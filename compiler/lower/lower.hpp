// Stage 4, lower: the checked IR -> the bytecode program (runtime/format/bytecode.hpp) that
// `icpc build` writes and the VM runs. Input: an error-free ir::Program and the sources
// it came from (for debug lines and the conditions' text). Output: a vm::Program, and
// `icpc dump bytecode`'s listing of one.
#pragma once

#include <string>

#include "compiler/check/ir.hpp"
#include "grammar/source.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp {

// Every condition (criterion, exclusion, tier, bonus, route rule) becomes one chunk
// ending in RETURN; constants, sets and string lists are interned by value, so the same
// IR always gives a byte-identical program. Only call it on programs without errors.
// Debug: each definition's SourceRef is the line/column of its name (of the rule for
// tiers and route rules) and the text of its condition as written; `else` has no text.
vm::Program lower(const SourceMap& sources, const ir::Program& program);

// `icpc dump bytecode` (runtime/format/disassemble.hpp): with `sources` (may be null) each
// change of source line is shown with its text.
std::string dump_bytecode(const vm::Program& program, const SourceMap* sources);

}  // namespace icp
