// Stage 1, parse: the actions that turn matched grammar rules into SyntaxTree nodes.
// Input: rules from parse.cpp (which includes this file once, after the grammar).
// Output: expressions and declarations appended to the tree; lexical diagnostics.
#pragma once

#include <fmt/format.h>

namespace icp::grammar {
namespace {

using namespace icp::syntax;

// What the actions build. Expressions go on `values` as they complete (operands before
// their operator); the fields below `values` hold the declaration being parsed.
struct State {
  const char* base = nullptr;
  FileId file = 0;
  SyntaxTree& tree;
  DiagnosticSink& sink;
  int depth = 0;
  const char* declaration_begin = nullptr;  // where the declaration being tried starts
  std::uint32_t comments_end = 0;  // comments before this offset are already recorded
  std::uint32_t lexical_end = 0;   // likewise for lexical diagnostics

  std::vector<ExprId> values;
  std::vector<std::size_t> marks;  // where a list's or call's arguments start on `values`

  std::string name;
  Span name_span;
  std::string text;  // the last string in a declaration position, decoded
  Span text_span;
  SpannedDuration duration;
  std::string count_signal;
  Span count_signal_span;
  std::vector<Property> properties;
  std::string key;
  Span key_span;
  std::vector<std::string> path;
  Span path_span;
  TypeRef type;
  std::vector<FieldDecl> fields;
  SignalDecl signal;
  BonusDecl bonus;
  std::optional<std::string> reason;
  Span reason_span;
  std::int64_t tier_number = 0;
  Span tier_number_span;
  RouteAction action;
  std::vector<RouteRule> route_rules;
  bool route_opened = false;  // a route block's `{` was read and its declaration is not over
  bool route_closed = false;  // recovery: the `}` of the route block being read was
  // Recovery: the rules of a route block read so far around its syntax errors, and where the
  // block's recovered part ends; one RouteDecl once the block is over (not reset per attempt).
  std::vector<RouteRule> recovered_rules;
  std::uint32_t recovered_end = 0;

