// `icpc dump syntax`: the SyntaxTree as stable, indented text for golden tests and debugging.
// Input: a parsed tree and its sources. Output: one line per node with its kind, what was
// written and its span as `line:col-line:col`; children are indented by two spaces.
#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "grammar/parse.hpp"

namespace icp::grammar {
namespace {

using namespace icp::syntax;

constexpr const char* kOperators[] = {"or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/"};

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out + "\"";
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : std::string(separator)) + parts[i];
  return out;
}

std::string duration_text(const DurationLiteral& d) { return fmt::format("{}{}", d.amount, d.unit); }

class Dumper {
 public:
  Dumper(const SourceFile& source, const SyntaxTree& tree) : source_(source), tree_(tree) {}

  std::string run() {
    for (const Declaration& declaration : tree_.declarations) {
      std::visit([this](const auto& d) { this->declaration(d); }, declaration);
    }
    for (const Comment& comment : tree_.comments) line(0, fmt::format("comment {}", quoted(comment.text)), comment.span);
    return std::move(out_);
  }

 private:
  std::string at(Span span) const {
    const LineCol begin = source_.line_col(span.begin);
    const LineCol end = source_.line_col(span.end);
    return fmt::format("@{}:{}-{}:{}", begin.line, begin.column, end.line, end.column);
  }
  Span span_of(ExprId id) const { return id.index < tree_.exprs.size() ? tree_.exprs[id.index].span : Span{}; }
  // Two spaces a level; past kMaxIndent levels (a chain of 20,000 terms is 20,000 deep) the
  // indentation stops growing and the line says its depth, so the dump stays linear.
  // KEEP IN SYNC: compiler/check/dump_ir.cpp.
  static constexpr int kMaxIndent = 32;
  void indent(int depth) {
    out_.append(static_cast<std::size_t>(std::min(depth, kMaxIndent)) * 2, ' ');
    if (depth > kMaxIndent) out_ += fmt::format("[depth {}] ", depth);
  }
  void line(int depth, std::string_view text, Span span) {
    indent(depth);
    out_ += fmt::format("{} {}\n", text, at(span));
  }

  // Pre-order with an explicit stack: a chain's depth costs no recursion.
  void expr(int depth, ExprId root) {
    std::vector<std::pair<ExprId, int>> stack{{root, depth}};
    while (!stack.empty()) {
      const auto [id, level] = stack.back();
      stack.pop_back();
      if (!id.valid() || id.index >= tree_.exprs.size()) {
        indent(level);
        out_ += "<missing>\n";
        continue;
      }
      const Expr& e = tree_.expr(id);
      line(level, describe(e), e.span);
      for (auto arg = e.args.rbegin(); arg != e.args.rend(); ++arg) stack.emplace_back(*arg, level + 1);
    }
  }

  std::string describe(const Expr& e) const {
    switch (e.kind) {
      case ExprKind::integer: return fmt::format("integer {}", e.integer);
      case ExprKind::decimal: return fmt::format("decimal {}", e.text);
      case ExprKind::string: return fmt::format("string {}", quoted(e.text));
      case ExprKind::date: return fmt::format("date {:04}-{:02}-{:02}", e.date.year, e.date.month, e.date.day);
      case ExprKind::duration: return fmt::format("duration {}", duration_text(e.duration));
      case ExprKind::percent: return fmt::format("percent {}%", e.integer);
      case ExprKind::boolean: return e.integer != 0 ? "boolean true" : "boolean false";
      case ExprKind::list: return "list";
      case ExprKind::name: return fmt::format("name {}", joined(e.path, "."));
      case ExprKind::not_: return "not";
      case ExprKind::negate: return "negate";
      case ExprKind::binary: return fmt::format("binary {}", kOperators[static_cast<int>(e.op)]);
      case ExprKind::in: return "in";
      case ExprKind::between: return "between";
      case ExprKind::has:
        return e.has_mode == HasMode::any ? "has any" : e.has_mode == HasMode::all ? "has all" : "has";
      case ExprKind::call: return fmt::format("call {} {}", joined(e.path, "."), at(e.name_span));
      case ExprKind::count:
        return fmt::format("count {} {} within {} {}", joined(e.path, "."), at(e.name_span),
                           duration_text(e.duration), at(e.duration_span));
      case ExprKind::error: return "error";
    }
    return "?";
  }

