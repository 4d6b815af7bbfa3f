// Reference data lookups: binary search over the module table that embed_stdlib_modules.cmake
// generates, and over the hand-written NAICS 2017 -> 2022 moves. Input: a module name or a
// NAICS 2017 code. Output: the embedded text or the 2022 code, or nullopt.
#include "compiler/check/reference_data.hpp"

#include <algorithm>
#include <array>

namespace icp::reference {
namespace {

// NAICS 2017 codes that no longer exist in NAICS 2022, with the 2022 code that took over
// most of their scope, from the Census Bureau's 2017-to-2022 concordance
// (https://www.census.gov/naics/, "Concordances"). Only clear moves: where 2022 split a code among
// several successors with no main one (454 Nonstore Retailers, 5179), there is no entry.
// INVARIANT: sorted by from_2017; every key is absent from, every value present in, NAICS
// 2022, the runtime's edition (tests/unit/reference_data_test.cpp checks both).
constexpr std::array kNaicsMoves = std::to_array<NaicsMove>({
    {"442", "449"},        // Furniture and Home Furnishings Stores
    {"4421", "4491"},      // Furniture Stores
    {"4422", "4491"},      // Home Furnishings Stores
    {"443", "449"},        // Electronics and Appliance Stores
    {"4431", "4492"},      // Electronics and Appliance Stores
    {"443142", "449210"},  // Electronics Stores
    {"446", "456"},        // Health and Personal Care Stores
    {"4461", "4561"},      // Health and Personal Care Stores
    {"446110", "456110"},  // Pharmacies and Drug Stores
    {"447", "457"},        // Gasoline Stations
    {"4471", "4571"},      // Gasoline Stations
    {"447110", "457110"},  // Gasoline Stations with Convenience Stores
    {"447190", "457120"},  // Other Gasoline Stations
    {"448", "458"},        // Clothing and Clothing Accessories Stores
    {"4481", "4581"},      // Clothing Stores
    {"4482", "4582"},      // Shoe Stores
    {"448210", "458210"},  // Shoe Stores
    {"4483", "4583"},      // Jewelry, Luggage, and Leather Goods Stores
    {"451", "459"},        // Sporting Goods, Hobby, Musical Instrument, and Book Stores
    {"4511", "4591"},      // Sporting Goods, Hobby, and Musical Instrument Stores
    {"4512", "4592"},      // Book Stores and News Dealers
    {"451211", "459210"},  // Book Stores
    {"452", "455"},        // General Merchandise Stores
    {"4522", "4551"},      // Department Stores
    {"452210", "455110"},  // Department Stores
    {"4523", "4552"},      // General Merchandise Stores, incl. Warehouse Clubs and Supercenters
    {"452311", "455211"},  // Warehouse Clubs and Supercenters
    {"452319", "455219"},  // All Other General Merchandise Stores
    {"453", "459"},        // Miscellaneous Store Retailers
    {"4531", "4593"},      // Florists
    {"453110", "459310"},  // Florists
    {"4532", "4594"},      // Office Supplies, Stationery, and Gift Stores
    {"4533", "4595"},      // Used Merchandise Stores
    {"453310", "459510"},  // Used Merchandise Stores
    {"4539", "4599"},      // Other Miscellaneous Store Retailers
    {"511", "513"},        // Publishing Industries (except Internet)
    {"5111", "5131"},      // Newspaper, Periodical, Book, and Directory Publishers
    {"51111", "51311"},    // Newspaper Publishers
    {"511110", "513110"},  // Newspaper Publishers
    {"511120", "513120"},  // Periodical Publishers
    {"511130", "513130"},  // Book Publishers
    {"511140", "513140"},  // Directory and Mailing List Publishers
    {"511191", "513191"},  // Greeting Card Publishers
    {"511199", "513199"},  // All Other Publishers
    {"5112", "5132"},      // Software Publishers
    {"51121", "51321"},    // Software Publishers
    {"511210", "513210"},  // Software Publishers
    {"515", "516"},        // Broadcasting (except Internet)
    {"5151", "5161"},      // Radio and Television Broadcasting (networks went to 516210)
    {"5152", "5162"},      // Subscription Programming -> Media Streaming Distribution Services
    {"515210", "516210"},  // Cable and Other Subscription Programming
    {"5173", "5171"},      // Wired and Wireless Telecommunications Carriers
    {"51731", "51711"},    // Wired and Wireless Telecommunications Carriers
    {"517311", "517111"},  // Wired Telecommunications Carriers
    {"517312", "517112"},  // Wireless Telecommunications Carriers (except Satellite)
    {"5191", "5192"},      // Other Information Services
    {"519120", "519210"},  // Libraries and Archives
    {"519130", "516210"},  // Internet Publishing and Broadcasting (web search went to 519290)
    {"519190", "519290"},  // All Other Information Services
    {"523110", "523150"},  // Investment Banking and Securities Dealing
    {"523120", "523150"},  // Securities Brokerage
    {"523130", "523160"},  // Commodity Contracts Dealing
    {"523140", "523160"},  // Commodity Contracts Brokerage
    {"523920", "523940"},  // Portfolio Management
    {"523930", "523940"},  // Investment Advice
});
static_assert(std::is_sorted(kNaicsMoves.begin(), kNaicsMoves.end(),
                             [](const NaicsMove& a, const NaicsMove& b) { return a.from_2017 < b.from_2017; }));

std::optional<std::string_view> find(const detail::Table& table, std::string_view key) {
  const auto it = std::lower_bound(table.keys.begin(), table.keys.end(), key);
  if (it == table.keys.end() || *it != key) return std::nullopt;
  return table.values[static_cast<std::size_t>(it - table.keys.begin())];
}

}  // namespace

std::optional<std::string_view> stdlib_module_source(std::string_view module) {
  return find(detail::stdlib_modules(), module);
}

std::span<const std::string_view> stdlib_module_names() { return detail::stdlib_modules().keys; }

std::string stdlib_module_path(std::string_view module) {
  std::string path = "stdlib/";
  path.append(module);
  path.append(".icp");
  return path;
}

std::optional<std::string_view> naics_successor(std::string_view code) {
  const auto it = std::lower_bound(kNaicsMoves.begin(), kNaicsMoves.end(), code,
                                   [](const NaicsMove& move, std::string_view key) { return move.from_2017 < key; });
  if (it == kNaicsMoves.end() || it->from_2017 != code) return std::nullopt;
  return it->to_2022;
}

std::span<const NaicsMove> naics_moves() { return kNaicsMoves; }

}  // namespace icp::reference
