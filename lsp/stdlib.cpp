// Standard-library members for hover and completion (stdlib.hpp). Input: the embedded
// module texts. Output: each module's `let`s with their comments, parsed once and kept.
#include "lsp/stdlib.hpp"

#include <map>
#include <variant>

#include "compiler/check/reference_data.hpp"
#include "grammar/parse.hpp"

namespace icp::lsp {
namespace {

// The comment lines that end just before `offset`'s line, joined into one paragraph.
std::string comment_above(std::string_view text, std::size_t offset) {
  std::vector<std::string_view> lines;
  std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  while (line_start != std::string_view::npos && line_start > 0) {
    const std::size_t previous = text.rfind('\n', line_start - 1);
    const std::size_t begin = previous == std::string_view::npos ? 0 : previous + 1;
    std::string_view line = text.substr(begin, line_start - begin);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() != '#') break;
    line.remove_prefix(1);
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    lines.insert(lines.begin(), line);
    line_start = previous;
  }
  std::string out;
  for (const std::string_view line : lines) out += (out.empty() ? "" : " ") + std::string(line);
  return out;
}

std::vector<StdlibMember> parse_module(std::string_view module) {
  std::vector<StdlibMember> members;
  const std::optional<std::string_view> source = reference::stdlib_module_source(module);
  if (!source) return members;
  SourceMap sources;
  const FileId file = sources.add(reference::stdlib_module_path(module), std::string(*source));
  DiagnosticSink sink;
  const syntax::SyntaxTree tree = grammar::parse(sources, file, sink);
  for (const syntax::Declaration& declaration : tree.declarations) {
    const auto* let = std::get_if<syntax::LetDecl>(&declaration);
    if (let == nullptr) continue;
    members.push_back(StdlibMember{"std." + std::string(module) + "." + let->name, comment_above(*source, let->span.begin),
                                   std::string(source->substr(let->span.begin, let->span.end - let->span.begin))});
  }
  return members;
}

}  // namespace

std::vector<std::string> stdlib_modules() {
  std::vector<std::string> names;
  for (const std::string_view name : reference::stdlib_module_names()) names.emplace_back(name);
  return names;
}

const std::vector<StdlibMember>& stdlib_members(std::string_view module) {
  static std::map<std::string, std::vector<StdlibMember>, std::less<>> parsed;
  auto it = parsed.find(module);
  if (it == parsed.end()) it = parsed.emplace(std::string(module), parse_module(module)).first;
  return it->second;
}

const StdlibMember* find_stdlib_member(std::string_view path) {
  if (!path.starts_with("std.")) return nullptr;
  const std::string_view rest = path.substr(4);
  const std::size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return nullptr;
  for (const StdlibMember& member : stdlib_members(rest.substr(0, dot))) {
    if (member.path == path) return &member;
  }
  return nullptr;
}

}  // namespace icp::lsp
