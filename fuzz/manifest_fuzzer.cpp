// Fuzz harness for `icp.toml`, as `icpc check`, `fmt` and `test` read it: the bytes are the
// manifest. Each error renders with its caret as `icpc check` prints it; a manifest that
// parses has its globs matched against sample paths and its lint levels applied to a real
// profile's diagnostics. The file system is left alone (no resolve_files: a glob such as
// `../**` would walk the machine, which is the user's choice, not a bug).
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/compile/compile.hpp"
#include "compiler/project/manifest.hpp"
#include "compiler/render/render.hpp"
#include "fuzz/fuzz_support.hpp"

namespace icp::fuzz {
namespace {

constexpr std::string_view kSamplePaths[] = {
    "icp/starter.icp", "a/b/c/d.icp", "x.test.toml", "icp/nested/deep/file.icp", ".hidden/x.icp", "",
    "weird name/ü.icp",
};

void render_errors(const std::vector<manifest::Error>& errors, const std::string& text) {
  for (const manifest::Error& error : errors) {
    if (error.begin.line == 0) continue;  // printed as a plain line
    const SourceFile file(error.path, text);
    render::render_error_at(file, error.begin, error.end, error.message, error.help, /*color=*/true);
  }
}

void match_samples(const std::vector<manifest::Entry>& entries) {
  for (const manifest::Entry& entry : entries) {
    for (std::string_view path : kSamplePaths) manifest::glob_match(entry.text, path);
    manifest::glob_match(entry.text, entry.text);
  }
}

void use(const manifest::Manifest& manifest) {
  match_samples(manifest.tests);
  if (manifest.files) match_samples(*manifest.files);
  // `icpc check` with this manifest: its lint levels, profile limit and today.
  static const std::string profile = read_source_file("tests/cli/fixtures/warning.icp");
  project::Options options;
  options.today = manifest.today.value_or(fixed_as_of());
  options.max_profiles = manifest.max_profiles;
  options.lints = manifest.lints;
  const compiler::Compilation result = compiler::compile_inputs({project::Input{"icp/warning.icp", profile}}, options);
  render::render_text(result.sources, result.diagnostics, /*color=*/false);
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icp;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<manifest::Error> errors;
  const std::optional<manifest::Manifest> parsed = manifest::parse(text, "project/icp.toml", errors);
  ICP_FUZZ_CHECK(parsed.has_value() == errors.empty(), "a manifest is refused exactly when it has errors");
  fuzz::render_errors(errors, text);
  if (parsed) fuzz::use(*parsed);
  return 0;
}
