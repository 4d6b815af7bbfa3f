// Lookups into the embedded code lists (reference_codes_data.inc, generated from the Census
// CSV and iso-codes). Input: a NAICS or alpha-2 code. Output: membership, title or name.
// Membership is what every decoder asks per record, so it has its own compact tables, built
// at compile time from the same generated lists: naics_index.hpp for NAICS, a bitmap for ISO.
#include "runtime/input/reference_codes.hpp"

#include "runtime/input/naics_index.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

namespace icp::vm {
namespace {

namespace generated {
#include "runtime/input/reference_codes_data.inc"
}  // namespace generated

struct Table {
  std::span<const std::string_view> keys;    // sorted, unique
  std::span<const std::string_view> values;  // values[i] belongs to keys[i]
};
constexpr Table kNaics{generated::naics_keys, generated::naics_values};
constexpr Table kNaicsRanges{generated::naics_alias_keys, generated::naics_alias_values};  // "31" -> "31-33"
constexpr Table kCountries{generated::country_keys, generated::country_values};

std::optional<std::string_view> find(const Table& table, std::string_view key) {
  const auto it = std::lower_bound(table.keys.begin(), table.keys.end(), key);
  if (it == table.keys.end() || *it != key) return std::nullopt;
  return table.values[static_cast<std::size_t>(it - table.keys.begin())];
}

constexpr bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// --- NAICS: the membership index -----------------------------------------------------------
constexpr std::size_t kNaicsCodeCount =
    static_cast<std::size_t>(std::count_if(std::begin(generated::naics_keys), std::end(generated::naics_keys),
                                           [](std::string_view code) { return all_digits(code); })) +
    std::size(generated::naics_alias_keys);

// Every code a record may hold: the all-digit rows and the parts of ranged sectors.
constexpr auto kNaicsCodeList = [] {
  std::array<std::string_view, kNaicsCodeCount> codes{};
  std::size_t n = 0;
  for (std::string_view code : generated::naics_keys) {
    if (all_digits(code)) codes[n++] = code;
  }
  for (std::string_view part : generated::naics_alias_keys) codes[n++] = part;
  return codes;
}();

constexpr std::size_t kNaicsGroups = static_cast<std::size_t>(
    std::count_if(kNaicsCodeList.begin(), kNaicsCodeList.end(), [](std::string_view code) { return code.size() == 4; }));

constexpr auto kNaicsIndex = detail::NaicsIndex<kNaicsGroups>::build(kNaicsCodeList);
static_assert(std::all_of(kNaicsCodeList.begin(), kNaicsCodeList.end(),
                          [](std::string_view code) { return kNaicsIndex.contains(code); }));

// --- ISO 3166-1: a bit per A-Z pair -------------------------------------------------------
constexpr std::size_t kLetterPairs = 26 * 26;

constexpr bool upper_pair(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

constexpr std::size_t pair_index(std::string_view code) {
  return static_cast<std::size_t>(code[0] - 'A') * 26 + static_cast<std::size_t>(code[1] - 'A');
}

constexpr auto kCountryBits = [] {
  detail::Bits<kLetterPairs> bits;
  for (std::string_view code : generated::country_keys) bits.set(pair_index(code));
  return bits;
}();
static_assert(std::all_of(std::begin(generated::country_keys), std::end(generated::country_keys), upper_pair),
              "embed_reference_codes.cmake admits only upper-case alpha-2 codes");

// --- versions ------------------------------------------------------------------------------
constexpr std::string_view kNaicsSource = "U.S. Census Bureau";
constexpr std::string_view kIsoSource = "Debian iso-codes";

// The summary is built at compile time, NUL-terminated, so the C API can hand it out as is
// (no allocation, nothing to throw).
constexpr std::string_view kSummaryParts[] = {"NAICS ", generated::naics_edition, " (", kNaicsSource,
                                              "), ISO 3166-1 alpha-2 (", kIsoSource, " ",
                                              generated::iso_codes_version, ")"};
constexpr std::size_t summary_length() {
  std::size_t length = 0;
  for (std::string_view part : kSummaryParts) length += part.size();
  return length;
}
constexpr auto kSummary = [] {
  std::array<char, summary_length() + 1> text{};
  std::size_t at = 0;
  for (std::string_view part : kSummaryParts) {
    for (char c : part) text[at++] = c;
  }
  return text;
}();

}  // namespace

bool is_naics_code(std::string_view code) { return kNaicsIndex.contains(code); }

bool is_country_code(std::string_view code) {
  return upper_pair(code) && kCountryBits.test(pair_index(code));
}

std::optional<std::string_view> naics_title(std::string_view code) {
  if (!is_naics_code(code)) return std::nullopt;
  if (auto range = find(kNaicsRanges, code)) code = *range;
  return find(kNaics, code);
}

std::span<const std::string_view> naics_codes() { return kNaics.keys; }

std::optional<std::string_view> country_name(std::string_view alpha2) {
  if (!is_country_code(alpha2)) return std::nullopt;
  return find(kCountries, alpha2);
}

std::span<const std::string_view> country_codes() { return kCountries.keys; }

ReferenceDataVersion reference_data_version() {
  return {.naics_edition = generated::naics_edition,
          .naics_source = kNaicsSource,
          .iso_codes_version = generated::iso_codes_version,
          .iso_3166_source = kIsoSource};
}

std::string_view reference_data_summary() { return {kSummary.data(), kSummary.size() - 1}; }

}  // namespace icp::vm
