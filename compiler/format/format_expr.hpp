// Stage fmt: expressions and types of the syntax tree as Docs. Input: the SyntaxTree and
// the source text (for the parentheses the user wrote, which the tree keeps only as spans).
// Output: Docs whose break points are chains of `and`/`or` and the commas of lists,
// calls and enums.
#pragma once

#include <string>
#include <string_view>

#include "compiler/format/format_doc.hpp"
#include "grammar/syntax_tree.hpp"

namespace icp::format {

// A string literal for `value`: quotes and the escapes \" \\ \n, as the lexer reads them.
std::string quote(std::string_view value);

class ExprDocs {
 public:
  ExprDocs(std::string_view source, const syntax::SyntaxTree& tree);

  Doc doc(syntax::ExprId id) const;
  Doc type(const syntax::TypeRef& type) const;
  // The expression on one line.
  std::string flat(syntax::ExprId id) const;
  // Whether the span is wrapped in parentheses that match each other.
  bool parenthesized(Span span) const;

 private:
  Doc unwrapped(const syntax::Expr& e) const;
  Doc chain(const syntax::Expr& e) const;
  Doc operators(const syntax::Expr& e) const;
  void collect(syntax::ExprId id, syntax::BinaryOp op, std::vector<syntax::ExprId>& operands) const;
  Doc arguments(std::string open, const std::vector<syntax::ExprId>& args, std::string close) const;

  std::string_view source_;
  const syntax::SyntaxTree& tree_;
  // Each `(` of the code (not of strings or comments) and its matching `)`, in source
  // order: parenthesized() is a look-up, not a scan of the span.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> parentheses_;
};

// "[" + items separated by ", " + "]" as a Fill whose breaks fall after the commas.
Doc bracketed(std::string open, std::vector<Doc> items, std::vector<std::uint32_t> starts, std::string close);

// A Doc's text on one line.
std::string flat_text(const Doc& doc);

}  // namespace icp::format
