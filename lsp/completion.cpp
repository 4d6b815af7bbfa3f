// textDocument/completion: the names that may be written at a position. Input: the analysis
// and a position. Output: a CompletionList: roles inside has_role(...), signals inside
// count(...), the modules after `std.` and their members after `std.geo.`, else fields,
// lets, criteria, built-ins, functions and keywords; nothing inside a string or comment.
#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>

#include "compiler/render/json_writer.hpp"
#include "lsp/features.hpp"
#include "lsp/stdlib.hpp"
#include "runtime/base/utf8.hpp"

namespace icp::lsp {
namespace {

// LSP's CompletionItemKind values.
enum ItemKind : int {
  kFunction = 3, kField = 5, kVariable = 6, kClass = 7, kModule = 9, kValue = 12, kKeyword = 14, kEnumMember = 20,
  kConstant = 21, kEvent = 23
};

constexpr std::array<std::string_view, 12> kDeclarationKeywords = {
    "profile", "use", "account", "let", "signal", "bonus", "exclude", "criterion", "tier", "role", "route", "when"};
// `any` and `all` come as the functions (and after `has` as its modifiers).
constexpr std::array<std::string_view, 9> kExpressionKeywords = {"and", "or",   "not",   "in",    "between",
                                                                 "has", "true", "false", "within"};

bool is_word(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

struct Context {
  NameContext names = NameContext::value;
  bool nothing = false;       // in a comment or a string
  std::string path;           // the dotted path before the word: "std." or "std.geo."
  bool line_start = false;    // only blanks before the word: a declaration keyword fits
};

// Looks back from the cursor: the word being typed, then what stands before it.
Context context_at(std::string_view text, std::uint32_t offset) {
  Context context;
  std::size_t start = offset;
  while (start > 0 && is_word(text[start - 1])) --start;
  const std::size_t newline = start == 0 ? std::string_view::npos : text.rfind('\n', start - 1);
  const std::size_t line_begin = newline == std::string_view::npos ? 0 : newline + 1;
  const std::string_view before_on_line = text.substr(line_begin, start - line_begin);
  // A `#` or an odd number of quotes before the word on its line: a comment or a string.
  if (before_on_line.find('#') != std::string_view::npos ||
      std::count(before_on_line.begin(), before_on_line.end(), '"') % 2 == 1) {
    context.nothing = true;
    return context;
  }
  context.line_start = before_on_line.find_first_not_of(" \t") == std::string_view::npos;
  std::size_t i = start;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n' || text[i - 1] == '\r')) --i;
  if (start > 0 && text[start - 1] == '.') {
    std::size_t path_start = start;
    while (path_start > 0 && (is_word(text[path_start - 1]) || text[path_start - 1] == '.')) --path_start;
    context.path = std::string(text.substr(path_start, start - path_start));
    return context;
  }
  if (i == 0 || text[i - 1] != '(') return context;
  std::size_t name_end = i - 1;
  while (name_end > 0 && (text[name_end - 1] == ' ' || text[name_end - 1] == '\t')) --name_end;
  std::size_t name_begin = name_end;
  while (name_begin > 0 && is_word(text[name_begin - 1])) --name_begin;
  const std::string_view function = text.substr(name_begin, name_end - name_begin);
  if (function == "has_role") context.names = NameContext::role;
  if (function == "count") context.names = NameContext::signal;
  return context;
}

void item(render::JsonWriter& json, std::string_view label, int kind, std::string_view detail) {
  json.begin_object();
  json.field("label", label);
  json.field("kind", kind);
  if (!detail.empty()) json.field("detail", detail);
  json.end_object();
}

// A declaration's first line, short: the detail shown beside a name (a field: its type; an
// enum value: its field).
std::string detail_of(const Analysis& analysis, const Symbol& symbol) {
  if (symbol.kind == SymbolKind::field || symbol.kind == SymbolKind::enum_value) {
    const auto& account = std::get<syntax::AccountDecl>(analysis.tree.declarations[symbol.declaration]);
    const syntax::FieldDecl& field = account.fields[symbol.field];
    if (symbol.kind == SymbolKind::enum_value) return fmt::format("value of `{}`", field.name);
    return utf8_prefix(analysis.slice(field.type.span), 80);
  }
  std::string_view text = analysis.slice(symbol.span);
  text = text.substr(0, text.find('\n'));
  return utf8_prefix(text, 80);
}

int item_kind(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::field: return kField;
    case SymbolKind::enum_value: return kEnumMember;
    case SymbolKind::let: return kConstant;
    case SymbolKind::signal: return kEvent;
    case SymbolKind::role: return kClass;
    default: return kVariable;
  }
}

bool offered(SymbolKind kind, NameContext context) {
  switch (context) {
    case NameContext::role: return kind == SymbolKind::role;
    case NameContext::signal: return kind == SymbolKind::signal;
    default:
      return kind == SymbolKind::field || kind == SymbolKind::let || kind == SymbolKind::criterion ||
             kind == SymbolKind::enum_value;
  }
}

}  // namespace

// After `std.`: the modules; after `std.MODULE.`: its members, each with its declaration.
void stdlib_items(render::JsonWriter& json, std::string_view path) {
  if (path == "std.") {
    for (const std::string& module : stdlib_modules()) item(json, module, kModule, "std." + module);
    return;
  }
  if (!path.starts_with("std.") || path.size() < 6) return;
  const std::string_view module = path.substr(4, path.size() - 5);
  for (const StdlibMember& member : stdlib_members(module)) {
    item(json, member.path.substr(path.size()), kConstant, utf8_prefix(member.declaration.substr(0, member.declaration.find('\n')), 80));
  }
}

std::string completion(const Analysis& analysis, Position position) {
  const Context context = context_at(analysis.text(), analysis.lines->offset(position));
  render::JsonWriter json(false);
  json.begin_object();
  json.key("isIncomplete");
  json.boolean(false);
  json.key("items");
  json.begin_array();
  if (!context.path.empty()) {
    stdlib_items(json, context.path);
  } else if (!context.nothing) {
    for (const Symbol& symbol : analysis.symbols->symbols()) {
      if (offered(symbol.kind, context.names)) item(json, symbol.name, item_kind(symbol.kind), detail_of(analysis, symbol));
    }
    for (const Builtin& builtin : builtins()) {
      if (find_builtin(builtin.name, context.names) == &builtin) item(json, builtin.name, kValue, builtin.signature);
      if (context.names == NameContext::value && builtin.function) item(json, builtin.name, kFunction, builtin.signature);
    }
    if (context.names == NameContext::value) {
      for (const std::string_view keyword : kExpressionKeywords) item(json, keyword, kKeyword, "");
      if (context.line_start) {
        for (const std::string_view keyword : kDeclarationKeywords) item(json, keyword, kKeyword, "");
      }
    }
  }
  json.end_array();
  json.end_object();
  return json.take();
}

}  // namespace icp::lsp