  void named(std::string_view keyword, const std::string& name, Span name_span, Span span) {
    line(0, fmt::format("{} {} {}", keyword, name, at(name_span)), span);
  }
  void properties(const std::vector<Property>& list) {
    for (const Property& p : list) {
      line(1, fmt::format("property {}", p.key), p.key_span);
      expr(2, p.value);
    }
  }

  void declaration(const ProfileDecl& d) {
    line(0, fmt::format("profile {} {}", quoted(d.name), at(d.name_span)), d.span);
    properties(d.properties);
  }
  void declaration(const UseDecl& d) {
    line(0, fmt::format("use {} {}", joined(d.path, "."), at(d.path_span)), d.span);
  }
  void declaration(const AccountDecl& d) {
    line(0, "account", d.span);
    for (const FieldDecl& f : d.fields) {
      line(1, fmt::format("field {} {}", f.name, at(f.name_span)), f.span);
      std::string type = f.type.name;
      // fmt rather than `"(" + std::string`: g++ 12 -O2 raises a false -Wrestrict on the latter.
      if (!f.type.enum_values.empty()) type += fmt::format("({})", joined(f.type.enum_values, ", "));
      if (!f.type.element.empty()) type += fmt::format("<{}>", f.type.element);
      line(2, fmt::format("type {}{}", type, f.type.optional ? "?" : ""), f.type.span);
    }
  }
  void declaration(const LetDecl& d) {
    named("let", d.name, d.name_span, d.span);
    expr(1, d.value);
  }
  void declaration(const SignalDecl& d) {
    named("signal", d.name, d.name_span, d.span);
    line(1, "weight", span_of(d.weight));
    expr(2, d.weight);
    line(1, fmt::format("within {}", duration_text(d.within.value)), d.within.span);
    if (d.cap) {
      line(1, "cap", span_of(*d.cap));
      expr(2, *d.cap);
    }
    if (d.half_life) line(1, fmt::format("decay half_life {}", duration_text(d.half_life->value)), d.half_life->span);
  }
  void declaration(const BonusDecl& d) {
    named("bonus", d.name, d.name_span, d.span);
    line(1, d.negative ? "points -" : "points +", span_of(d.points));
    expr(2, d.points);
    expr(1, d.condition);
  }
  void declaration(const ExcludeDecl& d) {
    named("exclude", d.name, d.name_span, d.span);
    expr(1, d.condition);
    if (d.reason) line(1, fmt::format("reason {}", quoted(*d.reason)), d.reason_span);
  }
  void declaration(const CriterionDecl& d) {
    named("criterion", d.name, d.name_span, d.span);
    expr(1, d.condition);
  }
  void declaration(const TierDecl& d) {
    line(0, fmt::format("tier {} {} {} {}", d.number, at(d.number_span), quoted(d.label), at(d.label_span)), d.span);
    expr(1, d.condition);
  }
  void declaration(const RoleDecl& d) {
    named("role", d.name, d.name_span, d.span);
    properties(d.properties);
  }
  void declaration(const RouteDecl& d) {
    line(0, d.recovered ? "route (recovered around syntax errors)" : "route", d.span);
    for (const RouteRule& rule : d.rules) {
      line(1, rule.is_else ? "else" : "when", rule.span);
      if (!rule.is_else) expr(2, rule.condition);
      action(rule.action);
    }
  }
  void action(const RouteAction& a) {
    switch (a.kind) {
      case RouteAction::Kind::disqualify: line(2, "-> disqualify", a.span); return;
      case RouteAction::Kind::ignore: line(2, "-> ignore", a.span); return;
      case RouteAction::Kind::queue: break;
    }
    line(2, fmt::format("-> queue {} {}", quoted(a.queue), at(a.queue_span)), a.span);
    if (a.sla) line(3, fmt::format("sla {}", duration_text(a.sla->value)), a.sla->span);
    if (a.cadence) line(3, fmt::format("cadence {}", quoted(*a.cadence)), a.cadence_span);
  }

  const SourceFile& source_;
  const SyntaxTree& tree_;
  std::string out_;
};

}  // namespace

std::string dump_syntax(const SourceMap& sources, const syntax::SyntaxTree& tree) {
  return Dumper(sources.file(tree.file), tree).run();
}

}  // namespace icp::grammar
