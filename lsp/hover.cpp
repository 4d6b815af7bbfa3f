// textDocument/hover: what a name is. Input: the analysis and a position. Output: Markdown with
// the declaration as written (a field's type, a criterion's condition, a signal's weight and
// window), a let's type from the checked IR, a role's owns, objection and proof, or a
// built-in's signature and meaning.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/render/escape.hpp"
#include "compiler/render/json_writer.hpp"
#include "lsp/features.hpp"
#include "lsp/json_out.hpp"
#include "lsp/stdlib.hpp"
#include "runtime/base/utf8.hpp"

namespace icp::lsp {
namespace {

// A fenced block longer than any run of backticks inside, so no string in the declaration
// can close it early and turn the rest into Markdown.
std::string code_block(std::string_view text) {
  const std::string shown = utf8_prefix(text, kMaxHoverDeclaration);
  std::size_t longest = 0;
  for (std::size_t run = 0; const char c : shown) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fmt::format("{}icp\n{}\n{}", fence, shown, fence);
}

std::string field_hover(const Analysis& analysis, const Symbol& symbol) {
  const auto& account = std::get<syntax::AccountDecl>(analysis.tree.declarations[symbol.declaration]);
  const syntax::FieldDecl& field = account.fields[symbol.field];
  std::string out = code_block(fmt::format("{}: {}", field.name, analysis.slice(field.type.span)));
  out += "\n\nfield of the account record";
  if (field.type.optional) out += "; optional: a condition reading it is unknown when it is missing";
  return out;
}

std::string enum_value_hover(const Analysis& analysis, const Symbol& symbol) {
  const auto& account = std::get<syntax::AccountDecl>(analysis.tree.declarations[symbol.declaration]);
  const syntax::FieldDecl& field = account.fields[symbol.field];
  return code_block(fmt::format("{}: {}", field.name, analysis.slice(field.type.span))) +
         fmt::format("\n\nvalue of the enum of field `{}`", field.name);
}

std::string let_hover(const Analysis& analysis, const Symbol& symbol) {
  std::string out = code_block(analysis.slice(symbol.span));
  if (!analysis.program) return out + "\n\nconstant";
  for (const ir::Let& let : analysis.program->lets) {
    if (let.name == symbol.name) return out + fmt::format("\n\nconstant of type `{}`", ir::type_name(*analysis.program, let.type));
  }
  return out + "\n\nconstant";
}

// owns, objection and proof as the sales team reads them; titles as written.
std::string role_hover(const Analysis& analysis, const Symbol& symbol) {
  const auto& role = std::get<syntax::RoleDecl>(analysis.tree.declarations[symbol.declaration]);
  std::string out = code_block(fmt::format("role {}", role.name));
  for (const std::string_view key : {"owns", "objection", "proof", "titles"}) {
    for (const syntax::Property& property : role.properties) {
      if (property.key != key || !property.value.valid() || property.value.index >= analysis.tree.exprs.size()) continue;
      const syntax::Expr& value = analysis.tree.expr(property.value);
      // The profile's own words, escaped: a string must not become a link, an image or HTML.
      const std::string shown = value.kind == syntax::ExprKind::string
                                    ? escape::markdown_text(utf8_prefix(value.text, kMaxHoverDeclaration))
                                    : escape::markdown_code(utf8_prefix(analysis.slice(value.span), kMaxHoverDeclaration));
      out += fmt::format("\n\n**{}** {}", key, shown);
    }
  }
  return out;
}

std::string symbol_hover(const Analysis& analysis, const Symbol& symbol) {
  switch (symbol.kind) {
    case SymbolKind::field: return field_hover(analysis, symbol);
    case SymbolKind::enum_value: return enum_value_hover(analysis, symbol);
    case SymbolKind::let: return let_hover(analysis, symbol);
    case SymbolKind::role: return role_hover(analysis, symbol);
    case SymbolKind::criterion: return code_block(analysis.slice(symbol.span)) + "\n\ncriterion (a condition)";
    default: return code_block(analysis.slice(symbol.span)) + fmt::format("\n\n{}", kind_name(symbol.kind));
  }
}

// The standard library's comment says where the codes come from; the list follows, cut.
std::string stdlib_hover(const StdlibMember& member) {
  std::string out = code_block(member.declaration) + fmt::format("\n\nstandard library: `{}`", member.path);
  if (!member.comment.empty()) out += "\n\n" + escape::markdown_phrase(utf8_prefix(member.comment, kMaxHoverDeclaration));
  return out;
}

std::string builtin_hover(const Builtin& builtin) {
  return fmt::format("{}\n\nbuilt-in {}: {}", code_block(builtin.signature), builtin.type, builtin.meaning);
}

}  // namespace

std::string hover(const Analysis& analysis, Position position) {
  const std::optional<SymbolIndex::Hit> hit = analysis.symbols->at(analysis.lines->offset(position));
  if (!hit) return "null";
  std::string markdown;
  if (hit->symbol != nullptr) {
    markdown = symbol_hover(analysis, *hit->symbol);
  } else if (const Builtin* builtin = find_builtin(hit->name, hit->context)) {
    markdown = builtin_hover(*builtin);
  } else if (const StdlibMember* member = find_stdlib_member(hit->name)) {
    markdown = stdlib_hover(*member);
  } else {
    return "null";
  }
  render::JsonWriter json(false);
  json.begin_object();
  json.key("contents");
  json.begin_object();
  json.field("kind", "markdown");
  json.field("value", markdown);
  json.end_object();
  json.key("range");
  write_range(json, Range{analysis.lines->position(hit->span.begin), analysis.lines->position(hit->span.end)});
  json.end_object();
  return json.take();
}

}  // namespace icp::lsp
