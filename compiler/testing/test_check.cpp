// Decision tests inside `icpc check`: parse each test file, find the compiled profile it
// names, run its cases and report each failure at the case's `[[case]]` line.
#include "compiler/testing/test_check.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "compiler/testing/test_file.hpp"
#include "compiler/testing/test_run.hpp"

namespace icp::decision_test {
namespace fs = std::filesystem;
namespace {

Span span_of(const SourceFile& file, FileId id, Region where) {
  if (where.begin.line == 0) return Span{id, 0, 0};
  const std::uint32_t begin = offset_of(file, where.begin);
  const std::uint32_t end = std::max(begin, offset_of(file, where.end));
  return Span{id, begin, end};
}

fs::path identity(const fs::path& base, const fs::path& path) {
  std::error_code ec;
  fs::path full = fs::weakly_canonical(base / path, ec);
  return ec ? (base / path).lexically_normal() : full;
}

// The project's programs, keyed by the file's real path.
class Programs {
 public:
  Programs(const fs::path& base, std::span<const ProfileUnderTest> profiles) : base_(base) {
    for (const ProfileUnderTest& profile : profiles) index_.emplace(identity(base, profile.path), profile.program);
  }
  // nullptr when the file is not in the project or has errors.
  const vm::Program* find(const fs::path& rules) const {
    const auto it = index_.find(identity(base_, rules));
    return it == index_.end() ? nullptr : it->second;
  }

 private:
  fs::path base_;
  std::map<fs::path, const vm::Program*> index_;
};

Diagnostic failure_of(const Case& test_case, const Outcome& outcome, const TestFile& file, const SourceFile& source,
                      FileId id) {
  const std::string help = fmt::format("run `icpc test {}` to see the decision's trace", file.path);
  if (outcome.status == Outcome::Status::rejected) {
    return Diagnostic{DiagnosticCode::E0601, Severity::error, span_of(source, id, outcome.rejection.where),
                      outcome.rejection.message,
                      outcome.rejection.help.empty() ? help : outcome.rejection.help, {}};
  }
  // The first mismatch goes into the message: GitHub annotations show no notes.
  const Mismatch& first = outcome.mismatches.front();
  Diagnostic d{DiagnosticCode::E0601, Severity::error, span_of(source, id, test_case.where),
               fmt::format("test case `{}` failed: {} expected {}, got {}", test_case.name, first.key, first.expected,
                           first.actual),
               help, {}};
  for (std::size_t i = 1; i < outcome.mismatches.size(); ++i) {
    const Mismatch& m = outcome.mismatches[i];
    d.notes.push_back(DiagnosticNote{std::nullopt, fmt::format("also {}: expected {}, got {}", m.key, m.expected, m.actual)});
  }
  return d;
}

}  // namespace

std::uint32_t offset_of(const SourceFile& file, LineCol position) {
  if (position.line == 0) return 0;
  if (position.line > file.line_count()) return static_cast<std::uint32_t>(file.text().size());
  const std::string_view line = file.line_text(position.line);
  std::size_t byte = 0;
  for (std::uint32_t column = 1; column < position.column && byte < line.size(); ++column) {
    const std::size_t length = utf8_sequence_length(line, byte);
    byte += length == 0 ? 1 : length;
  }
  return file.line_start(position.line) + static_cast<std::uint32_t>(std::min(byte, line.size()));
}

void check_tests(std::vector<project::Input> tests, const fs::path& base, std::span<const ProfileUnderTest> profiles,
                 SourceMap& sources, std::vector<Diagnostic>& diagnostics) {
  const Programs programs(base, profiles);
  std::vector<Diagnostic> found;
  for (project::Input& input : tests) {
    const std::string path = input.path;
    const FileId id = sources.add(input.path, std::move(input.text));
    const SourceFile& source = sources.file(id);
    std::vector<Error> errors;
    const std::optional<TestFile> file = parse(source.text(), path, errors);
    for (const Error& error : errors) {
      found.push_back(Diagnostic{error.code, Severity::error, span_of(source, id, error.where), error.message,
                                 error.help, {}});
    }
    if (!file) continue;
    const vm::Program* program = programs.find(file->rules);
    if (program == nullptr) continue;
    Runner runner(*program, base);
    for (const Case& test_case : file->cases) {
      const Outcome outcome = runner.run(*file, test_case);
      if (outcome.status != Outcome::Status::passed) found.push_back(failure_of(test_case, outcome, *file, source, id));
    }
  }
  DiagnosticSink sink;
  sink.diagnostics() = std::move(diagnostics);
  for (Diagnostic& d : found) sink.diagnostics().push_back(std::move(d));
  sink.sort();
  diagnostics = std::move(sink.diagnostics());
}

}  // namespace icp::decision_test
