// Whole-file reads for the verbs that need a file's text (manifests, profiles, test files).
// Input: a path. Output: its bytes, or nothing when it cannot be opened (callers say why).
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace icp::cli {

inline std::optional<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

}  // namespace icp::cli
