// `icpc check` runs the decision tests icp.toml names: each test file whose profile was
// checked without errors is run against it, and every failure becomes a diagnostic.
// Input: the test files (path as printed + text) and the project's compiled profiles.
// Output: E0601 (a case failed) and E0602 (a test file is malformed) added to the project's
// diagnostics, the test files added to its SourceMap so every format can point into them.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "compiler/project/project.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::decision_test {

// A profile of the project: the path its diagnostics print, and its sealed program (null
// when the profile has errors).
struct ProfileUnderTest {
  std::string path;
  const vm::Program* program = nullptr;
};

// Paths are relative to `base` (empty: the current folder), as the project's are. A test
// file whose profile is not among `profiles`, or has errors, is skipped: its profile's own
// diagnostics say what is wrong. `diagnostics` stay sorted.
void check_tests(std::vector<project::Input> tests, const std::filesystem::path& base,
                 std::span<const ProfileUnderTest> profiles, SourceMap& sources, std::vector<Diagnostic>& diagnostics);

// The byte offset of a 1-based line and column (in code points) of `file`, clamped to it.
std::uint32_t offset_of(const SourceFile& file, LineCol position);

}  // namespace icp::decision_test
