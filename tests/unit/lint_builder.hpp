// Test helper for lint: builds ir::Program values by hand, the way the checker would,
// so lint tests state their programs exactly and need no parser or checker.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "compiler/lint/lint.hpp"

namespace lint_test {

using namespace icp;
using namespace icp::ir;
using Code = DiagnosticCode;

// Appends IR nodes the way the checker would; each node gets its own span.
class Builder {
 public:
  Program p;
  lint::Options options{date_from_civil(2026, 2, 1)};

  explicit Builder(bool with_schema = true) {
    p.profile.name = "test";
    p.profile.reviewed = date_from_civil(2026, 1, 1);
    p.profile.reviewed_span = span();
    p.profile.span = span();
    declare("id", TypeKind::string);
    declare("signals", TypeKind::list);
    declare("contacts", TypeKind::list);
    if (with_schema) schema();
  }

  // The account schema of most rows: revenue, r, a_opt, b_opt, name and flag are optional.
  void schema() {
    declare("employees", TypeKind::integer);
    declare("revenue", TypeKind::decimal, true);
    declare("r", TypeKind::integer, true);
    declare("a_opt", TypeKind::integer, true);
    declare("b_opt", TypeKind::integer, true);
    declare("price", TypeKind::decimal);
    declare("country", TypeKind::country);
    declare("name", TypeKind::string, true);
    declare("is_customer", TypeKind::boolean);
    declare("flag", TypeKind::boolean, true);
    declare("founded", TypeKind::date);
    declare("stage", TypeKind::enumeration, false, enumeration({"seed", "series_a", "series_b", "growth"}));
  }

  Span span() { return Span{0, next_, ++next_}; }

  void declare(const std::string& name, TypeKind kind, bool optional = false, EnumId enum_id = {}) {
    Type type = Type::of(kind);
    type.enum_id = enum_id;
    p.fields.push_back(Field{name, type, optional, span()});
  }
  EnumId enumeration(std::vector<std::string> values) {
    p.enums.push_back(EnumType{std::move(values)});
    return EnumId{static_cast<std::uint32_t>(p.enums.size() - 1)};
  }

  ExprId add(Expr e) {
    e.span = span();
    p.exprs.push_back(std::move(e));
    return ExprId{static_cast<std::uint32_t>(p.exprs.size() - 1)};
  }
  ExprId node(Op op, TypeKind type, std::vector<ExprId> args = {}, std::uint32_t ref = UINT32_MAX) {
    Expr e;
    e.op = op;
    e.type = Type::of(type);
    e.args = std::move(args);
    e.ref = ref;
    for (ExprId a : e.args) e.may_be_unknown = e.may_be_unknown || p.exprs[a.index].may_be_unknown;
    return add(std::move(e));
  }