  template <typename Input>
  Span span(const Input& in) const {
    return Span{file, static_cast<std::uint32_t>(in.begin() - base), static_cast<std::uint32_t>(in.end() - base)};
  }
  Span span(const char* begin, const char* end) const {
    return Span{file, static_cast<std::uint32_t>(begin - base), static_cast<std::uint32_t>(end - base)};
  }
  Expr& expr(ExprId id) { return tree.exprs[id.index]; }
  ExprId push(Expr e) {
    const ExprId id{static_cast<std::uint32_t>(tree.exprs.size())};
    tree.exprs.push_back(std::move(e));
    values.push_back(id);
    return id;
  }
  ExprId pop() {
    // INVARIANT: the grammar pushes every operand before the action that pops it.
    const ExprId id = values.back();
    values.pop_back();
    return id;
  }
  // Lexical diagnostics are reported once even if their token is matched twice.
  void report_lexical(DiagnosticCode code, Span where, std::string message, std::string help) {
    if (where.begin < lexical_end) return;
    lexical_end = where.end;
    sink.report(code, where, std::move(message), std::move(help));
  }
  // Recovery in a route block: the rules this attempt read join the recovered ones.
  void keep_route_rules(std::uint32_t end) {
    for (RouteRule& rule : route_rules) recovered_rules.push_back(std::move(rule));
    route_rules.clear();
    if (!recovered_rules.empty()) recovered_end = std::max(recovered_end, end);
  }
  // The recovered route, if it has rules: from its first rule to `recovered_end`.
  void end_recovered_route() {
    if (recovered_rules.empty()) return;
    const Span span{file, recovered_rules.front().span.begin, std::max(recovered_end, recovered_rules.back().span.end)};
    tree.declarations.emplace_back(RouteDecl{std::move(recovered_rules), span, /*recovered=*/true});
    recovered_rules.clear();
    recovered_end = 0;
  }
  void reset_declaration() {
    values.clear();
    marks.clear();
    properties.clear();
    fields.clear();
    route_rules.clear();
    route_opened = false;
    route_closed = false;
    type = TypeRef{};
    signal = SignalDecl{};
    bonus = BonusDecl{};
    reason.reset();
    action = RouteAction{};
    depth = 0;
  }
};

Expr make_expr(ExprKind kind, Span span) {
  Expr e;
  e.kind = kind;
  e.span = span;
  return e;
}

// Splits `std.geo.eu` (no blanks inside, the grammar guarantees it).
std::vector<std::string> split_path(std::string_view text) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  for (std::size_t dot = text.find('.'); dot != std::string_view::npos; dot = text.find('.', start)) {
    segments.emplace_back(text.substr(start, dot - start));
    start = dot + 1;
  }
  segments.emplace_back(text.substr(start));
  return segments;
}

std::string decode(std::string_view literal, Span span, State& st) {
  DecodedString decoded = decode_string(literal);
  for (const auto& bad : decoded.bad_escapes) {
    const Span where{span.file, span.begin + bad.offset, span.begin + bad.offset + bad.length};
    st.report_lexical(DiagnosticCode::E0003, where,
                      fmt::format("unknown escape `{}` in a string", literal.substr(bad.offset, bad.length)),
                      "strings allow only the escapes `\\\"`, `\\\\` and `\\n`");
  }
  return std::move(decoded.value);
}

// An integer literal's value, or E0005 and nothing when it exceeds kMaxIntegerLiteral.
// `suffix` is what follows the digits (`%` for a percentage).
std::optional<std::int64_t> integer_value(std::string_view digits, Span span, State& st,
                                          std::string_view suffix = {}) {
  auto value = parse_int64(digits);
  if (!value || *value > kMaxIntegerLiteral) {
    const bool percent = suffix == "%";
    st.report_lexical(DiagnosticCode::E0005, span,
                      fmt::format("{} `{}{}` is too large", percent ? "percentage" : "integer", digits, suffix),
                      fmt::format("{} go up to {}{}", percent ? "percentages" : "integers", kMaxIntegerLiteral, suffix));
    return std::nullopt;
  }
  return value;
}

// A duration literal (`30d`), or E0005 and nothing when it is longer than 100 years.
std::optional<DurationLiteral> duration_literal(std::string_view text, Span span, State& st) {
  DurationLiteral out;
  out.unit = text.back();
  const auto amount = parse_int64(text.substr(0, text.size() - 1));
  if (!amount || *amount > DurationLiteral::max_amount(out.unit)) {
    st.report_lexical(DiagnosticCode::E0005, span, fmt::format("duration `{}` is longer than 100 years", text),
                      fmt::format("durations go up to `{}d` (`{}w`, `{}h`)", DurationLiteral::kMaxDays,
                                  DurationLiteral::max_amount('w'), DurationLiteral::max_amount('h')));
    return std::nullopt;
  }
  out.amount = *amount;
  return out;
}

SpannedDuration duration_value(std::string_view text, Span span, State& st) {
  return SpannedDuration{duration_literal(text, span, st).value_or(DurationLiteral{}), span};
}

}  // namespace

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

// --- comments and literals ---------------------------------------------------------------
template <>
struct action<rules::comment> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Span span = st.span(in);
    if (span.begin < st.comments_end) return;  // seen before a backtrack
    std::string_view text = in.string_view().substr(1);
    if (!text.empty() && text.back() == '\r') {
      text.remove_suffix(1);
      --span.end;
    }
    st.comments_end = span.end;
    st.tree.comments.push_back(Comment{std::string(text), span});
  }
};

template <>
struct action<rules::integer_lit> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::integer, st.span(in));
    if (auto value = integer_value(in.string_view(), e.span, st)) {
      e.integer = *value;
    } else {
      e.kind = ExprKind::error;
    }
    st.push(std::move(e));
  }
};
template <>
struct action<rules::cap_value> : action<rules::integer_lit> {};

template <>
struct action<rules::decimal_lit> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::decimal, st.span(in));
    e.text = in.string();
    st.push(std::move(e));
  }
};

