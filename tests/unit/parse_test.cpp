// Stage 1, parse: unit tests of the grammar, its actions, its error messages and recovery.
// Input: small sources and the complete example of LANGUAGE.md. Output: doctest checks on
// the SyntaxTree and on the E00xx diagnostics (code, line:col, message, help).
#include <doctest/doctest.h>

#include <random>
#include <string>

#include <fmt/format.h>

#include "grammar/parse.hpp"
#include "tests/unit/language_example.hpp"

namespace {

using namespace icp;
using namespace icp::syntax;

using icp::testing::kLanguageExample;

struct Parsed {
  SourceMap sources;
  SyntaxTree tree;
  DiagnosticSink sink;

  std::string_view text(Span span) const {
    return std::string_view(sources.file(tree.file).text()).substr(span.begin, span.end - span.begin);
  }
  LineCol at(Span span) const { return sources.file(tree.file).line_col(span.begin); }
  const Diagnostic& diagnostic(std::size_t i) const { return sink.diagnostics().at(i); }
  template <typename Decl>
  const Decl& decl(std::size_t i) const { return std::get<Decl>(tree.declarations.at(i)); }
  const Expr& expr(ExprId id) const { return tree.expr(id); }
};

Parsed parse_text(std::string text) {
  Parsed p;
  const FileId file = p.sources.add("test.icp", std::move(text));
  p.tree = grammar::parse(p.sources, file, p.sink);
  return p;
}

// Lisp-like rendering of an expression, to check the shape of the tree in one line.
std::string sexpr(const SyntaxTree& tree, ExprId id) {
  static const char* const kOps[] = {"or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/"};
  const Expr& e = tree.expr(id);
  std::string head;
  switch (e.kind) {
    case ExprKind::integer: return std::to_string(e.integer);
    case ExprKind::decimal: return e.text;
    case ExprKind::string: return "\"" + e.text + "\"";
    case ExprKind::boolean: return e.integer != 0 ? "true" : "false";
    case ExprKind::percent: return std::to_string(e.integer) + "%";
    case ExprKind::duration: return std::to_string(e.duration.amount) + e.duration.unit;
    case ExprKind::date: return "date";
    case ExprKind::name: {
      std::string out;
      for (const auto& segment : e.path) out += (out.empty() ? "" : ".") + segment;
      return out;
    }
    case ExprKind::count: return "(count " + e.path.at(0) + " " + std::to_string(e.duration.amount) + e.duration.unit + ")";
    case ExprKind::binary: head = kOps[static_cast<int>(e.op)]; break;
    case ExprKind::not_: head = "not"; break;
    case ExprKind::negate: head = "neg"; break;
    case ExprKind::list: head = "list"; break;
    case ExprKind::in: head = "in"; break;
    case ExprKind::between: head = "between"; break;
    case ExprKind::has: head = e.has_mode == HasMode::any ? "has-any" : e.has_mode == HasMode::all ? "has-all" : "has"; break;
    case ExprKind::call: head = "call " + e.path.at(0); break;
    case ExprKind::error: return "error";
  }
  std::string out = "(" + head;
  for (ExprId arg : e.args) out += " " + sexpr(tree, arg);
  return out + ")";
}

// The condition of `criterion c = <text>`, rendered; fails the test on any diagnostic.
std::string condition(const std::string& text) {
  Parsed p = parse_text("criterion c = " + text);
  INFO(text);
  REQUIRE(p.sink.diagnostics().empty());
  REQUIRE(p.tree.declarations.size() == 1);
  return sexpr(p.tree, p.decl<CriterionDecl>(0).condition);
}

// The single diagnostic of `text`.
Diagnostic only_error(const std::string& text) {
  Parsed p = parse_text(text);
  INFO(text);
  REQUIRE(p.sink.diagnostics().size() == 1);
  return p.diagnostic(0);
}

LineCol where(const std::string& text, const Diagnostic& d) {
  SourceFile file("x", text);
  return file.line_col(d.span.begin);
}

}  // namespace

