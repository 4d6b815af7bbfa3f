// The public compile API (include/icp/compile.hpp) as a host calls it: a profile's text or
// file, with or without icp.toml, gives the program `icpc build` gives, or no program and
// each problem as a structured diagnostic and rendered as `icpc check` draws it.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "compiled_profile.hpp"
#include "icp/compile.hpp"
#include "runtime/format/artifact.hpp"

using namespace icp;
namespace fs = std::filesystem;
using Level = CompileDiagnostic::Severity;

namespace {

// Reviewed 2026-11-01, due every 90 days: overdue (W0101) from 2027-01-31 on.
constexpr const char* kProfile = R"(profile "Hosted" {
  owner        "ops@example.com"
  reviewed     2026-11-01
  review_every 90d
}

account {
  employees: int
}

let threshold = 500

exclude tiny when employees < 10

tier 1 "Fit" = employees >= 100

route {
  when excluded  -> disqualify
  when tier == 1 -> queue "ae" sla 24h
  else           -> ignore
}
)";

// `threshold` is never used (W0103): the profile compiles, with one warning.
constexpr int kUnusedLetLine = 11;

CompileOptions on_day(int year, int month, int day) {
  CompileOptions options;
  options.today = date_from_civil(year, month, day);
  return options;
}

// A project folder in the temporary directory, removed at the end of the test.
struct TempProject {
  fs::path root = fs::temp_directory_path() / fmt::format("icp-compile-api-test-{}", ::getpid());
  TempProject() { fs::create_directories(root); }
  ~TempProject() { fs::remove_all(root); }
  std::string file(const std::string& relative, const std::string& text) const {
    std::ofstream(root / relative, std::ios::binary) << text;
    return (root / relative).generic_string();
  }
};

}  // namespace

TEST_CASE("a clean example compiles to the program icpc build writes") {
  for (const std::string name : {"examples/plg-smb.icp", "examples/mid-market-security.icp", "examples/enterprise-platform.icp"}) {
    CAPTURE(name);
    const std::string text = test_support::read_source_tree_file(name);
    const CompileResult result = compile_source(text, name, on_day(2026, 11, 23));
    INFO(result.rendered);
    REQUIRE(result.ok());
    CHECK(result.diagnostics.empty());
    CHECK(result.rendered.empty());
    const vm::Program internal = test_support::compile_program(name, text);
    CHECK(result.program->id() == internal.id);
    CHECK(result.program->to_bytes() == vm::serialize(internal));
    const vm::LoadResult loaded = vm::load(result.program->to_bytes());
    REQUIRE(loaded.program.has_value());
    CHECK(loaded.program->id == result.program->id());
    // From the file, the program of its text under the same name: the artifact's debug
    // section records the source's path (the id does not depend on it).
    const std::string path = std::string(ICP_SOURCE_DIR) + "/" + name;
    const CompileResult from_file = compile_file(path, on_day(2026, 11, 23));
    REQUIRE(from_file.ok());
    CHECK(from_file.program->id() == result.program->id());
    CHECK(from_file.program->to_bytes() == compile_source(text, path, on_day(2026, 11, 23)).program->to_bytes());
  }
}

TEST_CASE("warnings leave the program; an error or a denied warning takes it away") {
  const CompileResult warned = compile_source(kProfile, "hosted.icp", on_day(2026, 11, 23));
  REQUIRE(warned.ok());
  REQUIRE(warned.diagnostics.size() == 1);
  const CompileDiagnostic& unused = warned.diagnostics[0];
  CHECK(unused.file == "hosted.icp");
  CHECK(unused.line == kUnusedLetLine);
  CHECK(unused.column == 5);
  CHECK(unused.end_line == kUnusedLetLine);
  CHECK(unused.end_column == 14);
  CHECK(unused.severity == Level::warning);
  CHECK(unused.code == "W0103");
  CHECK(unused.message == "let `threshold` is never used");
  CHECK(unused.help == "remove it, or use it in a condition");
  CHECK(warned.count(Level::warning) == 1);
  CHECK(warned.rendered.starts_with("hosted.icp:11:5: warning[W0103]: let `threshold` is never used\n"));

  CompileOptions deny = on_day(2026, 11, 23);
  deny.deny_warnings = true;
  const CompileResult denied = compile_source(kProfile, "hosted.icp", deny);
  CHECK_FALSE(denied.ok());
  REQUIRE(denied.diagnostics.size() == 1);
  CHECK(denied.diagnostics[0].severity == Level::error);
  CHECK(denied.diagnostics[0].code == "W0103");
  CHECK(denied.rendered.starts_with("hosted.icp:11:5: error[W0103]:"));

  std::string broken = kProfile;
  broken.replace(broken.find("employees >= 100"), 16, "employes >= 100");
  const CompileResult failed = compile_source(broken, "hosted.icp", on_day(2026, 11, 23));
  CHECK_FALSE(failed.ok());
  CHECK(failed.count(Level::error) == 1);
  bool named = false;
  for (const CompileDiagnostic& d : failed.diagnostics) {
    if (d.severity != Level::error) continue;
    CHECK(d.code == "E0210");
    CHECK(d.line == 15);
    CHECK(d.column == 16);
    CHECK(d.message.find("`employes`") != std::string::npos);
    named = true;
  }
  CHECK(named);
  CHECK(failed.rendered.find("hosted.icp:15:16: error[E0210]:") != std::string::npos);
}

