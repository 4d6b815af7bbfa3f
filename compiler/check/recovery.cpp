// Stage 2, check: checking what parsed in a file with syntax errors, so that a typo on
// line 3 does not hide a type error on line 40. Input: a SyntaxTree with holes. Output:
// diagnostics of the declarations that parsed, minus the echoes of the holes.
#include "compiler/check/recovery.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <variant>

namespace icp::check {
namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Every word of the skipped text: a declaration there may have declared any of them.
std::set<std::string, std::less<>> skipped_words(std::string_view text, const std::vector<Span>& unparsed) {
  std::set<std::string, std::less<>> words;
  for (const Span& span : unparsed) {
    const std::size_t end = std::min<std::size_t>(span.end, text.size());
    std::size_t i = std::min<std::size_t>(span.begin, end);
    while (i < end) {
      if (!is_word_char(text[i])) {
        ++i;
        continue;
      }
      const std::size_t start = i;
      while (i < end && is_word_char(text[i])) ++i;
      words.emplace(text.substr(start, i - start));
    }
  }
  return words;
}

bool names_a_skipped_word(std::string_view written, const std::set<std::string, std::less<>>& words) {
  std::size_t start = 0;
  while (start <= written.size()) {
    const std::size_t dot = std::min(written.find('.', start), written.size());
    if (words.contains(written.substr(start, dot - start))) return true;
    start = dot + 1;
  }
  return false;
}

bool is_echo(const Diagnostic& d, std::string_view text, const std::set<std::string, std::less<>>& words) {
  switch (d.code) {
    // What the file lacks cannot be told while part of it was not read.
    case DiagnosticCode::E0101:
    case DiagnosticCode::E0401:
    case DiagnosticCode::E0405:
      return true;
    case DiagnosticCode::E0210:
    case DiagnosticCode::E0211:
    case DiagnosticCode::E0212:
    case DiagnosticCode::E0213:
    case DiagnosticCode::E0218: {
      const std::size_t begin = std::min<std::size_t>(d.span.begin, text.size());
      const std::size_t end = std::clamp<std::size_t>(d.span.end, begin, text.size());
      return names_a_skipped_word(text.substr(begin, end - begin), words);
    }
    default:
      return false;
  }
}

bool contains(const Span& span, std::uint32_t offset) { return span.begin <= offset && offset < span.end; }

// The declarations worth checking: none that starts in skipped text, and none that holds a
// parse error (a malformed literal becomes a placeholder value whose checks would only echo it).
// The spans of the others join the holes.
syntax::SyntaxTree readable_part(const syntax::SyntaxTree& tree, const DiagnosticSink& parsed,
                                 std::vector<Span>& holes) {
  std::vector<std::uint32_t> errors;
  for (const Diagnostic& d : parsed.diagnostics()) {
    if (d.span.file == tree.file && d.severity == Severity::error) errors.push_back(d.span.begin);
  }
  syntax::SyntaxTree readable;
  readable.file = tree.file;
  readable.exprs = tree.exprs;
  holes = tree.unparsed;
  for (const syntax::Declaration& declaration : tree.declarations) {
    const Span span = std::visit([](const auto& d) { return d.span; }, declaration);
    const bool skipped = std::any_of(tree.unparsed.begin(), tree.unparsed.end(),
                                     [&](const Span& hole) { return contains(hole, span.begin); });
    const bool broken = std::any_of(errors.begin(), errors.end(), [&](std::uint32_t at) { return contains(span, at); });
    if (skipped || broken) {
      holes.push_back(span);
    } else {
      readable.declarations.push_back(declaration);
    }
  }
  return readable;
}

}  // namespace

void check_despite_syntax_errors(SourceMap& sources, ModuleCache& modules, const syntax::SyntaxTree& tree,
                                 DiagnosticSink& sink) {
  const bool unread = std::any_of(sink.diagnostics().begin(), sink.diagnostics().end(), [](const Diagnostic& d) {
    return d.code == DiagnosticCode::E0006 || d.code == DiagnosticCode::E0008;
  });
  if (unread) return;
  std::vector<Span> holes;
  const syntax::SyntaxTree readable = readable_part(tree, sink, holes);
  DiagnosticSink checked;
  (void)check(sources, modules, readable, checked);
  const std::string_view text = sources.file(tree.file).text();
  const auto words = skipped_words(text, holes);
  for (Diagnostic& d : checked.diagnostics()) {
    // A stdlib module's own diagnostics name other files; they are never echoes of this one.
    if (d.span.file == tree.file && is_echo(d, text, words)) continue;
    sink.diagnostics().push_back(std::move(d));
  }
}

}  // namespace icp::check
