// Unit tests of the compiler's reference data: the stdlib modules hold only codes of the
// runtime's lists (reference_codes_test.cpp tests those), and the NAICS 2017 -> 2022 moves
// lead into NAICS 2022. The modules are read with a small scanner, independent of the parser.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/check/reference_data.hpp"
#include "runtime/input/reference_codes.hpp"

namespace ref = icp::reference;
namespace vm = icp::vm;

namespace {

// A module is `let NAME = [ LITERAL, ... ]` declarations and comments, nothing else.
struct LetList {
  std::vector<std::string> strings;
  std::vector<std::string> integers;
};
using Module = std::map<std::string, LetList, std::less<>>;

// Tokens: identifiers, integers, punctuation, and strings (kept with a leading '"').
std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '"') {
      std::string value = "\"";
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i];
      }
      ++i;
      tokens.push_back(value);
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t end = i;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
      tokens.emplace_back(text.substr(i, end - i));
      i = end;
    } else {
      tokens.emplace_back(1, c);
      ++i;
    }
  }
  return tokens;
}

Module scan_module(std::string_view name) {
  const auto text = ref::stdlib_module_source(name);
  REQUIRE(text.has_value());
  const auto tokens = tokenize(*text);
  Module module;
  std::size_t i = 0;
  while (i < tokens.size()) {
    INFO("module ", name, ", token ", i, ": ", tokens[i]);
    REQUIRE(i + 4 < tokens.size());
    REQUIRE(tokens[i] == "let");
    REQUIRE(tokens[i + 2] == "=");
    REQUIRE(tokens[i + 3] == "[");
    const std::string let_name = tokens[i + 1];
    REQUIRE_MESSAGE(module.count(let_name) == 0, "duplicate let ", let_name);
    LetList& list = module[let_name];
    for (i += 4; i < tokens.size() && tokens[i] != "]"; ++i) {
      if (tokens[i] == ",") continue;
      if (tokens[i].front() == '"') {
        list.strings.push_back(tokens[i].substr(1));
      } else {
        REQUIRE(std::all_of(tokens[i].begin(), tokens[i].end(), [](char c) { return c >= '0' && c <= '9'; }));
        list.integers.push_back(tokens[i]);
      }
    }
    REQUIRE(i < tokens.size());
    ++i;  // the closing ]
  }
  return module;
}

std::set<std::string> as_set(const std::vector<std::string>& items) { return {items.begin(), items.end()}; }

std::set<std::string> names_of(const Module& module) {
  std::set<std::string> names;
  for (const auto& [name, list] : module) names.insert(name);
  return names;
}

// Case-insensitive whole-title match, `*` = any run (LANGUAGE.md); a test oracle only.
bool title_matches(std::string_view pattern, std::string_view title) {
  if (pattern.empty()) return title.empty();
  if (pattern.front() == '*') {
    for (std::size_t skip = 0; skip <= title.size(); ++skip) {
      if (title_matches(pattern.substr(1), title.substr(skip))) return true;
    }
    return false;
  }
  return !title.empty() &&
         std::tolower(static_cast<unsigned char>(pattern.front())) ==
             std::tolower(static_cast<unsigned char>(title.front())) &&
         title_matches(pattern.substr(1), title.substr(1));
}

bool in_set(const LetList& list, std::string_view title) {
  return std::any_of(list.strings.begin(), list.strings.end(),
                     [&](const std::string& pattern) { return title_matches(pattern, title); });
}

}  // namespace

TEST_CASE("stdlib modules are embedded by name") {
  const auto names = ref::stdlib_module_names();
  CHECK(std::vector<std::string_view>(names.begin(), names.end()) ==
        std::vector<std::string_view>{"geo", "naics", "titles"});
  for (auto name : names) {
    INFO(name);
    const auto text = ref::stdlib_module_source(name);
    REQUIRE(text.has_value());
    CHECK(text->starts_with("# std."));
    CHECK(text->find("2026-11-23") != std::string_view::npos);  // the as-of date in the header
  }
  CHECK(ref::stdlib_module_path("geo") == "stdlib/geo.icp");
  CHECK_FALSE(ref::stdlib_module_source("nope").has_value());
  CHECK_FALSE(ref::stdlib_module_source("").has_value());
  CHECK_FALSE(ref::stdlib_module_source("ge").has_value());
}

