// Error as one line of text. Input: an Error. Output: "FILE:LINE:COLUMN: message", or a
// shorter prefix when the position is not fully known.
#include "analysis/error.hpp"

#include <fmt/format.h>

namespace icp::analysis {

std::string to_text(const Error& error) {
  if (error.file.empty()) return error.message;
  if (error.line == 0) return fmt::format("{}: {}", error.file, error.message);
  if (error.column == 0) return fmt::format("{}:{}: {}", error.file, error.line, error.message);
  return fmt::format("{}:{}:{}: {}", error.file, error.line, error.column, error.message);
}

}  // namespace icp::analysis
