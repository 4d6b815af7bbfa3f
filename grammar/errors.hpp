// Stage 1, parse: what each `must<>` point says when it fails (after PEGTL's json_errors.hpp).
// Input: the rule that could not match. Output: a SyntaxFailure that parse.cpp turns into a
// diagnostic, so PEGTL's own exception text never reaches a user. Included by parse.cpp only.
// KEEP IN SYNC: every rule used inside must<> in parse.cpp needs a message here.
#pragma once

#include <string>
#include <type_traits>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "grammar/diagnostic.hpp"
#include "grammar/habits.hpp"
#include "grammar/parse.hpp"

namespace icp::grammar {

// Thrown by the control class and by actions; caught in parse() and reported.
struct SyntaxFailure {
  DiagnosticCode code = DiagnosticCode::E0001;
  const char* where = nullptr;      // first offending byte
  const char* where_end = nullptr;  // null: the token starting at `where`
  std::string message;
  std::string help;
  bool at_declaration_start = false;  // the top level failed: suggest a keyword
  FailurePoint point = FailurePoint::other;  // what came just before: read by habit_at()
};

namespace rules {
// Rules that guard nesting depth (parentheses, lists, calls, `not`, unary minus); each
// names its `opener`, the token that makes it one level deeper.
struct nesting {};
struct declaration;  // its start is where text skipped after an error begins

// Every must<> target; the grammar itself is in parse.cpp.
struct end_of_declarations;
struct profile_name; struct profile_open; struct profile_close; struct property_value;
struct module_path; struct path_segment;
struct account_open; struct account_close; struct field_colon; struct field_type;
struct enum_open; struct enum_value; struct enum_close; struct set_open; struct set_element; struct set_close;
struct let_name; struct let_equals; struct let_value;
struct signal_name; struct weight_keyword; struct signal_weight; struct within_keyword;
struct within_window; struct cap_value; struct half_life_keyword; struct half_life_value;
struct bonus_name; struct bonus_points; struct bonus_amount; struct bonus_when; struct when_condition;
struct exclude_name; struct exclude_when;
struct criterion_name; struct criterion_equals; struct defined_condition;
struct tier_number; struct tier_label; struct tier_equals;
struct role_name; struct role_open; struct role_close;
struct route_open; struct route_close; struct route_arrow; struct else_arrow; struct route_action;
struct queue_name; struct sla_value; struct cadence_name;
struct or_operand; struct and_operand; struct not_operand; struct compare_operand; struct in_operand;
struct between_low; struct between_and; struct between_high; struct has_operand;
struct add_operand; struct mul_operand; struct negate_operand;
struct paren_inner; struct paren_close; struct first_element; struct list_close;
struct first_argument; struct next_argument; struct call_close;
struct count_signal; struct count_within; struct count_window; struct count_close;
}  // namespace rules

template <typename Rule> inline constexpr const char* error_message = nullptr;
template <typename Rule> inline constexpr const char* error_help = nullptr;

#define ICP_ERROR(rule, text) template <> inline constexpr const char* error_message<rules::rule> = text
#define ICP_HELP(rule, text) template <> inline constexpr const char* error_help<rules::rule> = text

ICP_ERROR(end_of_declarations, "expected a declaration such as `criterion`, `tier` or `route`");

ICP_ERROR(profile_name, "expected the profile name as a string after `profile`");
ICP_ERROR(profile_open, "expected `{` after the profile name");
ICP_ERROR(profile_close, "expected a property such as `owner`, or `}` to close the `profile` block");
ICP_ERROR(property_value, "expected a value after the property name");
ICP_ERROR(module_path, "expected a module name such as `std.geo` after `use`");
ICP_ERROR(path_segment, "expected a name after `.`");

ICP_ERROR(account_open, "expected `{` after `account`");
ICP_ERROR(account_close, "expected a field such as `employees: int`, or `}` to close the `account` block");
ICP_ERROR(field_colon, "expected `:` and a type after the field name");
ICP_ERROR(field_type, "expected a type such as `int`, `string`, `enum(...)` or `set<string>`");
ICP_ERROR(enum_open, "expected `(` and the values after `enum`");
ICP_ERROR(enum_value, "expected an enum value (a lowercase name)");
ICP_ERROR(enum_close, "expected `,` or `)` after an enum value");
ICP_ERROR(set_open, "expected `<` and the element type after `set`");
ICP_ERROR(set_element, "expected the element type after `set<`");
ICP_ERROR(set_close, "expected `>` to close `set<...>`");

ICP_ERROR(let_name, "expected a name after `let`");
ICP_ERROR(let_equals, "expected `=` and a value after the `let` name");
ICP_ERROR(let_value, "expected a value after `=`");

ICP_ERROR(signal_name, "expected a name after `signal`");
ICP_ERROR(weight_keyword, "expected `weight` after the signal name");
ICP_ERROR(signal_weight, "expected a number after `weight`");
ICP_ERROR(within_keyword, "expected `within` and a duration after the signal weight");
ICP_ERROR(within_window, "expected a duration such as `30d` after `within`");
ICP_ERROR(cap_value, "expected a whole number after `cap`");
ICP_ERROR(half_life_keyword, "expected `half_life` after `decay`");
ICP_ERROR(half_life_value, "expected a duration such as `7d` after `half_life`");

ICP_ERROR(bonus_name, "expected a name after `bonus`");
ICP_ERROR(bonus_points, "expected `+` or `-` and the points after the bonus name");
ICP_ERROR(bonus_amount, "expected a number after the sign");
ICP_ERROR(bonus_when, "expected `when` and a condition after the bonus points");
ICP_ERROR(when_condition, "expected a condition after `when`");
ICP_ERROR(exclude_name, "expected a name after `exclude`");
ICP_ERROR(exclude_when, "expected `when` and a condition after the exclusion name");
ICP_ERROR(criterion_name, "expected a name after `criterion`");
ICP_ERROR(criterion_equals, "expected `=` and a condition after the criterion name");
ICP_ERROR(defined_condition, "expected a condition after `=`");

ICP_ERROR(tier_number, "expected the tier number after `tier`");
ICP_ERROR(tier_label, "expected the tier label as a string such as `\"Perfect fit\"`");
ICP_HELP(tier_label, "put the label in double quotes");
ICP_ERROR(tier_equals, "expected `=` and a condition after the tier label");

ICP_ERROR(role_name, "expected a name after `role`");
ICP_ERROR(role_open, "expected `{` after the role name");
ICP_ERROR(role_close, "expected a property such as `titles`, or `}` to close the `role` block");

ICP_ERROR(route_open, "expected `{` after `route`");
ICP_ERROR(route_close, "expected `when`, `else` or `}` in the `route` block");
ICP_ERROR(route_arrow, "expected `->` and an action after the route condition");
ICP_ERROR(else_arrow, "expected `->` and an action after `else`");
ICP_ERROR(route_action, "expected an action: `disqualify`, `ignore` or `queue \"name\"`");
ICP_ERROR(queue_name, "expected the queue name as a string after `queue`");
ICP_ERROR(sla_value, "expected a duration such as `24h` after `sla`");
ICP_ERROR(cadence_name, "expected the cadence name as a string after `cadence`");

ICP_ERROR(or_operand, "expected a condition after `or`");
ICP_ERROR(and_operand, "expected a condition after `and`");
ICP_ERROR(not_operand, "expected a condition after `not`");
ICP_ERROR(compare_operand, "expected a value after the comparison operator");
ICP_ERROR(in_operand, "expected a list or a name after `in`");
ICP_ERROR(between_low, "expected the lower bound after `between`");
ICP_ERROR(between_and, "expected `and` and the upper bound after the lower bound of `between`");
ICP_ERROR(between_high, "expected the upper bound after `and`");
ICP_ERROR(has_operand, "expected a value after `has`");
ICP_ERROR(add_operand, "expected a value after the arithmetic operator");
ICP_ERROR(mul_operand, "expected a value after the arithmetic operator");
ICP_ERROR(negate_operand, "expected a value after `-`");
ICP_ERROR(paren_inner, "expected an expression after `(`");
ICP_ERROR(paren_close, "expected `)` to close the parenthesis");
ICP_ERROR(first_element, "expected a list element or `]` after `[`");
ICP_ERROR(list_close, "expected `,` or `]` in the list");
ICP_ERROR(first_argument, "expected an argument or `)` after `(`");
ICP_ERROR(next_argument, "expected an argument after `,`");
ICP_ERROR(call_close, "expected `,` or `)` in the argument list");
ICP_ERROR(count_signal, "expected a signal name or `signals` inside `count(...)`");
ICP_ERROR(count_within, "expected `within` and a duration after the signal name in `count(...)`");
ICP_ERROR(count_window, "expected a duration such as `30d` after `within`");
ICP_ERROR(count_close, "expected `)` to close `count(...)`");

#undef ICP_ERROR
#undef ICP_HELP

// What a must<> point comes after, for habit_at(): right after a complete expression what
// is found there is read as an operator from another language (`=`, `contains`) when it is one.
template <typename Rule>
constexpr FailurePoint failure_point() {
  using namespace rules;
  if constexpr (std::is_same_v<Rule, next_argument>) return FailurePoint::after_comma;
  if constexpr (std::is_same_v<Rule, property_value>) return FailurePoint::after_property_key;
  if constexpr (std::is_same_v<Rule, end_of_declarations> || std::is_same_v<Rule, route_arrow> ||
                std::is_same_v<Rule, paren_close> || std::is_same_v<Rule, call_close> ||
                std::is_same_v<Rule, list_close> || std::is_same_v<Rule, between_and> ||
                std::is_same_v<Rule, profile_close> || std::is_same_v<Rule, role_close>) {
    return FailurePoint::after_expression;
  }
  return FailurePoint::other;
}

template <typename Rule>
struct control : tao::pegtl::normal<Rule> {
  // A must<> target is matched with rewinding so that a failure is reported where the
  // expected thing should have started, not somewhere inside a half-matched attempt.
  template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
    constexpr auto mode = error_message<Rule> != nullptr ? tao::pegtl::rewind_mode::required : M;
    return tao::pegtl::normal<Rule>::template match<A, mode, Action, Control>(in, st...);
  }

