// Which decision test files `icpc test` runs. Input: the command line's PATHs (test files,
// profiles, folders) or, without any, icp.toml's `tests`, else every `*.test.toml` below
// the current folder. Output: test file paths to print and open, sorted, without duplicates.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "compiler/project/manifest.hpp"

namespace icp::cli {

// Prints what went wrong (a PATH that does not exist, a `tests` entry that matches
// nothing) and returns nullopt: a usage error.
std::optional<std::vector<std::string>> discover_tests(const std::vector<std::string>& paths,
                                                       const std::optional<manifest::Manifest>& manifest);

// The same file, however the two paths spell it.
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace icp::cli
