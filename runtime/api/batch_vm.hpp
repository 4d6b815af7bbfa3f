// decide_stream (icp/batch.hpp) on the runtime's own vm::Program, for the project's tools that
// hold the program they compiled or loaded as one (icpc eval, the fuzz harnesses). Input: a
// sealed vm::Program. Output: exactly what the public decide_stream gives; it calls this one.
#pragma once

#include "icp/batch.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp {

// `program` must have gone through vm::seal (or vm::load). Internal: not exported by libicp.
BatchSummary decide_stream(const vm::Program& program, const BatchInput& input, const BatchOptions& options,
                           BatchSink& sink);

}  // namespace icp
