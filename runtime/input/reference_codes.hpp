// The reference data every decoder validates with: the NAICS codes of the U.S. Census
// Bureau (2022 edition) and ISO 3166-1 alpha-2 from Debian's iso-codes, embedded at build
// time (runtime/input/reference_codes.cmake). Input: a code. Output: whether it exists, its
// title or name, and the editions; one copy that the compiler's checks use as well.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace icp::vm {

// Whether `code` is a NAICS code of the embedded edition, as written: 2 to 6 ASCII digits
// naming a row of the Census list, or a 2-digit part of a ranged sector (31, 32, 33 of
// "31-33"; 44, 45; 48, 49). Not "31-33" itself, NAICS 2017's "5112", "5", "5415111",
// " 5132" or "". A few bit tests (naics_index.hpp); allocates nothing.
bool is_naics_code(std::string_view code);

// Whether `code` is an ISO 3166-1 alpha-2 code, upper case, as written: "GB" is; "UK", "gb",
// "GBR", "XK" (user-assigned, not in ISO 3166-1) and " US" are not. One bit test.
bool is_country_code(std::string_view code);

// "5132" -> "Software Publishers"; the parts of a ranged sector ("32") have its title
// ("Manufacturing"). nullopt when is_naics_code is false.
std::optional<std::string_view> naics_title(std::string_view code);
// Every row of the Census list (2,125 in NAICS 2022, ranged sectors spelled "31-33"), sorted.
std::span<const std::string_view> naics_codes();

// "DE" -> "Germany"; nullopt when is_country_code is false.
std::optional<std::string_view> country_name(std::string_view alpha2);
// All codes (249), sorted.
std::span<const std::string_view> country_codes();

// Which lists were embedded, so a host can report what it validates with.
struct ReferenceDataVersion {
  std::string_view naics_edition;      // "2022"
  std::string_view naics_source;       // "U.S. Census Bureau"
  std::string_view iso_codes_version;  // the Debian package version at build time, or "unknown"
  std::string_view iso_3166_source;    // "Debian iso-codes"
};
ReferenceDataVersion reference_data_version();

// The same as one line, for logs, `icpc --version` and icp_reference_data_version():
// "NAICS 2022 (U.S. Census Bureau), ISO 3166-1 alpha-2 (Debian iso-codes 4.15.0-1)".
// Static and NUL-terminated (data() is a C string).
std::string_view reference_data_summary();

}  // namespace icp::vm
