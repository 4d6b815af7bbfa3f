// The limits a TOML file (icp.toml, a test file, a CRM mapping) must meet before toml++ reads
// it: its size, and the parts of its dotted keys (toml++ nests one table per part, recursively:
// 40,000 parts overflow the stack; arrays and inline tables it bounds itself, at 256 levels).
// Input: the file's text. Output: the first limit it passes, with where, or nothing.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "grammar/source.hpp"

namespace icp::toml_limits {

// KEEP IN SYNC: docs/reliability.md, "Rules".
inline constexpr std::size_t kMaxBytes = std::size_t{4} << 20;  // 4 MiB: a test file of thousands of cases
inline constexpr std::size_t kMaxKeyDepth = 64;                 // segments after the first in one dotted key

struct Problem {
  LineCol begin;
  LineCol end;
  std::string message;  // lowercase, no final period
  std::string help;
};

std::optional<Problem> check(std::string_view text, std::size_t max_bytes = kMaxBytes);

}  // namespace icp::toml_limits