TEST_CASE("the complete example of LANGUAGE.md parses into its declarations") {
  Parsed p = parse_text(kLanguageExample);
  CHECK(p.sink.diagnostics().empty());
  REQUIRE(p.tree.declarations.size() == 25);
  // profile, 2 use, account, let, 5 signals, bonus, 3 excludes, 5 criteria, 3 tiers, 2 roles, route
  const std::size_t expected_kinds[] = {0, 1, 1, 2, 3, 4, 4, 4, 4, 4, 5, 6, 6, 6, 7, 7, 7, 7, 7, 8, 8, 8, 9, 9, 10};
  for (std::size_t i = 0; i < 25; ++i) CHECK(p.tree.declarations[i].index() == expected_kinds[i]);

  const auto& profile = p.decl<ProfileDecl>(0);
  CHECK(profile.name == "Mid-market security");
  CHECK(p.text(profile.name_span) == "\"Mid-market security\"");
  REQUIRE(profile.properties.size() == 4);
  CHECK(profile.properties[0].key == "owner");
  CHECK(p.expr(profile.properties[0].value).text == "dana.reyes@example.com");
  CHECK(p.expr(profile.properties[2].value).kind == ExprKind::date);
  CHECK(p.expr(profile.properties[2].value).date.month == 10);
  CHECK(p.expr(profile.properties[3].value).duration.hours() == 90 * 24);

  CHECK(p.decl<UseDecl>(1).path == std::vector<std::string>{"std", "geo"});
  const auto& account = p.decl<AccountDecl>(3);
  REQUIRE(account.fields.size() == 7);
  CHECK(account.fields[1].name == "revenue_musd");
  CHECK(account.fields[1].type.name == "decimal");
  CHECK(account.fields[1].type.optional);
  CHECK(account.fields[4].type.name == "enum");
  CHECK(account.fields[4].type.enum_values.size() == 7);
  CHECK(p.text(account.fields[4].type.enum_value_spans[6]) == "bootstrapped");
  CHECK(account.fields[5].type.name == "set");
  CHECK(account.fields[5].type.element == "string");

  const auto& download = p.decl<SignalDecl>(8);
  CHECK(download.name == "content_download");
  REQUIRE(download.cap.has_value());
  CHECK(p.expr(*download.cap).integer == 3);
  const auto& webinar = p.decl<SignalDecl>(9);
  CHECK(p.expr(webinar.weight).text == "0.5");
  CHECK(webinar.within.value.amount == 14);
  REQUIRE(webinar.half_life.has_value());
  CHECK(p.text(webinar.half_life->span) == "7d");

  const auto& surge = p.decl<BonusDecl>(10);
  CHECK_FALSE(surge.negative);
  CHECK(sexpr(p.tree, surge.condition) == "(>= (count signals 30d) 3)");
  CHECK(p.decl<ExcludeDecl>(12).reason == "v1 ICP is mid-market");
  CHECK_FALSE(p.decl<ExcludeDecl>(11).reason.has_value());
  CHECK(sexpr(p.tree, p.decl<ExcludeDecl>(13).condition) == "(in country std.geo.sanctioned)");
  CHECK(sexpr(p.tree, p.decl<CriterionDecl>(16).condition) == "(has-any tech security_tools)");
  CHECK(sexpr(p.tree, p.decl<CriterionDecl>(17).condition) == "(in funding_stage (list series_b series_c growth))");

  const auto& tier2 = p.decl<TierDecl>(20);
  CHECK(tier2.number == 2);
  CHECK(tier2.label == "Near fit");
  CHECK(sexpr(p.tree, tier2.condition) == "(call at_least 4 size software stack funded hiring)");
  CHECK(p.text(p.expr(tier2.condition).name_span) == "at_least");

  const auto& buyer = p.decl<RoleDecl>(22);
  CHECK(buyer.name == "economic_buyer");
  CHECK(buyer.properties.size() == 4);

  const auto& route = p.decl<RouteDecl>(24);
  REQUIRE(route.rules.size() == 5);
  CHECK(route.rules[0].action.kind == RouteAction::Kind::disqualify);
  CHECK(route.rules[1].action.queue == "ae-enterprise");
  REQUIRE(route.rules[1].action.sla.has_value());
  CHECK(route.rules[1].action.sla->value.hours() == 24);
  CHECK(route.rules[2].action.cadence == "mm-v3");
  CHECK(p.text(route.rules[2].action.cadence_span) == "\"mm-v3\"");
  CHECK(route.rules[4].is_else);
  CHECK_FALSE(route.rules[4].condition.valid());
  CHECK(route.rules[4].action.kind == RouteAction::Kind::ignore);

  REQUIRE(p.tree.comments.size() == 8);
  CHECK(p.tree.comments[0].text == " icp/mid-market-security.icp");
  CHECK(p.text(p.tree.comments[1].span) == "# one named owner, with authority to kill accounts");
}

