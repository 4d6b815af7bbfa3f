// `icpc dump ir`: the checked program as stable text. Declarations in program order,
// each expression as an indented tree with its type, `?` when it may be unknown, and
// its line:col. No addresses, no hash-map order.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/format/format_expr.hpp"
#include "compiler/check/ir.hpp"

namespace icp::ir {
namespace {

std::string_view kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::error: return "error";
    case TypeKind::boolean: return "bool";
    case TypeKind::integer: return "int";
    case TypeKind::decimal: return "decimal";
    case TypeKind::string: return "string";
    case TypeKind::date: return "date";
    case TypeKind::duration: return "duration";
    case TypeKind::percent: return "percent";
    case TypeKind::enumeration: return "enum";
    case TypeKind::string_set: return "set<string>";
    case TypeKind::naics: return "naics";
    case TypeKind::country: return "country";
    case TypeKind::list: return "list";
    case TypeKind::symbol: return "name";
  }
  return "error";
}

std::string_view op_name(Op op) {
  static constexpr std::string_view kNames[] = {
      "constant", "field", "present", "criterion", "score", "tier", "excluded", "committee_coverage",
      "count", "has_role", "not", "and", "or", "at_least", "compare", "arith", "negate", "in",
      "between", "has", "has_any", "has_all", "starts_with", "lower"};
  return kNames[static_cast<int>(op)];
}

std::string value_text(const Program& program, const Value& value, EnumId enum_id) {
  switch (value.kind) {
    case TypeKind::boolean: return value.boolean ? "true" : "false";
    case TypeKind::integer: return std::to_string(value.integer);
    case TypeKind::percent: return fmt::format("{}%", value.integer);
    case TypeKind::decimal: return value.decimal.to_string();
    case TypeKind::date: return format_date(value.date);
    case TypeKind::duration: return fmt::format("{}h", value.integer);
    case TypeKind::enumeration:
      return enum_id.valid() ? program.enums[enum_id.index].values.at(static_cast<std::size_t>(value.integer))
                             : std::to_string(value.integer);
    case TypeKind::symbol: return value.text;
    case TypeKind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        if (i > 0) out += ", ";
        out += value_text(program, value.items[i], enum_id);
      }
      return out + "]";
    }
    default: return format::quote(value.text);
  }
}

class Dumper {
 public:
  Dumper(const SourceMap& sources, const Program& program) : sources_(sources), program_(program) {}

  std::string run();

 private:
  std::string at(Span span) const {
    if (span.end == 0 && span.begin == 0) return "-";
    const auto lc = sources_.file(span.file).line_col(span.begin);
    return fmt::format("{}:{}", lc.line, lc.column);
  }
  void indent(int depth);
  void expr(ExprId root, int depth);
  std::string detail(const Expr& e) const;

  const SourceMap& sources_;
  const Program& program_;
  std::string out_;
};

std::string Dumper::detail(const Expr& e) const {
  static constexpr std::string_view kCompare[] = {"==", "!=", "<", "<=", ">", ">="};
  static constexpr std::string_view kArith[] = {"+", "-", "*", "/"};
  switch (e.op) {
    case Op::constant:
      return e.origin.empty() ? value_text(program_, e.value, e.type.enum_id)
                              : fmt::format("{} = {}", e.origin, value_text(program_, e.value, e.type.enum_id));
    case Op::field:
    case Op::present: return program_.fields.at(e.ref).name;
    case Op::criterion: return program_.criteria.at(e.ref).name;
    case Op::has_role: return program_.roles.at(e.ref).name;
    case Op::count:
      return fmt::format("{} within {}d", e.ref == kAllSignals ? "signals" : program_.signals.at(e.ref).name, e.integer);
    case Op::at_least: return std::to_string(e.integer);
    case Op::compare: return std::string(kCompare[static_cast<int>(e.compare_op)]);
    case Op::arith: return std::string(kArith[static_cast<int>(e.arith_op)]);
    default: return {};
  }
}

// Two spaces a level; past kMaxIndent levels the indentation stops growing and the line
// says its depth, so the dump of a long chain stays linear. KEEP IN SYNC: grammar/dump_syntax.cpp.
void Dumper::indent(int depth) {
  constexpr int kMaxIndent = 32;
  out_.append(static_cast<std::size_t>(std::min(depth, kMaxIndent)) * 2, ' ');
  if (depth > kMaxIndent) out_ += fmt::format("[depth {}] ", depth);
}

// Pre-order with an explicit stack: a chain's depth costs no recursion.
void Dumper::expr(ExprId root, int depth) {
  std::vector<std::pair<ExprId, int>> stack{{root, depth}};
  while (!stack.empty()) {
    const auto [id, level] = stack.back();
    stack.pop_back();
    const Expr& e = program_.expr(id);
    const std::string d = detail(e);
    indent(level);
    out_ += fmt::format("{}{}{} : {}{} @{}\n", op_name(e.op), d.empty() ? "" : " ", d, type_name(program_, e.type),
                        e.may_be_unknown ? "?" : "", at(e.span));
    if (e.op == Op::constant) continue;  // a list constant's args are only its elements' spans
    for (auto arg = e.args.rbegin(); arg != e.args.rend(); ++arg) stack.emplace_back(*arg, level + 1);
  }
}

