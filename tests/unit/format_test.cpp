// The formatter (compiler/format): rows of input -> expected canonical text, each also
// formatted twice (idempotence); LANGUAGE.md's complete example is its own canonical form;
// files with syntax errors are refused with the parser's diagnostics.
#include <doctest/doctest.h>

#include <string>

#include "compiler/format/format.hpp"
#include "compiler/format/unified_diff.hpp"
#include "tests/unit/language_example.hpp"

using namespace icp;

namespace {

struct Row {
  const char* name;
  const char* input;
  const char* expected;
};

std::string formatted(const std::string& text) {
  format::Result result = format::format_source("t.icp", text);
  REQUIRE(result.text.has_value());
  return *result.text;
}

using icp::testing::kLanguageExample;

const Row kRows[] = {
    {.name = "spaces around operators and one declaration per line",
     .input = "criterion   a=employees>=5  and(b  or not c)\ncriterion bb = x*2+-y/3\n",
     .expected = "criterion a  = employees >= 5 and (b or not c)\ncriterion bb = x * 2 + -y / 3\n"},
    {.name = "literals as the lexer reads them; trailing commas and separators dropped",
     .input = "let a = [ 007 , 0.50,\"q\\\"\\\\\\n\" , 2026-01-02,30d,12w,24h ,80%, true,false, ]\n",
     .expected = "let a = [7, 0.50, \"q\\\"\\\\\\n\", 2026-01-02, 30d, 12w, 24h, 80%, true, false]\n"},
    {.name = "blocks: two-space indent, keys aligned, separators become lines",
     .input = "profile \"P\" { owner \"o@x\"; review_every 90d }\nrole r { titles [\"CFO\"], objection \"x\" }\n",
     .expected = "profile \"P\" {\n  owner        \"o@x\"\n  review_every 90d\n}\nrole r {\n  titles    [\"CFO\"]\n"
                 "  objection \"x\"\n}\n"},
    {.name = "account fields: name and colon, types aligned",
     .input = "account {\n employees :int\n stage: enum( a,b ,c, )\n tech : set < string >\n r: decimal ?\n}\n",
     .expected = "account {\n  employees: int\n  stage:     enum(a, b, c)\n  tech:      set<string>\n"
                 "  r:         decimal?\n}\n"},
    {.name = "signals: integer weights set the weight column, options in spec order",
     .input = "signal a weight 5 within 7d decay half_life 3d cap 2\nsignal long_name weight 12 within 30d\n"
              "signal c weight 1.25 within 120d\n",
     .expected = "signal a         weight 5  within 7d cap 2 decay half_life 3d\nsignal long_name weight 12 within 30d\n"
                 "signal c         weight 1.25 within 120d\n"},
    {.name = "bonus points aligned, negative points kept",
     .input = "bonus a + 5 when x\nbonus bb -10 when y\n",
     .expected = "bonus a  +5  when x\nbonus bb -10 when y\n"},
    {.name = "exclusion reasons two spaces after the condition",
     .input = "exclude a when x == \"s\" \"why\"\nexclude bbb when y\n",
     .expected = "exclude a   when x == \"s\"  \"why\"\nexclude bbb when y\n"},
    {.name = "blank lines: runs collapse to one and split alignment groups",
     .input = "\n\ncriterion a = x\n\n\n\ncriterion long_name = y\ncriterion b = z\n\n\n",
     .expected = "criterion a = x\n\ncriterion long_name = y\ncriterion b         = z\n"},
    {.name = "different kinds are separate groups even without a blank line",
     .input = "let a = 1\ncriterion long_name = y\n",
     .expected = "let a = 1\ncriterion long_name = y\n"},
    {.name = "comments: own-line, trailing (aligned at column 43) and before a closing brace",
     .input = "# head\n\n# about a\ncriterion a = x # ta\ncriterion bb = y                          #tb  \nroute {\n  # first\n"
              "  when a -> ignore # r\n  else -> ignore\n  # last\n}                                         # end\n# tail\n",
     .expected = "# head\n\n# about a\ncriterion a  = x                          # ta\n"
                 "criterion bb = y                          #tb\nroute {\n  # first\n"
                 "  when a  -> ignore                       # r\n  else    -> ignore\n  # last\n"
                 "}                                         # end\n# tail\n"},
    {.name = "a comment inside a list forces a break there and stays at its element",
     .input = "let tools = [\"okta\",                      # identity\n  \"crowdstrike\",\n  # endpoint vendors\n  \"zscaler\"]\n",
     .expected = "let tools = [\"okta\",                      # identity\n             \"crowdstrike\",\n"
                 "             # endpoint vendors\n             \"zscaler\"]\n"},
    {.name = "parentheses kept as written, doubled ones collapse",
     .input = "criterion a = ((x)) and (y or z) and not (w)\n",
     .expected = "criterion a = (x) and (y or z) and not (w)\n"},
    {.name = "long or-chain breaks before `or`, aligned under the expression",
     .input = "criterion regulated = naics in std.naics.financial_services or naics in std.naics.healthcare or "
              "naics in std.naics.life_sciences or naics in std.naics.telecom\n",
     .expected = "criterion regulated = naics in std.naics.financial_services or naics in std.naics.healthcare\n"
                 "                      or naics in std.naics.life_sciences or naics in std.naics.telecom\n"},
    {.name = "long list breaks after a comma, aligned after the bracket",
     .input = "role r {\n  titles [\"Chief Architect\", \"Enterprise Architect\", \"Head of Data Platform*\", "
              "\"VP Data*\", \"Principal * Engineer\", \"CTO\"]\n}\n",
     .expected = "role r {\n  titles [\"Chief Architect\", \"Enterprise Architect\", \"Head of Data Platform*\", "
                 "\"VP Data*\", \"Principal * Engineer\",\n          \"CTO\"]\n}\n"},
    {.name = "route arrows align over the rules that fit; a broken rule keeps two spaces",
     .input = "route {\nwhen a->disqualify\nwhen tier == 1 and has_role(economic_buyer) and has_role(technical_"
              "evaluator) and score >= 40 -> queue \"strategic-ae\" sla 24h cadence \"ent-exec-brief-v2\"\n"
              "when bb -> queue \"q\" cadence \"c\" sla 4h\nelse->ignore\n}\n",
     .expected = "route {\n  when a   -> disqualify\n"
                 "  when tier == 1 and has_role(economic_buyer) and has_role(technical_evaluator)\n"
                 "       and score >= 40  -> queue \"strategic-ae\" sla 24h cadence \"ent-exec-brief-v2\"\n"
                 "  when bb  -> queue \"q\" sla 4h cadence \"c\"\n  else     -> ignore\n}\n"},
    {.name = "CRLF line ends become LF; no final newline gets one",
     .input = "use std.geo\r\n# c\r\nuse std.naics",
     .expected = "use std.geo\n# c\nuse std.naics\n"},
    {.name = "an empty file stays empty", .input = "\n\n", .expected = ""},
};

}  // namespace

