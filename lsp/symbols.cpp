// The name index of one profile (symbols.hpp). Input: a SyntaxTree. Output: its declarations
// and the names its expressions read. Expressions live in one vector, so uses are found by a
// scan of it, with has_role's arguments marked as roles first.
#include "lsp/symbols.hpp"

#include <algorithm>
#include <array>
#include <type_traits>

namespace icp::lsp {
namespace {

// KEEP IN SYNC: docs/language.md, "Built-in names and functions".
constexpr std::array kBuiltins = {
    Builtin{"score", false, "score", "decimal", "signal points plus bonuses"},
    Builtin{"tier", false, "tier", "int",
            "the fit tier: the first tier that holds, 0 when none; inside routes the fit tier whether or not an "
            "exclusion holds"},
    Builtin{"excluded", false, "excluded", "condition", "whether any exclusion holds"},
    Builtin{"committee_coverage", false, "committee_coverage", "percentage",
            "share of declared roles filled by at least one contact, rounded down"},
    Builtin{"id", false, "id", "string", "the account's id"},
    Builtin{"signals", false, "count(signals within D)", "int", "events of any declared signal type aged 0..D days"},
    Builtin{"count", true, "count(SIGNAL within D)", "int", "events of that signal whose age is 0..D days"},
    Builtin{"has_role", true, "has_role(role)", "condition", "at least one contact's title matches the role"},
    Builtin{"present", true, "present(field)", "condition", "the optional field is in the record; never unknown"},
    Builtin{"all", true, "all(c1, c2, ...)", "condition", "every condition holds (three-valued `and`)"},
    Builtin{"any", true, "any(c1, c2, ...)", "condition", "at least one holds (three-valued `or`)"},
    Builtin{"at_least", true, "at_least(k, c1, c2, ...)", "condition",
            "at least `k` of the conditions hold; `k` is a constant from 1 to the number of conditions"},
    Builtin{"starts_with", true, "starts_with(s, prefix)", "condition", "`s` begins with `prefix`, case-sensitive"},
    Builtin{"lower", true, "lower(s)", "string", "`s` with ASCII letters in lower case"},
};

bool contains(Span span, std::uint32_t offset) { return span.begin <= offset && offset <= span.end && span.end > span.begin; }

std::string joined(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& segment : path) out += (out.empty() ? "" : ".") + segment;
  return out;
}

// Which kinds a name read in `context` may refer to (the checker's lookup order).
bool readable(SymbolKind kind, NameContext context) {
  switch (context) {
    case NameContext::value:
      return kind == SymbolKind::field || kind == SymbolKind::let || kind == SymbolKind::criterion ||
             kind == SymbolKind::enum_value;
    case NameContext::role: return kind == SymbolKind::role;
    case NameContext::signal: return kind == SymbolKind::signal;
    case NameContext::function: return false;
  }
  return false;
}

}  // namespace

std::string_view kind_name(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::field: return "field";
    case SymbolKind::enum_value: return "enum value";
    case SymbolKind::let: return "let";
    case SymbolKind::signal: return "signal";
    case SymbolKind::bonus: return "bonus";
    case SymbolKind::exclusion: return "exclusion";
    case SymbolKind::criterion: return "criterion";
    case SymbolKind::tier: return "tier";
    case SymbolKind::role: return "role";
  }
  return "name";
}

std::span<const Builtin> builtins() { return kBuiltins; }

const Builtin* find_builtin(std::string_view name, NameContext context) {
  if (context == NameContext::role) return nullptr;
  for (const Builtin& builtin : kBuiltins) {
    const bool wanted = context == NameContext::function ? builtin.function
                        : context == NameContext::signal ? builtin.name == "signals"
                                                         : !builtin.function && builtin.name != "signals";
    if (wanted && builtin.name == name) return &builtin;
  }
  return nullptr;
}

SymbolIndex::SymbolIndex(const syntax::SyntaxTree& tree) {
  for (std::size_t i = 0; i < tree.declarations.size(); ++i) add_declaration(tree.declarations[i], i);
  add_uses(tree);
}