std::string Dumper::run() {
  const auto& p = program_.profile;
  out_ += fmt::format("profile {} owner {} version {} reviewed {} review_every {}d\n", format::quote(p.name),
                      format::quote(p.owner), format::quote(p.version), p.reviewed ? format_date(*p.reviewed) : "-", p.review_every_days);
  for (const auto& import : program_.imports) out_ += fmt::format("use std.{} @{}\n", import.module, at(import.span));
  for (std::size_t i = 0; i < program_.fields.size(); ++i) {
    const auto& f = program_.fields[i];
    if (i < kFirstDeclaredField) continue;
    out_ += fmt::format("field {} {}: {}{} @{}\n", i, f.name, type_name(program_, f.type), f.optional ? "?" : "", at(f.span));
  }
  for (const auto& let : program_.lets) {
    out_ += fmt::format("let {} : {} = {} @{}\n", let.name, type_name(program_, let.type),
                        value_text(program_, let.value, let.type.enum_id), at(let.name_span));
  }
  for (const auto& s : program_.signals) {
    out_ += fmt::format("signal {} weight {} within {}d", s.name, s.weight.to_string(), s.window_days);
    if (s.cap) out_ += fmt::format(" cap {}", *s.cap);
    if (s.half_life_days) out_ += fmt::format(" half_life {}d", *s.half_life_days);
    out_ += fmt::format(" @{}\n", at(s.name_span));
  }
  for (const auto& b : program_.bonuses) {
    out_ += fmt::format("bonus {} {} @{}\n", b.name, b.points.to_string(), at(b.name_span));
    expr(b.condition, 1);
  }
  for (const auto& x : program_.exclusions) {
    out_ += fmt::format("exclude {}{} @{}\n", x.name, x.reason.empty() ? "" : " " + format::quote(x.reason),
                        at(x.name_span));
    expr(x.condition, 1);
  }
  for (const auto& c : program_.criteria) {
    out_ += fmt::format("criterion {} @{}\n", c.name, at(c.name_span));
    expr(c.condition, 1);
  }
  for (const auto& t : program_.tiers) {
    out_ += fmt::format("tier {} {} @{}\n", t.number, format::quote(t.label), at(t.span));
    expr(t.condition, 1);
  }
  for (const auto& r : program_.roles) {
    out_ += fmt::format("role {} titles [{}] @{}\n", r.name, fmt::join(r.titles, ", "), at(r.name_span));
  }
  for (std::size_t i = 0; i < program_.route.size(); ++i) {
    const auto& rule = program_.route[i];
    const auto& a = rule.action;
    std::string action = a.kind == RouteAction::Kind::disqualify ? "disqualify"
                         : a.kind == RouteAction::Kind::ignore   ? "ignore"
                                                                 : "queue " + format::quote(a.queue);
    if (a.sla_hours) action += fmt::format(" sla {}", a.sla_text);
    if (a.cadence) action += " cadence " + format::quote(*a.cadence);
    out_ += fmt::format("route {} {} -> {} @{}\n", i + 1, rule.condition ? "when" : "else", action, at(rule.span));
    if (rule.condition) expr(*rule.condition, 1);
  }
  out_ += "order";
  static constexpr std::string_view kKinds[] = {"let", "criterion", "exclusion", "tier", "bonus", "score", "tier", "excluded"};
  for (const auto& node : program_.evaluation_order) {
    switch (node.kind) {
      case Node::Kind::let: out_ += fmt::format(" let:{}", program_.lets[node.index].name); break;
      case Node::Kind::criterion: out_ += fmt::format(" criterion:{}", program_.criteria[node.index].name); break;
      case Node::Kind::exclusion: out_ += fmt::format(" exclusion:{}", program_.exclusions[node.index].name); break;
      case Node::Kind::bonus: out_ += fmt::format(" bonus:{}", program_.bonuses[node.index].name); break;
      case Node::Kind::tier: out_ += fmt::format(" tier:{}", node.index + 1); break;
      default: out_ += fmt::format(" {}", kKinds[static_cast<int>(node.kind)]); break;
    }
  }
  out_ += "\n";
  return out_;
}

}  // namespace

std::string type_name(const Program& program, const Type& type) {
  if (type.kind == TypeKind::enumeration && type.enum_id.valid()) {
    return fmt::format("enum({})", fmt::join(program.enums[type.enum_id.index].values, ", "));
  }
  if (type.kind == TypeKind::list) {
    if (type.element == TypeKind::error) return "an empty list";
    Type element = Type::of(type.element);
    element.enum_id = type.enum_id;
    return fmt::format("list<{}>", type_name(program, element));
  }
  return std::string(kind_name(type.kind));
}

std::string dump_ir(const SourceMap& sources, const Program& program) { return Dumper(sources, program).run(); }

}  // namespace icp::ir
