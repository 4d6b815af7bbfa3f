// Role title patterns: whole-title, ASCII case-insensitive matching with `*` wildcards.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "runtime/prepare/title_pattern.hpp"

using icp::TitleMatcher;
using icp::TitlePattern;

TEST_CASE("title patterns match whole titles") {
  struct Row { const char* pattern; const char* title; bool matches; };
  const Row rows[] = {
      // exact and case-insensitive
      {"CFO", "CFO", true}, {"CFO", "cfo", true}, {"cfo", "CfO", true},
      {"CFO", "CFO Office", false}, {"CFO", "Deputy CFO", false}, {"CFO", "CF", false}, {"CFO", "", false},
      // surrounding white space of the title and of the pattern is ignored, inner space is not
      {"CFO", " CFO ", true}, {"CFO", "\tCFO\n", true}, {" CFO ", "CFO", true}, {"VP Finance", "VP  Finance", false},
      // trailing star
      {"Head of Security*", "Head of Security", true}, {"Head of Security*", "head of security, EMEA", true},
      {"Head of Security*", "Head of Sec", false}, {"Head of Security*", "Deputy Head of Security", false},
      // leading star
      {"*Officer", "Chief Financial Officer", true}, {"*Officer", "Officer", true}, {"*Officer", "Officers", false},
      // middle star
      {"VP*Security", "VP Security", true}, {"VP*Security", "VP, Information Security", true},
      {"VP*Security", "VPSecurity", true}, {"VP*Security", "VP Security Ops", false},
      // several stars
      {"*chief*officer*", "Acting Chief Security Officer (interim)", true},
      {"*chief*officer*", "chiefofficer", true}, {"*chief*officer*", "Officer, Chief", false},
      {"a**b", "ab", true}, {"a**b", "axxb", true},
      // the lone star and the empty pattern
      {"*", "anything at all", true}, {"*", "", true}, {"*", "   ", true}, {"", "", true}, {"", "x", false},
      // literals that overlap the anchors, and backtracking-shaped cases
      {"ab*ba", "aba", false}, {"ab*ba", "abba", true}, {"a*a", "a", false}, {"a*a", "aa", true},
      {"*a*b", "aab", true}, {"*a*b", "aabab", true}, {"*a*b", "aaba", false}, {"*a*b", "bbbb", false},
      {"*aab", "aaab", true}, {"*ab*ab*", "aabaab", true}, {"*ab*ab*", "aabba", false},
      // `*` is the only special character
      {"C?O", "CFO", false}, {"C?O", "c?o", true}, {"[CFO]", "[cfo]", true},
      // UTF-8: ASCII letters fold, every other byte must be equal
      {"Directeur Général*", "DIRECTEUR Général adjoint", true}, {"Directeur Général", "directeur GÉNÉRAL", false},
      {"*é*", "Responsable Sécurité", true}, {"Geschäftsführer", "GESCHäFTSFüHRER", true},
  };
  for (const auto& row : rows) {
    CAPTURE(row.pattern);
    CAPTURE(row.title);
    CHECK(TitlePattern::compile(row.pattern).matches(row.title) == row.matches);
  }
}

TEST_CASE("a compiled pattern keeps its trimmed text") {
  CHECK(TitlePattern::compile("  Head of Security* ").text() == "Head of Security*");
}

TEST_CASE("a role matches when any of its patterns does") {
  const TitleMatcher ciso(std::vector<std::string>{"CISO", "Head of Security*", "VP Security"});
  CHECK(ciso.matches("ciso"));
  CHECK(ciso.matches("Head of Security & IT"));
  CHECK(ciso.matches(" VP SECURITY"));
  CHECK_FALSE(ciso.matches("VP Security Engineering"));
  CHECK_FALSE(ciso.matches("CISO Office"));
  CHECK(ciso.first_match("head of security") == 1);
  CHECK(ciso.first_match("VP Security") == 2);
  CHECK_FALSE(ciso.first_match("CTO").has_value());
  CHECK_FALSE(TitleMatcher{}.matches("CISO"));
}
