// `icpc test --format junit`: decision test results as JUnit XML, the format CI dashboards
// (GitLab, Jenkins, GitHub test reporters) read. Input: each test file's cases and outcomes.
// Output: one XML document. No timings: the same tests give the same bytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace icp::cli::junit {

enum class Outcome { passed, failed, error };  // error: the case could not run

struct Case {
  std::string name;
  std::string file;
  std::size_t line = 0;  // 0: none
  Outcome outcome = Outcome::passed;
  std::string message;   // one line, for the `message` attribute
  std::string details;   // the text icpc test prints for it (expected vs actual, the trace)
};

struct Suite {
  std::string file;  // the test file
  std::vector<Case> cases;
};

struct Report {
  std::vector<Suite> suites;
};

// <testsuites> with one <testsuite> per test file, one <testcase> per case; a failed case
// holds <failure message=…>details</failure>, one that could not run <error …>. Every text
// is XML-escaped, and characters XML 1.0 cannot hold are written as visible \u{…} escapes.
std::string render(const Report& report);

}  // namespace icp::cli::junit
