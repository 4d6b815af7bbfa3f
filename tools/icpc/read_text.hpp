// Whole-file reads for the verbs that need a file's text (manifests, profiles, test files).
// Input: a path. Output: its bytes, or nothing when it cannot be opened (callers say why).
// At most one byte more than the largest rules file icp accepts is read: the parser then
// refuses the file with a located error, and a file of gigabytes is never loaded whole.
#pragma once

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "compiler/project/project.hpp"
#include "compiler/project/toml_limits.hpp"
#include "grammar/parse.hpp"

namespace icp::cli {

inline constexpr std::size_t kMaxReadBytes = std::max(grammar::kMaxSourceBytes, toml_limits::kMaxBytes);

inline std::optional<std::string> read_text(const std::filesystem::path& path) {
  return project::read_at_most(path, kMaxReadBytes);
}

// Standard input, as read_text reads a file: at most one byte past the limit.
inline std::string read_standard_input() {
  std::string text;
  for (char block[1 << 16]; std::cin && text.size() <= kMaxReadBytes;) {
    std::cin.read(block, static_cast<std::streamsize>(std::min(sizeof block, kMaxReadBytes + 1 - text.size())));
    text.append(block, static_cast<std::size_t>(std::cin.gcount()));
  }
  return text;
}

}  // namespace icp::cli