TEST_CASE("declaration and expression spans cover exactly their text") {
  Parsed p = parse_text("# c\ncriterion size = (employees between 200 and 2000) and not x\n");
  REQUIRE(p.sink.diagnostics().empty());
  const auto& c = p.decl<CriterionDecl>(0);
  CHECK(p.text(c.span) == "criterion size = (employees between 200 and 2000) and not x");
  CHECK(p.text(c.name_span) == "size");
  const Expr& top = p.expr(c.condition);
  CHECK(p.text(top.span) == "(employees between 200 and 2000) and not x");
  CHECK(p.text(p.expr(top.args[0]).span) == "(employees between 200 and 2000)");
  CHECK(p.text(p.expr(top.args[1]).span) == "not x");
  CHECK(p.at(top.span).line == 2);
  CHECK(p.at(top.span).column == 18);
}

TEST_CASE("operator precedence follows the EBNF, loosest first") {
  CHECK(condition("a or b and not c == 1") == "(or a (and b (not (== c 1))))");
  CHECK(condition("x between 1 + 1 and 5") == "(between x (+ 1 1) 5)");
  CHECK(condition("1 + 2 * 3 - 4 / 2") == "(- (+ 1 (* 2 3)) (/ 4 2))");
  CHECK(condition("(1 + 2) * -3") == "(* (+ 1 2) (neg 3))");
  CHECK(condition("a and b or c and d") == "(or (and a b) (and c d))");
  CHECK(condition("not not a") == "(not (not a))");
  CHECK(condition("x in [1, 2,]") == "(in x (list 1 2))");
  CHECK(condition("tags has \"a\"") == "(has tags \"a\")");
  CHECK(condition("tags has all [\"a\"]") == "(has-all tags (list \"a\"))");
  CHECK(condition("tags has all(a, b)") == "(has tags (call all a b))");
  CHECK(condition("score >= 10 and committee_coverage >= 80%") == "(and (>= score 10) (>= committee_coverage 80%))");
  CHECK(condition("count(exec_hire within 12w) != 0") == "(!= (count exec_hire 12w) 0)");
  CHECK(condition("starts_with(lower(id), \"acc\")") == "(call starts_with (call lower id) \"acc\")");
  CHECK(condition("a-1 < b") == "(< (- a 1) b)");
  CHECK(condition("true == false") == "(== true false)");
  CHECK(condition("[]") == "(list)");
  CHECK(condition("f()") == "(call f)");
}

TEST_CASE("literals keep their exact values") {
  Parsed p = parse_text("let a = [2026-02-28, 2024-02-29, 0.125, 7, 24h, 2w, 15%, \"q\\\"\\\\\\n\", -5]");
  REQUIRE(p.sink.diagnostics().empty());
  const Expr& list = p.expr(p.decl<LetDecl>(0).value);
  REQUIRE(list.args.size() == 9);
  CHECK(p.expr(list.args[0]).kind == ExprKind::date);
  CHECK(p.expr(list.args[0]).date.day == 28);
  CHECK(p.expr(list.args[1]).date.year == 2024);
  CHECK(p.expr(list.args[2]).text == "0.125");
  CHECK(p.expr(list.args[3]).integer == 7);
  CHECK(p.expr(list.args[4]).duration.hours() == 24);
  CHECK(p.expr(list.args[5]).duration.hours() == 14 * 24);
  CHECK(p.expr(list.args[6]).kind == ExprKind::percent);
  CHECK(p.expr(list.args[6]).integer == 15);
  CHECK(p.expr(list.args[7]).text == "q\"\\\n");
  CHECK(p.expr(list.args[8]).kind == ExprKind::negate);
  // A date wins over subtraction; with spaces it is arithmetic.
  CHECK(condition("2026-10-01") == "date");
  CHECK(condition("2026 - 10 - 01") == "(- (- 2026 10) 1)");
}

