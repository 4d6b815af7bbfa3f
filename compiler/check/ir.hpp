// Stage 2 product: the checked program (IR). Names are resolved to typed ids, every
// expression has a static type, lets are folded to constants, and declarations are in
// vectors so that lint, `icpc dump ir` and lowering (issue 3) walk plain arrays.
// Every node keeps its source span, which lint and the audit point back to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grammar/source.hpp"
#include "icp/date.hpp"
#include "icp/decimal.hpp"

namespace icp::ir {

template <typename Tag>
struct Id {
  std::uint32_t index = UINT32_MAX;
  bool valid() const { return index != UINT32_MAX; }
  friend bool operator==(Id, Id) = default;
  friend auto operator<=>(Id, Id) = default;
};
using ExprId = Id<struct ExprTag>;
using FieldId = Id<struct FieldTag>;
using LetId = Id<struct LetTag>;
using SignalId = Id<struct SignalTag>;
using BonusId = Id<struct BonusTag>;
using ExclusionId = Id<struct ExclusionTag>;
using CriterionId = Id<struct CriterionTag>;
using TierId = Id<struct TierTag>;  // index into Program::tiers; tier number = index + 1
using RoleId = Id<struct RoleTag>;
using EnumId = Id<struct EnumTag>;

enum class TypeKind : std::uint8_t {
  error,        // given to a node after a reported mistake, so one mistake does not cascade
  boolean,
  integer,
  decimal,
  string,
  date,
  duration,     // only in constants (windows, SLAs); never read from a record
  percent,      // committee_coverage and `80%` literals
  enumeration,  // enum_id says which
  string_set,   // set<string>
  naics,
  country,
  list,         // constant list; element says of what
  symbol,       // a bare name in a `let` list, matched to an enum's values where it is used
};

struct Type {
  TypeKind kind = TypeKind::error;
  TypeKind element = TypeKind::error;  // for list
  EnumId enum_id;                      // for enumeration, or a list of enumeration values