  // Expressions.
  ExprId f(const std::string& name) {
    for (std::uint32_t i = 0; i < p.fields.size(); ++i) {
      if (p.fields[i].name != name) continue;
      ExprId id = node(Op::field, p.fields[i].type.kind, {}, i);
      p.exprs[id.index].type = p.fields[i].type;
      p.exprs[id.index].may_be_unknown = p.fields[i].optional;
      return id;
    }
    FAIL("no field " << name);
    return {};
  }
  ExprId constant(Value v, std::string origin = {}) {
    Expr e;
    e.type = Type::of(v.kind);
    e.value = std::move(v);
    e.origin = std::move(origin);
    return add(std::move(e));
  }
  static Value ival(std::int64_t n) { return Value{TypeKind::integer, false, n, {}, {}, {}, {}}; }
  ExprId i(std::int64_t n) { return constant(ival(n)); }
  ExprId d(const char* text) {
    Value v;
    v.kind = TypeKind::decimal;
    v.decimal = *Decimal::parse(text);
    return constant(v);
  }
  ExprId pct(std::int64_t n) {
    Value v = ival(n);
    v.kind = TypeKind::percent;
    return constant(v);
  }
  ExprId date(int y, int m, int day) {
    Value v;
    v.kind = TypeKind::date;
    v.date = date_from_civil(y, m, day);
    return constant(v);
  }
  static Value sval(const std::string& text) {
    Value v;
    v.kind = TypeKind::string;
    v.text = text;
    return v;
  }
  ExprId s(const std::string& text) { return constant(sval(text)); }
  static Value eval(std::int64_t index) {
    Value v = ival(index);
    v.kind = TypeKind::enumeration;
    return v;
  }
  ExprId list(std::vector<Value> items, std::string origin = {}) {
    Value v;
    v.kind = TypeKind::list;
    v.items = std::move(items);
    return constant(v, std::move(origin));
  }
  ExprId boolean(bool b) {
    Value v;
    v.kind = TypeKind::boolean;
    v.boolean = b;
    return constant(v);
  }
  ExprId cmp(ExprId a, CompareOp op, ExprId b) {
    ExprId id = node(Op::compare, TypeKind::boolean, {a, b});
    p.exprs[id.index].compare_op = op;
    return id;
  }
  ExprId lt(ExprId a, ExprId b) { return cmp(a, CompareOp::lt, b); }
  ExprId le(ExprId a, ExprId b) { return cmp(a, CompareOp::le, b); }
  ExprId gt(ExprId a, ExprId b) { return cmp(a, CompareOp::gt, b); }
  ExprId ge(ExprId a, ExprId b) { return cmp(a, CompareOp::ge, b); }
  ExprId eq(ExprId a, ExprId b) { return cmp(a, CompareOp::eq, b); }
  ExprId ne(ExprId a, ExprId b) { return cmp(a, CompareOp::ne, b); }
  ExprId all(std::vector<ExprId> args) { return node(Op::and_, TypeKind::boolean, std::move(args)); }
  ExprId any(std::vector<ExprId> args) { return node(Op::or_, TypeKind::boolean, std::move(args)); }
  ExprId no(ExprId a) { return node(Op::not_, TypeKind::boolean, {a}); }
  ExprId at_least(std::int64_t k, std::vector<ExprId> args) {
    ExprId id = node(Op::at_least, TypeKind::boolean, std::move(args));
    p.exprs[id.index].integer = k;
    return id;
  }
  ExprId in(ExprId a, ExprId list) { return node(Op::in_list, TypeKind::boolean, {a, list}); }
  ExprId between(ExprId a, ExprId low, ExprId high) { return node(Op::between, TypeKind::boolean, {a, low, high}); }
  ExprId present(const std::string& name) {
    for (std::uint32_t i = 0; i < p.fields.size(); ++i) {
      if (p.fields[i].name == name) return node(Op::present, TypeKind::boolean, {}, i);
    }
    FAIL("no field " << name);
    return {};
  }
  ExprId arith(ArithOp op, ExprId a, ExprId b) {
    ExprId id = node(Op::arith, TypeKind::integer, {a, b});
    p.exprs[id.index].arith_op = op;
    p.exprs[id.index].may_be_unknown = true;
    return id;
  }
  ExprId lower(ExprId a) { return node(Op::lower, TypeKind::string, {a}); }
  ExprId score() { return node(Op::score, TypeKind::decimal); }
  ExprId tier() { return node(Op::tier, TypeKind::integer); }
  ExprId excluded() { return node(Op::excluded, TypeKind::boolean); }
  ExprId coverage() { return node(Op::committee_coverage, TypeKind::percent); }
  ExprId has_role(std::uint32_t role) { return node(Op::has_role, TypeKind::boolean, {}, role); }
  ExprId count(std::uint32_t signal, std::int64_t days) {
    ExprId id = node(Op::count, TypeKind::integer, {}, signal);
    p.exprs[id.index].integer = days;
    return id;
  }
  ExprId crit(const std::string& name) {
    for (std::uint32_t i = 0; i < p.criteria.size(); ++i) {
      if (p.criteria[i].name != name) continue;
      ExprId id = node(Op::criterion, TypeKind::boolean, {}, i);
      p.exprs[id.index].may_be_unknown = p.exprs[p.criteria[i].condition.index].may_be_unknown;
      return id;
    }
    FAIL("no criterion " << name);
    return {};
  }

  // Declarations.
  void criterion(const std::string& name, ExprId condition) {
    p.criteria.push_back(Criterion{name, condition, span(), span()});
  }
  void tier_decl(ExprId condition) {
    const auto number = static_cast<std::int32_t>(p.tiers.size() + 1);
    p.tiers.push_back(Tier{number, "t" + std::to_string(number), condition, span()});
  }
  void exclude(const std::string& name, ExprId condition) {
    p.exclusions.push_back(Exclusion{name, condition, {}, span(), span()});
  }
  void bonus(const std::string& name, ExprId condition) {
    p.bonuses.push_back(Bonus{name, *Decimal::from_int(5), condition, span(), span()});
  }
  void when(ExprId condition) { p.route.push_back(RouteRule{condition, {}, span()}); }

  std::vector<Diagnostic> run() {
    if (p.route.empty() || p.route.back().condition) p.route.push_back(RouteRule{std::nullopt, {}, span()});
    DiagnosticSink sink;
    SourceMap sources;
    lint::lint(sources, p, options, sink);
    return sink.diagnostics();
  }
  std::vector<std::string> codes() {
    std::vector<std::string> out;
    for (const Diagnostic& d : run()) out.emplace_back(info(d.code).name);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::uint32_t next_ = 0;
};

struct Row {
  const char* name;
  std::function<void(Builder&)> build;
  std::vector<std::string> expected;  // sorted codes
};

inline void run_rows(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      Builder b;
      row.build(b);
      // Joined, so a failure prints both lists.
      auto join = [](const std::vector<std::string>& codes) {
        std::string out;
        for (const std::string& c : codes) out += c + " ";
        return out;
      };
      CHECK(join(b.codes()) == join(row.expected));
    }
  }
}

}  // namespace lint_test
