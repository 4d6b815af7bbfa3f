// Rendering diagnostics: Diagnostic values + the SourceMap -> text for people (carets),
// JSON lines for scripts, SARIF 2.1.0 for code scanning, GitHub workflow commands for
// annotations. Producing diagnostics is the stages' job; nothing here decides what is wrong.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace icp::render {

enum class Format : std::uint8_t { text, json, sarif, github };

// Where a span is, in the numbers every format prints: 1-based lines, 1-based columns in
// code points, `end` just past the last character (equal to `begin` for an empty span).
// A zero-width span at the very end of a file that ends in a newline is moved to the end
// of the last line, so "unexpected end of file" points after the last token rather than
// at an empty line nobody can see in an editor.
struct Location {
  std::string_view path;
  LineCol begin;
  LineCol end;
};
Location locate(const SourceMap& sources, Span span);

// Tabs are drawn as this many spaces (rustc does the same), so carets line up whatever
// the reader's tab width. Every other code point counts as one column.
inline constexpr int kTabWidth = 4;

// One diagnostic, as compilers draw it, followed by a blank line:
//   path:line:col: error[E0210]: message
//      |
//   52 | source line
//      |      ^^^^^
//      = note: ...      (notes without a span)
//      = help: ...
// then each note with a span as its own `path:line:col: note: message` block.
// `color` adds ANSI escapes (bold red errors, yellow warnings, cyan gutter and help).
std::string render_text(const SourceMap& sources, const Diagnostic& diagnostic, bool color);
std::string render_text(const SourceMap& sources, std::span<const Diagnostic> diagnostics,
                        bool color);

// An error that has no code in the diagnostics table (a bad icp.toml), drawn the same way:
// `path:line:col: error: message` with the source line and carets from `begin` to `end`.
std::string render_error_at(const SourceFile& file, LineCol begin, LineCol end,
                            std::string_view message, std::string_view help, bool color);

// The last line of `icpc check`'s text output:
//   icpc: 2 errors, 1 warning in 3 files
//   icpc: 3 files checked, no problems
// The file count is the number of files checked, not the number with problems.
std::string summary_line(std::size_t errors, std::size_t warnings, std::size_t files,
                         bool color);

// One JSON object per line: file, line, col, end_line, end_col, severity, code, slug,
// message, help (null when none), notes (each: file, line, col, end_line, end_col —
// null when the note has no span — and message). Diagnostics are printed in the order
// given; callers sort them first.
std::string render_json(const SourceMap& sources, std::span<const Diagnostic> diagnostics);

// A SARIF 2.1.0 log with one run. Its rules are the whole diagnostics table (so ruleIndex
// is a code's position in diagnostics.def); columns are declared as unicodeCodePoints.
// With `source_root` (the repository's folder, absolute) and `working_folder` (where the
// paths in the diagnostics are relative to, absolute), every uri is relative to the
// repository, as code scanning resolves it, whatever folder icpc ran in; the root is given
// as %SRCROOT% in originalUriBaseIds. Without them, paths are written as they are printed.
// Each result carries partialFingerprints {"icpcDiagnostic/v1": …}: a hash of its rule, file,
// message and the flagged source text (not its line number), so a finding keeps its
// identity when lines above it move.
struct SarifTool {
  std::string_view version;          // "0.1.0"
  std::string_view information_uri;  // absolute URI of the project's home page
  std::string source_root = {};      // absolute; empty: none
  std::string working_folder = {};   // absolute; used with source_root
};
std::string render_sarif(const SourceMap& sources, std::span<const Diagnostic> diagnostics,
                         const SarifTool& tool);

// GitHub Actions workflow commands, one per line:
//   ::error file=F,line=L,col=C,endLine=L,endColumn=C,title=E0210::message
// Warnings use ::warning. Columns are given only for single-line spans (GitHub ignores
// them otherwise), and endColumn is inclusive, as GitHub's annotations are.
std::string render_github(const SourceMap& sources, std::span<const Diagnostic> diagnostics);

}  // namespace icp::render
