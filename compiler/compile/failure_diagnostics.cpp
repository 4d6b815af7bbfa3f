// Failures as E0701 diagnostics (failure_diagnostics.hpp).
#include "compiler/compile/failure_diagnostics.hpp"

#include <algorithm>

namespace icp::compiler {
namespace {

// The byte offset of a 1-based line and code-point column in `file`, clamped to the line.
std::uint32_t offset_of(const SourceFile& file, LineCol at) {
  if (at.line == 0 || file.line_count() == 0) return 0;
  const std::uint32_t line = std::min(at.line, file.line_count());
  const std::string_view text = file.line_text(line);
  std::uint32_t offset = 0;
  for (std::uint32_t column = 1; column < at.column && offset < text.size(); ++column) {
    offset += static_cast<std::uint32_t>(std::max<std::size_t>(1, utf8_sequence_length(text, offset)));
  }
  return file.line_start(line) + std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
}

}  // namespace

void append_failure_diagnostics(std::span<const Failure> failures, SourceMap& sources, std::vector<Diagnostic>& out) {
  for (const Failure& failure : failures) {
    const std::string path = failure.path.empty() ? "<project>" : failure.path;
    const bool positioned = failure.source != nullptr && failure.begin.line > 0;
    const FileId file = sources.add(path, positioned ? failure.source->text() : std::string());
    Span span{file, 0, 0};
    if (positioned) {
      const SourceFile& source = sources.file(file);
      span.begin = offset_of(source, failure.begin);
      span.end = std::max(span.begin, offset_of(source, failure.end));
    }
    out.push_back(Diagnostic{DiagnosticCode::E0701, Severity::error, span, failure.message, failure.help, {}});
  }
}

}  // namespace icp::compiler
