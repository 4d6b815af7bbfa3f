// icp.toml: every key read and validated, errors pointing at the line and column of the
// offending key or value, lint levels applied to diagnostics, globs over the project.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/project/manifest.hpp"
#include "compiler/project/project.hpp"

using namespace icp;
namespace fs = std::filesystem;

namespace {

struct Parsed {
  std::optional<manifest::Manifest> manifest;
  std::vector<manifest::Error> errors;
};

Parsed parse(std::string_view text) {
  Parsed parsed;
  parsed.manifest = manifest::parse(text, "proj/icp.toml", parsed.errors);
  return parsed;
}

// The one error a bad manifest gave.
manifest::Error only_error(std::string_view text) {
  const Parsed parsed = parse(text);
  CHECK_FALSE(parsed.manifest.has_value());
  REQUIRE(parsed.errors.size() == 1);
  return parsed.errors.front();
}

Diagnostic warning(DiagnosticCode code) {
  return Diagnostic{code, info(code).severity, Span{}, "message", {}, {}};
}

// A scratch folder tree, removed at the end of the test.
struct TempTree {
  fs::path root = fs::temp_directory_path() / fmt::format("icp-manifest-test-{}", ::getpid());
  TempTree() { fs::create_directories(root); }
  ~TempTree() { fs::remove_all(root); }
  void file(const std::string& relative) {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative) << "# test\n";
  }
};

}  // namespace

TEST_CASE("a full manifest") {
  const Parsed parsed = parse(
      "files = [\"icp/*.icp\", \"extra/one.icp\"]\n"
      "max_profiles = 5\n"
      "today = 2026-11-23\n"
      "as_of = \"2026-11-20\"\n"
      "tests = [\"tests/decisions/a.toml\"]\n"
      "[lints]\n"
      "unused-let = \"allow\"\n"
      "W0104 = \"deny\"\n"
      "review-overdue = \"warn\"\n");
  REQUIRE(parsed.errors.empty());
  REQUIRE(parsed.manifest.has_value());
  const manifest::Manifest& m = *parsed.manifest;
  CHECK(m.root == fs::path("proj"));
  REQUIRE(m.files.has_value());
  REQUIRE(m.files->size() == 2);
  CHECK(m.files->at(0).text == "icp/*.icp");
  CHECK(m.files->at(1).begin.line == 1);
  CHECK(m.files->at(1).begin.column == 23);
  CHECK(m.max_profiles == 5);
  REQUIRE(m.today.has_value());
  CHECK(format_date(*m.today) == "2026-11-23");
  REQUIRE(m.as_of.has_value());
  CHECK(format_date(*m.as_of) == "2026-11-20");
  REQUIRE(m.tests.size() == 1);
  CHECK(m.tests[0].text == "tests/decisions/a.toml");
  CHECK(m.lints.size() == 3);
  CHECK(m.lints.at(DiagnosticCode::W0103) == manifest::LintLevel::allow);
  CHECK(m.lints.at(DiagnosticCode::W0104) == manifest::LintLevel::deny);
  CHECK(m.lints.at(DiagnosticCode::W0101) == manifest::LintLevel::warn);
}

TEST_CASE("defaults, and today as a string") {
  const Parsed empty = parse("");
  REQUIRE(empty.manifest.has_value());
  CHECK_FALSE(empty.manifest->files.has_value());
  CHECK(empty.manifest->max_profiles == 3);
  CHECK_FALSE(empty.manifest->today.has_value());
  CHECK(empty.manifest->lints.empty());
  const Parsed text_date = parse("today = \"2026-02-28\"\n");
  REQUIRE(text_date.manifest.has_value());
  CHECK(format_date(*text_date.manifest->today) == "2026-02-28");
}

TEST_CASE("unknown keys are reported where they are, with a suggestion") {
  const manifest::Error error = only_error("max_profiles = 2\nfils = [\"a.icp\"]\n");
  CHECK(error.path == "proj/icp.toml");
  CHECK(error.begin.line == 2);
  CHECK(error.begin.column == 1);
  CHECK(error.message == "unknown key `fils` in icp.toml");
  CHECK(error.help == "did you mean `files`?");
}

