// The regions of the standard library's `std.geo` (na, emea, apac, latam, eu, dach, ...) as
// lists of ISO 3166-1 codes, for territories that name regions rather than countries. Input:
// the stdlib module embedded in the compiler. Output: the region's codes, read from the same
// source a profile's `country in std.geo.emea` compiles from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace icp::analysis {

// The codes of `std.geo.<name>`, sorted; nullopt when std.geo has no list of that name.
std::optional<std::vector<std::string>> geo_region(std::string_view name);
// Every list std.geo declares, sorted by name (for "expected one of" messages).
std::vector<std::string> geo_region_names();

}  // namespace icp::analysis
