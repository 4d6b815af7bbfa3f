// Inside the public Program (include/icp/program.hpp): the sealed vm::Program it shares and
// the schema description hosts read. Input: a loaded or freshly compiled vm::Program.
// Output: the icp::Program around it, and the way back in for the library's own code.
#pragma once

#include "icp/program.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::internal {

struct ProgramCore {
  explicit ProgramCore(vm::Program sealed);

  vm::Program program;  // verified, prepared, `id` set: never changed after construction
  Schema schema;        // program.schema as the public types describe it
};

// The library's access to what a Program hides: the C API and Session reach the vm::Program,
// and the compile API turns the program it has just sealed into a public one.
struct ProgramAccess {
  // `sealed` must have gone through vm::seal (or vm::load).
  static Program wrap(vm::Program sealed);
  static const vm::Program& vm_program(const Program& program) { return program.core_->program; }
};

}  // namespace icp::internal
