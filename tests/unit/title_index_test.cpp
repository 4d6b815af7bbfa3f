// The prepared lookups of vm::prepare: TextSet (constant string sets, hashed) answers as a
// sorted search does, and TitleIndex (exact role titles, hashed) finds for every title the
// same roles and first patterns as each role's TitleMatcher, case folding and stars included.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "runtime/prepare/text_set.hpp"
#include "runtime/prepare/title_index.hpp"

using namespace icp;
using namespace icp::vm;

namespace {

// Every string of up to `length` bytes over a few letters, lengths 0..length, plus some
// longer ones that cross the hash's eight-byte words.
std::vector<std::string> probes(std::size_t length) {
  std::vector<std::string> out{""};
  for (std::size_t n = 0; n < out.size(); ++n) {
    if (out[n].size() == length) continue;
    for (char c : {'a', 'B', 'c'}) out.push_back(out[n] + c);
  }
  for (const char* s : {"crowdstrike", "CrowdStrike", "okta", "zscaler", "zscaler ", "head of security",
                        "Head of Security", "HEAD OF SECURITYX", "VP Finance", "vp finance", "Général", "GÉNÉRAL"}) {
    out.emplace_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("a TextSet contains exactly its items") {
  const std::vector<std::string> items{"", "a", "ab", "aBc", "crowdstrike", "okta", "zscaler", "cccccccc", "cccccccca"};
  const TextSet set(items);
  int hits = 0;
  for (const std::string& probe : probes(4)) {
    const bool expected = std::find(items.begin(), items.end(), probe) != items.end();
    CHECK_MESSAGE(set.contains(probe) == expected, probe);
    hits += expected ? 1 : 0;
  }
  CHECK(hits == 6);  // "", a, aBc and the three tools: the probes have no lowercase b nor 8+ c's
  CHECK(set.contains("cccccccc"));
  CHECK(set.contains("cccccccca"));
  CHECK_FALSE(set.contains("ccccccccb"));
  CHECK_FALSE(TextSet().contains(""));
  CHECK(TextSet::hash_folded("Head of SECURITY") == TextSet::hash_folded("head of security"));
}

TEST_CASE("a TextSet of a few short items (compared as words, not hashed) contains exactly its items") {
  // Lengths 0..16 around the word boundaries of make_short_text (1, 2..3, 4..7, 8, 9..16).
  const std::vector<std::string> items{"", "a", "aBc", "okta", "zscaler", "cccccccc", "cccccccca", "head of security"};
  const TextSet set(items);
  std::vector<std::string> all = probes(4);
  for (const char* more : {"ccccccc", "ccccccccc", "cccccccab", "head of securitz", "Head of security",
                           "xead of security", "head of security!", "okt", "oktaa", "zscalex"}) {
    all.emplace_back(more);
  }
  int hits = 0;
  for (const std::string& probe : all) {
    const bool expected = std::find(items.begin(), items.end(), probe) != items.end();
    CHECK_MESSAGE(set.contains(probe) == expected, probe);
    hits += expected ? 1 : 0;
  }
  CHECK(hits == 6);  // "", a, aBc, okta, zscaler, head of security: the probes hold no cccccccc(a)
  CHECK(set.contains("cccccccc"));
  CHECK(set.contains("cccccccca"));
}

TEST_CASE("a TitleIndex of exact short titles gives each title's roles as bits, as the matchers do") {
  const std::vector<std::vector<std::string>> roles{
      {"CFO", "VP Finance", "cfo"}, {"CISO", "Head of Security", "ab"}, {"ab", "  Ca  "}, {"Général"}, {""}};
  std::vector<TitleMatcher> matchers;
  for (const auto& patterns : roles) matchers.emplace_back(patterns);
  const TitleIndex index(matchers);
  REQUIRE(index.short_only());
  int found = 0;
  for (const std::string& probe : probes(3)) {
    const std::uint64_t bits = index.roles_of_short(probe);
    for (std::size_t r = 0; r < roles.size(); ++r) {
      const bool expected = matchers[r].first_match_trimmed(probe).has_value();
      CHECK_MESSAGE(((bits >> r) & 1) == (expected ? 1u : 0u), probe, " role ", r);
      found += expected ? 1 : 0;
    }
  }
  // "" (role 4), aB and ab... (roles 1 and 2 for each case of ab), ca, Head of Security, VP Finance, Général.
  CHECK(found > 8);
  // A star or a title over 16 bytes keeps the hashed lookup.
  CHECK_FALSE(TitleIndex(std::vector<TitleMatcher>{TitleMatcher({"Head of *"})}).short_only());
  CHECK_FALSE(TitleIndex(std::vector<TitleMatcher>{TitleMatcher({"Head of Security Ops"})}).short_only());
}

TEST_CASE("a TitleIndex finds the roles and first patterns each role's matcher finds") {
  const std::vector<std::vector<std::string>> roles{
      {"CFO", "VP Finance", "cfo"},            // a duplicate (folded) pattern: the first one reports
      {"CISO", "Head of Security", "ab"},
      {"Head of *", "aB"},                     // a star: left to its matcher
      {"ab", "  Ca  "},                        // patterns are trimmed
      {"Général"},
  };
  std::vector<TitleMatcher> matchers;
  for (const auto& patterns : roles) matchers.emplace_back(patterns);
  const TitleIndex index(matchers);
  CHECK(index.star_roles() == std::vector<std::uint32_t>{2});
  int found = 0;
  for (const std::string& probe : probes(3)) {
    std::vector<std::optional<std::size_t>> got(roles.size());
    for (const TitleIndex::Hit& hit : index.find(probe)) got[hit.role] = hit.pattern;
    for (std::size_t r = 0; r < roles.size(); ++r) {
      if (r == 2) continue;
      CHECK_MESSAGE(got[r] == matchers[r].first_match_trimmed(probe), probe, " role ", r);
      found += got[r] ? 1 : 0;
    }
  }
  // aB (roles 1 and 3), ca (role 3), both cases of Head of Security and of VP Finance, Général.
  CHECK(found == 8);
}
