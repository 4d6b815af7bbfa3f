// Whole-file reads for the verbs that need a file's text (manifests, profiles, test files).
// Input: a path. Output: its bytes, or nothing when it cannot be opened (callers say why).
// At most one byte more than the largest rules file icp accepts is read: the parser then
// refuses the file with a located error, and a file of gigabytes is never loaded whole.
#pragma once

#include <algorithm>
#include <filesystem>
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

}  // namespace icp::cli
