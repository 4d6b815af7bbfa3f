// Reference data the checker validates against, embedded at build time: the stdlib/*.icp
// module texts, NAICS 2022 (U.S. Census Bureau) and ISO 3166-1 (Debian iso-codes).
// Input: nothing at run time. Output: lookups into sorted constant tables.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace icp::reference {

// `use std.geo` -> the text of stdlib/geo.icp; nullopt for an unknown module.
std::optional<std::string_view> stdlib_module_source(std::string_view module);
// Every module name ("geo", "naics", "titles"), sorted.
std::span<const std::string_view> stdlib_module_names();
// The name a module's diagnostics show as their file: "geo" -> "stdlib/geo.icp".
std::string stdlib_module_path(std::string_view module);

// "5132" -> "Software Publishers". The 2-digit parts of ranged sectors ("31" of "31-33")
// have the sector's title.
std::optional<std::string_view> naics_title(std::string_view code);
// Whether `code` is a NAICS 2022 code: a row of the Census list, or a 2-digit part of a
// ranged sector (31, 32, 33, 44, 45, 48, 49). The range spelling "31-33" itself is not.
bool is_naics_code(std::string_view code);
// Every row of the Census list (2,125, ranged sectors spelled "31-33"), sorted.
std::span<const std::string_view> naics_codes();

// A NAICS 2017 code that NAICS 2022 replaced -> its 2022 code: "5112" -> "5132".
std::optional<std::string_view> naics_successor(std::string_view code);
struct NaicsMove {
  std::string_view from_2017;
  std::string_view to_2022;
};
// The whole hand-written table, sorted by from_2017 (for tests and documentation).
std::span<const NaicsMove> naics_moves();

// ISO 3166-1 alpha-2, upper case: "DE" -> "Germany"; "UK" and "de" are not codes.
std::optional<std::string_view> country_name(std::string_view alpha2);
// All 249 codes, sorted.
std::span<const std::string_view> country_codes();
// The iso-codes package version the build embedded (from dpkg-query), or "unknown".
std::string_view iso_codes_version();

// The generated tables (cmake/embed_reference_data.cmake writes their definitions).
// Not for use outside reference_data.cpp and its tests.
namespace detail {
struct Table {
  std::span<const std::string_view> keys;    // sorted, unique
  std::span<const std::string_view> values;  // values[i] belongs to keys[i]
};
Table stdlib_modules();
Table naics();
Table naics_ranges();  // "31" -> "31-33", one row per 2-digit part of a ranged sector
Table countries();
std::string_view iso_codes_version();
}  // namespace detail

}  // namespace icp::reference
