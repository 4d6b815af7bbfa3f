// Fuzz harness for decision test files (`*.test.toml`), as `icpc test` and `icpc check` read
// them: the bytes are one test file beside examples/mid-market-security.icp. Errors render
// with their carets; every inline case runs against every bundled profile (a failure prints
// its explain trace, a rejection its caret); `icpc check`'s E0601/E0602 path runs on it too.
// Cases with `account_file` are not run: the harness reads no file its input names.
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/explain/explain_report.hpp"
#include "compiler/project/project.hpp"
#include "compiler/render/render.hpp"
#include "compiler/testing/test_check.hpp"
#include "compiler/testing/test_file.hpp"
#include "compiler/testing/test_run.hpp"
#include "fuzz/fuzz_support.hpp"

namespace icp::fuzz {
namespace {
namespace dt = decision_test;

constexpr std::string_view kPath = "examples/mid-market-security.test.toml";
constexpr std::string_view kProfilePath = "examples/mid-market-security.icp";

void render_errors(const std::vector<dt::Error>& errors, const std::string& text) {
  const SourceFile file(std::string(kPath), text);
  for (const dt::Error& error : errors) {
    if (error.where.begin.line == 0) continue;  // printed as a plain line
    render::render_error_at(file, error.where.begin, error.where.end, error.message, error.help, /*color=*/true);
  }
}

// `icpc test` against each bundled profile.
void run_cases(const dt::TestFile& file, const std::string& text) {
  for (const Profile& profile : bundled_profiles()) {
    dt::Runner runner(profile.program, "/nonexistent-icp-fuzz");
    dt::Coverage coverage(profile.program);
    for (const dt::Case& c : file.cases) {
      if (!c.account_file.empty()) continue;
      const dt::Outcome outcome = runner.run(file, c);
      if (outcome.status == dt::Outcome::Status::rejected) {
        render_errors({outcome.rejection}, text);
        continue;
      }
      coverage.add(outcome.decision);
      if (outcome.status == dt::Outcome::Status::failed) {
        analysis::explain_report(profile.program, outcome.record, outcome.decision, /*color=*/true);
      }
    }
    coverage.unreached();
  }
}

// `icpc check` with icp.toml naming this test file: failures become diagnostics in it.
void check_as_project(const std::string& text) {
  // Checked again for each input: check_tests adds the test file to the project's sources.
  static const std::string profile = read_source_file(kProfilePath);
  project::Options options;
  options.today = fixed_as_of();
  project::Result result = project::check_inputs({project::Input{std::string(kProfilePath), profile}}, options);
  dt::check_tests({project::Input{std::string(kPath), text}}, "/nonexistent-icp-fuzz", result);
  render::render_text(result.sources, result.diagnostics, /*color=*/false);
  check_json(render::render_sarif(result.sources, result.diagnostics, {"0.0.0", "https://example.com/icp"}),
             "the `--format sarif` log of a project with tests");
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icp;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<decision_test::Error> errors;
  const std::optional<decision_test::TestFile> file = decision_test::parse(text, std::string(fuzz::kPath), errors);
  ICP_FUZZ_CHECK(file.has_value() == errors.empty(), "a test file is refused exactly when it has errors");
  fuzz::render_errors(errors, text);
  if (!file) return 0;
  fuzz::run_cases(*file, text);
  for (const decision_test::Case& c : file->cases) {
    if (!c.account_file.empty()) return 0;
  }
  fuzz::check_as_project(text);
  return 0;
}