template <>
struct action<rules::percent_lit> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::percent, st.span(in));
    const std::string_view text = in.string_view();
    if (auto value = integer_value(text.substr(0, text.size() - 1), e.span, st, "%")) {
      e.integer = *value;
    } else {
      e.kind = ExprKind::error;
    }
    st.push(std::move(e));
  }
};

template <>
struct action<rules::duration_lit> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::duration, st.span(in));
    if (auto value = duration_literal(in.string_view(), e.span, st)) {
      e.duration = *value;
    } else {
      e.kind = ExprKind::error;
    }
    st.push(std::move(e));
  }
};

template <>
struct action<rules::bad_number> {
  template <typename Input>
  static void apply(const Input& in, State&) {
    throw SyntaxFailure{DiagnosticCode::E0005, in.begin(), in.end(),
                        fmt::format("unknown duration unit in `{}`", in.string_view()),
                        "durations end in `h` (hours), `d` (days) or `w` (weeks), as in `30d`", false};
  }
};

template <>
struct action<rules::date_lit> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::date, st.span(in));
    const char* p = in.begin();
    const auto number = [p](int from, int count) {
      int value = 0;
      for (int i = from; i < from + count; ++i) value = value * 10 + (p[i] - '0');
      return value;
    };
    e.date = DateLiteral{number(0, 4), number(5, 2), number(8, 2)};
    const int days = days_in_month(e.date.year, e.date.month);
    if (days == 0 || e.date.day < 1 || e.date.day > days || e.date.year < 1) {
      e.kind = ExprKind::error;
      st.report_lexical(DiagnosticCode::E0004, e.span, fmt::format("`{}` is not a calendar date", in.string_view()),
                        days == 0 ? std::string("months run from 01 to 12")
                                  : fmt::format("month {:02} of {} has {} days", e.date.month, e.date.year, days));
    }
    st.push(std::move(e));
  }
};

template <>
struct action<rules::string_lit> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::string, st.span(in));
    e.text = decode(in.string_view(), e.span, st);
    st.push(std::move(e));
  }
};

template <bool Value>
struct boolean_action {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::boolean, st.span(in));
    e.integer = Value ? 1 : 0;
    st.push(std::move(e));
  }
};
template <>
struct action<rules::true_lit> : boolean_action<true> {};
template <>
struct action<rules::false_lit> : boolean_action<false> {};

// Durations and strings in declaration positions land in the scratch fields.
struct duration_action {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.duration = duration_value(in.string_view(), st.span(in), st);
  }
};
template <>
struct action<rules::count_window> : duration_action {};
template <>
struct action<rules::half_life_value> : duration_action {};
template <>
struct action<rules::sla_value> : duration_action {};

struct text_action {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.text_span = st.span(in);
    st.text = decode(in.string_view(), st.text_span, st);
  }
};
template <>
struct action<rules::profile_name> : text_action {};
template <>
struct action<rules::tier_label> : text_action {};
template <>
struct action<rules::cadence_name> : text_action {};

// --- expressions ----------------------------------------------------------------------------
template <>
struct action<rules::path> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::name, st.span(in));
    e.path = split_path(in.string_view());
    st.push(std::move(e));
  }
};

struct mark_action {
  template <typename Input>
  static void apply(const Input&, State& st) {
    st.marks.push_back(st.values.size());
  }
};
template <>
struct action<rules::call_open> : mark_action {};
template <>
struct action<rules::list_open> : mark_action {};

// Moves the values pushed since the last mark into `args`.
inline std::vector<ExprId> take_marked(State& st) {
  const std::size_t mark = st.marks.back();
  st.marks.pop_back();
  std::vector<ExprId> args(st.values.begin() + static_cast<std::ptrdiff_t>(mark), st.values.end());
  st.values.resize(mark);
  return args;
}

template <>
struct action<rules::call_args> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    std::vector<ExprId> args = take_marked(st);
    Expr& callee = st.expr(st.values.back());  // the name just before `(`
    callee.kind = ExprKind::call;
    callee.name_span = callee.span;
    callee.span.end = st.span(in).end;
    callee.args = std::move(args);
  }
};

