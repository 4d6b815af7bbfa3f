// Unit tests of the runtime's reference data (runtime/input/reference_codes.hpp): the NAICS
// 2022 and ISO 3166-1 tables are complete, the compact membership tests agree with the
// tables on every input of their domain, and every decoder (JSON, its fast path, CSV)
// accepts and rejects the same edge values.
#include "runtime/input/reference_codes.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include "decode_test_schema.hpp"
#include "runtime/input/csv.hpp"
#include "runtime/input/decode_csv.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/decode_json_fast.hpp"
#include "runtime/input/naics_index.hpp"

namespace vm = icp::vm;

namespace {

template <typename Range>
void check_sorted_unique(const Range& keys) {
  CHECK(std::is_sorted(keys.begin(), keys.end()));
  CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
}

// What a record may hold, from the Census rows themselves: every all-digit row, and each
// 2-digit part of a ranged sector ("31-33" gives 31, 32, 33).
std::set<std::string, std::less<>> naics_oracle() {
  std::set<std::string, std::less<>> codes;
  for (std::string_view row : vm::naics_codes()) {
    if (row.find('-') == std::string_view::npos) {
      codes.emplace(row);
      continue;
    }
    REQUIRE(row.size() == 5);
    for (int part = std::stoi(std::string(row.substr(0, 2))); part <= std::stoi(std::string(row.substr(3))); ++part) {
      codes.insert(std::to_string(part));
    }
  }
  return codes;
}

}  // namespace

TEST_CASE("the NAICS 2022 table is complete") {
  const auto codes = vm::naics_codes();
  CHECK(codes.size() == 2125);
  check_sorted_unique(codes);
  CHECK(vm::naics_title("5132") == "Software Publishers");
  CHECK(vm::naics_title("11") == "Agriculture, Forestry, Fishing and Hunting");  // quoted in the CSV
  CHECK(vm::naics_title("3327") == "Machine Shops; Turned Product; and Screw, Nut, and Bolt Manufacturing");
  CHECK(vm::naics_title("541512") == "Computer Systems Design Services");
  for (const char* part : {"31", "32", "33", "44", "45", "48", "49"}) {
    INFO(part);
    CHECK(vm::is_naics_code(part));
  }
  CHECK(vm::naics_title("32") == "Manufacturing");
  CHECK(vm::naics_title("45") == "Retail Trade");
  CHECK_FALSE(vm::naics_title("31-33").has_value());
  for (const char* not_code : {"31-33", "34", "5", "", "5132 ", " 5132", "1234567", "5415111", "5112", "511210",
                               "541511.0", "-5132", "05", "999999"}) {
    INFO(not_code);
    CHECK_FALSE(vm::is_naics_code(not_code));
    CHECK_FALSE(vm::naics_title(not_code).has_value());
  }
}

TEST_CASE("ISO 3166-1 alpha-2 lookups") {
  const auto codes = vm::country_codes();
  CHECK(codes.size() == 249);
  check_sorted_unique(codes);
  CHECK(vm::country_name("GB") == "United Kingdom");
  CHECK(vm::country_name("DE") == "Germany");
  CHECK(vm::country_name("CI") == "C\u00f4te d'Ivoire");  // UTF-8 survives embedding
  for (const char* not_code : {"UK", "gb", "Gb", "GBR", "XK", "EU", "", "G", " US", "US ", "AA"}) {
    INFO(not_code);
    CHECK_FALSE(vm::is_country_code(not_code));
    CHECK_FALSE(vm::country_name(not_code).has_value());
  }
}

TEST_CASE("the reference data names its editions and sources") {
  const vm::ReferenceDataVersion version = vm::reference_data_version();
  CHECK(version.naics_edition == "2022");
  CHECK(version.naics_source == "U.S. Census Bureau");
  CHECK(version.iso_3166_source == "Debian iso-codes");
  CHECK_FALSE(version.iso_codes_version.empty());
  const std::string_view summary = vm::reference_data_summary();
  CHECK(summary == fmt::format("NAICS 2022 (U.S. Census Bureau), ISO 3166-1 alpha-2 (Debian iso-codes {})",
                               version.iso_codes_version));
  CHECK(summary.data()[summary.size()] == '\0');  // the C API hands data() out as a C string
}

// The integer table is built at compile time from the same rows: it must answer exactly as
// the rows do, for every string of up to six digits (1,111,111 of them).
TEST_CASE("is_naics_code agrees with the Census list on every string of up to 6 digits") {
  const auto oracle = naics_oracle();
  std::size_t accepted = 0;
  std::size_t mismatches = 0;
  std::string code;
  for (int length = 0; length <= 6; ++length) {
    int count = 1;
    for (int i = 0; i < length; ++i) count *= 10;
    for (int value = 0; value < count; ++value) {
      code = fmt::format("{:0{}}", value, length);
      if (length == 0) code.clear();
      const bool in_list = oracle.count(code) == 1;
      if (vm::is_naics_code(code) != in_list && ++mismatches <= 5) FAIL_CHECK("is_naics_code(\"" << code << "\")");
      accepted += in_list ? 1 : 0;
    }
  }
  CHECK(mismatches == 0);
  CHECK(accepted == oracle.size());  // nothing in the list is longer than 6 digits
}

TEST_CASE("is_country_code agrees with the ISO list on every pair of bytes") {
  const auto codes = vm::country_codes();
  std::size_t accepted = 0;
  for (int first = 0; first < 256; ++first) {
    for (int second = 0; second < 256; ++second) {
      const char pair[2] = {static_cast<char>(first), static_cast<char>(second)};
      const std::string_view code(pair, 2);
      const bool in_list = std::binary_search(codes.begin(), codes.end(), code);
      if (vm::is_country_code(code) != in_list) FAIL_CHECK("is_country_code(" << first << ", " << second << ")");
      accepted += in_list ? 1 : 0;
    }
  }
  CHECK(accepted == codes.size());
}