TEST_CASE("format: input -> canonical text, and formatting that again changes nothing") {
  for (const Row& row : kRows) {
    SUBCASE(row.name) {
      const std::string once = formatted(row.input);
      CHECK(once == std::string(row.expected));
      CHECK(formatted(once) == once);
    }
  }
}

TEST_CASE("format: LANGUAGE.md's complete example is already canonical") {
  const std::string once = formatted(kLanguageExample);
  INFO(diff::unified_diff(kLanguageExample, once, "a/example", "b/example"));
  CHECK(once == kLanguageExample);
}

TEST_CASE("format: LANGUAGE.md's example with its layout destroyed comes back") {
  // Every run of spaces collapsed to one, indentation removed: the layout is all fmt's.
  std::string flattened;
  for (const char* p = kLanguageExample; *p != '\0'; ++p) {
    if (*p == ' ' && (flattened.empty() || flattened.back() == ' ' || flattened.back() == '\n')) continue;
    flattened += *p;
  }
  REQUIRE(flattened != kLanguageExample);
  CHECK(formatted(flattened) == kLanguageExample);
}

TEST_CASE("format: a file with syntax errors is refused with the parser's diagnostics") {
  const format::Result result = format::format_source("bad.icp", "criterion a = \ncriterion b = x\n");
  CHECK_FALSE(result.text.has_value());
  REQUIRE_FALSE(result.diagnostics.empty());
  CHECK(result.diagnostics.front().severity == Severity::error);
}
