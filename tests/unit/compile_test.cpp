// The internal compile API (compiler/compile) that icpc, the tests and the fuzz harnesses
// share: a program for each profile that checks without errors, parallel to the files; what
// stops a compilation (an unreadable path, no profile, a bad icp.toml entry) as a failure.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiled_profile.hpp"
#include "compiler/compile/compile_project.hpp"
#include "runtime/format/artifact.hpp"

using namespace icp;
namespace fs = std::filesystem;

namespace {

constexpr const char* kClean = R"(profile "Clean" {
  owner        "ops@example.com"
  reviewed     2026-11-01
  review_every 90d
}
account {
  employees: int
}
tier 1 "Fit" = employees >= 100
route {
  when tier == 1 -> queue "ae"
  else           -> ignore
}
)";

// A folder in the temporary directory, removed at the end of the test.
struct TempFolder {
  fs::path root = fs::temp_directory_path() / fmt::format("icp-compile-test-{}", ::getpid());
  TempFolder() { fs::create_directories(root); }
  ~TempFolder() { fs::remove_all(root); }
  fs::path file(const std::string& relative, const std::string& text) const {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative, std::ios::binary) << text;
    return root / relative;
  }
};

project::Options fixed_options() {
  project::Options options;
  options.today = test_support::fixed_today();
  return options;
}

}  // namespace

TEST_CASE("each profile that checks cleanly is sealed; the others have no program") {
  std::string broken = kClean;
  broken.replace(broken.find("employees >= 100"), 9, "employes");
  const compiler::Compilation compiled = compiler::compile_inputs(
      {project::Input{"a.icp", kClean}, project::Input{"b.icp", broken}, project::Input{"c.icp", kClean}},
      fixed_options());
  REQUIRE(compiled.files.size() == 3);
  REQUIRE(compiled.programs.size() == 3);
  REQUIRE(compiled.checked.size() == 3);
  CHECK(compiled.failures.empty());
  CHECK_FALSE(compiled.ok());
  CHECK(compiled.count(Severity::error) == 1);
  CHECK(compiled.sources.file(compiled.files[1]).path() == "b.icp");
  CHECK_FALSE(compiled.checked[1].has_value());
  CHECK_FALSE(compiled.programs[1].has_value());
  for (std::size_t i : {0u, 2u}) {
    REQUIRE(compiled.programs[i].has_value());
    CHECK(compiled.checked[i].has_value());
    const vm::Program& program = *compiled.programs[i];
    CHECK_FALSE(vm::verify(program).has_value());
    CHECK(program.id == vm::program_id(program));
    CHECK(program.max_stack == vm::max_stack_depth(program));
  }
  // The same text under another name is the same program.
  CHECK(compiled.programs[0]->id == compiled.programs[2]->id);
}

TEST_CASE("files and folders: sorted, and what stops a compilation is a failure") {
  TempFolder folder;
  folder.file("icp/b.icp", kClean);
  folder.file("icp/a.icp", kClean);
  folder.file("icp/notes.txt", "not a profile");
  const std::vector<fs::path> paths{folder.root / "icp"};
  const compiler::Compilation compiled = compiler::compile_files(paths, fixed_options());
  CHECK(compiled.ok());
  REQUIRE(compiled.files.size() == 2);
  CHECK(compiled.sources.file(compiled.files[0]).path().ends_with("icp/a.icp"));
  CHECK(compiled.sources.file(compiled.files[1]).path().ends_with("icp/b.icp"));

  const std::vector<fs::path> empty{folder.root / "none"};
  fs::create_directories(folder.root / "none");
  const compiler::Compilation nothing = compiler::compile_files(empty, fixed_options());
  REQUIRE(nothing.failures.size() == 1);
  CHECK(nothing.failures[0].message == "no `.icp` files to check");
  CHECK(compiler::render_failure(nothing.failures[0], false) == "error: no `.icp` files to check\n");

  const std::vector<fs::path> missing{folder.root / "icp", "no-such-profile.icp"};
  const compiler::Compilation unread = compiler::compile_files(missing, fixed_options());
  CHECK(unread.files.empty());
  REQUIRE(unread.failures.size() == 1);
  CHECK(unread.failures[0].message == "cannot read `no-such-profile.icp`: no such file or folder");
  CHECK_FALSE(unread.ok());
}

TEST_CASE("a project: icp.toml's files, and a failure drawn at the entry that matches nothing") {
  TempFolder folder;
  folder.file("icp/clean.icp", kClean);
  const fs::path manifest_path = folder.file("icp.toml", "files = [\"icp/*.icp\", \"extra/*.icp\"]\n");
  std::vector<compiler::Failure> failures;
  compiler::Project project;
  project.manifest = compiler::read_manifest(manifest_path, failures);
  REQUIRE(project.manifest.has_value());
  CHECK(failures.empty());
  const compiler::Compilation compiled = compiler::compile_project(project, fixed_options());
  REQUIRE(compiled.failures.size() == 1);
  const compiler::Failure& entry = compiled.failures[0];
  CHECK(entry.message == "`extra/*.icp` matches no file");
  CHECK(entry.begin.line == 1);
  CHECK(entry.begin.column == 23);
  REQUIRE(entry.source != nullptr);
  CHECK(compiler::render_failure(entry, false).find("^^^^^^^^^^^^^") != std::string::npos);

  // The paths given replace `files`.
  project.paths = {folder.root / "icp" / "clean.icp"};
  const compiler::Compilation given = compiler::compile_project(project, fixed_options());
  CHECK(given.ok());
  CHECK(given.files.size() == 1);
}