void SymbolIndex::add_declaration(const syntax::Declaration& declaration, std::size_t index) {
  const auto named = [&](SymbolKind kind, const auto& decl) {
    symbols_.push_back(Symbol{kind, decl.name, decl.name_span, decl.span, index, 0});
  };
  std::visit(
      [&](const auto& decl) {
        using T = std::decay_t<decltype(decl)>;
        if constexpr (std::is_same_v<T, syntax::AccountDecl>) {
          for (std::size_t f = 0; f < decl.fields.size(); ++f) {
            const syntax::FieldDecl& field = decl.fields[f];
            symbols_.push_back(Symbol{SymbolKind::field, field.name, field.name_span, field.span, index, f});
            const std::size_t values = std::min(field.type.enum_values.size(), field.type.enum_value_spans.size());
            for (std::size_t v = 0; v < values; ++v) {
              symbols_.push_back(Symbol{SymbolKind::enum_value, field.type.enum_values[v], field.type.enum_value_spans[v],
                                        field.span, index, f});
            }
          }
        } else if constexpr (std::is_same_v<T, syntax::LetDecl>) {
          named(SymbolKind::let, decl);
        } else if constexpr (std::is_same_v<T, syntax::SignalDecl>) {
          named(SymbolKind::signal, decl);
        } else if constexpr (std::is_same_v<T, syntax::BonusDecl>) {
          named(SymbolKind::bonus, decl);
        } else if constexpr (std::is_same_v<T, syntax::ExcludeDecl>) {
          named(SymbolKind::exclusion, decl);
        } else if constexpr (std::is_same_v<T, syntax::CriterionDecl>) {
          named(SymbolKind::criterion, decl);
        } else if constexpr (std::is_same_v<T, syntax::RoleDecl>) {
          named(SymbolKind::role, decl);
        } else if constexpr (std::is_same_v<T, syntax::TierDecl>) {
          symbols_.push_back(Symbol{SymbolKind::tier, std::to_string(decl.number), decl.number_span, decl.span, index, 0});
        }
      },
      declaration);
}

void SymbolIndex::add_uses(const syntax::SyntaxTree& tree) {
  std::vector<NameContext> context(tree.exprs.size(), NameContext::value);
  for (const syntax::Expr& expr : tree.exprs) {
    if (expr.kind != syntax::ExprKind::call || expr.path.empty() || expr.path[0] != "has_role") continue;
    for (const syntax::ExprId arg : expr.args) {
      if (arg.valid() && arg.index < context.size()) context[arg.index] = NameContext::role;
    }
  }
  for (std::size_t i = 0; i < tree.exprs.size(); ++i) {
    const syntax::Expr& expr = tree.exprs[i];
    if (expr.path.empty()) continue;
    if (expr.kind == syntax::ExprKind::name) {
      uses_.push_back(NameUse{joined(expr.path), expr.span, context[i]});
    } else if (expr.kind == syntax::ExprKind::call) {
      uses_.push_back(NameUse{expr.path[0], expr.name_span, NameContext::function});
    } else if (expr.kind == syntax::ExprKind::count) {
      uses_.push_back(NameUse{expr.path[0], expr.name_span, NameContext::signal});
    }
  }
}

const Symbol* SymbolIndex::resolve(std::string_view name, NameContext context) const {
  const Symbol* enum_value = nullptr;
  for (const Symbol& symbol : symbols_) {
    if (symbol.name != name || !readable(symbol.kind, context)) continue;
    if (symbol.kind != SymbolKind::enum_value) return &symbol;
    if (enum_value == nullptr) enum_value = &symbol;
  }
  return enum_value;
}

std::optional<SymbolIndex::Hit> SymbolIndex::at(std::uint32_t offset) const {
  for (const NameUse& use : uses_) {
    if (contains(use.span, offset)) return Hit{use.name, use.span, use.context, resolve(use.name, use.context)};
  }
  for (const Symbol& symbol : symbols_) {
    if (!contains(symbol.name_span, offset)) continue;
    const NameContext context = symbol.kind == SymbolKind::role     ? NameContext::role
                                : symbol.kind == SymbolKind::signal ? NameContext::signal
                                                                    : NameContext::value;
    return Hit{symbol.name, symbol.name_span, context, &symbol};
  }
  return std::nullopt;
}

}  // namespace icp::lsp