  static Type of(TypeKind kind) { return Type{kind, TypeKind::error, {}}; }
  static Type list_of(TypeKind element, EnumId enum_id = {}) { return Type{TypeKind::list, element, enum_id}; }
  bool is_error() const { return kind == TypeKind::error; }
  bool is_numeric() const { return kind == TypeKind::integer || kind == TypeKind::decimal; }
  friend bool operator==(const Type&, const Type&) = default;
};

// A compile-time value: literals, folded lets, stdlib sets.
struct Value {
  TypeKind kind = TypeKind::error;
  bool boolean = false;
  std::int64_t integer = 0;  // integer, percent, enum value index, duration in hours
  Decimal decimal;
  std::string text;          // string, naics code digits, country code
  Date date;
  std::vector<Value> items;  // list
};

enum class Op : std::uint8_t {
  constant,            // value
  field,               // ref = FieldId
  present,             // ref = FieldId; never unknown
  criterion,           // ref = CriterionId (keeps the criterion's three-valued result)
  score,               // decimal: signal points + bonuses
  tier,                // integer: fit tier, 0 when none
  excluded,            // boolean
  committee_coverage,  // percent
  count,               // ref = SignalId, or kAllSignals; integer = window in days
  has_role,            // ref = RoleId
  not_,                // args[0]
  and_,                // args (two or more, from `and` and from `all(...)`)
  or_,                 // args (two or more, from `or` and from `any(...)`)
  at_least,            // integer = k; args = the conditions
  compare,             // compare_op; args[0], args[1]
  arith,               // arith_op; args[0], args[1]
  negate,              // args[0]
  in_list,             // args[0] in args[1] (a list); naics: prefix match
  between,             // args[0] between args[1] and args[2], inclusive
  set_has,             // args[0] set has args[1]
  set_has_any,         // args[0] set has any of list args[1]
  set_has_all,         // args[0] set has all of list args[1]
  starts_with,         // args[0] starts with args[1]
  lower,               // args[0] lowered (ASCII)
};

inline constexpr std::uint32_t kAllSignals = UINT32_MAX - 1;

enum class CompareOp : std::uint8_t { eq, ne, lt, le, gt, ge };
enum class ArithOp : std::uint8_t { add, sub, mul, div };

struct Expr {
  Op op = Op::constant;
  Type type;
  // True when evaluation may give `unknown`: the expression reads an optional field
  // (directly or through a criterion) or may divide by zero.
  bool may_be_unknown = false;
  Span span;
  CompareOp compare_op = CompareOp::eq;
  ArithOp arith_op = ArithOp::add;
  std::uint32_t ref = UINT32_MAX;  // the id named by `op` (see above)
  std::int64_t integer = 0;
  Value value;                     // for constant
  std::string origin;              // for constant: the let or module member it came from ("security_tools", "std.geo.eu")
  std::vector<ExprId> args;
};

struct EnumType {
  std::vector<std::string> values;  // declaration order; a value's index is its code
};

struct Field {
  std::string name;
  Type type;
  bool optional = false;
  Span span;
};
// INVARIANT: fields[0] is `id`, fields[1] `signals`, fields[2] `contacts` (built in,
// not in the schema's text); declared fields follow in declaration order.
inline constexpr std::uint32_t kIdField = 0;
inline constexpr std::uint32_t kSignalsField = 1;
inline constexpr std::uint32_t kContactsField = 2;
inline constexpr std::uint32_t kFirstDeclaredField = 3;

struct Let {
  std::string name;
  Value value;
  Type type;
  std::vector<Span> item_spans;  // for a list: each element's span, for carets on bad codes
  Span name_span;
  Span span;
};

struct Signal {
  std::string name;
  Decimal weight;
  std::int32_t window_days = 0;
  std::optional<std::int64_t> cap;
  std::optional<std::int32_t> half_life_days;
  Span name_span;
  Span span;
};

struct Bonus {
  std::string name;
  Decimal points;  // negative for `-W`
  ExprId condition;
  Span name_span;
  Span span;
};

struct Exclusion {
  std::string name;
  ExprId condition;
  std::string reason;  // empty when none was written
  Span name_span;
  Span span;
};

struct Criterion {
  std::string name;
  ExprId condition;
  Span name_span;
  Span span;
};

struct Tier {
  std::int32_t number = 0;
  std::string label;
  ExprId condition;
  Span span;
};

struct Role {
  std::string name;
  std::vector<std::string> titles;  // patterns: case-insensitive, whole title, `*` = any run
  std::string titles_origin;        // the let or module member the titles came from, if any
  std::string owns;
  std::string objection;
  std::string proof;
  Span name_span;
  Span span;
};

struct RouteAction {
  enum class Kind : std::uint8_t { disqualify, ignore, queue };
  Kind kind = Kind::ignore;
  std::string queue;
  std::optional<std::int64_t> sla_hours;
  std::string sla_text;  // as written ("24h"), for the decision record
  std::optional<std::string> cadence;
};

struct RouteRule {
  std::optional<ExprId> condition;  // nullopt for `else`
  RouteAction action;
  Span span;
};

struct Profile {
  std::string name;
  std::string owner;
  std::string version;
  std::optional<Date> reviewed;
  std::int32_t review_every_days = 90;  // the practice's default cadence
  bool review_every_written = false;
  Span span;           // the whole `profile` declaration
  Span reviewed_span;  // the `reviewed` value, or the profile header when absent
};

struct Import {
  std::string module;  // "geo"
  Span span;
};

// A vertex of the dependency graph, in evaluation order.
struct Node {
  enum class Kind : std::uint8_t { let, criterion, exclusion, tier, bonus, score, tier_result, excluded };
  Kind kind;
  std::uint32_t index = 0;  // into the vector of that kind; unused for the aggregates
};

struct Program {
  FileId file = 0;
  Profile profile;
  std::vector<Import> imports;
  std::vector<EnumType> enums;
  std::vector<Field> fields;
  std::vector<Let> lets;
  std::vector<Signal> signals;
  std::vector<Bonus> bonuses;
  std::vector<Exclusion> exclusions;  // file order = check order
  std::vector<Criterion> criteria;
  std::vector<Tier> tiers;            // INVARIANT: sorted, tiers[i].number == i + 1
  std::vector<Role> roles;
  std::vector<RouteRule> route;       // INVARIANT: non-empty, last rule is `else`
  std::vector<Expr> exprs;
  std::vector<Node> evaluation_order;  // topological order of the dependency graph

  const Expr& expr(ExprId id) const { return exprs.at(id.index); }
};

// `icpc dump ir`: stable text, declarations in order, expressions as indented trees with types.
std::string dump_ir(const SourceMap& sources, const Program& program);
std::string type_name(const Program& program, const Type& type);

}  // namespace icp::ir
