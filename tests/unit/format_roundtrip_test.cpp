// The formatter over every real input the project has: the examples, the stdlib modules
// and every golden test input. For each file that parses, formatting is idempotent and
// changes no meaning: the program id is the same before and after for files that check
// cleanly, and the diagnostics (code and message) are the same for files that do not.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "compiler/format/format.hpp"
#include "compiled_profile.hpp"
#include "compiler/format/unified_diff.hpp"
#include "runtime/format/artifact.hpp"

using namespace icp;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs() {
  std::vector<fs::path> files;
  for (const char* folder : {"examples", "stdlib", "tests/golden"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(ICP_SOURCE_DIR) / folder)) {
      if (entry.is_regular_file() && entry.path().extension() == ".icp") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The program id when the text checks without errors, else "" with the diagnostics.
std::string meaning(const std::string& path, const std::string& text, std::vector<std::string>& diagnostics) {
  const compiler::Compilation result = test_support::compile_text(path, text);
  for (const Diagnostic& d : result.diagnostics) {
    diagnostics.push_back(fmt::format("{} {}", info(d.code).name, d.message));
  }
  std::sort(diagnostics.begin(), diagnostics.end());
  CHECK(result.failures.empty());
  return result.programs.at(0) ? result.programs[0]->id : "";
}

}  // namespace

TEST_CASE("format round trip: idempotent, same program id, same diagnostics") {
  std::size_t formatted = 0, refused = 0, with_id = 0;
  for (const fs::path& file : inputs()) {
    const std::string path = fs::relative(file, ICP_SOURCE_DIR).generic_string();
    CAPTURE(path);
    const std::string text = read(file);
    const format::Result once = format::format_source(path, text);
    if (!once.text) {
      CHECK_FALSE(once.diagnostics.empty());  // refused only for syntax errors
      ++refused;
      continue;
    }
    ++formatted;
    const format::Result twice = format::format_source(path, *once.text);
    REQUIRE(twice.text.has_value());
    INFO(diff::unified_diff(*once.text, *twice.text, "a/once", "b/twice"));
    CHECK(*twice.text == *once.text);

    std::vector<std::string> before, after;
    const std::string id_before = meaning(path, text, before);
    const std::string id_after = meaning(path, *once.text, after);
    CHECK(id_after == id_before);
    CHECK(after == before);
    if (!id_before.empty()) ++with_id;
  }
  MESSAGE(fmt::format("{} files formatted ({} with a program id), {} refused for syntax errors", formatted, with_id,
                      refused));
  CHECK(formatted >= 75);
  CHECK(with_id >= 25);
  CHECK(refused >= 10);
}
