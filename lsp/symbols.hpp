// The names of one profile for the editor: what each declaration declares, and every name
// an expression uses with the context it is read in. Input: a SyntaxTree (with holes after a
// syntax error: what parsed is indexed). Output: a SymbolIndex that hover, definition and
// completion query. Nothing is resolved by type: a name is looked up as the checker does.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/syntax_tree.hpp"

namespace icp::lsp {

enum class SymbolKind : std::uint8_t { field, enum_value, let, signal, bonus, exclusion, criterion, tier, role };

std::string_view kind_name(SymbolKind kind);  // "field", "criterion"

struct Symbol {
  SymbolKind kind = SymbolKind::field;
  std::string name;         // a tier's is its number
  Span name_span;
  Span span;                // the whole declaration (a field: `name: type`)
  std::size_t declaration = 0;  // index into SyntaxTree::declarations
  std::size_t field = 0;        // a field's (or an enum value's field's) index in AccountDecl::fields
};

// Where a name is read, which says what it can name.
enum class NameContext : std::uint8_t {
  value,     // a bare name: a field, `let` or criterion, or a built-in
  role,      // the argument of has_role(...)
  signal,    // the signal of count(... within D)
  function,  // the name of a call
};

struct NameUse {
  std::string name;  // dotted paths joined: "std.geo.emea"
  Span span;
  NameContext context = NameContext::value;
};

// A built-in name or function (docs/language.md, "Built-in names and functions").
struct Builtin {
  std::string_view name;
  bool function = false;
  std::string_view signature;  // "count(SIGNAL within D)"
  std::string_view type;       // "int", "condition"
  std::string_view meaning;
};
std::span<const Builtin> builtins();
const Builtin* find_builtin(std::string_view name, NameContext context);

class SymbolIndex {
 public:
  explicit SymbolIndex(const syntax::SyntaxTree& tree);

  const std::vector<Symbol>& symbols() const { return symbols_; }
  // The declaration a name read in `context` refers to, or null (a built-in, a module member,
  // or a name the checker reports as unknown). A field, `let` or criterion wins over an enum
  // value of the same name: which one a name is depends on what it is compared with.
  const Symbol* resolve(std::string_view name, NameContext context) const;

  // The name at a byte offset: a declared name or a name used, the offset just past its end
  // included (the cursor after a word is on it).
  struct Hit {
    std::string name;
    Span span;
    NameContext context = NameContext::value;
    const Symbol* symbol = nullptr;  // what it declares or refers to; null when nothing does
  };
  std::optional<Hit> at(std::uint32_t offset) const;

 private:
  void add_declaration(const syntax::Declaration& declaration, std::size_t index);
  void add_uses(const syntax::SyntaxTree& tree);

  std::vector<Symbol> symbols_;
  std::vector<NameUse> uses_;
};

}  // namespace icp::lsp
