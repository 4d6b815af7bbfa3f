// The diagnostic code table and the sink that collects diagnostics.
#include "grammar/diagnostic.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace icp {
namespace {

constexpr std::array kDiagnostics = {
#define ICP_DIAGNOSTIC(code, slug, severity, meaning) \
  DiagnosticInfo{DiagnosticCode::code, #code, slug, Severity::severity, meaning},
#include "grammar/diagnostics.def"
#undef ICP_DIAGNOSTIC
};

}  // namespace

std::span<const DiagnosticInfo> all_diagnostics() { return kDiagnostics; }

const DiagnosticInfo& info(DiagnosticCode code) {
  return kDiagnostics[static_cast<std::size_t>(code)];
}

std::optional<DiagnosticCode> find_diagnostic(std::string_view name_or_slug) {
  for (const auto& entry : kDiagnostics) {
    if (entry.name == name_or_slug || entry.slug == name_or_slug) return entry.code;
  }
  return std::nullopt;
}

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

Diagnostic& DiagnosticSink::report(DiagnosticCode code, Span span, std::string message,
                                   std::string help) {
  diagnostics_.push_back(
      Diagnostic{code, info(code).severity, span, std::move(message), std::move(help), {}});
  return diagnostics_.back();
}

bool DiagnosticSink::has_errors() const { return count(Severity::error) > 0; }

std::size_t DiagnosticSink::count(Severity severity) const {
  return static_cast<std::size_t>(std::count_if(
      diagnostics_.begin(), diagnostics_.end(),
      [severity](const Diagnostic& d) { return d.severity == severity; }));
}

void DiagnosticSink::append(const DiagnosticSink& other) {
  diagnostics_.insert(diagnostics_.end(), other.diagnostics_.begin(), other.diagnostics_.end());
}

void DiagnosticSink::sort() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tuple(a.span.file, a.span.begin, a.code) <
                            std::tuple(b.span.file, b.span.begin, b.code);
                   });
}

}  // namespace icp
