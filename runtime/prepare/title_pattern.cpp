// Whole-title glob matching with `*` only. The literals between stars are matched
// greedily left to right, which is exact for `*`-only globs: taking the leftmost place for
// a literal leaves the most room for the rest, so no backtracking is needed.
#include "runtime/prepare/title_pattern.hpp"

namespace icp {
namespace {

char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// `literal` is already folded.
bool equal_folded(std::string_view text, std::string_view literal) {
  if (text.size() != literal.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (fold(text[i]) != literal[i]) return false;
  }
  return true;
}

// Leftmost position of `literal` in `text` at or after `from`, or npos.
std::size_t find_folded(std::string_view text, std::string_view literal, std::size_t from) {
  if (literal.size() > text.size()) return std::string_view::npos;
  for (std::size_t at = from; at + literal.size() <= text.size(); ++at) {
    if (equal_folded(text.substr(at, literal.size()), literal)) return at;
  }
  return std::string_view::npos;
}

}  // namespace

TitlePattern TitlePattern::compile(std::string_view pattern) {
  TitlePattern compiled;
  pattern = trim_title(pattern);
  compiled.text_ = std::string(pattern);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= pattern.size(); ++i) {
    if (i == pattern.size() || pattern[i] == '*') {
      compiled.segments_.push_back({compiled.folded_.size(), i - start});
      for (std::size_t j = start; j < i; ++j) compiled.folded_ += fold(pattern[j]);
      start = i + 1;
    }
  }
  return compiled;
}

bool TitlePattern::matches_trimmed(std::string_view title) const {
  const std::string_view first = segment(segments_.front());
  if (segments_.size() == 1) return equal_folded(title, first);  // no star
  const std::string_view last = segment(segments_.back());
  // The first literal anchors the start and the last the end; they may not overlap.
  if (first.size() + last.size() > title.size()) return false;
  if (!equal_folded(title.substr(0, first.size()), first)) return false;
  if (!equal_folded(title.substr(title.size() - last.size()), last)) return false;
  const std::string_view middle = title.substr(first.size(), title.size() - first.size() - last.size());
  std::size_t at = 0;
  for (std::size_t i = 1; i + 1 < segments_.size(); ++i) {
    const std::string_view literal = segment(segments_[i]);
    const std::size_t found = find_folded(middle, literal, at);
    if (found == std::string_view::npos) return false;
    at = found + literal.size();
  }
  return true;
}

TitleMatcher::TitleMatcher(const std::vector<std::string>& patterns) {
  patterns_.reserve(patterns.size());
  for (const auto& pattern : patterns) add(pattern);
}

std::optional<std::size_t> TitleMatcher::first_match_trimmed(std::string_view title) const {
  for (std::size_t i = 0; i < patterns_.size(); ++i) {
    if (patterns_[i].matches_trimmed(title)) return i;
  }
  return std::nullopt;
}

}  // namespace icp
