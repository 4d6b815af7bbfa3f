// The compile API for hosts: a profile's source (a text or a file, with an optional icp.toml)
// -> a sealed program ready to decide, or the diagnostics that say why there is none, both as
// structured values and rendered as `icpc check` prints them. Input: source and CompileOptions.
// Output: a CompileResult. No exception crosses it: every problem is a CompileDiagnostic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "icp/date.hpp"
#include "icp/export.h"
#include "icp/program.hpp"

namespace icp {

// One problem found while compiling: a diagnostic of the catalogue (docs/language.md) or a
// problem around it (a file that cannot be read, an invalid icp.toml), which has no code.
// Lines and columns are 1-based, columns counted in code points, as `icpc check --format json`.
struct CompileDiagnostic {
  enum class Severity : std::uint8_t { error, warning };

  std::string file;  // the path as given (a test file or icp.toml when it is about one); may be empty
  std::uint32_t line = 0;  // 0 when the problem has no position (then column, end_* are 0 too)
  std::uint32_t column = 0;
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;
  Severity severity = Severity::error;
  std::string code;     // "E0210"; empty for a problem outside the catalogue
  std::string message;  // lowercase, no final period, names in backticks
  std::string help;     // the suggested fix; empty when there is none
};

struct CompileOptions {
  // An icp.toml whose `today`, `max_profiles` and `[lints]` levels apply, and whose `tests`
  // are run against the profile (a failing case is E0601, a malformed test file E0602).
  // Its `files` are not read: the profile compiled is the one given. Empty: no manifest.
  std::string manifest;
  // The date `reviewed` is compared with (W0101). Unset: icp.toml's `today`, else the system
  // clock's date in UTC.
  std::optional<Date> today;
  bool deny_warnings = false;  // every warning not allowed by icp.toml is an error
  bool color = false;          // `rendered` with ANSI colours, for a terminal
};

struct CompileResult {
  // Present exactly when there is no error (warnings may remain): lowered, verified and
  // prepared, its id set, ready for a Session.
  std::optional<Program> program;
  // Sorted by file and position; problems around the profile (an unreadable file) last.
  std::vector<CompileDiagnostic> diagnostics;
  // The same diagnostics as `icpc check` draws them, source lines and carets included;
  // empty when there are none.
  std::string rendered;

  bool ok() const { return program.has_value(); }
  ICP_API std::size_t count(CompileDiagnostic::Severity severity) const;
};

// Compiles a profile held in memory. `name` is the path its diagnostics print ("<string>",
// "profiles/smb.icp"); a manifest's `tests` find the profile by it.
ICP_API CompileResult compile_source(std::string_view source, std::string_view name, const CompileOptions& options = {});

// Compiles the profile file at `path` (printed as written). A file that cannot be read, or
// is larger than the language allows, is reported as a diagnostic, never thrown.
ICP_API CompileResult compile_file(const std::string& path, const CompileOptions& options = {});

}  // namespace icp
