// The product of parsing: one SyntaxTree per file, declarations in file order.
// Input: grammar/parse.cpp fills it. Output: compiler/check reads it; `icpc dump syntax`
// prints it. Expressions live in one vector and refer to each other by ExprId.
// Nothing here is resolved or typed; literals are kept as written where exactness matters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "grammar/source.hpp"

namespace icp::syntax {

struct ExprId {
  std::uint32_t index = UINT32_MAX;
  bool valid() const { return index != UINT32_MAX; }
  friend bool operator==(ExprId, ExprId) = default;
};

// A calendar date as written; the parser has already checked that it exists.
struct DateLiteral {
  int year = 1970;
  int month = 1;
  int day = 1;
};

struct DurationLiteral {
  // The longest duration the language accepts: 100 years of 365 days. The parser refuses a
  // longer literal (E0005), so hours() cannot overflow and no window or decay table is huge.
  // KEEP IN SYNC: runtime/format/verify_chunk.hpp kMaxDays.
  static constexpr std::int64_t kMaxDays = 365 * 100;
  static constexpr std::int64_t max_amount(char unit) {
    return unit == 'h' ? kMaxDays * 24 : unit == 'w' ? kMaxDays / 7 : kMaxDays;
  }

  std::int64_t amount = 0;  // 0 to max_amount(unit)
  char unit = 'd';          // 'h', 'd' or 'w'
  std::int64_t hours() const { return unit == 'h' ? amount : unit == 'w' ? amount * 168 : amount * 24; }
};

enum class ExprKind : std::uint8_t {
  integer,      // integer
  decimal,      // text ("0.5"), exact; the checker converts it
  string,       // text (escapes already decoded)
  date,         // date
  duration,     // duration
  percent,      // integer (80% -> 80)
  boolean,      // integer (0 or 1)
  list,         // args: the elements
  name,         // path: one segment (`size`) or dotted (`std.geo.sanctioned`)
  not_,         // args[0]
  negate,       // unary minus, args[0]
  binary,       // op, args[0] and args[1]: comparisons, arithmetic, and, or
  in,           // args[0] in args[1]
  between,      // args[0] between args[1] and args[2]
  has,          // args[0] has [any|all] args[1]; has_mode says which
  call,         // path[0] is the function name, name_span its span, args the arguments
  count,        // count(path[0] within duration); path[0] is a signal name or "signals"
  error,        // placeholder after a syntax error so later stages can skip it
};

enum class BinaryOp : std::uint8_t { or_, and_, eq, ne, lt, le, gt, ge, add, sub, mul, div };
enum class HasMode : std::uint8_t { one, any, all };

struct Expr {
  ExprKind kind = ExprKind::error;
  Span span;
  BinaryOp op = BinaryOp::eq;
  HasMode has_mode = HasMode::one;
  std::int64_t integer = 0;
  std::string text;
  DateLiteral date;
  DurationLiteral duration;
  Span duration_span;  // `count`: the span of the window duration
  std::vector<std::string> path;
  Span name_span;      // `call`/`count`: span of the function or signal name
  std::vector<ExprId> args;
};

// Durations and literals inside declarations keep their own spans for carets.
struct SpannedDuration {
  DurationLiteral value;
  Span span;
};

// `key value` inside `profile { ... }` or `role name { ... }`.
struct Property {
  std::string key;
  Span key_span;
  ExprId value;
};

struct ProfileDecl {
  std::string name;
  Span name_span;
  std::vector<Property> properties;
  Span span;
};

struct UseDecl {
  std::vector<std::string> path;  // {"std", "geo"}
  Span path_span;
  Span span;
};

struct TypeRef {
  std::string name;  // "int", "decimal", "string", "bool", "date", "enum", "set", "naics", "country", or what was written
  Span name_span;
  std::vector<std::string> enum_values;  // for enum(...)
  std::vector<Span> enum_value_spans;
  std::string element;  // for set<...>: the element type name as written
  Span element_span;
  bool optional = false;  // written with a trailing `?`
  Span span;
};

struct FieldDecl {
  std::string name;
  Span name_span;
  TypeRef type;
  Span span;
};

struct AccountDecl {
  std::vector<FieldDecl> fields;
  Span span;
};

struct LetDecl {
  std::string name;
  Span name_span;
  ExprId value;
  Span span;
};

struct SignalDecl {
  std::string name;
  Span name_span;
  ExprId weight;
  SpannedDuration within;
  std::optional<ExprId> cap;
  std::optional<SpannedDuration> half_life;
  Span span;
};

struct BonusDecl {
  std::string name;
  Span name_span;
  ExprId points;  // the signed amount after `+` or `-`, as an integer or decimal literal
  bool negative = false;
  ExprId condition;
  Span span;
};

struct ExcludeDecl {
  std::string name;
  Span name_span;
  ExprId condition;
  std::optional<std::string> reason;
  Span reason_span;
  Span span;
};

struct CriterionDecl {
  std::string name;
  Span name_span;
  ExprId condition;
  Span span;
};

struct TierDecl {
  std::int64_t number = 0;
  Span number_span;
  std::string label;
  Span label_span;
  ExprId condition;
  Span span;
};

struct RoleDecl {
  std::string name;
  Span name_span;
  std::vector<Property> properties;  // titles, owns, objection, proof
  Span span;
};

struct RouteAction {
  enum class Kind : std::uint8_t { disqualify, ignore, queue };
  Kind kind = Kind::ignore;
  std::string queue;
  Span queue_span;
  std::optional<SpannedDuration> sla;
  std::optional<std::string> cadence;
  Span cadence_span;
  Span span;
};

struct RouteRule {
  bool is_else = false;
  ExprId condition;  // invalid for `else`
  RouteAction action;
  Span span;
};

struct RouteDecl {
  std::vector<RouteRule> rules;
  Span span;
  // Put together from the rules read around syntax errors in the block (grammar/parse.cpp):
  // each rule parsed whole, the errors lie between them.
  bool recovered = false;
};

using Declaration = std::variant<ProfileDecl, UseDecl, AccountDecl, LetDecl, SignalDecl,
                                 BonusDecl, ExcludeDecl, CriterionDecl, TierDecl, RoleDecl,
                                 RouteDecl>;

// A `#` comment, kept so that the formatter can put it back where it was.
struct Comment {
  std::string text;  // without the leading `#`
  Span span;
};

struct SyntaxTree {
  FileId file = 0;
  std::vector<Declaration> declarations;
  std::vector<Expr> exprs;
  std::vector<Comment> comments;
  // Text skipped after syntax errors, each from the start of the declaration that failed
  // to the point where parsing resumed; a checker reading a tree with holes uses it to
  // tell a real error from an echo of the hole (compiler/check/recovery.hpp).
  std::vector<Span> unparsed;

  const Expr& expr(ExprId id) const { return exprs.at(id.index); }
};

}  // namespace icp::syntax