TEST_CASE("the review date: the caller's today, else icp.toml's, else the clock") {
  const CompileResult overdue = compile_source(kProfile, "hosted.icp", on_day(2027, 6, 1));
  REQUIRE(overdue.ok());
  CHECK(overdue.count(Level::warning) == 2);
  CHECK(overdue.rendered.find("warning[W0101]: profile review is overdue") != std::string::npos);

  TempProject project;
  const std::string manifest = project.file("icp.toml", "today = 2027-06-01\n");
  CompileOptions with_manifest;
  with_manifest.manifest = manifest;
  CHECK(compile_source(kProfile, "hosted.icp", with_manifest).count(Level::warning) == 2);
  with_manifest.today = date_from_civil(2026, 11, 23);
  CHECK(compile_source(kProfile, "hosted.icp", with_manifest).count(Level::warning) == 1);
}

TEST_CASE("icp.toml's lint levels and decision tests apply") {
  TempProject project;
  const std::string profile = project.file("hosted.icp", kProfile);
  const std::string tests = project.file("hosted.test.toml", R"(rules = "hosted.icp"
as_of = 2026-11-22

[[case]]
name    = "big is tier 1"
verdict = "tier"
tier    = 1
[case.account]
employees = 500

[[case]]
name    = "wrongly expects small to be tier 1"
verdict = "tier"
tier    = 1
[case.account]
employees = 50
)");
  CompileOptions options = on_day(2026, 11, 23);
  options.manifest = project.file("icp.toml", "[lints]\nunused-let = \"allow\"\n");
  const CompileResult allowed = compile_file(profile, options);
  INFO(allowed.rendered);
  CHECK(allowed.ok());
  CHECK(allowed.diagnostics.empty());

  // Test files are named relative to icp.toml, and find the profile by the path it was
  // compiled under.
  options.manifest = project.file("icp.toml", "tests = [\"hosted.test.toml\"]\n[lints]\nunused-let = \"allow\"\n");
  const CompileResult tested = compile_file(profile, options);
  CHECK_FALSE(tested.ok());
  REQUIRE(tested.diagnostics.size() == 1);
  const CompileDiagnostic& failure = tested.diagnostics[0];
  CHECK(failure.code == "E0601");
  CHECK(failure.file == tests);
  CHECK(failure.line == 11);
  CHECK(failure.message.starts_with("test case `wrongly expects small to be tier 1` failed"));
  CHECK(tested.rendered.starts_with(fmt::format("{}:11:1: error[E0601]:", tests)));
}

TEST_CASE("problems around the profile are diagnostics without a code") {
  const CompileResult missing = compile_file("no-such-folder/profile.icp");
  CHECK_FALSE(missing.ok());
  REQUIRE(missing.diagnostics.size() == 1);
  const CompileDiagnostic& unread = missing.diagnostics[0];
  CHECK(unread.file == "no-such-folder/profile.icp");
  CHECK(unread.line == 0);
  CHECK(unread.code.empty());
  CHECK(unread.severity == Level::error);
  CHECK(unread.message == "cannot read `no-such-folder/profile.icp`: No such file or directory");
  CHECK(missing.rendered == "error: cannot read `no-such-folder/profile.icp`: No such file or directory\n");

  TempProject project;
  CompileOptions options;
  options.manifest = project.file("icp.toml", "max_profiles = \"many\"\n");
  const CompileResult bad_manifest = compile_source(kProfile, "hosted.icp", options);
  CHECK_FALSE(bad_manifest.ok());
  REQUIRE(bad_manifest.diagnostics.size() == 1);
  const CompileDiagnostic& key = bad_manifest.diagnostics[0];
  CHECK(key.file == options.manifest);
  CHECK(key.line == 1);
  CHECK(key.column == 16);
  CHECK(key.code.empty());
  CHECK(bad_manifest.rendered.starts_with(fmt::format("{}:1:16: error: ", options.manifest)));
  CHECK(bad_manifest.rendered.find("max_profiles = \"many\"") != std::string::npos);

  options.manifest = (project.root / "absent.toml").generic_string();
  const CompileResult absent = compile_source(kProfile, "hosted.icp", options);
  REQUIRE(absent.diagnostics.size() == 1);
  CHECK(absent.diagnostics[0].message == fmt::format("cannot read manifest `{}`", options.manifest));
}

TEST_CASE("colour is for terminals only") {
  CompileOptions options = on_day(2026, 11, 23);
  CHECK(compile_source(kProfile, "hosted.icp", options).rendered.find('\x1b') == std::string::npos);
  options.color = true;
  CHECK(compile_source(kProfile, "hosted.icp", options).rendered.find("\x1b[") != std::string::npos);
}

TEST_CASE("copies of a compiled program share it") {
  const CompileResult result = compile_source(kProfile, "hosted.icp", on_day(2026, 11, 23));
  REQUIRE(result.ok());
  const Program copy = *result.program;
  CHECK(&copy.id() == &result.program->id());
}
