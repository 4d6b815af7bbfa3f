// Role title patterns: `titles ["CISO", "Head of Security*"]` (LANGUAGE.md). A pattern
// must match the whole title, ignoring ASCII case; `*` matches any run, the empty one too.
// Input: pattern text once, then contact titles. Output: match or not, allocation-free.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace icp {

// The title without surrounding ASCII white space, as patterns see it.
// Inline: the evaluator trims every contact's title.
inline std::string_view trim_title(std::string_view title) {
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };  // \t \n \v \f \r
  while (!title.empty() && space(title.front())) title.remove_prefix(1);
  while (!title.empty() && space(title.back())) title.remove_suffix(1);
  return title;
}

// Rules (docs/evaluation.md, "Role titles"): surrounding ASCII white space of the title
// and of the pattern is ignored; ASCII letters match either case; every other byte,
// UTF-8 included, must be equal, so "Général" matches "GéNéRAL" but not "GÉNÉRAL".
class TitlePattern {
 public:
  static TitlePattern compile(std::string_view pattern);
  bool matches(std::string_view title) const { return matches_trimmed(trim_title(title)); }
  // `title` already without surrounding white space (trim_title): the evaluator trims each
  // contact's title once, not once per role and pattern.
  bool matches_trimmed(std::string_view title) const;
  // A pattern without a star is one length check and, rarely, one folded comparison,
  // inline: the evaluator calls this for every contact × role × pattern.
  bool matches_exact_or_trimmed(std::string_view title) const {
    if (segments_.size() != 1) return matches_trimmed(title);
    if (title.size() != folded_.size()) return false;
    for (std::size_t i = 0; i < title.size(); ++i) {
      const char c = title[i];
      if (((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c) != folded_[i]) return false;
    }
    return true;
  }
  bool has_star() const { return segments_.size() != 1; }
  // The literals lowercased: for a pattern without a star, the one title it matches, folded.
  const std::string& folded() const { return folded_; }
  // The pattern as written (trimmed), for the audit.
  const std::string& text() const { return text_; }

 private:
  struct Segment {
    std::size_t offset;
    std::size_t length;
  };
  std::string_view segment(const Segment& s) const { return std::string_view(folded_).substr(s.offset, s.length); }

  std::string text_;
  std::string folded_;             // all literal segments, lowercased, back to back
  std::vector<Segment> segments_;  // literals between the stars: stars + 1 of them
};

// A role's patterns; a title matches the role when any pattern matches it.
class TitleMatcher {
 public:
  TitleMatcher() = default;
  explicit TitleMatcher(const std::vector<std::string>& patterns);
  void add(std::string_view pattern) { patterns_.push_back(TitlePattern::compile(pattern)); }
  bool matches(std::string_view title) const { return first_match(title).has_value(); }
  // Index of the first pattern that matches, for the audit ("CISO matched `CISO`").
  std::optional<std::size_t> first_match(std::string_view title) const {
    return first_match_trimmed(trim_title(title));
  }
  std::optional<std::size_t> first_match_trimmed(std::string_view title) const;
  // first_match_trimmed, inline for the evaluator's loop over contacts and roles.
  std::optional<std::size_t> first_match_fast(std::string_view trimmed_title) const {
    for (std::size_t i = 0; i < patterns_.size(); ++i) {
      if (patterns_[i].matches_exact_or_trimmed(trimmed_title)) return i;
    }
    return std::nullopt;
  }
  const std::vector<TitlePattern>& patterns() const { return patterns_; }

 private:
  std::vector<TitlePattern> patterns_;
};

}  // namespace icp
