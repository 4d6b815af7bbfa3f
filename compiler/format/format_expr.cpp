// Expressions -> Docs for the formatter: operators with single spaces, `and`/`or` chains
// as Fills (breaks before the operator), lists and arguments as Fills (breaks after the
// commas). Parentheses are kept where the user wrote them (one pair for nested ones).
#include "compiler/format/format_expr.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace icp::format {
namespace {

using namespace syntax;

std::string_view operator_text(BinaryOp op) {
  switch (op) {
    case BinaryOp::or_: return "or";
    case BinaryOp::and_: return "and";
    case BinaryOp::eq: return "==";
    case BinaryOp::ne: return "!=";
    case BinaryOp::lt: return "<";
    case BinaryOp::le: return "<=";
    case BinaryOp::gt: return ">";
    case BinaryOp::ge: return ">=";
    case BinaryOp::add: return "+";
    case BinaryOp::sub: return "-";
    case BinaryOp::mul: return "*";
    case BinaryOp::div: return "/";
  }
  return "?";
}

std::string join_path(const std::vector<std::string>& path) { return fmt::format("{}", fmt::join(path, ".")); }

std::string duration_text(const DurationLiteral& d) { return fmt::format("{}{}", d.amount, d.unit); }

Doc text(std::string s) { return Doc::make_text(std::move(s)); }

}  // namespace

std::string quote(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string flat_text(const Doc& doc) {
  if (doc.kind == Doc::Kind::text) return doc.text;
  std::string out;
  for (std::size_t i = 0; i < doc.parts.size(); ++i) {
    if (i > 0 && doc.kind == Doc::Kind::fill) out += ' ';
    out += flat_text(doc.parts[i]);
  }
  return out;
}

Doc bracketed(std::string open, std::vector<Doc> items, std::vector<std::uint32_t> starts, std::string close) {
  if (items.empty()) return text(open + close);
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    items[i] = Doc::concat({std::move(items[i]), text(",")});
  }
  starts.erase(starts.begin());  // no break before the first item
  return Doc::concat({text(std::move(open)), Doc::fill(std::move(items), std::move(starts)), text(std::move(close))});
}

ExprDocs::ExprDocs(std::string_view source, const syntax::SyntaxTree& tree) : source_(source), tree_(tree) {
  std::vector<std::size_t> open;  // indices into parentheses_ still unmatched
  for (std::size_t i = 0; i < source_.size(); ++i) {
    const char c = source_[i];
    if (c == '"') {  // strings and comments may hold parentheses
      for (++i; i < source_.size() && source_[i] != '"'; ++i) i += source_[i] == '\\' ? 1 : 0;
    } else if (c == '#') {
      while (i < source_.size() && source_[i] != '\n') ++i;
    } else if (c == '(') {
      open.push_back(parentheses_.size());
      parentheses_.emplace_back(static_cast<std::uint32_t>(i), UINT32_MAX);
    } else if (c == ')' && !open.empty()) {
      parentheses_[open.back()].second = static_cast<std::uint32_t>(i);
      open.pop_back();
    }
  }
}

bool ExprDocs::parenthesized(Span span) const {
  if (span.end < span.begin + 2 || source_[span.begin] != '(' || source_[span.end - 1] != ')') return false;
  const auto it = std::lower_bound(parentheses_.begin(), parentheses_.end(), std::pair(span.begin, std::uint32_t{0}));
  return it != parentheses_.end() && it->first == span.begin && it->second + 1 == span.end;
}

Doc ExprDocs::doc(ExprId id) const {
  const Expr& e = tree_.expr(id);
  Doc inner = unwrapped(e);
  if (!parenthesized(e.span)) return inner;
  return Doc::concat({text("("), std::move(inner), text(")")});
}

std::string ExprDocs::flat(ExprId id) const { return flat_text(doc(id)); }

// The operands of a chain of `op`, a left spine, in order; walked in a loop.
void ExprDocs::collect(ExprId id, BinaryOp op, std::vector<ExprId>& operands) const {
  std::vector<ExprId> rights;
  for (const Expr* e = &tree_.expr(id); e->kind == ExprKind::binary && e->op == op && !parenthesized(e->span);
       e = &tree_.expr(id)) {
    rights.push_back(e->args[1]);
    id = e->args[0];
  }
  operands.push_back(id);
  operands.insert(operands.end(), rights.rbegin(), rights.rend());
}