TEST_CASE("std.geo holds only ISO 3166-1 codes and consistent regions") {
  const Module geo = scan_module("geo");
  CHECK(names_of(geo) == std::set<std::string>{"na", "emea", "apac", "latam", "eu", "eea", "dach", "nordics",
                                               "benelux", "anz", "uk_ireland", "sanctioned"});
  for (const auto& [name, list] : geo) {
    INFO("std.geo.", name);
    CHECK(list.integers.empty());
    CHECK(!list.strings.empty());
    CHECK(as_set(list.strings).size() == list.strings.size());  // no duplicates
    for (const auto& code : list.strings) {
      INFO(code);
      CHECK(vm::country_name(code).has_value());
    }
  }
  CHECK(as_set(geo.at("sanctioned").strings) == std::set<std::string>{"RU", "KP", "IR", "CU", "SY"});
  CHECK(as_set(geo.at("na").strings) == std::set<std::string>{"US", "CA"});
  CHECK(geo.at("eu").strings.size() == 27);
  std::set<std::string> eea = as_set(geo.at("eu").strings);
  eea.insert({"IS", "LI", "NO"});
  CHECK(as_set(geo.at("eea").strings) == eea);

  // The four sales regions partition ISO 3166-1 except the codes geo.icp names as left out.
  std::map<std::string, std::string> region_of;
  for (const char* region : {"na", "emea", "apac", "latam"}) {
    for (const auto& code : geo.at(region).strings) {
      INFO(code, " in ", region, " and ", region_of[code]);
      CHECK(region_of[code].empty());
      region_of[code] = region;
    }
  }
  for (auto code : vm::country_codes()) {
    const bool left_out = code == "AQ" || code == "BM" || code == "GL" || code == "PM";
    INFO(code);
    CHECK(region_of.count(std::string(code)) == (left_out ? 0U : 1U));
  }
  for (const char* subset : {"eu", "eea", "dach", "nordics", "benelux", "uk_ireland"}) {
    for (const auto& code : geo.at(subset).strings) {
      INFO(subset, ": ", code);
      CHECK(region_of[code] == "emea");
    }
  }
  CHECK(region_of["AU"] == "apac");
  CHECK(region_of["NZ"] == "apac");
  CHECK(region_of["MX"] == "latam");
}

TEST_CASE("std.naics holds only NAICS 2022 codes") {
  const Module naics = scan_module("naics");
  CHECK(names_of(naics) == std::set<std::string>{"software", "fintech", "financial_services", "healthcare",
                                                  "life_sciences", "manufacturing", "retail",
                                                  "professional_services", "education", "government", "telecom",
                                                  "media", "logistics", "energy", "construction", "real_estate",
                                                  "hospitality"});
  for (const auto& [name, list] : naics) {
    INFO("std.naics.", name);
    CHECK(list.strings.empty());
    CHECK(!list.integers.empty());
    for (const auto& code : list.integers) {
      INFO(code);
      CHECK(vm::is_naics_code(code));
    }
  }
  CHECK(as_set(naics.at("software").integers) == std::set<std::string>{"5132", "5182", "5415", "519290"});
}

TEST_CASE("std.titles sets match the titles they are named for") {
  const Module titles = scan_module("titles");
  for (const char* name : {"c_suite", "founder", "vp", "director", "manager", "individual_contributor",
                           "finance_leaders", "security_leaders", "it_leaders", "engineering_leaders", "procurement",
                           "operations_leaders", "sales_leaders", "marketing_leaders", "hr_leaders"}) {
    INFO(name);
    REQUIRE(titles.count(name) == 1);
    CHECK(titles.at(name).integers.empty());
    for (const auto& pattern : titles.at(name).strings) CHECK(!pattern.empty());
  }
  CHECK(in_set(titles.at("c_suite"), "Chief Financial Officer"));
  CHECK(in_set(titles.at("c_suite"), "ceo"));
  CHECK(in_set(titles.at("founder"), "Co-Founder & CEO"));
  CHECK(in_set(titles.at("vp"), "SVP, Global Sales"));
  CHECK(in_set(titles.at("director"), "Head of Platform"));
  CHECK(in_set(titles.at("manager"), "Senior Product Manager"));
  CHECK(in_set(titles.at("individual_contributor"), "Senior Software Engineer II"));
  CHECK_FALSE(in_set(titles.at("individual_contributor"), "Director of Engineering"));
  CHECK(in_set(titles.at("finance_leaders"), "VP of Finance"));
  CHECK(in_set(titles.at("security_leaders"), "Head of Information Security"));
  CHECK(in_set(titles.at("it_leaders"), "Director of IT"));
  CHECK(in_set(titles.at("it_leaders"), "SVP IT Operations"));
  CHECK_FALSE(in_set(titles.at("it_leaders"), "Digital Marketing Director"));
  CHECK(in_set(titles.at("engineering_leaders"), "CTO"));
  CHECK(in_set(titles.at("procurement"), "Senior Buyer"));
  CHECK(in_set(titles.at("operations_leaders"), "Chief Operating Officer"));
  CHECK(in_set(titles.at("sales_leaders"), "Regional Sales Director"));
  CHECK(in_set(titles.at("marketing_leaders"), "Head of Product Marketing"));
  CHECK(in_set(titles.at("hr_leaders"), "VP, HR"));
  CHECK_FALSE(in_set(titles.at("hr_leaders"), "Director of Three-Year Planning"));
}

TEST_CASE("NAICS 2017 codes that moved name their 2022 successor") {
  CHECK_FALSE(vm::is_naics_code("5112"));
  CHECK(ref::naics_successor("5112") == "5132");
  CHECK(ref::naics_successor("517311") == "517111");
  CHECK_FALSE(ref::naics_successor("5132").has_value());
  CHECK_FALSE(ref::naics_successor("9999").has_value());
  const auto moves = ref::naics_moves();
  CHECK(moves.size() >= 10);
  for (const auto& move : moves) {
    INFO(move.from_2017, " -> ", move.to_2022);
    CHECK_FALSE(vm::is_naics_code(move.from_2017));
    CHECK(vm::is_naics_code(move.to_2022));
    CHECK(move.to_2022.size() == move.from_2017.size());  // a move keeps the level of detail
    CHECK(ref::naics_successor(move.from_2017) == move.to_2022);
  }
}
