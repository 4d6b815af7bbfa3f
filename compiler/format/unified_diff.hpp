// `icpc fmt --check`: the difference between a file and its formatted text, as a unified
// diff (the format of `diff -u` and `git diff`). Input: two texts and their labels.
// Output: `--- a/x` / `+++ b/x` headers and `@@` hunks, or nothing when the texts are equal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace icp::diff {

enum class EditKind : unsigned char { keep, remove, insert };

// One step of a script turning `a` into `b`: keep a[old_index] (== b[new_index]),
// remove a[old_index], or insert b[new_index].
struct Edit {
  EditKind kind = EditKind::keep;
  std::size_t old_index = 0;
  std::size_t new_index = 0;
  friend bool operator==(const Edit&, const Edit&) = default;
};

// A shortest edit script (Myers' greedy algorithm), removals before insertions within a
// change. Beyond `max_cost` edits the middle is replaced wholesale: still correct, no
// longer minimal, and memory stays bounded on huge rewrites.
std::vector<Edit> diff_lines(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                             std::size_t max_cost = 1000);

// The text cut after each '\n'; a last line without one is kept as it is.
std::vector<std::string_view> split_lines(std::string_view text);

// `--- old_label` `+++ new_label`, then hunks with `context` lines around each change
// (hunks closer than 2 * context lines merge). A last line without a newline is followed
// by `\ No newline at end of file`, as GNU diff prints it. Empty when the texts are equal.
std::string unified_diff(std::string_view old_text, std::string_view new_text, std::string_view old_label,
                         std::string_view new_label, std::size_t context = 3);

}  // namespace icp::diff
