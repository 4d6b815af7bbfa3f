// compiler/unified_diff: the edit script is a shortest one (checked against an LCS table
// on pseudo-random inputs) and rebuilds the new text; hunks follow GNU diff -u.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "compiler/format/unified_diff.hpp"

using namespace icp::diff;

namespace {

std::size_t lcs_length(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<std::vector<std::size_t>> t(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
    }
  }
  return t[0][0];
}

}  // namespace

TEST_CASE("diff_lines: shortest, and applying it gives the new lines") {
  std::mt19937 random(12345);  // fixed seed: the same cases every run
  const std::vector<std::string> alphabet = {"a\n", "b\n", "c\n", "d\n"};
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string_view> a, b;
    for (int i = static_cast<int>(random() % 12); i > 0; --i) a.push_back(alphabet[random() % alphabet.size()]);
    for (int i = static_cast<int>(random() % 12); i > 0; --i) b.push_back(alphabet[random() % alphabet.size()]);
    const std::vector<Edit> edits = diff_lines(a, b);
    std::vector<std::string_view> rebuilt;
    std::size_t keeps = 0, next_old = 0;
    for (const Edit& e : edits) {
      if (e.kind != EditKind::insert) {
        CHECK(e.old_index == next_old);  // every old line once, in order
        ++next_old;
      }
      if (e.kind == EditKind::keep) {
        CHECK(a[e.old_index] == b[e.new_index]);
        ++keeps;
      }
      if (e.kind != EditKind::remove) rebuilt.push_back(b[e.new_index]);
    }
    CHECK(next_old == a.size());
    CHECK(rebuilt == b);
    CHECK(keeps == lcs_length(a, b));
  }
}

TEST_CASE("diff_lines: past max_cost the middle is replaced wholesale, still correct") {
  const std::vector<std::string_view> a = {"x\n", "1\n", "2\n", "y\n"}, b = {"x\n", "3\n", "4\n", "y\n"};
  const std::vector<Edit> edits = diff_lines(a, b, 1);
  REQUIRE(edits.size() == 6);
  CHECK(edits[1] == Edit{EditKind::remove, 1, 1});
  CHECK(edits[2] == Edit{EditKind::remove, 2, 1});
  CHECK(edits[3] == Edit{EditKind::insert, 3, 1});
  CHECK(edits[4] == Edit{EditKind::insert, 3, 2});
}

TEST_CASE("unified_diff: equal texts give nothing") { CHECK(unified_diff("a\nb\n", "a\nb\n", "a/x", "b/x").empty()); }

TEST_CASE("unified_diff: three lines of context, far changes in separate hunks") {
  std::string old_text, new_text;
  for (int i = 1; i <= 20; ++i) {
    old_text += std::to_string(i) + "\n";
    new_text += (i == 2 ? "two" : i == 18 ? "eighteen" : std::to_string(i)) + "\n";
  }
  CHECK(unified_diff(old_text, new_text, "a/f", "b/f") ==
        "--- a/f\n+++ b/f\n"
        "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
        "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n");
}

TEST_CASE("unified_diff: close changes share a hunk; pure insertions and deletions count 0 lines") {
  CHECK(unified_diff("a\nb\nc\n", "a\nX\nb\nc\nY\n", "a/f", "b/f") ==
        "--- a/f\n+++ b/f\n@@ -1,3 +1,5 @@\n a\n+X\n b\n c\n+Y\n");
  CHECK(unified_diff("", "new\n", "a/f", "b/f") == "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+new\n");
  CHECK(unified_diff("old\n", "", "a/f", "b/f") == "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-old\n");
}

TEST_CASE("unified_diff: a last line without a newline is marked") {
  CHECK(unified_diff("a\nb", "a\nb\n", "a/f", "b/f") ==
        "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}