// `a + b * c - d`: a left spine of operators other than `and`/`or`, as one concat (what
// nested concats would print), so a sum of 20,000 terms is one level deep.
Doc ExprDocs::operators(const Expr& e) const {
  const auto is_link = [this](const Expr& x) {
    return x.kind == ExprKind::binary && x.op != BinaryOp::and_ && x.op != BinaryOp::or_ && !parenthesized(x.span);
  };
  std::vector<const Expr*> spine{&e};
  while (is_link(tree_.expr(spine.back()->args[0]))) spine.push_back(&tree_.expr(spine.back()->args[0]));
  std::vector<Doc> parts;
  parts.reserve(2 * spine.size() + 1);
  parts.push_back(doc(spine.back()->args[0]));
  for (auto link = spine.rbegin(); link != spine.rend(); ++link) {
    parts.push_back(text(fmt::format(" {} ", operator_text((*link)->op))));
    parts.push_back(doc((*link)->args[1]));
  }
  return Doc::concat(std::move(parts));
}

Doc ExprDocs::chain(const Expr& e) const {
  std::vector<ExprId> operands;
  collect(e.args[0], e.op, operands);
  operands.push_back(e.args[1]);
  std::vector<Doc> items;
  std::vector<std::uint32_t> starts;
  for (std::size_t i = 0; i < operands.size(); ++i) {
    Doc operand = doc(operands[i]);
    if (i > 0) {
      operand = Doc::concat({text(fmt::format("{} ", operator_text(e.op))), std::move(operand)});
      starts.push_back(tree_.expr(operands[i]).span.begin);
    }
    items.push_back(std::move(operand));
  }
  return Doc::fill(std::move(items), std::move(starts));
}

Doc ExprDocs::arguments(std::string open, const std::vector<ExprId>& args, std::string close) const {
  std::vector<Doc> items;
  std::vector<std::uint32_t> starts;
  for (const ExprId arg : args) {
    items.push_back(doc(arg));
    starts.push_back(tree_.expr(arg).span.begin);
  }
  return bracketed(std::move(open), std::move(items), std::move(starts), std::move(close));
}

Doc ExprDocs::unwrapped(const Expr& e) const {
  const auto arg = [&](std::size_t i) { return doc(e.args.at(i)); };
  switch (e.kind) {
    case ExprKind::integer: return text(fmt::format("{}", e.integer));
    case ExprKind::decimal: return text(e.text);
    case ExprKind::string: return text(quote(e.text));
    case ExprKind::date: return text(fmt::format("{:04}-{:02}-{:02}", e.date.year, e.date.month, e.date.day));
    case ExprKind::duration: return text(duration_text(e.duration));
    case ExprKind::percent: return text(fmt::format("{}%", e.integer));
    case ExprKind::boolean: return text(e.integer != 0 ? "true" : "false");
    case ExprKind::list: return arguments("[", e.args, "]");
    case ExprKind::name: return text(join_path(e.path));
    case ExprKind::not_: return Doc::concat({text("not "), arg(0)});
    case ExprKind::negate: return Doc::concat({text("-"), arg(0)});
    case ExprKind::binary:
      if (e.op == BinaryOp::or_ || e.op == BinaryOp::and_) return chain(e);
      return operators(e);
    case ExprKind::in: return Doc::concat({arg(0), text(" in "), arg(1)});
    case ExprKind::between: return Doc::concat({arg(0), text(" between "), arg(1), text(" and "), arg(2)});
    case ExprKind::has: {
      const char* mode = e.has_mode == HasMode::any ? " has any " : e.has_mode == HasMode::all ? " has all " : " has ";
      return Doc::concat({arg(0), text(mode), arg(1)});
    }
    case ExprKind::call: return arguments(join_path(e.path) + "(", e.args, ")");
    case ExprKind::count:
      return text(fmt::format("count({} within {})", e.path.empty() ? "" : e.path[0], duration_text(e.duration)));
    case ExprKind::error: break;
  }
  // INVARIANT: the formatter runs only on trees without syntax errors, so no error nodes.
  return text(std::string(source_.substr(e.span.begin, e.span.end - e.span.begin)));
}

Doc ExprDocs::type(const TypeRef& type) const {
  const std::string optional = type.optional ? "?" : "";
  if (type.name == "enum") {
    std::vector<Doc> items;
    std::vector<std::uint32_t> starts;
    for (std::size_t i = 0; i < type.enum_values.size(); ++i) {
      items.push_back(text(type.enum_values[i]));
      starts.push_back(type.enum_value_spans[i].begin);
    }
    return bracketed("enum(", std::move(items), std::move(starts), ")" + optional);
  }
  if (type.name == "set") return text(fmt::format("set<{}>{}", type.element, optional));
  return text(type.name + optional);
}

}  // namespace icp::format
