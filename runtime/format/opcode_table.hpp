// The bytecode format: opcodes.def's columns as a constexpr table, one row per Opcode in
// its order. Input: opcodes.def. Output: each opcode's stack effect, operand kinds and
// whether it compares, its result's type and what the audit notes it read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>

#include "runtime/format/bytecode.hpp"

namespace icp::vm {

// What an operand (x or y) of an instruction holds.
enum class OperandKind : std::uint8_t {
  none,         // unused: must be 0
  constant,     // index into Program::constants
  field,        // a field slot of Program::schema
  criterion,    // index into Program::criteria
  role,         // index into Program::roles
  set,          // index into Program::sets
  string_list,  // index into Program::string_lists
  target,       // an absolute jump target, forward inside the chunk
  signal,       // index into Program::signals, or kAllSignals
  window,       // a window in days, at most kMaxDays
  k,            // AT_LEAST's k
  n,            // AT_LEAST's n: how many values it pops
};

// The KIND column: whether the instruction's kind byte is a CompareKind.
enum class KindOperand : std::uint8_t { none, compare };

// The RESULT column: the static type of the value an opcode pushes.
enum class ResultType : std::uint8_t {
  none,     // pushes nothing (RETURN)
  boolean,
  number,
  text,
  of_y,     // the type of the constant or field that operand y names
  first,    // the type of its first operand, left in place (the jumps)
};

// The READ column: what the audit notes an instruction read.
enum class ReadKind : std::uint8_t {
  none,
  field,      // the field slot y
  criterion,  // the criterion y
  count,      // this instruction's count
  coverage,   // the committee coverage
  role,       // the role y
};

// POPS when an opcode pops as many values as its operand y says (AT_LEAST).
inline constexpr std::int8_t kPopsY = -1;

struct OpcodeInfo {
  const char* name;
  std::int8_t pops;  // kPopsY: y values
  std::int8_t pushes;
  OperandKind x, y;
  KindOperand kind;
  ResultType result;
  ReadKind read;
  const char* stack;    // the STACK column, for people
  const char* meaning;  // the MEANING column
};

inline constexpr OpcodeInfo kOpcodeTable[] = {
#define ICP_OPCODE(NAME, POPS, PUSHES, X, Y, KIND, RESULT, READ, STACK, MEANING)                                  \
  {#NAME, POPS, PUSHES, OperandKind::X, OperandKind::Y, KindOperand::KIND, ResultType::RESULT, ReadKind::READ, STACK, \
   MEANING},
#include "runtime/format/opcodes.def"
#undef ICP_OPCODE
};
inline constexpr std::size_t kOpcodeCount = std::size(kOpcodeTable);

// The columns agree with each other: an opcode pushes a value exactly when it has a result
// type, pops y values exactly when y is AT_LEAST's n, and only reads x beside a y that uses it.
constexpr bool columns_agree() {
  for (const OpcodeInfo& row : kOpcodeTable) {
    if ((row.pushes == 0) != (row.result == ResultType::none)) return false;
    if ((row.pops == kPopsY) != (row.y == OperandKind::n)) return false;
    if (row.x != OperandKind::none && row.y != OperandKind::window && row.y != OperandKind::n) return false;
    if (row.result == ResultType::of_y && row.y != OperandKind::constant && row.y != OperandKind::field) return false;
  }
  return true;
}
static_assert(columns_agree(), "opcodes.def: a row's columns contradict each other");

// The row of an opcode byte, or null when the byte names no opcode (an unverified file).
constexpr const OpcodeInfo* find_opcode(Opcode op) {
  const auto index = static_cast<std::size_t>(op);
  return index < kOpcodeCount ? &kOpcodeTable[index] : nullptr;
}

}  // namespace icp::vm
