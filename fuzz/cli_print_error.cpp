// icpc's `print_error` (tools/icpc/main.cpp), for the harnesses that link a command's support
// files (eval_support.cpp) without the command-line driver. Input: a message. Output: the
// same `icpc: error: ...` line on stderr that icpc prints.
#include <fmt/format.h>

#include "tools/icpc/commands.hpp"

namespace icp::cli {

void print_error(std::string_view message) { fmt::print(stderr, "icpc: error: {}\n", message); }

}  // namespace icp::cli
