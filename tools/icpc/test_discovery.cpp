// Test file discovery for `icpc test`: PATHs, icp.toml's `tests`, or a folder walk.
#include "tools/icpc/test_discovery.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "compiler/project/project_walk.hpp"
#include "compiler/testing/test_file.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/read_text.hpp"

namespace icp::cli {
namespace fs = std::filesystem;
namespace {

std::string shown(const fs::path& path) {
  const fs::path relative = path.is_absolute() ? path.lexically_proximate(fs::current_path()) : path;
  return relative.lexically_normal().generic_string();
}

// Every *.test.toml in `folder`, or (recursive) of its project below it: project_files enters
// no hidden folder and no nested project (a folder with its own icp.toml is tested from there).
void walk(const fs::path& folder, bool recursive, std::vector<std::string>& found) {
  std::error_code ec;
  auto visit = [&](const fs::path& path) {
    if (decision_test::is_test_path(path.filename().string())) found.push_back(shown(path));
  };
  if (!recursive) {
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      if (entry.is_regular_file(ec)) visit(entry.path());
    }
    return;
  }
  for (const fs::path& path : project::project_files(folder, ec)) visit(path);
}

// The test files beside a profile that test it (by default stem or by their `rules`).
// A file that does not parse is kept: running it reports its errors.
void tests_of(const fs::path& rules, std::vector<std::string>& found) {
  std::vector<std::string> beside;
  const fs::path folder = rules.parent_path().empty() ? fs::path(".") : rules.parent_path();
  walk(folder, /*recursive=*/false, beside);
  for (const std::string& path : beside) {
    std::vector<decision_test::Error> errors;
    const std::optional<decision_test::TestFile> file =
        decision_test::parse(read_text(path).value_or(""), path, errors);
    const fs::path tested = file ? file->rules : decision_test::default_rules(path);
    if (same_file(tested, rules)) found.push_back(path);
  }
}

}  // namespace

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec_a, ec_b;
  const fs::path canonical_a = fs::weakly_canonical(a, ec_a);
  const fs::path canonical_b = fs::weakly_canonical(b, ec_b);
  if (ec_a || ec_b) return a.lexically_normal() == b.lexically_normal();
  return canonical_a == canonical_b;
}

std::optional<std::vector<std::string>> discover_tests(const std::vector<std::string>& paths,
                                                       const std::optional<manifest::Manifest>& manifest) {
  std::vector<std::string> found;
  if (paths.empty() && manifest && !manifest->tests.empty()) {
    std::vector<manifest::Error> errors;
    for (const fs::path& path : manifest::resolve_tests(*manifest, errors)) found.push_back(shown(path));
    for (const manifest::Error& error : errors) {
      print_error(fmt::format("{}:{}:{}: {}", error.path, error.begin.line, error.begin.column, error.message));
    }
    if (!errors.empty()) return std::nullopt;
  } else if (paths.empty()) {
    walk(".", /*recursive=*/true, found);
  }
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      walk(path, /*recursive=*/true, found);
    } else if (!fs::exists(path, ec)) {
      print_error(fmt::format("`{}` does not exist", path));
      return std::nullopt;
    } else if (decision_test::is_test_path(path)) {
      found.push_back(shown(path));
    } else {
      const std::size_t before = found.size();
      tests_of(path, found);
      if (found.size() == before) {
        print_error(fmt::format("no test file beside `{}` tests it", path));
        return std::nullopt;
      }
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

}  // namespace icp::cli
