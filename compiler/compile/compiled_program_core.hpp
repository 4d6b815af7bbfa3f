// Inside the public icp::CompiledProgram (include/icp/compile.hpp): the sealed vm::Program it
// shares. Input: a program the compile API sealed. Output: the handle hosts hold, and the
// way back to the program for the library's own code.
#pragma once

#include <memory>
#include <utility>

#include "icp/compile.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::internal {

struct CompiledProgramCore {
  vm::Program program;  // sealed: verified, prepared, id set
};

struct CompiledProgramAccess {
  static CompiledProgram wrap(vm::Program sealed) {
    return CompiledProgram(std::make_shared<const CompiledProgramCore>(CompiledProgramCore{std::move(sealed)}));
  }
  static const vm::Program& sealed(const CompiledProgram& program) { return program.core_->program; }
};

}  // namespace icp::internal
