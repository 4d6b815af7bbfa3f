// Stage 1, parse: the actions that turn matched declarations into SyntaxTree declarations.
// Input: rules from parse.cpp and the State of parse_actions.hpp (parse.cpp includes both
// once, after the grammar). Output: declarations appended to the tree in file order.
#pragma once

namespace icp::grammar {

// --- declarations ---------------------------------------------------------------------------
struct name_action {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.name = in.string();
    st.name_span = st.span(in);
  }
};
template <>
struct action<rules::let_name> : name_action {};
template <>
struct action<rules::signal_name> : name_action {};
template <>
struct action<rules::bonus_name> : name_action {};
template <>
struct action<rules::exclude_name> : name_action {};
template <>
struct action<rules::criterion_name> : name_action {};
template <>
struct action<rules::role_name> : name_action {};
template <>
struct action<rules::field_name> : name_action {};

template <>
struct action<rules::property_key> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.key = in.string();
    st.key_span = st.span(in);
  }
};

template <>
struct action<rules::property> {
  template <typename Input>
  static void apply(const Input&, State& st) {
    st.properties.push_back(Property{std::move(st.key), st.key_span, st.pop()});
  }
};

template <>
struct action<rules::profile_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.tree.declarations.emplace_back(
        ProfileDecl{std::move(st.text), st.text_span, std::move(st.properties), st.span(in)});
  }
};

template <>
struct action<rules::module_path> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.path = split_path(in.string_view());
    st.path_span = st.span(in);
  }
};

template <>
struct action<rules::use_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.tree.declarations.emplace_back(UseDecl{std::move(st.path), st.path_span, st.span(in)});
  }
};

template <typename Input>
inline void set_type_name(const Input& in, State& st) {
  st.type.name = in.string();
  st.type.name_span = st.span(in);
}
template <>
struct action<rules::enum_keyword> {
  template <typename Input>
  static void apply(const Input& in, State& st) { set_type_name(in, st); }
};
template <>
struct action<rules::set_keyword> : action<rules::enum_keyword> {};
template <>
struct action<rules::named_type> : action<rules::enum_keyword> {};

template <>
struct action<rules::enum_value> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.type.enum_values.push_back(in.string());
    st.type.enum_value_spans.push_back(st.span(in));
  }
};

template <>
struct action<rules::set_element> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.type.element = in.string();
    st.type.element_span = st.span(in);
  }
};

template <>
struct action<rules::field_type> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.type.span = st.span(in);
    st.type.optional = in.string_view().back() == '?';
  }
};

template <>
struct action<rules::field> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.fields.push_back(FieldDecl{std::move(st.name), st.name_span, std::move(st.type), st.span(in)});
    st.type = TypeRef{};
  }
};

template <>
struct action<rules::account_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.tree.declarations.emplace_back(AccountDecl{std::move(st.fields), st.span(in)});
  }
};

template <>
struct action<rules::let_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.tree.declarations.emplace_back(LetDecl{std::move(st.name), st.name_span, st.pop(), st.span(in)});
  }
};

[[noreturn]] inline void given_twice(const char* begin, const char* end, std::string_view what) {
  throw SyntaxFailure{DiagnosticCode::E0001, begin, end, fmt::format("`{}` is given twice", what),
                      "keep only one of them", false};
}

template <>
struct action<rules::signal_weight> {
  template <typename Input>
  static void apply(const Input&, State& st) { st.signal.weight = st.pop(); }
};
template <>
struct action<rules::within_window> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.signal.within = duration_value(in.string_view(), st.span(in), st);
  }
};

template <>
struct action<rules::cap_option> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    if (st.signal.cap) given_twice(in.begin(), in.end(), "cap");
    st.signal.cap = st.pop();
  }
};

template <>
struct action<rules::decay_option> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    if (st.signal.half_life) given_twice(in.begin(), in.end(), "decay half_life");
    st.signal.half_life = st.duration;
  }
};

template <>
struct action<rules::signal_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.signal.name = std::move(st.name);
    st.signal.name_span = st.name_span;
    st.signal.span = st.span(in);
    st.tree.declarations.emplace_back(std::move(st.signal));
    st.signal = SignalDecl{};
  }
};

template <>
struct action<rules::bonus_points> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.bonus.negative = in.peek_char() == '-';
    st.bonus.points = st.pop();
  }
};

