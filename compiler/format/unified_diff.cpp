// Myers' O((N+M)D) shortest edit script over lines, and GNU-style unified hunks over it.
// Input: two texts. Output: the diff text `icpc fmt --check` prints.
#include "compiler/format/unified_diff.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

namespace icp::diff {
namespace {

using Lines = std::vector<std::string_view>;

// Myers over a[lo_a, hi_a) and b[lo_b, hi_b), appending to `out`; false when the cost
// exceeds `max_cost` (the caller then falls back to remove-all, insert-all).
bool myers(const Lines& a, const Lines& b, std::size_t lo_a, std::size_t hi_a, std::size_t lo_b, std::size_t hi_b,
           std::size_t max_cost, std::vector<Edit>& out) {
  const auto n = static_cast<std::ptrdiff_t>(hi_a - lo_a);
  const auto m = static_cast<std::ptrdiff_t>(hi_b - lo_b);
  const std::ptrdiff_t max = std::min<std::ptrdiff_t>(n + m, static_cast<std::ptrdiff_t>(max_cost));
  const std::ptrdiff_t offset = max + 1;
  std::vector<std::ptrdiff_t> v(static_cast<std::size_t>(2 * max + 3), 0);
  std::vector<std::vector<std::ptrdiff_t>> trace;  // v before each round d
  const auto at = [&](std::ptrdiff_t k) -> std::ptrdiff_t& { return v[static_cast<std::size_t>(k + offset)]; };
  std::ptrdiff_t found = -1;
  for (std::ptrdiff_t d = 0; d <= max && found < 0; ++d) {
    trace.push_back(v);
    for (std::ptrdiff_t k = -d; k <= d; k += 2) {
      // Coming down from diagonal k+1 is an insertion, right from k-1 a removal.
      std::ptrdiff_t x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      std::ptrdiff_t y = x - k;
      while (x < n && y < m && a[lo_a + static_cast<std::size_t>(x)] == b[lo_b + static_cast<std::size_t>(y)]) {
        ++x;
        ++y;
      }
      at(k) = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return false;
  // Walk the trace back from (n, m), collecting edits in reverse.
  std::vector<Edit> reversed;
  std::ptrdiff_t x = n, y = m;
  for (std::ptrdiff_t d = found; d >= 0; --d) {
    const auto& pv = trace[static_cast<std::size_t>(d)];
    const auto prev = [&](std::ptrdiff_t k) { return pv[static_cast<std::size_t>(k + offset)]; };
    const std::ptrdiff_t k = x - y;
    std::ptrdiff_t prev_k = 0;
    if (d > 0) prev_k = (k == -d || (k != d && prev(k - 1) < prev(k + 1))) ? k + 1 : k - 1;
    const std::ptrdiff_t prev_x = d > 0 ? prev(prev_k) : 0;
    const std::ptrdiff_t prev_y = d > 0 ? prev_x - prev_k : 0;
    while (x > prev_x && y > prev_y) {
      --x;
      --y;
      reversed.push_back({EditKind::keep, lo_a + static_cast<std::size_t>(x), lo_b + static_cast<std::size_t>(y)});
    }
    if (d == 0) break;
    if (x == prev_x) {
      reversed.push_back({EditKind::insert, lo_a + static_cast<std::size_t>(x), lo_b + static_cast<std::size_t>(prev_y)});
    } else {
      reversed.push_back({EditKind::remove, lo_a + static_cast<std::size_t>(prev_x), lo_b + static_cast<std::size_t>(y)});
    }
    x = prev_x;
    y = prev_y;
  }
  out.insert(out.end(), reversed.rbegin(), reversed.rend());
  return true;
}

// Within each run of changes, removals first: the order `diff -u` and git print.
void order_changes(std::vector<Edit>& edits) {
  for (std::size_t i = 0; i < edits.size();) {
    if (edits[i].kind == EditKind::keep) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < edits.size() && edits[j].kind != EditKind::keep) ++j;
    std::stable_partition(edits.begin() + static_cast<std::ptrdiff_t>(i), edits.begin() + static_cast<std::ptrdiff_t>(j),
                          [](const Edit& e) { return e.kind == EditKind::remove; });
    i = j;
  }
}

// GNU's hunk range: "start,count", the count omitted when 1, start one before when 0.
std::string range(std::size_t first, std::size_t count) {
  if (count == 1) return fmt::format("{}", first + 1);
  return fmt::format("{},{}", count == 0 ? first : first + 1, count);
}

void print_line(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
  Lines lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::vector<Edit> diff_lines(const Lines& a, const Lines& b, std::size_t max_cost) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < prefix; ++i) edits.push_back({EditKind::keep, i, i});
  const std::size_t hi_a = a.size() - suffix, hi_b = b.size() - suffix;
  if (!myers(a, b, prefix, hi_a, prefix, hi_b, max_cost, edits)) {
    for (std::size_t i = prefix; i < hi_a; ++i) edits.push_back({EditKind::remove, i, prefix});
    for (std::size_t j = prefix; j < hi_b; ++j) edits.push_back({EditKind::insert, hi_a, j});
  }
  for (std::size_t i = 0; i < suffix; ++i) edits.push_back({EditKind::keep, hi_a + i, hi_b + i});
  order_changes(edits);
  return edits;
}

std::string unified_diff(std::string_view old_text, std::string_view new_text, std::string_view old_label,
                         std::string_view new_label, std::size_t context) {
  if (old_text == new_text) return {};
  const Lines a = split_lines(old_text), b = split_lines(new_text);
  const std::vector<Edit> edits = diff_lines(a, b);
  std::string out = fmt::format("--- {}\n+++ {}\n", old_label, new_label);
  std::size_t i = 0;
  while (i < edits.size()) {
    while (i < edits.size() && edits[i].kind == EditKind::keep) ++i;
    if (i == edits.size()) break;
    // A hunk: from `context` keeps before the first change to `context` keeps after the
    // last change that is followed by fewer than 2 * context + 1 keeps.
    const std::size_t begin = i >= context ? i - context : 0;
    std::size_t end = i;
    for (std::size_t j = i; j < edits.size();) {
      if (edits[j].kind != EditKind::keep) {
        end = ++j;
        continue;
      }
      std::size_t keeps = 0;
      while (j + keeps < edits.size() && edits[j + keeps].kind == EditKind::keep) ++keeps;
      if (j + keeps == edits.size() || keeps > 2 * context) break;
      j += keeps;
    }
    const std::size_t stop = std::min(edits.size(), end + context);
    std::size_t old_count = 0, new_count = 0;
    for (std::size_t j = begin; j < stop; ++j) {
      if (edits[j].kind != EditKind::insert) ++old_count;
      if (edits[j].kind != EditKind::remove) ++new_count;
    }
    out += fmt::format("@@ -{} +{} @@\n", range(edits[begin].old_index, old_count),
                       range(edits[begin].new_index, new_count));
    for (std::size_t j = begin; j < stop; ++j) {
      const Edit& e = edits[j];
      if (e.kind == EditKind::keep) print_line(out, ' ', a[e.old_index]);
      if (e.kind == EditKind::remove) print_line(out, '-', a[e.old_index]);
      if (e.kind == EditKind::insert) print_line(out, '+', b[e.new_index]);
    }
    i = stop;
  }
  return out;
}

}  // namespace icp::diff