template <>
struct action<rules::list_expr> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::list, st.span(in));
    e.args = take_marked(st);
    st.push(std::move(e));
  }
};

template <>
struct action<rules::count_signal> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.count_signal = in.string();
    st.count_signal_span = st.span(in);
  }
};

template <>
struct action<rules::count_expr> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::count, st.span(in));
    e.path = {st.count_signal};
    e.name_span = st.count_signal_span;
    e.duration = st.duration.value;
    e.duration_span = st.duration.span;
    st.push(std::move(e));
  }
};

// Parentheses widen the inner expression's span, so carets cover what was written.
template <>
struct action<rules::paren_expr> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.expr(st.values.back()).span = st.span(in);
  }
};

template <>
struct action<rules::negate> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::negate, st.span(in));
    e.args = {st.pop()};
    st.push(std::move(e));
  }
};

template <>
struct action<rules::not_op> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    Expr e = make_expr(ExprKind::not_, st.span(in));
    e.args = {st.pop()};
    st.push(std::move(e));
  }
};

// A tail (`+ b`, `between a and b`, ...) combines its operands with the value before it,
// whose span starts the new node's span.
inline void combine(State& st, ExprKind kind, BinaryOp op, std::size_t operands, const char* end, HasMode mode = HasMode::one) {
  Expr e;
  e.kind = kind;
  e.op = op;
  e.has_mode = mode;
  e.args.resize(operands);
  for (std::size_t i = operands; i-- > 0;) e.args[i] = st.pop();
  e.span = Span{st.file, st.expr(e.args.front()).span.begin, static_cast<std::uint32_t>(end - st.base)};
  st.push(std::move(e));
}

inline BinaryOp operator_of(std::string_view text) {
  switch (text[0]) {
    case '=': return BinaryOp::eq;
    case '!': return BinaryOp::ne;
    case '<': return text.size() > 1 && text[1] == '=' ? BinaryOp::le : BinaryOp::lt;
    case '>': return text.size() > 1 && text[1] == '=' ? BinaryOp::ge : BinaryOp::gt;
    case '+': return BinaryOp::add;
    case '-': return BinaryOp::sub;
    case '*': return BinaryOp::mul;
    default: return BinaryOp::div;
  }
}

struct operator_action {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    combine(st, ExprKind::binary, operator_of(in.string_view()), 2, in.end());
  }
};
template <>
struct action<rules::mul_tail> : operator_action {};
template <>
struct action<rules::add_tail> : operator_action {};
template <>
struct action<rules::compare_tail> : operator_action {};

template <ExprKind Kind, BinaryOp Op, std::size_t Operands, HasMode Mode = HasMode::one>
struct combine_action {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    combine(st, Kind, Op, Operands, in.end(), Mode);
  }
};
template <>
struct action<rules::and_tail> : combine_action<ExprKind::binary, BinaryOp::and_, 2> {};
template <>
struct action<rules::or_tail> : combine_action<ExprKind::binary, BinaryOp::or_, 2> {};
template <>
struct action<rules::in_tail> : combine_action<ExprKind::in, BinaryOp::eq, 2> {};
template <>
struct action<rules::between_tail> : combine_action<ExprKind::between, BinaryOp::eq, 3> {};
template <>
struct action<rules::has_one_tail> : combine_action<ExprKind::has, BinaryOp::eq, 2> {};
template <>
struct action<rules::has_any_tail> : combine_action<ExprKind::has, BinaryOp::eq, 2, HasMode::any> {};
template <>
struct action<rules::has_all_tail> : combine_action<ExprKind::has, BinaryOp::eq, 2, HasMode::all> {};

template <>
struct action<rules::chained_comparison> {
  template <typename Input>
  static void apply(const Input& in, State&) {
    throw SyntaxFailure{DiagnosticCode::E0001, in.begin(), in.end(),
                        fmt::format("unexpected `{}` after a comparison", in.string_view()),
                        "comparisons do not chain; join them with `and`", false};
  }
};

}  // namespace icp::grammar