template <>
struct action<rules::bonus_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    BonusDecl decl = std::move(st.bonus);
    st.bonus = BonusDecl{};
    decl.name = std::move(st.name);
    decl.name_span = st.name_span;
    decl.condition = st.pop();
    decl.span = st.span(in);
    st.tree.declarations.emplace_back(std::move(decl));
  }
};

template <>
struct action<rules::exclude_reason> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.reason_span = st.span(in);
    st.reason = decode(in.string_view(), st.reason_span, st);
  }
};

template <>
struct action<rules::exclude_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    ExcludeDecl decl{std::move(st.name), st.name_span, ExprId{}, std::move(st.reason), st.reason_span, st.span(in)};
    // The reason, if any, was matched after the condition, which is still on the stack.
    decl.condition = st.pop();
    if (!decl.reason) decl.reason_span = Span{};
    st.reason.reset();
    st.tree.declarations.emplace_back(std::move(decl));
  }
};

template <>
struct action<rules::criterion_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.tree.declarations.emplace_back(CriterionDecl{std::move(st.name), st.name_span, st.pop(), st.span(in)});
  }
};

template <>
struct action<rules::tier_number> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.tier_number_span = st.span(in);
    st.tier_number = integer_value(in.string_view(), st.tier_number_span, st).value_or(0);
  }
};

template <>
struct action<rules::tier_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.tree.declarations.emplace_back(
        TierDecl{st.tier_number, st.tier_number_span, std::move(st.text), st.text_span, st.pop(), st.span(in)});
  }
};

template <>
struct action<rules::role_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.tree.declarations.emplace_back(
        RoleDecl{std::move(st.name), st.name_span, std::move(st.properties), st.span(in)});
  }
};

// --- route ---------------------------------------------------------------------------------
template <RouteAction::Kind Kind>
struct action_kind {
  template <typename Input>
  static void apply(const Input&, State& st) { st.action.kind = Kind; }
};
template <>
struct action<rules::disqualify_action> : action_kind<RouteAction::Kind::disqualify> {};
template <>
struct action<rules::ignore_action> : action_kind<RouteAction::Kind::ignore> {};

template <>
struct action<rules::queue_name> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.action.kind = RouteAction::Kind::queue;
    st.action.queue_span = st.span(in);
    st.action.queue = decode(in.string_view(), st.action.queue_span, st);
  }
};

template <>
struct action<rules::sla_option> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    if (st.action.sla) given_twice(in.begin(), in.end(), "sla");
    st.action.sla = st.duration;
  }
};

template <>
struct action<rules::cadence_option> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    if (st.action.cadence) given_twice(in.begin(), in.end(), "cadence");
    st.action.cadence = std::move(st.text);
    st.action.cadence_span = st.text_span;
  }
};

template <>
struct action<rules::route_action> {
  template <typename Input>
  static void apply(const Input& in, State& st) { st.action.span = st.span(in); }
};

template <bool IsElse>
struct route_rule_action {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    RouteRule rule;
    rule.is_else = IsElse;
    if (!IsElse) rule.condition = st.pop();
    rule.action = std::move(st.action);
    rule.span = st.span(in);
    st.action = RouteAction{};
    st.route_rules.push_back(std::move(rule));
  }
};
template <>
struct action<rules::when_rule> : route_rule_action<false> {};
template <>
struct action<rules::else_rule> : route_rule_action<true> {};

template <>
struct action<rules::route_decl> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.tree.declarations.emplace_back(RouteDecl{std::move(st.route_rules), st.span(in)});
    st.route_rules.clear();
    st.route_opened = false;
  }
};

// Where a syntax error stands for recovery (parse.cpp): inside a route block or not.
template <>
struct action<rules::route_open> {
  template <typename Input>
  static void apply(const Input&, State& st) { st.route_opened = true; }
};
template <>
struct action<rules::route_close> {
  template <typename Input>
  static void apply(const Input&, State& st) { st.route_closed = true; }
};

// Recovery: the rules read after a syntax error inside a route block join those read before
// it; the block's close ends the recovered route.
template <>
struct action<rules::route_rest> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.keep_route_rules(st.span(in).end);
    st.end_recovered_route();
  }
};

}  // namespace icp::grammar
