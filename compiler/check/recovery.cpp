// Stage 2, check: checking what parsed in a file with syntax errors, so that a typo on
// line 3 does not hide a type error on line 40. Input: a SyntaxTree with holes. Output:
// diagnostics of the declarations that parsed, minus the echoes of the holes.
#include "compiler/check/recovery.hpp"

#include <algorithm>
#include <iterator>
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

bool is_echo(const Diagnostic& d, std::string_view text, const std::set<std::string, std::less<>>& words,
             bool route_recovered) {
  switch (d.code) {
    // What the file lacks cannot be told while part of it was not read.
    case DiagnosticCode::E0101:
    case DiagnosticCode::E0401:
    case DiagnosticCode::E0405:
      return true;
    case DiagnosticCode::E0403:  // the `else` may be the rule that did not parse
      return route_recovered;
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

// Whether a sorted list of offsets has one in [begin, end).
bool any_within(const std::vector<std::uint32_t>& sorted, std::uint32_t begin, std::uint32_t end) {
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), begin);
  return it != sorted.end() && *it < end;
}

// Whether `offset` lies in one of `holes`, which are in file order and do not overlap.
bool in_a_hole(const std::vector<Span>& holes, std::uint32_t offset) {
  const auto after = std::upper_bound(holes.begin(), holes.end(), offset,
                                      [](std::uint32_t at, const Span& hole) { return at < hole.begin; });
  return after != holes.begin() && offset < std::prev(after)->end;
}

// The declarations worth checking: none that starts in skipped text, and none that holds a
// parse error (a malformed literal becomes a placeholder value whose checks would only echo
// it). The spans of the others join the holes. Binary searches keep a file with thousands of
// errors and declarations fast.
syntax::SyntaxTree readable_part(const syntax::SyntaxTree& tree, const DiagnosticSink& parsed,
                                 std::vector<Span>& holes) {
  std::vector<std::uint32_t> errors;
  for (const Diagnostic& d : parsed.diagnostics()) {
    if (d.span.file == tree.file && d.severity == Severity::error) errors.push_back(d.span.begin);
  }
  std::sort(errors.begin(), errors.end());
  syntax::SyntaxTree readable;
  readable.file = tree.file;
  readable.exprs = tree.exprs;
  holes = tree.unparsed;
  for (const syntax::Declaration& declaration : tree.declarations) {
    const Span span = std::visit([](const auto& d) { return d.span; }, declaration);
    // A route recovered around errors (grammar/parse.cpp): its rules that hold no error.
    const auto* route = std::get_if<syntax::RouteDecl>(&declaration);
    if (route != nullptr && route->recovered) {
      syntax::RouteDecl kept{{}, route->span, true};
      for (const syntax::RouteRule& rule : route->rules) {
        if (!any_within(errors, rule.span.begin, rule.span.end)) kept.rules.push_back(rule);
      }
      readable.declarations.emplace_back(std::move(kept));
    } else if (in_a_hole(tree.unparsed, span.begin) || any_within(errors, span.begin, span.end)) {
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
  const bool route_recovered = std::any_of(readable.declarations.begin(), readable.declarations.end(), [](const auto& d) {
    const auto* route = std::get_if<syntax::RouteDecl>(&d);
    return route != nullptr && route->recovered;
  });
  for (Diagnostic& d : checked.diagnostics()) {
    // A stdlib module's own diagnostics name other files; they are never echoes of this one.
    if (d.span.file == tree.file && is_echo(d, text, words, route_recovered)) continue;
    sink.diagnostics().push_back(std::move(d));
  }
}

}  // namespace icp::check
