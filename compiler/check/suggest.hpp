// "Did you mean": the closest candidate to a misspelt name, by edit distance.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace icp {

// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);

// Words longer than this get no suggestion (closest_match returns nothing).
inline constexpr std::size_t kMaxSuggestedLength = 64;

// The closest candidate if it is close enough to be a plausible typo (distance at most
// one third of the word's length, at least 1); ties go to the earliest candidate, so the
// answer does not depend on anything but the candidate order the caller gives.
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates);

// "did you mean `x`?" or "" when nothing is close.
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates);

}  // namespace icp
