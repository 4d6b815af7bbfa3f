// The disassembler (`icpc dump bytecode`), beside the opcode table it reads. Input: a
// Program, lowered or loaded, and optionally the text of its source lines. Output: a
// stable listing, one line per instruction with its operands decoded.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/format/bytecode.hpp"

namespace icp::vm {

// The text of source line N (1-based) of the program's source file, or nothing when unknown.
using SourceLines = std::function<std::optional<std::string_view>(std::uint32_t line)>;

// A header per chunk, each change of source line (with its text, when `source_line` knows
// it), every instruction with its operands decoded; then the constant pool, sets, schema,
// signals, roles and route. Only program contents are printed, never addresses.
std::string disassemble(const Program& program, const SourceLines& source_line = {});

// The opcode's name as written in opcodes.def ("JUMP_IF_FALSE").
const char* opcode_name(Opcode op);

}  // namespace icp::vm
