// The users' reference must stay in step with the code: its diagnostic catalogue lists
// exactly the codes of grammar/diagnostics.def, each under its slug.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "grammar/diagnostic.hpp"

TEST_CASE("docs/language.md catalogues every diagnostic code and no other") {
  std::ifstream in(std::string(ICP_SOURCE_DIR) + "/docs/language.md");
  REQUIRE(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  std::set<std::string> catalogued;
  const std::regex heading(R"(#### ([EW][0-9]{4}) `([a-z0-9-]+)`)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), heading); it != std::sregex_iterator(); ++it) {
    const std::string code = (*it)[1];
    catalogued.insert(code);
    const auto found = icp::find_diagnostic(code);
    CAPTURE(code);
    REQUIRE(found.has_value());
    CHECK(icp::info(*found).slug == (*it)[2].str());
  }
  for (const auto& entry : icp::all_diagnostics()) {
    CAPTURE(entry.name);
    CHECK(catalogued.contains(std::string(entry.name)));
  }
}
