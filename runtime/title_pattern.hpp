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

// Rules (docs/evaluation.md, "Role titles"): surrounding ASCII white space of the title
// and of the pattern is ignored; ASCII letters match either case; every other byte,
// UTF-8 included, must be equal, so "Général" matches "GéNéRAL" but not "GÉNÉRAL".
class TitlePattern {
 public:
  static TitlePattern compile(std::string_view pattern);
  bool matches(std::string_view title) const;
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
  std::optional<std::size_t> first_match(std::string_view title) const;
  const std::vector<TitlePattern>& patterns() const { return patterns_; }

 private:
  std::vector<TitlePattern> patterns_;
};

}  // namespace icp
