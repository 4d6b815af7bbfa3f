// Reference data only the compiler needs: the stdlib/*.icp module texts, embedded at build
// time, and the NAICS 2017 -> 2022 moves behind W0301's help. The code lists themselves are
// the runtime's (runtime/input/reference_codes.hpp). Input: nothing at run time. Output:
// lookups into sorted constant tables.
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

// A NAICS 2017 code that NAICS 2022 replaced -> its 2022 code: "5112" -> "5132".
std::optional<std::string_view> naics_successor(std::string_view code);
struct NaicsMove {
  std::string_view from_2017;
  std::string_view to_2022;
};
// The whole hand-written table, sorted by from_2017 (for tests and documentation).
std::span<const NaicsMove> naics_moves();

// The generated table (cmake/embed_stdlib_modules.cmake writes its definition).
// Not for use outside reference_data.cpp and its tests.
namespace detail {
struct Table {
  std::span<const std::string_view> keys;    // sorted, unique
  std::span<const std::string_view> values;  // values[i] belongs to keys[i]
};
Table stdlib_modules();
}  // namespace detail

}  // namespace icp::reference
