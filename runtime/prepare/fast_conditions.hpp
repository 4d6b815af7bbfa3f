// Fast conditions: whole chunks of common shapes (a field compared with constants, a field
// in a constant set, starts_with over constants, count(...) or an aggregate compared with a
// constant, at_least over criteria, `and` of such terms), recognised once by vm::prepare so that the evaluator decides
// them without the stack machine. Input: a verified Program's code. Output: derived, never
// serialized; audited decisions take them too, noting the reads their bytecode would.
#pragma once

#include <cstdint>
#include <vector>

namespace icp::vm {

struct Program;
enum class Opcode : std::uint8_t;

// One term of a condition, decided without the stack machine.
struct FastTerm {
  enum class Form : std::uint8_t {
    field_truth,            // LOAD_FIELD f
    field_compare,          // LOAD_FIELD f; PUSH_CONST c; EQ..GE scalar
    field_between,          // LOAD_FIELD f; PUSH_CONST lo; PUSH_CONST hi; BETWEEN scalar
    field_in_set,           // LOAD_FIELD f; IN_SET s
    field_has_list,         // LOAD_FIELD f; HAS_ANY|HAS_ALL l
    field_starts_with_any,  // starts_with(f, c1) or starts_with(f, c2) or ... (a whole chunk)
    count_compare,          // COUNT s w; PUSH_CONST c; EQ..GE scalar
    criterion,              // LOAD_CRITERION c
    criteria_at_least,      // LOAD_CRITERION * n; AT_LEAST k n (a whole chunk)
    excluded,               // LOAD_EXCLUDED
    aggregate_compare,      // LOAD_TIER|LOAD_SCORE|LOAD_COVERAGE; PUSH_CONST c; EQ..GE scalar
    aggregate_in_set,       // LOAD_TIER|LOAD_SCORE|LOAD_COVERAGE; IN_SET s (scalars)
  };
  Form form = Form::field_truth;
  Opcode compare{};            // the EQ..GE of the compare forms
  Opcode aggregate{};          // aggregate forms: LOAD_TIER, LOAD_SCORE or LOAD_COVERAGE
  bool all = false;            // field_has_list: HAS_ALL
  std::uint32_t operand = 0;   // field slot; count_compare: the COUNT's pc; criterion: index; at_least: k
  std::uint32_t list = 0;      // set or string list index
  std::int64_t low = 0, high = 0;     // the constants' scalars (compare forms: low)
  std::vector<std::uint32_t> items;   // at_least: criteria indices; starts_with: the constants
  std::uint32_t begin = 0, end = 0;   // its instructions in Program::code: the audit notes their reads
};

// A chunk that is one term, or terms joined by `and` (T1; (JUMP_IF_FALSE end; Tn; AND)*;
// RETURN): false if a term is false (the first false stops it, as the jumps do), else
// unknown if a term is unknown, else true.
struct FastCondition {
  std::vector<FastTerm> terms;
};

// Fills program.fast_conditions and program.fast_condition_at (parallel to code: the
// condition for a chunk that begins there, -1 for none) for every chunk of the program.
void prepare_fast_conditions(Program& program);

}  // namespace icp::vm
