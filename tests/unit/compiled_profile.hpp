// Test helper: a profile compiled through the compile API (compiler/compile), as `icpc build`
// compiles it, with the tests' fixed `today`. Input: a path to print and the source text, or
// a file of the source tree. Output: the sealed program; when there is none, the calling
// test fails naming each error and failure.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <utility>

#include "compiler/compile/compile.hpp"
#include "icp/date.hpp"

namespace icp::test_support {

// Review dates in the tests' profiles are compared with this day, never the clock.
inline Date fixed_today() { return date_from_civil(2026, 11, 23); }

inline compiler::Compilation compile_text(std::string path, std::string text) {
  project::Options options;
  options.today = fixed_today();
  return compiler::compile_inputs({project::Input{std::move(path), std::move(text)}}, options);
}

// Each error diagnostic and failure, one per line, for a test's failure message.
inline std::string problems_of(const compiler::Compilation& compiled) {
  std::string problems;
  for (const Diagnostic& d : compiled.diagnostics) {
    if (d.severity == Severity::error) problems += std::string(info(d.code).name) + " " + d.message + "\n";
  }
  for (const compiler::Failure& failure : compiled.failures) problems += failure.message + "\n";
  return problems;
}

inline vm::Program compile_program(std::string path, std::string text) {
  compiler::Compilation compiled = compile_text(std::move(path), std::move(text));
  INFO(problems_of(compiled));
  REQUIRE(compiled.programs.size() == 1);
  REQUIRE(compiled.programs[0].has_value());
  REQUIRE(compiled.ok());
  return std::move(*compiled.programs[0]);
}

// A file of the source tree, relative to its root ("examples/plg-smb.icp").
inline std::string read_source_tree_file(const std::string& relative) {
  std::ifstream in(std::string(ICP_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), relative);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline vm::Program compile_source_tree_file(const std::string& relative) {
  return compile_program(relative, read_source_tree_file(relative));
}

}  // namespace icp::test_support
