// Fast conditions: whole chunks of common shapes (a field compared with constants, a field
// in a constant set, starts_with over constants, count(...) compared with a constant, all /
// at_least over criteria), recognised once by vm::prepare so that the evaluator decides
// them without the stack machine. Input: a verified Program's code. Output: derived, never
// serialized; the audit still runs the bytecode itself (it records every read).
#pragma once

#include <cstdint>
#include <vector>

namespace icp::vm {

struct Program;
enum class Opcode : std::uint8_t;

struct FastCondition {
  enum class Form : std::uint8_t {
    field_truth,            // LOAD_FIELD f; RETURN
    field_compare,          // LOAD_FIELD f; PUSH_CONST c; EQ..GE scalar; RETURN
    field_between,          // LOAD_FIELD f; PUSH_CONST lo; PUSH_CONST hi; BETWEEN scalar; RETURN
    field_in_set,           // LOAD_FIELD f; IN_SET s; RETURN
    field_has_list,         // LOAD_FIELD f; HAS_ANY|HAS_ALL l; RETURN
    field_starts_with_any,  // starts_with(f, c1) or starts_with(f, c2) or ...
    count_compare,          // COUNT s w; PUSH_CONST c; EQ..GE scalar; RETURN
    criteria_all,           // LOAD_CRITERION a (JUMP_IF_FALSE; LOAD_CRITERION b; AND)* RETURN
    criteria_at_least,      // LOAD_CRITERION * n; AT_LEAST k n; RETURN
  };
  Form form = Form::field_truth;
  Opcode compare{};            // field_compare, count_compare: EQ..GE
  bool all = false;            // field_has_list: HAS_ALL
  std::uint32_t operand = 0;   // field slot; count_compare: the COUNT's pc; at_least: k
  std::uint32_t list = 0;      // set or string list index
  std::int64_t low = 0, high = 0;     // the constants' scalars (field_compare, count_compare: low)
  std::vector<std::uint32_t> items;   // criteria indices, or the starts_with constants
};

// Fills program.fast_conditions and program.fast_condition_at (parallel to code: the
// condition for a chunk that begins there, -1 for none) for every chunk of the program.
void prepare_fast_conditions(Program& program);

}  // namespace icp::vm
