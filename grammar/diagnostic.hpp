// Diagnostics as values: every stage reports into a DiagnosticSink; rendering
// (text, JSON, SARIF, GitHub annotations) is separate and lives in compiler/render.
// The code table is grammar/diagnostics.def, shared by all stages.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/source.hpp"

namespace icp {

enum class Severity : std::uint8_t { error, warning, note };

enum class DiagnosticCode : std::uint16_t {
#define ICP_DIAGNOSTIC(code, slug, severity, meaning) code,
#include "grammar/diagnostics.def"
#undef ICP_DIAGNOSTIC
};

struct DiagnosticInfo {
  DiagnosticCode code;
  std::string_view name;  // "E0210"
  std::string_view slug;  // "unknown-name"
  Severity severity;      // default severity; icp.toml may change warnings
  std::string_view meaning;
};

std::span<const DiagnosticInfo> all_diagnostics();
const DiagnosticInfo& info(DiagnosticCode code);
// Finds a code by its name ("W0103") or slug ("unused-let").
std::optional<DiagnosticCode> find_diagnostic(std::string_view name_or_slug);
std::string_view severity_name(Severity severity);

// A secondary location ("first declared here").
struct DiagnosticNote {
  std::optional<Span> span;
  std::string message;
};

struct Diagnostic {
  DiagnosticCode code;
  Severity severity;
  Span span;
  std::string message;  // lowercase, no final period, names in backticks
  std::string help;     // the fix, if one can be suggested; empty otherwise
  std::vector<DiagnosticNote> notes;
};

class DiagnosticSink {
 public:
  // Uses the code's default severity.
  Diagnostic& report(DiagnosticCode code, Span span, std::string message, std::string help = {});

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }
  bool has_errors() const;
  std::size_t count(Severity severity) const;
  void append(const DiagnosticSink& other);
  // Orders by file, position, then code, so output never depends on checking order.
  void sort();

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace icp