TEST_CASE("options and separators may come in any order") {
  Parsed p = parse_text(
      "signal s weight 1 within 7d decay half_life 3d cap 2\n"
      "bonus drag -2.5 when x\n"
      "profile \"p\" { owner \"o\", version \"1\"; reviewed 2026-01-01 }\n"
      "account { a: int, b: string?; c: enum(x, y,) }\n"
      "route { when a -> queue \"q\" cadence \"c\" sla 4h; else -> ignore, }\n"
      "role r { titles [\"A\"] owns \"b\" }\n"
      "use std.naics\n");
  REQUIRE(p.sink.diagnostics().empty());
  REQUIRE(p.tree.declarations.size() == 7);
  const auto& s = p.decl<SignalDecl>(0);
  CHECK(s.cap.has_value());
  CHECK(s.half_life->value.amount == 3);
  const auto& drag = p.decl<BonusDecl>(1);
  CHECK(drag.negative);
  CHECK(p.expr(drag.points).text == "2.5");
  CHECK(p.decl<ProfileDecl>(2).properties.size() == 3);
  const auto& account = p.decl<AccountDecl>(3);
  REQUIRE(account.fields.size() == 3);
  CHECK(account.fields[1].type.optional);
  CHECK(account.fields[2].type.enum_values == std::vector<std::string>{"x", "y"});
  const auto& rule = p.decl<RouteDecl>(4).rules.at(0);
  CHECK(rule.action.sla->value.unit == 'h');
  CHECK(rule.action.cadence == "c");
  CHECK(p.text(rule.action.span) == "queue \"q\" cadence \"c\" sla 4h");
}

