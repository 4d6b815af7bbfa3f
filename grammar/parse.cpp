// Stage 1, parse: the PEGTL grammar of LANGUAGE.md (EBNF in docs/design.md) and its actions.
// Input: one file's text. Output: a SyntaxTree, plus E00xx diagnostics for syntax and
// lexical errors; after a syntax error parsing resumes at the next declaration keyword.
// Every rule commits with must<> after its first token, so an action never runs for text
// that is later backtracked over (comments excepted: they are de-duplicated by offset).
#include "grammar/parse.hpp"

#include <algorithm>
#include <cctype>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/errors.hpp"
#include "grammar/lexical.hpp"

namespace icp::grammar {
namespace pegtl = tao::pegtl;

namespace rules {
using namespace pegtl;

// --- white space, comments, words ---------------------------------------------------
struct comment : seq<one<'#'>, star<not_one<'\n'>>> {};
struct ws : star<sor<plus<one<' ', '\t', '\r', '\n'>>, comment>> {};
struct blanks : star<one<' ', '\t'>> {};
struct ident : seq<ranges<'a', 'z', '_'>, star<ranges<'a', 'z', '0', '9', '_'>>> {};
struct sep : one<',', ';'> {};
struct equals : seq<one<'='>, not_at<one<'='>>> {};
struct arrow : string<'-', '>'> {};

struct kw_and : TAO_PEGTL_KEYWORD("and") {};
struct kw_or : TAO_PEGTL_KEYWORD("or") {};
struct kw_not : TAO_PEGTL_KEYWORD("not") {};
struct kw_in : TAO_PEGTL_KEYWORD("in") {};
struct kw_between : TAO_PEGTL_KEYWORD("between") {};
struct kw_has : TAO_PEGTL_KEYWORD("has") {};
struct kw_any : TAO_PEGTL_KEYWORD("any") {};
struct kw_all : TAO_PEGTL_KEYWORD("all") {};
struct kw_true : TAO_PEGTL_KEYWORD("true") {};
struct kw_false : TAO_PEGTL_KEYWORD("false") {};
struct kw_count : TAO_PEGTL_KEYWORD("count") {};
struct kw_within : TAO_PEGTL_KEYWORD("within") {};
struct reserved : sor<kw_and, kw_or, kw_not, kw_in, kw_between, kw_has, kw_true, kw_false> {};

// --- literals -------------------------------------------------------------------------
struct digits : plus<digit> {};
struct date_lit : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<identifier_other>> {};
struct decimal_lit : seq<digits, one<'.'>, digits, not_at<identifier_other>> {};
struct duration_lexeme : seq<digits, one<'h', 'd', 'w'>, not_at<identifier_other>> {};
struct duration_lit : duration_lexeme {};
struct percent_lit : seq<digits, one<'%'>> {};
struct bad_number : seq<digits, plus<identifier_other>> {};  // `30x`: the action reports E0005
struct integer_lit : seq<digits, not_at<identifier_other>> {};
struct duration_value : sor<duration_lexeme, bad_number> {};

// A string on one line; hand-written so that an unterminated string is reported from its
// opening quote, whatever rule was trying it.
struct string_lexeme {
  using rule_t = string_lexeme;
  using subs_t = type_list<>;
  template <apply_mode, rewind_mode, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  static bool match(ParseInput& in, States&&...) {
    if (in.empty() || in.peek_char() != '"') return false;
    const char* p = in.current() + 1;
    const char* end = in.end();
    while (p < end && *p != '"' && *p != '\n') p += (*p == '\\' && p + 1 < end && p[1] != '\n') ? 2 : 1;
    if (p == end || *p == '\n') {
      const char* stop = (p > in.current() + 1 && p[-1] == '\r') ? p - 1 : p;
      throw SyntaxFailure{DiagnosticCode::E0002, in.current(), stop, "string is not closed before the end of the line",
                          "add the closing `\"`", false};
    }
    in.bump(static_cast<std::size_t>(p + 1 - in.current()));
    return true;
  }
};
struct string_lit : string_lexeme {};
struct true_lit : kw_true {};
struct false_lit : kw_false {};
struct literal : sor<date_lit, decimal_lit, duration_lit, percent_lit, bad_number, integer_lit,
                     string_lit, true_lit, false_lit> {};
struct number_lit : sor<decimal_lit, integer_lit> {};

// --- expressions, loosest last ----------------------------------------------------------
struct expr;
struct path_segment : ident {};
struct declaration_start;  // a declaration keyword ends an expression (see below)
struct path : seq<not_at<reserved>, not_at<declaration_start>, ident, star<one<'.'>, must<path_segment>>> {};
struct first_argument : seq<expr> {};
struct next_argument : seq<expr> {};
struct call_close : one<')'> {};
struct call_open : one<'('> {};
struct call_args : seq<call_open, ws, sor<one<')'>, seq<must<first_argument>, star<ws, one<','>, ws, must<next_argument>>,
                                                   ws, must<call_close>>>>, nesting {
  using opener = call_open;
};
struct name_or_call : seq<path, opt<blanks, call_args>> {};

struct count_signal : ident {};
struct count_within : kw_within {};
struct count_window : duration_value {};
struct count_close : one<')'> {};
struct count_expr : seq<kw_count, blanks, one<'('>, ws, must<count_signal>, ws, must<count_within>, ws,
                        must<count_window>, ws, must<count_close>> {};

struct list_open : one<'['> {};
struct first_element : seq<expr> {};
struct list_element : seq<expr> {};
struct list_close : one<']'> {};
struct list_expr : seq<list_open, ws, sor<one<']'>, seq<must<first_element>, star<ws, one<','>, ws, list_element>,
                                                opt<ws, one<','>>, ws, must<list_close>>>>, nesting {
  using opener = list_open;
};

struct paren_inner : seq<expr> {};
struct paren_close : one<')'> {};
struct paren_expr : seq<one<'('>, ws, must<paren_inner>, ws, must<paren_close>>, nesting {
  using opener = one<'('>;
};

struct primary : sor<literal, list_expr, paren_expr, count_expr, name_or_call> {};
struct unary;
struct negate_operand : seq<unary> {};
struct minus : seq<one<'-'>, not_at<one<'>'>>> {};
struct negate : seq<minus, ws, must<negate_operand>>, nesting {
  using opener = minus;
};
struct unary : sor<negate, primary> {};

struct mul_operand : seq<unary> {};
struct mul_tail : seq<one<'*', '/'>, ws, must<mul_operand>> {};
struct product : seq<unary, star<ws, mul_tail>> {};
struct add_operand : seq<product> {};
struct add_tail : seq<sor<one<'+'>, minus>, ws, must<add_operand>> {};
struct sum : seq<product, star<ws, add_tail>> {};

struct compare_op : sor<string<'=', '='>, string<'!', '='>, string<'<', '='>, string<'>', '='>, one<'<'>, one<'>'>> {};
struct compare_operand : seq<sum> {};
struct compare_tail : seq<compare_op, ws, must<compare_operand>> {};
struct in_operand : seq<sum> {};
struct in_tail : seq<kw_in, ws, must<in_operand>> {};
struct between_low : seq<sum> {};
struct between_and : kw_and {};
struct between_high : seq<sum> {};
struct between_tail : seq<kw_between, ws, must<between_low>, ws, must<between_and>, ws, must<between_high>> {};
struct has_operand : seq<sum> {};
struct modifier_end : not_at<blanks, one<'('>> {};  // `has all(...)` is a call, not a modifier
struct has_any_tail : seq<kw_has, ws, kw_any, modifier_end, ws, must<has_operand>> {};
struct has_all_tail : seq<kw_has, ws, kw_all, modifier_end, ws, must<has_operand>> {};
struct has_one_tail : seq<kw_has, ws, must<has_operand>> {};
struct chained_comparison : sor<compare_op, kw_in, kw_between, kw_has> {};  // the action reports it
struct comparison : seq<sum, opt<ws, sor<compare_tail, in_tail, between_tail, has_any_tail, has_all_tail, has_one_tail>,
                                 opt<ws, chained_comparison>>> {};

struct not_expr;
struct not_operand : seq<not_expr> {};
struct not_op : seq<kw_not, ws, must<not_operand>>, nesting {
  using opener = kw_not;
};
struct not_expr : sor<not_op, comparison> {};
struct and_operand : seq<not_expr> {};
struct and_tail : seq<kw_and, ws, must<and_operand>> {};
struct and_expr : seq<not_expr, star<ws, and_tail>> {};
struct or_operand : seq<and_expr> {};
struct or_tail : seq<kw_or, ws, must<or_operand>> {};
struct expr : seq<and_expr, star<ws, or_tail>> {};

// --- declarations, in the order of the EBNF -------------------------------------------------
struct kw_profile : TAO_PEGTL_KEYWORD("profile") {};
struct kw_use : TAO_PEGTL_KEYWORD("use") {};
struct kw_account : TAO_PEGTL_KEYWORD("account") {};
struct kw_let : TAO_PEGTL_KEYWORD("let") {};
struct kw_signal : TAO_PEGTL_KEYWORD("signal") {};
struct kw_bonus : TAO_PEGTL_KEYWORD("bonus") {};
struct kw_exclude : TAO_PEGTL_KEYWORD("exclude") {};
struct kw_criterion : TAO_PEGTL_KEYWORD("criterion") {};
struct kw_tier : TAO_PEGTL_KEYWORD("tier") {};
struct kw_role : TAO_PEGTL_KEYWORD("role") {};
struct kw_route : TAO_PEGTL_KEYWORD("route") {};
struct declaration_keyword : sor<kw_profile, kw_use, kw_account, kw_let, kw_signal, kw_bonus, kw_exclude,
                                 kw_criterion, kw_tier, kw_role, kw_route> {};
// Inside expressions `tier` is a built-in name, so it only starts a declaration when a
// number follows; the other keywords always do. This keeps a missing condition from
// swallowing the next declaration.
struct declaration_start : sor<kw_profile, kw_use, kw_account, kw_let, kw_signal, kw_bonus, kw_exclude,
                               kw_criterion, seq<kw_tier, ws, digit>, kw_role, kw_route> {};

// `key value` items of profile and role blocks; a declaration keyword ends the block,
// so a missing `}` is reported there instead of swallowing the next declaration.
struct property_value : seq<expr> {};
struct property_key : seq<not_at<declaration_keyword>, ident> {};
struct property : seq<property_key, ws, must<property_value>> {};
template <typename Close>
struct property_block : seq<star<ws, property, opt<ws, sep>>, ws, must<Close>> {};

struct profile_name : string_lexeme {};
struct profile_open : one<'{'> {};
struct profile_close : one<'}'> {};
struct profile_decl : seq<kw_profile, ws, must<profile_name>, ws, must<profile_open>, property_block<profile_close>> {};

struct module_path : seq<ident, star<one<'.'>, must<path_segment>>> {};
struct use_decl : seq<kw_use, ws, must<module_path>> {};

struct account_open : one<'{'> {};
struct account_close : one<'}'> {};
struct field_name : ident {};
struct field_colon : one<':'> {};
struct enum_open : one<'('> {};
struct enum_value : ident {};
struct enum_close : one<')'> {};
struct enum_keyword : TAO_PEGTL_KEYWORD("enum") {};
struct enum_type : seq<enum_keyword, ws, must<enum_open>, ws, must<enum_value>, star<ws, one<','>, ws, enum_value>,
                       opt<ws, one<','>>, ws, must<enum_close>> {};
struct set_keyword : TAO_PEGTL_KEYWORD("set") {};
struct set_open : one<'<'> {};
struct set_element : ident {};
struct set_close : one<'>'> {};
struct set_type : seq<set_keyword, ws, must<set_open>, ws, must<set_element>, ws, must<set_close>> {};
struct named_type : ident {};
struct field_type : seq<sor<enum_type, set_type, named_type>, opt<blanks, one<'?'>>> {};
struct field : seq<field_name, ws, must<field_colon>, ws, must<field_type>> {};
struct account_decl : seq<kw_account, ws, must<account_open>, star<ws, field, opt<ws, sep>>, ws, must<account_close>> {};

struct let_name : ident {};
struct let_equals : equals {};
struct let_value : seq<expr> {};
struct let_decl : seq<kw_let, ws, must<let_name>, ws, must<let_equals>, ws, must<let_value>> {};

struct signal_name : ident {};
struct weight_keyword : TAO_PEGTL_KEYWORD("weight") {};
struct signal_weight : number_lit {};
struct within_keyword : kw_within {};
struct within_window : duration_value {};
struct cap_value : integer_lit {};
struct cap_option : seq<TAO_PEGTL_KEYWORD("cap"), ws, must<cap_value>> {};
struct half_life_keyword : TAO_PEGTL_KEYWORD("half_life") {};
struct half_life_value : duration_value {};
struct decay_option : seq<TAO_PEGTL_KEYWORD("decay"), ws, must<half_life_keyword>, ws, must<half_life_value>> {};
struct signal_decl : seq<kw_signal, ws, must<signal_name>, ws, must<weight_keyword>, ws, must<signal_weight>, ws,
                         must<within_keyword>, ws, must<within_window>, star<ws, sor<cap_option, decay_option>>> {};

struct kw_when : TAO_PEGTL_KEYWORD("when") {};
struct when_condition : seq<expr> {};
struct bonus_name : ident {};
struct bonus_amount : number_lit {};
struct bonus_points : seq<one<'+', '-'>, ws, must<bonus_amount>> {};
struct bonus_when : kw_when {};
struct bonus_decl : seq<kw_bonus, ws, must<bonus_name>, ws, must<bonus_points>, ws, must<bonus_when>, ws,
                        must<when_condition>> {};

struct exclude_name : ident {};
struct exclude_when : kw_when {};
struct exclude_reason : string_lexeme {};
struct exclude_decl : seq<kw_exclude, ws, must<exclude_name>, ws, must<exclude_when>, ws, must<when_condition>,
                          opt<ws, exclude_reason>> {};

struct defined_condition : seq<expr> {};
struct criterion_name : ident {};
struct criterion_equals : equals {};
struct criterion_decl : seq<kw_criterion, ws, must<criterion_name>, ws, must<criterion_equals>, ws,
                            must<defined_condition>> {};

struct tier_number : integer_lit {};
struct tier_label : string_lexeme {};
struct tier_equals : equals {};
struct tier_decl : seq<kw_tier, ws, must<tier_number>, ws, must<tier_label>, ws, must<tier_equals>, ws,
                       must<defined_condition>> {};

struct role_name : ident {};
struct role_open : one<'{'> {};
struct role_close : one<'}'> {};
struct role_decl : seq<kw_role, ws, must<role_name>, ws, must<role_open>, property_block<role_close>> {};

struct route_open : one<'{'> {};
struct route_close : one<'}'> {};
struct route_arrow : arrow {};
struct else_arrow : arrow {};
struct queue_name : string_lexeme {};
struct sla_value : duration_value {};
struct cadence_name : string_lexeme {};
struct sla_option : seq<TAO_PEGTL_KEYWORD("sla"), ws, must<sla_value>> {};
struct cadence_option : seq<TAO_PEGTL_KEYWORD("cadence"), ws, must<cadence_name>> {};
struct disqualify_action : TAO_PEGTL_KEYWORD("disqualify") {};
struct ignore_action : TAO_PEGTL_KEYWORD("ignore") {};
struct queue_action : seq<TAO_PEGTL_KEYWORD("queue"), ws, must<queue_name>, star<ws, sor<sla_option, cadence_option>>> {};
struct route_action : sor<disqualify_action, ignore_action, queue_action> {};
struct when_rule : seq<kw_when, ws, must<when_condition>, ws, must<route_arrow>, ws, must<route_action>> {};
struct else_rule : seq<TAO_PEGTL_KEYWORD("else"), ws, must<else_arrow>, ws, must<route_action>> {};
struct route_decl : seq<kw_route, ws, must<route_open>, star<ws, sor<when_rule, else_rule>, opt<ws, sep>>, ws,
                        must<route_close>> {};

struct declaration : sor<profile_decl, use_decl, account_decl, let_decl, signal_decl, bonus_decl, exclude_decl,
                         criterion_decl, tier_decl, role_decl, route_decl> {};
struct end_of_declarations : eof {};
struct file : seq<ws, star<declaration, ws>, must<end_of_declarations>> {};
// Recovery only: after a syntax error inside a `route` block, parsing resumes at its next
// rule, reads the rules left and the block's close as a route of their own (so their names
// and types are checked), then the rest of the file.
struct route_rest : seq<star<ws, sor<when_rule, else_rule>, opt<ws, sep>>, ws, must<route_close>> {};
struct file_from_route_rule : seq<route_rest, ws, star<declaration, ws>, must<end_of_declarations>> {};

}  // namespace rules
}  // namespace icp::grammar

