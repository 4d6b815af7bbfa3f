// The rendering behind `icpc explain`, reused by `icpc test` to show a failing case's trace.
// Input: a sealed program, one decoded record and its decision, evaluated with the audit on.
// Output: the explanation as aligned text (ANSI colours only when asked for).
#pragma once

#include <string>

#include "runtime/format/bytecode.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/input/record.hpp"

namespace icp::cli {

std::string explain_report(const vm::Program& program, const vm::Record& record, const vm::Decision& decision,
                           bool color);

}  // namespace icp::cli