TEST_CASE("syntax errors say what was expected, where, and how to fix it") {
  struct Row {
    const char* text;
    std::uint32_t line, column;
    const char* message;
    const char* help;
    const char* token;
  };
  const Row rows[] = {
      // What was found starts the next line: the caret goes right after `within`.
      {"signal a weight 1 within\ncriterion b = 1", 1, 25, "expected a duration such as `30d` after `within`", "",
       ""},
      {"tier 1 \"x\" a", 1, 12, "expected `=` and a condition after the tier label", "", "a"},
      {"tier 1 Perfect = a", 1, 8, "expected the tier label as a string such as `\"Perfect fit\"`",
       "put the label in double quotes", "Perfect"},
      {"route {\n  when tier = 1 -> ignore\n}", 2, 13, "unexpected `=` after an expression", "use `==` to compare",
       "="},
      {"route {\n  when x -> queu \"x\"\n}", 2, 13,
       "expected an action: `disqualify`, `ignore` or `queue \"name\"`", "", "queu"},
      {"criterion a = a < b < c", 1, 21, "unexpected `<` after a comparison",
       "comparisons do not chain; join them with `and`", "<"},
      {"criterion a = country in [US]", 1, 27, "expected a list element or `]` after `[`",
       "names are lowercase; country codes are strings such as \"US\"", "US"},
      {"critrion a = 1", 1, 1, "expected a declaration such as `criterion`, `tier` or `route`",
       "did you mean `criterion`?", "critrion"},
      {"Criterion a = 1", 1, 1, "expected a declaration such as `criterion`, `tier` or `route`",
       "did you mean `criterion`?", "Criterion"},
      {"criterion Size = 1", 1, 11, "expected a name after `criterion`",
       "names are lowercase; country codes are strings such as \"US\"", "Size"},
      {"criterion a = x = 1", 1, 17, "unexpected `=` after an expression",
       "use `==` to compare", "="},
      {"criterion a = b +", 1, 18, "expected a value after the arithmetic operator", "", ""},
      {"let x == 1", 1, 7, "expected `=` and a value after the `let` name", "a definition uses a single `=`", "=="},
      {"signal s weight 1 within 1d cap 1 cap 2", 1, 35, "`cap` is given twice", "keep only one of them", "cap 2"},
      {"profile \"p\" {\n  owner \"o\"\nuse std.geo", 2, 12,
       "expected a property such as `owner`, or `}` to close the `profile` block", "", ""},
      {"criterion c = count(x)", 1, 22, "expected `within` and a duration after the signal name in `count(...)`", "",
       ")"},
      {"bonus b 5 when x", 1, 9, "expected `+` or `-` and the points after the bonus name", "", "5"},
      {"account { a int }", 1, 13, "expected `:` and a type after the field name", "", "int"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    const Diagnostic d = only_error(row.text);
    CHECK(d.code == DiagnosticCode::E0001);
    CHECK(where(row.text, d).line == row.line);
    CHECK(where(row.text, d).column == row.column);
    CHECK(d.message == row.message);
    CHECK(d.help == row.help);
    const std::string text = row.text;
    CHECK(text.substr(d.span.begin, std::min<std::size_t>(d.span.end, text.size()) - d.span.begin) == row.token);
  }
}

TEST_CASE("habits from other languages are named on their own token with the spelling to use") {
  struct Row {
    const char* text;
    const char* token;
    const char* message;
    const char* help;
  };
  const Row rows[] = {
      {"criterion a = b && c", "&&", "`&&` is not an operator in icp",
       "write `and`, as in `employees >= 50 and country == \"US\"`"},
      {"criterion a = b & c", "&", "`&` is not an operator in icp",
       "write `and`, as in `employees >= 50 and country == \"US\"`"},
      {"criterion a = (b || c)", "||", "`||` is not an operator in icp",
       "write `or`, as in `country == \"US\" or country == \"CA\"`"},
      {"route {\n  when b || c -> ignore\n}", "||", "`||` is not an operator in icp",
       "write `or`, as in `country == \"US\" or country == \"CA\"`"},
      {"criterion a = !b", "!", "`!` is not an operator in icp", "write `not`, as in `not is_customer`"},
      {"criterion a = b and !c", "!", "`!` is not an operator in icp", "write `not`, as in `not is_customer`"},
      {"criterion a = all(b, c = 1)", "=", "unexpected `=` after an expression", "use `==` to compare"},
      {"criterion a = (b = 1)", "=", "unexpected `=` after an expression", "use `==` to compare"},
      {"criterion a = tech contains \"okta\"", "contains", "`contains` is not an operator in icp",
       "test a set with `has`, as in `tech has \"okta\"`"},
      {"criterion a = tech includes \"okta\"", "includes", "`includes` is not an operator in icp",
       "test a set with `has`, as in `tech has \"okta\"`"},
      {"criterion a = revenue is null", "is", "`is` is not an operator in icp",
       "compare with `==`; to test whether an optional field is given, write `present(field)`"},
      {"criterion a = b AND c", "AND", "`AND` is not an operator in icp", "operators are lower case: write `and`"},
      {"criterion a = b OR c", "OR", "`OR` is not an operator in icp", "operators are lower case: write `or`"},
      {"criterion a = b IN [1]", "IN", "`IN` is not an operator in icp", "operators are lower case: write `in`"},
      {"criterion a = NOT b", "NOT", "`NOT` is not an operator in icp", "operators are lower case: write `not`"},
      {"criterion a = b == FALSE", "FALSE", "`FALSE` is not a value in icp", "write `false`"},
      {"criterion a = b == None", "None", "icp has no `None`",
       "a missing optional field is tested with `present(field)`, or `not present(field)`"},
      {"profile \"p\" {\n  owner = \"o\"\n}", "=", "a property takes no `=`",
       "write the value after the name, as in `owner \"revops@example.com\"`"},
      {"criterion a = b,\ncriterion c = d", ",", "unexpected `,` after a declaration",
       "remove the `,`: declarations are not separated by punctuation"},
      {"let a = 1;", ";", "unexpected `;` after a declaration",
       "remove the `;`: declarations are not separated by punctuation"},
      {"criterion a = all(b, c,)", ",", "a trailing `,` in an argument list",
       "remove the last `,`: arguments end with `)` directly"},
      {"criterion a = all(\n  b,\n  c,  # the last\n)", ",", "a trailing `,` in an argument list",
       "remove the last `,`: arguments end with `)` directly"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    const Diagnostic d = only_error(row.text);
    CHECK(d.code == DiagnosticCode::E0001);
    CHECK(d.message == row.message);
    CHECK(d.help == row.help);
    CHECK(d.notes.empty());
    const std::string text = row.text;
    CHECK(text.substr(d.span.begin, d.span.end - d.span.begin) == row.token);
  }
  // Where a value is expected a lower-case operator word of another language is a name, and a
  // trailing comma in a list is allowed: neither is a habit.
  CHECK(parse_text("criterion a = contains and is").sink.diagnostics().empty());
  CHECK(parse_text("let a = [1, 2,]").sink.diagnostics().empty());
}

TEST_CASE("the text skipped after a syntax error is recorded from the start of its declaration") {
  const std::string text =
      "criterion good = a\n"
      "criterion bad = a >\n"
      "criterion next = b\n"
      "tier 1 \"x\" = c = 1\n"
      "criterion last = d\n";
  Parsed p = parse_text(text);
  REQUIRE(p.sink.diagnostics().size() == 2);
  REQUIRE(p.tree.unparsed.size() == 2);
  // A declaration that fails is skipped whole, from its keyword to the next declaration.
  CHECK(p.text(p.tree.unparsed[0]) == "criterion bad = a >\n");
  // An error after a complete declaration, on its line, cut it short: the hole takes it in,
  // though the tree keeps it (for `icpc dump syntax`).
  CHECK(p.text(p.tree.unparsed[1]) == "tier 1 \"x\" = c = 1\n");
  CHECK(p.tree.declarations.size() == 4);
  CHECK(parse_text("criterion a = b\n").tree.unparsed.empty());
  // An error in the last declaration runs the hole to the end of the file.
  Parsed end = parse_text("criterion a = b\ncriterion c = (d");
  REQUIRE(end.tree.unparsed.size() == 1);
  CHECK(end.text(end.tree.unparsed[0]) == "criterion c = (d");
}

TEST_CASE("line endings, a byte-order mark and empty files are accepted") {
  Parsed crlf = parse_text("\xEF\xBB\xBFlet a = 1 # one\r\nlet b = \"x\"\r\n");
  CHECK(crlf.sink.diagnostics().empty());
  CHECK(crlf.tree.declarations.size() == 2);
  REQUIRE(crlf.tree.comments.size() == 1);
  CHECK(crlf.tree.comments[0].text == " one");
  Parsed empty = parse_text("  # only a comment\n\n");
  CHECK(empty.sink.diagnostics().empty());
  CHECK(empty.tree.declarations.empty());
  CHECK(parse_text("").tree.declarations.empty());
}

TEST_CASE("an error at the end of the file has a one-character span there") {
  const std::string text = "criterion a =";
  const Diagnostic d = only_error(text);
  CHECK(d.message == "expected a condition after `=`");
  CHECK(d.span.begin == text.size());
  CHECK(d.span.end == text.size() + 1);
}

TEST_CASE("after a syntax error parsing resumes at the next declaration") {
  Parsed p = parse_text(
      "criterion good1 = a\n"
      "criterion bad1 = a ==\n"
      "  and b\n"
      "criterion good2 = b\n"
      "tier 1 \"x\" = all(a,\n"
      "criterion good3 = c\n"
      "criterion good4 = d\n");
  REQUIRE(p.sink.diagnostics().size() == 2);
  CHECK(p.diagnostic(0).message == "expected a value after the comparison operator");
  // Both carets sit after the last token before the line that broke off the declaration,
  // and a note points at what was found there.
  CHECK(p.at(p.diagnostic(0).span).line == 2);
  REQUIRE(p.diagnostic(0).notes.size() == 1);
  CHECK(p.diagnostic(0).notes[0].message == "found `and` here");
  CHECK(p.at(*p.diagnostic(0).notes[0].span).line == 3);
  CHECK(p.at(p.diagnostic(1).span).line == 5);
  CHECK(p.diagnostic(1).notes[0].message == "found `criterion` here");
  std::vector<std::string> names;
  for (const auto& d : p.tree.declarations) names.push_back(std::get<CriterionDecl>(d).name);
  CHECK(names == std::vector<std::string>{"good1", "good2", "good3", "good4"});
}

TEST_CASE("lexical errors have their own codes") {
  {
    const Diagnostic d = only_error("let s = \"open\nlet t = 1");
    CHECK(d.code == DiagnosticCode::E0002);
    CHECK(d.span.begin == 8);
    CHECK(d.span.end == 13);
  }
  {
    Parsed p = parse_text("let s = \"a\\tb\"\nlet t = 1");
    REQUIRE(p.sink.diagnostics().size() == 1);
    CHECK(p.diagnostic(0).code == DiagnosticCode::E0003);
    CHECK(p.text(p.diagnostic(0).span) == "\\t");
    CHECK(p.tree.declarations.size() == 2);  // the parse goes on
  }
  {
    Parsed p = parse_text("let d = 2026-02-30");
    REQUIRE(p.sink.diagnostics().size() == 1);
    CHECK(p.diagnostic(0).code == DiagnosticCode::E0004);
    CHECK(p.diagnostic(0).help == "month 02 of 2026 has 28 days");
    CHECK(p.expr(p.decl<LetDecl>(0).value).kind == ExprKind::error);
  }
  CHECK(only_error("let d = 2026-13-01").code == DiagnosticCode::E0004);
  CHECK(only_error("let i = 9223372036854775808").code == DiagnosticCode::E0005);
  // Integers stop at the whole part of a decimal, the most a rule can compute with.
  CHECK(only_error("let i = 9223372036854775807").code == DiagnosticCode::E0005);
  CHECK(only_error("let i = 922337203685478").code == DiagnosticCode::E0005);
  CHECK(parse_text("let i = 922337203685477").sink.diagnostics().empty());
  {
    const Diagnostic d = only_error("signal s weight 1 within 36501d");
    CHECK(d.code == DiagnosticCode::E0005);
    CHECK(d.message == "duration `36501d` is longer than 100 years");
  }
  CHECK(parse_text("signal s weight 1 within 36500d").sink.diagnostics().empty());
  {
    const Diagnostic d = only_error("signal s weight 1 within 30x");
    CHECK(d.code == DiagnosticCode::E0005);
    CHECK(d.message == "unknown duration unit in `30x`");
  }
  {
    Parsed p = parse_text("let a = \"\xC3\xA9\" # \xC3\xBC\nlet b = \"\xC0\xAF\" \xFF\xFF");
    REQUIRE(p.sink.diagnostics().size() == 1);
    CHECK(p.diagnostic(0).code == DiagnosticCode::E0006);
    CHECK(p.at(p.diagnostic(0).span).line == 2);
    CHECK(p.at(p.diagnostic(0).span).column == 10);
  }
}

TEST_CASE("parse never throws, whatever the bytes") {
  std::mt19937 random(12345);
  for (int round = 0; round < 300; ++round) {
    std::string text(random() % 200, '\0');
    // Mostly ASCII, so the parser runs; every fourth round any byte, so UTF-8 checks run.
    for (char& c : text) c = static_cast<char>(random() % (round % 4 == 0 ? 256 : 128));
    CHECK_NOTHROW(parse_text(text));
  }
  const std::string example = kLanguageExample;
  for (std::size_t cut = 0; cut < example.size(); cut += 7) {
    CHECK_NOTHROW(parse_text(example.substr(0, cut)));
    std::string mutated = example;
    mutated[cut] = "=(\"[#-.\n"[cut % 8];
    CHECK_NOTHROW(parse_text(mutated));
  }
}

TEST_CASE("deep nesting is refused instead of overflowing the stack") {
  for (const char* open : {"(", "[", "not ", "-", "f("}) {
    CAPTURE(open);
    std::string text = "let a = ";
    for (int i = 0; i < 100000; ++i) text += open;
    const Diagnostic d = only_error(text);
    CHECK(d.code == DiagnosticCode::E0007);
    CHECK(d.message == fmt::format("expression nested more than {} levels deep", grammar::kMaxNesting));
  }
  std::string ok = "let a = ";
  for (int i = 0; i < grammar::kMaxNesting; ++i) ok += "(";
  ok += "1";
  for (int i = 0; i < grammar::kMaxNesting; ++i) ok += ")";
  CHECK(parse_text(ok).sink.diagnostics().empty());
  // One level more is refused, at the `(` that goes past the limit.
  const std::string deeper = "let a = (" + ok.substr(8) + ")";
  const Diagnostic d = only_error(deeper);
  CHECK(d.code == DiagnosticCode::E0007);
  CHECK(d.span.begin == 8 + grammar::kMaxNesting);
}

TEST_CASE("the grammar has no rule that can loop without consuming input") {
  CHECK(grammar::analyze_grammar() == 0);
}

TEST_CASE("dump syntax lists every node with its position") {
  Parsed p = parse_text("criterion big = employees >= 1000  # large\n");
  const std::string dump = grammar::dump_syntax(p.sources, p.tree);
  CHECK(dump ==
        "criterion big @1:11-1:14 @1:1-1:34\n"
        "  binary >= @1:17-1:34\n"
        "    name employees @1:17-1:26\n"
        "    integer 1000 @1:30-1:34\n"
        "comment \" large\" @1:36-1:43\n");
}