TEST_CASE("bad values name what was expected, at the value") {
  manifest::Error error = only_error("max_profiles = \"3\"\n");
  CHECK(error.begin.line == 1);
  CHECK(error.begin.column == 16);
  CHECK(error.message == "`max_profiles` must be a whole number of at least 1, found a string");

  error = only_error("# comment\nmax_profiles = 0\n");
  CHECK(error.begin.line == 2);
  CHECK(error.message == "`max_profiles` must be a whole number of at least 1, found 0");

  error = only_error("today = \"2026-02-30\"\n");
  CHECK(error.begin.column == 9);
  CHECK(error.message == "`today` is not a date: `2026-02-30`");

  error = only_error("today = 12\n");
  CHECK(error.message == "`today` must be a date, found an integer");

  error = only_error("as_of = \"2026-02-30\"\n");
  CHECK(error.begin.column == 9);
  CHECK(error.message == "`as_of` is not a date: `2026-02-30`");
  CHECK(error.help == "write a calendar date as YYYY-MM-DD, e.g. `as_of = 2026-11-23`");

  error = only_error("as_of = [2026]\n");
  CHECK(error.message == "`as_of` must be a date, found an array");

  error = only_error("files = \"icp/*.icp\"\n");
  CHECK(error.message == "`files` must be an array of strings, found a string");

  error = only_error("files = [\"a.icp\", 3]\n");
  CHECK(error.begin.column == 19);
  CHECK(error.message == "`files` must hold non-empty strings, found an integer");
}

TEST_CASE("lint levels: unknown lints and levels, errors cannot be relaxed, no duplicates") {
  manifest::Error error = only_error("[lints]\nunused-lett = \"allow\"\n");
  CHECK(error.begin.line == 2);
  CHECK(error.begin.column == 1);
  CHECK(error.message == "unknown lint `unused-lett`");
  CHECK(error.help == "did you mean `unused-let`?");

  error = only_error("[lints]\nW0103 = \"warning\"\n");
  CHECK(error.begin.line == 2);
  CHECK(error.begin.column == 9);
  CHECK(error.message == "unknown lint level `warning`");
  CHECK(error.help == "use \"allow\", \"warn\" or \"deny\"");

  error = only_error("[lints]\nunknown-name = \"allow\"\n");
  CHECK(error.message == "`unknown-name` (E0210) is an error and cannot be set to `allow`");

  error = only_error("[lints]\nW0103 = true\n");
  CHECK(error.message == "a lint level must be a string, found a boolean");

  error = only_error("[lints]\nW0103 = \"allow\"\nunused-let = \"deny\"\n");
  CHECK(error.begin.line == 3);
  CHECK(error.message == "`W0103` and `unused-let` name the same lint");

  const Parsed deny_error = parse("[lints]\nE0210 = \"deny\"\n");
  CHECK(deny_error.errors.empty());
  CHECK(deny_error.manifest->lints.empty());
}

TEST_CASE("every problem is reported, in order; invalid TOML gives its position") {
  const Parsed parsed = parse("today = 1\nbogus = 2\n[lints]\nnope = \"allow\"\n");
  REQUIRE(parsed.errors.size() == 3);
  CHECK(parsed.errors[0].begin.line == 1);
  CHECK(parsed.errors[1].begin.line == 2);
  CHECK(parsed.errors[2].begin.line == 4);

  const manifest::Error error = only_error("files = [\"a.icp\"\nmax_profiles = 3\n");
  CHECK(error.begin.line == 2);
  CHECK(error.message.starts_with("invalid TOML: "));
}

TEST_CASE("apply_lint_levels: allow drops, deny promotes with a note, errors untouched") {
  project::Options options;
  options.lints[DiagnosticCode::W0103] = manifest::LintLevel::allow;
  options.lints[DiagnosticCode::W0104] = manifest::LintLevel::deny;
  std::vector<Diagnostic> ds = {warning(DiagnosticCode::W0103), warning(DiagnosticCode::W0104),
                                warning(DiagnosticCode::W0105), warning(DiagnosticCode::E0210)};
  project::apply_lint_levels(ds, options);
  REQUIRE(ds.size() == 3);
  CHECK(ds[0].code == DiagnosticCode::W0104);
  CHECK(ds[0].severity == Severity::error);
  REQUIRE(ds[0].notes.size() == 1);
  CHECK(ds[0].notes[0].message == "`unused-criterion` is set to \"deny\" in icp.toml");
  CHECK(ds[1].code == DiagnosticCode::W0105);
  CHECK(ds[1].severity == Severity::warning);
  CHECK(ds[2].severity == Severity::error);
  CHECK(ds[2].notes.empty());

  options.deny_warnings = true;
  std::vector<Diagnostic> denied = {warning(DiagnosticCode::W0103), warning(DiagnosticCode::W0105)};
  project::apply_lint_levels(denied, options);
  REQUIRE(denied.size() == 1);
  CHECK(denied[0].severity == Severity::error);
  CHECK(denied[0].notes[0].message == "`--deny warnings` turns warnings into errors");
}

