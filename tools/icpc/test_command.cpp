// `icpc test [PATH...] [--coverage]`: runs decision test files (docs/testing.md). Input:
// test files found by test_discovery. Output: each failing case with expected vs actual
// and the explain trace of its account on stdout, the summary line
// `icpc test: N passed, M failed (K files)`, and exit 0, 1 (a case failed, or coverage is
// incomplete with --coverage) or 2 (usage error, unreadable or malformed test file).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "analysis/explain/explain_report.hpp"
#include "compiler/compile/compile_project.hpp"
#include "compiler/render/escape.hpp"
#include "compiler/render/render.hpp"
#include "compiler/testing/test_file.hpp"
#include "compiler/testing/test_run.hpp"
#include "runtime/input/future_event.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/eval_support.hpp"
#include "tools/icpc/junit_report.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/read_text.hpp"
#include "tools/icpc/rules_source.hpp"
#include "tools/icpc/test_discovery.hpp"

namespace icp::cli {
namespace {
namespace fs = std::filesystem;
namespace dt = decision_test;

struct TestOptions {
  std::vector<std::string> paths;
  bool coverage = false;
  std::string format = "text";  // text, or junit (JUnit XML on stdout, for CI dashboards)
  std::string color = "auto";
  std::string manifest;
};

// One profile under test, loaded once however many test files name it.
struct Profile {
  std::string path;               // as first named
  std::optional<Rules> rules;     // nullopt: it has errors (already printed)
  std::unique_ptr<dt::Coverage> coverage;
};

struct Totals {
  std::size_t passed = 0, failed = 0, files = 0;
  bool bad_input = false;  // a usage error or malformed test file: exit 2
  // Cases whose account has signal events after the case's as_of, and the first of them.
  std::size_t future_cases = 0;
  FutureEvent first_future;
  std::string first_future_case;  // "FILE:LINE case `name`"
};

// A case's account with an event after its as_of: counted for the warning, the first kept.
void note_future(const std::string& path, const dt::Case& c, const dt::Outcome& outcome, const vm::Schema& schema,
                 Totals& totals) {
  if (outcome.status == dt::Outcome::Status::rejected || outcome.record.first_future_event() < 0) return;
  if (totals.future_cases++ > 0) return;
  vm::describe_future_event(outcome.record, schema, outcome.decision.as_of, c.where.begin.line, totals.first_future);
  totals.first_future_case = fmt::format("{}:{} case `{}`", path, c.where.begin.line, c.name);
}

std::string file_errors_text(const std::vector<dt::Error>& errors, const std::string& text, bool color) {
  std::string out;
  for (const dt::Error& error : errors) {
    if (error.where.begin.line == 0) {
      out += fmt::format("{}: error: {}\n", escape::text(error.path), escape::text(error.message));
      continue;
    }
    const SourceFile file(error.path, text);
    out += render::render_error_at(file, error.where.begin, error.where.end, error.message, error.help, color);
  }
  return out;
}

// A malformed test file's errors, on stderr (in every format: stdout may hold JUnit XML).
void print_file_errors(const std::vector<dt::Error>& errors, const std::string& text, bool color) {
  fmt::print(stderr, "{}", file_errors_text(errors, text, color));
}

std::string indent(std::string_view text, std::string_view prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    out += line.empty() ? "\n" : fmt::format("{}{}\n", prefix, line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// The failing case: where it is, each mismatch as expected vs actual, then the trace.
std::string failure_text(const dt::TestFile& file, const dt::Case& c, const dt::Outcome& outcome, const Rules& rules,
                         bool color) {
  std::string out = fmt::format("FAIL {}:{}: case `{}`\n", escape::text(file.path), c.where.begin.line, escape::text(c.name));
  // Keys and values come from the test file and the decision: escaped before measuring.
  std::vector<dt::Mismatch> shown;
  std::size_t width = std::string_view("field").size();
  std::size_t expected_width = std::string_view("expected").size();
  for (const dt::Mismatch& m : outcome.mismatches) {
    shown.push_back({escape::text(m.key), escape::text(m.expected), escape::text(m.actual)});
    width = std::max(width, shown.back().key.size());
    expected_width = std::max(expected_width, shown.back().expected.size());
  }
  out += fmt::format("  {:<{}}  {:<{}}  actual\n", "field", width, "expected", expected_width);
  for (const dt::Mismatch& m : shown) {
    out += fmt::format("  {:<{}}  {:<{}}  {}\n", m.key, width, m.expected, expected_width, m.actual);
  }
  const std::string trace = analysis::explain_report(rules.program, outcome.record, outcome.decision, color);
  out += fmt::format("\n  trace:\n{}\n", indent(trace, "    "));
  return out;
}

// The first mismatch in a line, for JUnit's `message` attribute.
std::string first_mismatch(const dt::Outcome& outcome) {
  if (outcome.mismatches.empty()) return "the decision differs";
  const dt::Mismatch& m = outcome.mismatches.front();
  return fmt::format("{}: expected {}, actual {}", m.key, m.expected, m.actual);
}

// Loads the profile a test file names (once per profile). Returns nullptr, after
// reporting, when it does not exist: the test file is bad.
Profile* profile_for(const dt::TestFile& file, const std::string& text, std::vector<Profile>& profiles,
                     const TestOptions& options) {
  for (Profile& profile : profiles) {
    if (same_file(profile.path, file.rules)) return &profile;
  }
  const std::string path = file.rules.generic_string();
  std::error_code ec;
  if (!fs::is_regular_file(file.rules, ec)) {
    const bool named = file.rules_where.begin.line != 0;
    print_file_errors({dt::Error{file.path, named ? file.rules_where : dt::Region{{1, 1}, {1, 1}},
                                 fmt::format("the profile under test, `{}`, does not exist", path),
                                 named ? "`rules` is relative to the test file"
                                       : "name it with `rules = \"x.icp\"` at the top of the test file"}},
                      text, use_color(options.color, false));
    return nullptr;
  }
  int exit_code = kExitClean;
  profiles.push_back(Profile{path, load_rules(path, options.color, /*show_warnings=*/false, exit_code), nullptr});
  // Only now, in its final place: the coverage keeps a reference to the program.
  Profile& profile = profiles.back();
  if (profile.rules) profile.coverage = std::make_unique<dt::Coverage>(profile.rules->program);
  return &profile;
}

void run_file(const std::string& path, const TestOptions& options, std::vector<Profile>& profiles, Totals& totals,
              junit::Report& report) {
  junit::Suite& suite = report.suites.emplace_back(junit::Suite{path, {}});
  const std::optional<std::string> text = read_text(path);
  if (!text) {
    print_error(fmt::format("cannot read `{}`", path));
    suite.cases.push_back({"(test file)", path, 0, junit::Outcome::error, fmt::format("cannot read `{}`", path), ""});
    totals.bad_input = true;
    return;
  }
  std::vector<dt::Error> errors;
  const std::optional<dt::TestFile> file = dt::parse(*text, path, errors);
  print_file_errors(errors, *text, use_color(options.color, false));
  Profile* profile = file ? profile_for(*file, *text, profiles, options) : nullptr;
  if (!profile) {
    const std::string message = errors.empty() ? "the profile under test cannot be found" : errors.front().message;
    suite.cases.push_back({"(test file)", path, 0, junit::Outcome::error, message, file_errors_text(errors, *text, false)});
    totals.bad_input = true;
    return;
  }
  ++totals.files;
  const bool junit = options.format == "junit";
  if (!profile->rules) {  // the profile has errors: none of its cases can pass
    totals.failed += file->cases.size();
    const std::string message = fmt::format("{} cases not run, `{}` has errors", file->cases.size(), profile->path);
    if (!junit) fmt::print("FAIL {}: {}\n", escape::text(path), escape::text(message));
    for (const dt::Case& c : file->cases) {
      suite.cases.push_back({c.name, path, c.where.begin.line, junit::Outcome::error, message, ""});
    }
    return;
  }
  dt::Runner runner(profile->rules->program, {});
  const bool color = !junit && use_color(options.color, true);
  std::size_t failed = 0;
  std::string shown;
  for (const dt::Case& c : file->cases) {
    const dt::Outcome outcome = runner.run(*file, c);
    note_future(path, c, outcome, profile->rules->program.schema, totals);
    if (outcome.status != dt::Outcome::Status::rejected) profile->coverage->add(outcome.decision);
    if (outcome.status == dt::Outcome::Status::passed) {
      suite.cases.push_back({c.name, path, c.where.begin.line, junit::Outcome::passed, "", ""});
      continue;
    }
    ++failed;
    std::string block;
    if (outcome.status == dt::Outcome::Status::failed) {
      block = failure_text(*file, c, outcome, *profile->rules, color);
      suite.cases.push_back({c.name, path, c.where.begin.line, junit::Outcome::failed, first_mismatch(outcome), block});
    } else {
      block = fmt::format("FAIL {}:{}: case `{}`\n{}", escape::text(path), c.where.begin.line, escape::text(c.name),
                          file_errors_text({outcome.rejection}, *text, color));
      suite.cases.push_back({c.name, path, c.where.begin.line, junit::Outcome::failed, outcome.rejection.message, block});
    }
    shown += block;
  }
  totals.passed += file->cases.size() - failed;
  totals.failed += failed;
  if (junit) return;
  const std::size_t count = file->cases.size();
  fmt::print("{}", shown);
  if (failed == 0) fmt::print("ok   {} ({} case{})\n", escape::text(path), count, count == 1 ? "" : "s");
  else fmt::print("FAIL {} ({} of {} case{} failed)\n", escape::text(path), failed, count, count == 1 ? "" : "s");
}

// Prints each profile's unreached tiers, exclusions and route rules; returns how many
// profiles are not fully covered.
std::size_t print_coverage(const std::vector<Profile>& profiles, std::FILE* stream) {
  std::vector<const Profile*> sorted;
  for (const Profile& profile : profiles) {
    if (profile.coverage) sorted.push_back(&profile);
  }
  std::sort(sorted.begin(), sorted.end(), [](const Profile* a, const Profile* b) { return a->path < b->path; });
  std::size_t incomplete = 0;
  for (const Profile* profile : sorted) {
    const std::vector<std::string> missing = profile->coverage->unreached();
    const std::size_t total = profile->coverage->total();
    fmt::print(stream, "coverage {}: {} of {} tiers, exclusions and route rules reached\n", escape::text(profile->path),
               total - missing.size(), total);
    for (const std::string& item : missing) fmt::print(stream, "  not reached: {}\n", escape::text(item));
    if (!missing.empty()) ++incomplete;
  }
  return incomplete;
}

bool load_manifest(const TestOptions& options, std::optional<manifest::Manifest>& manifest) {
  const std::optional<fs::path> path =
      options.manifest.empty() ? compiler::find_manifest() : std::optional(fs::path(options.manifest));
  if (!path) return true;
  std::vector<compiler::Failure> failures;
  std::optional<compiler::ProjectManifest> read = compiler::read_manifest(*path, failures);
  print_failures(failures, use_color(options.color, false));
  if (read) manifest = std::move(read->manifest);
  return manifest.has_value();
}

int run_test(const TestOptions& options) {
  std::vector<NamedFile> inputs{{"--manifest", options.manifest}};
  for (const std::string& path : options.paths) inputs.push_back({"the input", path});
  if (!outputs_apart_from_inputs(inputs, {})) return kExitUsage;
  std::optional<manifest::Manifest> manifest;
  if (!load_manifest(options, manifest)) return kExitUsage;
  const std::optional<std::vector<std::string>> files = discover_tests(options.paths, manifest);
  if (!files) return kExitUsage;
  if (files->empty()) {
    print_error("no test files found (`*.test.toml`, or icp.toml's `tests`)");
    return kExitUsage;
  }
  std::vector<Profile> profiles;
  profiles.reserve(files->size());  // profile_for hands out pointers into it
  Totals totals;
  junit::Report report;
  for (const std::string& path : *files) run_file(path, options, profiles, totals, report);
  const bool junit = options.format == "junit";
  warn_future_events(totals.future_cases, std::nullopt, totals.first_future, totals.first_future_case);
  const std::size_t incomplete = options.coverage ? print_coverage(profiles, junit ? stderr : stdout) : 0;
  const std::string summary =
      fmt::format("icpc test: {} passed, {} failed ({} file{}){}\n", totals.passed, totals.failed, totals.files,
                  totals.files == 1 ? "" : "s",
                  incomplete == 0 ? "" : fmt::format("; {} profile{} not fully covered", incomplete, incomplete == 1 ? "" : "s"));
  if (junit) {
    fmt::print("{}", junit::render(report));
    fmt::print(stderr, "{}", summary);  // for the person reading the log; stdout stays XML
  } else {
    fmt::print("{}", summary);
  }
  if (totals.bad_input) return kExitUsage;
  return totals.failed > 0 || incomplete > 0 ? kExitProblems : kExitClean;
}

}  // namespace

void add_test_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* test = app.add_subcommand("test", "Run decision tests: expected verdicts, tiers, scores and routes");
  test->add_option("path", options->paths,
                   "Test files (*.test.toml), profiles (the tests beside them) or folders; default: icp.toml's "
                   "`tests`, else every *.test.toml below the current folder")
      ->type_name("PATH");
  test->add_option("--format", options->format,
                   "Output: text (for people) or junit (JUnit XML on stdout for CI dashboards; the summary on stderr)")
      ->check(CLI::IsMember({"text", "junit"}).description(""))
      ->type_name("FORMAT")
      ->capture_default_str();
  test->add_flag("--coverage", options->coverage,
                 "Report the tiers, exclusions and route rules no case reached, and fail when there are any");
  add_color_option(*test, options->color, "Colour the output: auto, always or never");
  add_manifest_option(*test, options->manifest);
  test->footer("Exit codes:\n  0  every case passed\n  1  a case failed, a profile has errors, or (with "
               "--coverage) something was not reached\n  2  usage error, unreadable or malformed test file, or a failed write");
  test->callback([options, &exit_code] { exit_code = run_test(*options); });
}

}  // namespace icp::cli