TEST_CASE("NaicsIndex: codes of every length, and lists it cannot index") {
  using Index = vm::detail::NaicsIndex<2>;
  constexpr std::string_view codes[] = {"11", "111", "1111", "11111", "111111", "111119", "5415", "541511", "99"};
  constexpr Index index = Index::build(codes);
  for (std::string_view code : codes) CHECK(index.contains(code));
  for (std::string_view code : {"", "1", "12", "112", "1112", "11112", "111112", "5416", "54151", "541512", "541501",
                                "0011", "1111111", "11a1", "-111"}) {
    INFO(code);
    CHECK_FALSE(index.contains(code));
  }
  constexpr std::string_view orphan[] = {"5415", "541511", "518210"};  // 518210 has no group 5182
  CHECK_THROWS(Index::build(orphan));
  constexpr std::string_view miscounted[] = {"5415"};  // one group, not two
  CHECK_THROWS(Index::build(miscounted));
  constexpr std::string_view too_long[] = {"11", "1111", "1112", "1111111"};
  CHECK_THROWS(Index::build(too_long));
}

namespace {

// One field value as JSON and, where CSV can say the same thing, as a CSV cell.
struct CodeRow {
  const char* name;
  const char* field;
  const char* json;  // the value's JSON text
  const char* csv;   // the cell; nullptr where CSV has no such value (numbers, "")
  bool accepted;
};

bool csv_accepts(const char* field, const char* cell) {
  vm::CsvAccountDecoder decoder(vm::testing::decode_test_schema());
  const std::string csv = fmt::format("id,employees,{}\na1,1,{}\n", field, cell);
  vm::CsvReader reader(csv);  // reads `csv` in place
  vm::CsvRow row;
  vm::CsvError csv_error;
  vm::DecodeError error;
  REQUIRE(reader.next(row, csv_error) == vm::CsvReader::Result::row);
  REQUIRE(decoder.set_header(row, error));
  REQUIRE(reader.next(row, csv_error) == vm::CsvReader::Result::row);
  vm::Record record;
  return decoder.decode(row, vm::testing::kDecodeAsOf, record, error);
}

}  // namespace

TEST_CASE("every decoder accepts and rejects the same codes") {
  const CodeRow rows[] = {
      {"naics 6 digits", "naics", R"("541511")", "541511", true},
      {"naics 4 digits", "naics", R"("5132")", "5132", true},
      {"naics sector", "naics", R"("54")", "54", true},
      {"naics part of a ranged sector", "naics", R"("32")", "32", true},
      {"naics integer", "naics", "541511", nullptr, true},
      {"naics ranged sector as written", "naics", R"("31-33")", "31-33", false},
      {"naics 2017", "naics", R"("5112")", "5112", false},
      {"naics 2017, 6 digits", "naics", R"("511210")", "511210", false},
      {"naics 2017 integer", "naics", "511210", nullptr, false},
      {"naics 1 digit", "naics", R"("5")", "5", false},
      {"naics 7 digits", "naics", R"("5415111")", "5415111", false},
      {"naics 7 digits integer", "naics", "5415111", nullptr, false},
      {"naics unknown", "naics", R"("999999")", "999999", false},
      {"naics leading zero", "naics", R"("05")", "05", false},
      {"naics empty", "naics", R"("")", nullptr, false},
      {"naics leading space", "naics", R"(" 5132")", " 5132", false},
      {"naics decimal text", "naics", R"("541511.0")", "541511.0", false},
      {"naics decimal number", "naics", "541511.0", nullptr, false},
      {"naics negative", "naics", "-5132", "-5132", false},
      {"naics 2017 escaped", "naics", R"("\u0035112")", nullptr, false},
      {"country", "country", R"("GB")", "GB", true},
      {"country escaped", "country", R"("\u0047B")", nullptr, true},
      {"country UK", "country", R"("UK")", "UK", false},
      {"country lower case", "country", R"("uk")", "uk", false},
      {"country mixed case", "country", R"("Gb")", "Gb", false},
      {"country alpha-3", "country", R"("GBR")", "GBR", false},
      {"country user-assigned", "country", R"("XK")", "XK", false},
      {"country empty", "country", R"("")", nullptr, false},
      {"country leading space", "country", R"(" US")", " US", false},
      {"country number", "country", "44", nullptr, false},
  };
  vm::Schema schema = vm::testing::decode_test_schema();
  schema.build_lookup();
  vm::detail::FastJsonDecoder fast(schema);
  vm::JsonDecoder full(vm::testing::decode_test_schema());
  for (const CodeRow& row : rows) {
    SUBCASE(row.name) {
      const std::string json = fmt::format(R"({{"id":"a1","employees":1,"{}":{}}})", row.field, row.json);
      vm::Record record;
      vm::DecodeError error;
      CHECK(full.decode(json, vm::testing::kDecodeAsOf, record, error) == row.accepted);
      if (!row.accepted) CHECK(error.field == row.field);
      // The fast path decides plain values itself; escapes and numbers go to the full decoder.
      const bool plain = std::string_view(row.json).find('\\') == std::string_view::npos && row.json[0] == '"';
      const bool fast_accepts = fast.decode(json, vm::testing::kDecodeAsOf, record);
      CHECK(fast_accepts == (row.accepted && plain));
      if (row.csv != nullptr) CHECK(csv_accepts(row.field, row.csv) == row.accepted);
    }
  }
}