TEST_CASE("glob_match") {
  CHECK(manifest::glob_match("icp/*.icp", "icp/a.icp"));
  CHECK_FALSE(manifest::glob_match("icp/*.icp", "icp/sub/a.icp"));
  CHECK_FALSE(manifest::glob_match("icp/*.icp", "icp/a.icp.bak"));
  CHECK(manifest::glob_match("icp/**/*.icp", "icp/a.icp"));
  CHECK(manifest::glob_match("icp/**/*.icp", "icp/x/y/a.icp"));
  CHECK(manifest::glob_match("**", "a/b/c"));
  CHECK(manifest::glob_match("a?.icp", "ab.icp"));
  CHECK_FALSE(manifest::glob_match("a?.icp", "a.icp"));
  CHECK(manifest::glob_match("*", "x.icp"));
}

TEST_CASE("resolve_files: globs are sorted, missing entries are errors at the entry") {
  TempTree tree;
  tree.file("icp/b.icp");
  tree.file("icp/a.icp");
  tree.file("icp/notes.md");
  tree.file("icp/.hidden/c.icp");
  tree.file("more/deep/d.icp");
  std::vector<manifest::Error> errors;
  const auto m = manifest::parse("files = [\"icp/*.icp\", \"more/**/*.icp\", \"more\"]\n", tree.root / "icp.toml", errors);
  REQUIRE(m.has_value());
  const std::vector<fs::path> paths = manifest::resolve_files(*m, errors);
  CHECK(errors.empty());
  REQUIRE(paths.size() == 4);
  CHECK(paths[0] == tree.root / "icp/a.icp");
  CHECK(paths[1] == tree.root / "icp/b.icp");
  CHECK(paths[2] == tree.root / "more/deep/d.icp");
  CHECK(paths[3] == tree.root / "more");

  const auto bad = manifest::parse("files = [\"nope.icp\", \"icp/*.txt\"]\n", tree.root / "icp.toml", errors);
  REQUIRE(bad.has_value());
  CHECK(manifest::resolve_files(*bad, errors).empty());
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].message == "`nope.icp` does not exist");
  CHECK(errors[0].begin.column == 10);
  CHECK(errors[1].message == "`icp/*.txt` matches no file");

  const auto none = manifest::parse("", tree.root / "icp.toml", errors);
  CHECK(manifest::resolve_files(*none, errors) == std::vector<fs::path>{tree.root});
  CHECK(manifest::find(tree.root / "icp") == std::nullopt);
  tree.file("icp.toml");
  CHECK(manifest::find(tree.root / "icp") == tree.root / "icp.toml");
}

TEST_CASE("[downstream]: targets and live profiles, each problem at its place, entries that name no profile") {
  const Parsed parsed = parse("[downstream]\nmin_targets = 5\nlive = [\"icp/*.icp\"]\n[downstream.targets]\n"
                              "salesforce = [\"icp/a.icp\"]\nlinkedin = [\"icp/*.icp\", \"icp/old.icp\"]\n");
  REQUIRE(parsed.manifest);
  const manifest::Downstream& downstream = *parsed.manifest->downstream;
  CHECK(downstream.min_targets == 5);
  REQUIRE(downstream.targets.size() == 2);
  CHECK(downstream.targets[0].name.text == "linkedin");  // toml++ keeps tables in key order
  CHECK(manifest::entry_names(downstream.targets[0].profiles[0], "icp/b.icp"));
  CHECK_FALSE(manifest::entry_names(downstream.targets[1].profiles[0], "icp/b.icp"));
  const std::vector<manifest::Error> unmatched =
      manifest::unmatched_downstream(*parsed.manifest, {"icp/a.icp", "icp/b.icp"});
  REQUIRE(unmatched.size() == 1);
  CHECK(unmatched[0].message == "`icp/old.icp` names no profile of the project");
  CHECK(unmatched[0].begin.line == 6);
  CHECK(unmatched[0].begin.column == 26);

  manifest::Error error = only_error("[downstream]\nmin_target = 5\n");
  CHECK(error.begin.line == 2);
  CHECK(error.message == "unknown key `min_target` in [downstream]");
  error = only_error("[downstream]\nmin_targets = -1\n");
  CHECK(error.message == "`min_targets` must be a whole number of at least 0");
  error = only_error("[downstream.targets]\nsalesforce = \"icp/a.icp\"\n");
  CHECK(error.begin.line == 2);
  CHECK(error.message.starts_with("`salesforce` must be an array of strings"));
}