namespace tao::pegtl {
// string_lexeme is hand-written: tell the grammar analysis that it consumes input.
template <typename Name>
struct analyze_traits<Name, icp::grammar::rules::string_lexeme> : analyze_any_traits<> {};
}  // namespace tao::pegtl

#include "grammar/parse_actions.hpp"
#include "grammar/parse_declarations.hpp"

namespace icp::grammar {
namespace {

// Help that depends on what was found rather than on what was expected.
std::string help_for(const SyntaxFailure& failure, std::string_view token) {
  if (!failure.help.empty()) return failure.help;
  if (token == "=") return "use `==` to compare";
  if (token == "==") return "a definition uses a single `=`";
  const bool word = !token.empty() && (std::isalpha(static_cast<unsigned char>(token[0])) || token[0] == '_');
  if (word && failure.at_declaration_start) {
    std::string lower(token);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string_view keyword = closest_declaration_keyword(lower);
    if (!keyword.empty()) return fmt::format("did you mean `{}`?", keyword);
  }
  if (word && std::any_of(token.begin(), token.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return "names are lowercase; country codes are strings such as \"US\"";
  }
  return {};
}

// The offset just past the last token before `offset`, looking back over blank lines and
// `#` comments; nullopt when `offset` is not the first token of its line (or of the file).
std::optional<std::uint32_t> end_of_previous_line_token(std::string_view text, std::uint32_t offset) {
  std::size_t line_start = offset;
  while (line_start > 0 && text[line_start - 1] != '\n') --line_start;
  if (text.substr(line_start, offset - line_start).find_first_not_of(" \t\r") != std::string_view::npos) {
    return std::nullopt;
  }
  while (line_start > 0) {
    const std::size_t line_end = line_start - 1;  // the newline
    std::size_t previous = line_end;
    while (previous > 0 && text[previous - 1] != '\n') --previous;
    std::string_view line = text.substr(previous, line_end - previous);
    line = without_comment(line);
    const std::size_t last = line.find_last_not_of(" \t\r");
    if (last != std::string_view::npos) return static_cast<std::uint32_t>(previous + last + 1);
    line_start = previous;
  }
  return std::nullopt;
}

void report_failure(const SyntaxFailure& failure, const SourceFile& source, FileId file, DiagnosticSink& sink) {
  const std::string_view text = source.text();
  const auto begin = static_cast<std::uint32_t>(failure.where - text.data());
  // A habit from another language is named on its own token, with what to write instead.
  if (failure.code == DiagnosticCode::E0001 && failure.help.empty()) {
    if (auto habit = habit_at(text, begin, failure.point, failure.at_declaration_start)) {
      sink.report(failure.code, Span{file, habit->begin, habit->end}, std::move(habit->message),
                  std::move(habit->help));
      return;
    }
  }
  const std::uint32_t end =
      failure.where_end != nullptr ? static_cast<std::uint32_t>(failure.where_end - text.data()) : token_end(text, begin);
  const std::string_view token = begin < text.size() ? text.substr(begin, end - begin) : std::string_view();
  // After a complete declaration a lone `=` is nearly always a comparison typo; say so.
  std::string message = failure.at_declaration_start && token == "=" ? "unexpected `=` after an expression"
                                                                      : failure.message;
  // "expected X after Y" reads best with the caret right after Y: when what was found
  // starts a later line (usually the next declaration) or the file ended, point there and
  // show what was found in a note.
  if (failure.code == DiagnosticCode::E0001 && message.starts_with("expected") && !failure.at_declaration_start) {
    if (auto previous_end = end_of_previous_line_token(text, std::min<std::uint32_t>(begin, text.size()))) {
      auto& d = sink.report(failure.code, Span{file, *previous_end, *previous_end}, std::move(message),
                            help_for(failure, token));
      if (!token.empty()) d.notes.push_back({Span{file, begin, end}, fmt::format("found `{}` here", token)});
      return;
    }
  }
  sink.report(failure.code, Span{file, begin, end}, std::move(message), help_for(failure, token));
}

// The text skipped after an error at `error`: from the start of the declaration that
// failed (its name may be used elsewhere) up to where parsing resumes, or the end. An error
// at the top level on the line where the last declaration ended (`tier 1 "A" = x = 1`) cut
// that declaration short: it is part of the hole.
void record_unparsed(syntax::SyntaxTree& tree, std::string_view text, const SyntaxFailure& failure,
                     const char* declaration_begin, std::size_t error, std::size_t resume) {
  std::size_t begin = std::min(error, text.size());
  if (declaration_begin != nullptr) begin = std::min(begin, static_cast<std::size_t>(declaration_begin - text.data()));
  if (failure.at_declaration_start && !tree.declarations.empty()) {
    const Span last = std::visit([](const auto& d) { return d.span; }, tree.declarations.back());
    if (last.end <= begin && text.substr(last.end, begin - last.end).find('\n') == std::string_view::npos) {
      begin = last.begin;
    }
  }
  const std::size_t end = resume == std::string_view::npos ? text.size() : std::max(resume, begin);
  tree.unparsed.push_back(Span{tree.file, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
}

}  // namespace

syntax::SyntaxTree parse(const SourceMap& sources, FileId file, DiagnosticSink& sink, const Limits& limits) {
  syntax::SyntaxTree tree;
  tree.file = file;
  const SourceFile& source = sources.file(file);
  const std::string& text = source.text();
  if (text.size() > limits.max_bytes) {
    // The caret goes on the first byte past the limit; nothing of the file is parsed.
    const auto at = static_cast<std::uint32_t>(limits.max_bytes);
    sink.report(DiagnosticCode::E0008, Span{file, at, at + 1},
                fmt::format("the file is larger than {} bytes, the most a profile may hold", limits.max_bytes),
                "split it into several profiles, or move long generated lists out of it");
    return tree;
  }
  if (auto bad = first_invalid_utf8(text)) {
    // One report is enough: the rest of the file cannot be trusted to mean anything.
    sink.report(DiagnosticCode::E0006, Span{file, *bad, *bad + 1},
                fmt::format("invalid UTF-8 byte `0x{:02x}`", static_cast<unsigned char>(text[*bad])),
                "save the file as UTF-8");
    return tree;
  }
  tree.exprs.reserve(text.size() / 12);  // about one node per dozen bytes in real profiles
  State st{text.data(), file, tree, sink};
  std::size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // a byte-order mark is not content
  bool in_route = false;  // `start` is a rule inside a route block whose earlier part failed
  while (start != std::string::npos && start <= text.size()) {
    st.reset_declaration();
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data() + start, text.data() + text.size(), source.path());
    std::size_t error = 0;
    st.declaration_begin = nullptr;
    SyntaxFailure failed;
    try {
      if (in_route) {
        pegtl::parse<rules::file_from_route_rule, action, control>(in, st);
      } else {
        pegtl::parse<rules::file, action, control>(in, st);
      }
      break;
    } catch (const SyntaxFailure& failure) {
      report_failure(failure, source, file, sink);
      error = static_cast<std::size_t>(failure.where - text.data());
      failed = failure;
    } catch (const pegtl::parse_error& e) {
      // Unreachable by design (control::raise throws SyntaxFailure); kept so that no PEGTL
      // text ever escapes: report a plain syntax error where the parser stopped.
      error = e.positions().empty() ? text.size() : e.positions().front().byte;
      error = std::min(error + start, text.size());
      const auto at = static_cast<std::uint32_t>(error);
      sink.report(DiagnosticCode::E0001, Span{file, at, token_end(text, at)}, "unexpected text");
    }
    // A failure inside a route block (the declaration that failed is a route, or the rules
    // being read after an earlier failure in one) resumes at the block's next rule.
    const bool failed_in_route = st.declaration_begin != nullptr
                                     ? st.route_opened && text.substr(st.declaration_begin - text.data()).starts_with("route")
                                     : in_route && !st.route_closed;
    const std::size_t next_rule = failed_in_route ? route_rule_recovery_point(text, error) : std::string_view::npos;
    // The rules read before the error are kept; with no rule left to read, the route ends.
    if (failed_in_route) st.keep_route_rules(0);
    in_route = next_rule != std::string_view::npos;
    if (!in_route) st.end_recovered_route();
    const std::size_t resume = in_route ? next_rule : recovery_point(text, error, start);
    if (failed_in_route) {
      // Only the broken rule is skipped (from its line): the rules around it are kept, and a
      // route declares no names that the skipped text could hide.
      const std::size_t line = text.rfind('\n', error == 0 ? 0 : error - 1);
      record_unparsed(tree, text, SyntaxFailure{}, nullptr, line == std::string_view::npos ? 0 : line + 1, resume);
    } else {
      record_unparsed(tree, text, failed, st.declaration_begin, error, resume);
    }
    start = resume;
  }
  return tree;
}

std::size_t analyze_grammar() { return pegtl::analyze<rules::file>(1); }

}  // namespace icp::grammar