  template <typename ParseInput, typename State>
  static void start(const ParseInput& in, State& st) {
    if constexpr (std::is_same_v<Rule, rules::declaration>) st.declaration_begin = in.current();
    if constexpr (std::is_base_of_v<rules::nesting, Rule>) {
      // Deeper nesting is refused rather than risking the stack (parse.hpp, kMaxNesting),
      // where its opening token is: a rule merely tried (a list where a name follows) is not.
      if (++st.depth > kMaxNesting) {
        tao::pegtl::memory_input<> peek(in.current(), in.end(), "");
        if (tao::pegtl::parse<typename Rule::opener>(peek)) {
          throw SyntaxFailure{DiagnosticCode::E0007, in.current(), nullptr,
                              fmt::format("expression nested more than {} levels deep", kMaxNesting),
                              "split it into named criteria or `let` constants", false};
        }
      }
    }
  }
  template <typename ParseInput, typename State>
  static void success(const ParseInput&, State& st) {
    if constexpr (std::is_base_of_v<rules::nesting, Rule>) --st.depth;
  }
  template <typename ParseInput, typename State>
  static void failure(const ParseInput&, State& st) {
    if constexpr (std::is_base_of_v<rules::nesting, Rule>) --st.depth;
  }

  template <typename ParseInput, typename... States>
  [[noreturn]] static void raise(const ParseInput& in, States&&...) {
    static_assert(error_message<Rule> != nullptr, "a must<> point has no message in grammar/errors.hpp");
    throw SyntaxFailure{DiagnosticCode::E0001,
                        in.current(),
                        nullptr,
                        error_message<Rule>,
                        error_help<Rule> != nullptr ? error_help<Rule> : "",
                        std::is_same_v<Rule, rules::end_of_declarations>,
                        failure_point<Rule>()};
  }
};

}  // namespace icp::grammar
