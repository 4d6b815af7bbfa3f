// Golden-file tests of the compiler stages (after Carbon's autoupdated file tests).
// Input: tests/golden/<area>/<name>.icp (or a <name>.project/ folder of files checked
// together). Output: each stage's dump compared with the files beside it:
//   <name>.diag.txt    the rendered diagnostics, carets included (always)
//   <name>.syntax.txt  `icpc dump syntax` (when present, or for new cases under syntax/)
//   <name>.ir.txt      `icpc dump ir` (when present, or for new cases under ir/)
//   <name>.fmt.txt     `icpc fmt` of the input (when present, or for new cases under fmt/)
// `--update` rewrites the expectations; review happens in the diff. `--coverage` fails
// when a code of diagnostics.def has no golden case.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "compiler/format/format.hpp"
#include "compiler/check/ir.hpp"
#include "compiler/compile/compile_project.hpp"
#include "compiler/compile/failure_diagnostics.hpp"
#include "compiler/render/render.hpp"
#include "grammar/parse.hpp"

namespace fs = std::filesystem;
using namespace icp;

namespace {

// Golden runs are reproducible: "today" is fixed, never the clock.
constexpr int kTodayYear = 2026, kTodayMonth = 11, kTodayDay = 23;

std::optional<std::string> read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

struct Case {
  fs::path input;      // a .icp file or a .project folder
  std::string name;    // path relative to the golden root, without extension
};

std::vector<Case> find_cases(const fs::path& root) {
  std::vector<Case> cases;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const fs::path& path = it->path();
    if (it->is_directory() && path.extension() == ".project") {
      cases.push_back({path, fs::relative(path, root).replace_extension().generic_string()});
      it.disable_recursion_pending();
    } else if (it->is_regular_file() && path.extension() == ".icp") {
      cases.push_back({path, fs::relative(path, root).replace_extension().generic_string()});
    }
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

std::vector<project::Input> inputs_of(const Case& c, const fs::path& root) {
  std::vector<project::Input> inputs;
  std::vector<fs::path> files;
  if (fs::is_directory(c.input)) {
    for (const auto& entry : fs::directory_iterator(c.input)) {
      if (entry.path().extension() == ".icp") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(c.input);
  }
  for (const auto& file : files) {
    inputs.push_back({fs::relative(file, root).generic_string(), read(file).value_or("")});
  }
  return inputs;
}

class Runner {
 public:
  Runner(fs::path root, bool update) : root_(std::move(root)), update_(update) {}

  int run_all();
  int coverage();

 private:
  bool run(const Case& c);
  bool compare(const fs::path& expected_path, const std::string& actual, bool wanted, const std::string& what);
  bool check_expect_annotations(const std::vector<project::Input>& inputs, const compiler::Compilation& result);

  fs::path root_;
  bool update_;
  std::vector<std::string> failures_;
};

bool Runner::compare(const fs::path& expected_path, const std::string& actual, bool wanted, const std::string& what) {
  const bool exists = fs::exists(expected_path);
  if (!exists && !wanted) return true;
  if (update_) {
    write(expected_path, actual);
    return true;
  }
  const auto expected = read(expected_path);
  if (!expected) {
    failures_.push_back(fmt::format("{}: missing {} (run with --update)", expected_path.generic_string(), what));
    return false;
  }
  if (*expected == actual) return true;
  failures_.push_back(fmt::format("{}: {} differs\n--- expected\n{}--- actual\n{}", expected_path.generic_string(),
                                  what, *expected, actual));
  return false;
}

// `# expect: E0210` on a line demands a diagnostic of that code on that line.
bool Runner::check_expect_annotations(const std::vector<project::Input>& inputs,
                                      const compiler::Compilation& result) {
  static const std::regex kExpect(R"(#\s*expect:\s*([EW][0-9]{4}))");
  bool ok = true;
  for (std::size_t f = 0; f < inputs.size(); ++f) {
    std::istringstream lines(inputs[f].text);
    std::string line;
    for (std::uint32_t number = 1; std::getline(lines, line); ++number) {
      std::smatch match;
      if (!std::regex_search(line, match, kExpect)) continue;
      const std::string code = match[1];
      const bool found = std::any_of(result.diagnostics.begin(), result.diagnostics.end(), [&](const Diagnostic& d) {
        const auto& file = result.sources.file(d.span.file);
        return file.path() == inputs[f].path && info(d.code).name == code &&
               file.line_col(d.span.begin).line == number;
      });
      if (!found) {
        failures_.push_back(fmt::format("{}:{}: expected a diagnostic {} on this line", inputs[f].path, number, code));
        ok = false;
      }
    }
  }
  return ok;
}

// A .project folder is compiled as `icpc check` compiles a project (compile_project): its
// icp.toml's lint levels, `max_profiles` and decision tests (E0601, E0602) apply; an icp.toml
// that cannot be used is E0701. The
// current folder is the golden root, so paths print relative to it, as the files' are.
compiler::Compilation compile_project_case(const Case& c, const fs::path& root, const project::Options& options) {
  const fs::path folder = fs::relative(c.input, root);
  compiler::Project project;
  if (fs::exists(c.input / "icp.toml")) {
    std::vector<compiler::Failure> failures;
    project.manifest = compiler::read_manifest(folder / "icp.toml", failures);
    if (!project.manifest) {
      // As `icpc check --format json|sarif|github` gives it: an E0701 diagnostic.
      compiler::Compilation failed;
      compiler::append_failure_diagnostics(failures, failed.sources, failed.diagnostics);
      return failed;
    }
  } else {
    project.paths.push_back(folder);
  }
  return compiler::compile_project(project, options);
}

// `# limit: max_bytes = 300` in a case lowers the parser's size limit for it, so that a
// small file can show what happens at the limit (E0008).
void apply_limit_annotations(const std::vector<project::Input>& inputs, project::Options& options) {
  static const std::regex kLimit(R"(#\s*limit:\s*max_bytes\s*=\s*([0-9]+))");
  for (const auto& input : inputs) {
    std::smatch match;
    if (std::regex_search(input.text, match, kLimit)) options.limits.max_bytes = std::stoul(match[1]);
  }
}

bool Runner::run(const Case& c) {
  const auto inputs = inputs_of(c, root_);
  project::Options options;
  options.today = date_from_civil(kTodayYear, kTodayMonth, kTodayDay);
  apply_limit_annotations(inputs, options);
  const compiler::Compilation result = fs::is_directory(c.input) ? compile_project_case(c, root_, options)
                                                                 : compiler::compile_inputs(inputs, options);
  const std::string diagnostics = render::render_text(result.sources, result.diagnostics, /*color=*/false);
  const fs::path base = root_ / c.name;
  bool ok = compare(base.string() + ".diag.txt", diagnostics, true, "diagnostics");
  const std::string leaf = fs::path(c.name).filename().string();
  if (leaf.starts_with("fail_") && result.count(Severity::error) == 0) {
    failures_.push_back(fmt::format("{}: a fail_ case must produce an error", c.name));
    ok = false;
  }
  if (!leaf.starts_with("fail_") && !leaf.starts_with("warn_") && !diagnostics.empty()) {
    failures_.push_back(fmt::format("{}: only fail_ and warn_ cases may produce diagnostics", c.name));
    ok = false;
  }
  // Every case that checks without errors also lowers and seals (the compile API does both),
  // and a project's files and tests are all found.
  for (const compiler::Failure& failure : result.failures) {
    failures_.push_back(fmt::format("{}: {}", c.name, failure.message));
    ok = false;
  }
  ok = check_expect_annotations(inputs, result) && ok;
  if (inputs.size() == 1) {
    const std::string area = fs::path(c.name).begin()->string();
    SourceMap sources;
    const FileId file = sources.add(inputs[0].path, inputs[0].text);
    DiagnosticSink sink;
    const auto tree = grammar::parse(sources, file, sink);
    ok = compare(base.string() + ".syntax.txt", grammar::dump_syntax(sources, tree), area == "syntax", "syntax dump") && ok;
    if (const format::Result formatted = format::format_source(inputs[0].path, inputs[0].text); formatted.text) {
      ok = compare(base.string() + ".fmt.txt", *formatted.text, area == "fmt", "formatted text") && ok;
    } else if (area == "fmt") {
      failures_.push_back(fmt::format("{}: a fmt/ case must parse", c.name));
      ok = false;
    }
    const bool want_ir = area == "ir";
    if (!result.checked.empty() && result.checked[0]) {  // empty: the project failed before checking
      ok = compare(base.string() + ".ir.txt", ir::dump_ir(result.sources, *result.checked[0]), want_ir, "IR dump") && ok;
    } else if (want_ir) {
      failures_.push_back(fmt::format("{}: an ir/ case must check without errors", c.name));
      ok = false;
    }
  }
  return ok;
}

int Runner::run_all() {
  std::size_t passed = 0, failed = 0;
  for (const auto& c : find_cases(root_)) {
    if (run(c)) {
      ++passed;
    } else {
      ++failed;
      std::cout << "FAIL " << c.name << "\n";
    }
  }
  for (const auto& failure : failures_) std::cout << failure << "\n";
  std::cout << fmt::format("golden: {} passed, {} failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}

int Runner::coverage() {
  std::set<std::string> seen;
  static const std::regex kCode(R"(\[([EW][0-9]{4})\])");
  for (const auto& entry : fs::recursive_directory_iterator(root_)) {
    if (!entry.is_regular_file() || !entry.path().string().ends_with(".diag.txt")) continue;
    const std::string text = read(entry.path()).value_or("");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kCode); it != std::sregex_iterator(); ++it) {
      seen.insert((*it)[1]);
    }
  }
  std::size_t missing = 0;
  for (const auto& d : all_diagnostics()) {
    if (seen.contains(std::string(d.name))) continue;
    std::cout << fmt::format("no golden case produces {} ({})\n", d.name, d.slug);
    ++missing;
  }
  std::cout << fmt::format("coverage: {} passed, {} failed\n", all_diagnostics().size() - missing, missing);
  return missing == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const bool update = std::find(args.begin(), args.end(), "--update") != args.end();
  const bool coverage = std::find(args.begin(), args.end(), "--coverage") != args.end();
  std::erase_if(args, [](const std::string& a) { return a.starts_with("--"); });
  if (args.size() != 1) {
    std::cerr << "usage: icp_golden GOLDEN_DIR [--update] [--coverage]\n";
    return 2;
  }
  // Project cases are compiled from the golden root, as `icpc check` runs in a project.
  const fs::path root = fs::absolute(args[0]);
  fs::current_path(root);
  Runner runner(root, update);
  return coverage ? runner.coverage() : runner.run_all();
}
