// Exact decimal arithmetic: parsing, printing and half-even rounding.
#include <doctest/doctest.h>

#include "icp/decimal.hpp"

using icp::Decimal;

namespace {
Decimal dec(const char* text) { return Decimal::parse(text).value(); }
}  // namespace

TEST_CASE("decimal parses exact text and prints the shortest form") {
  struct Row { const char* text; const char* printed; };
  const Row rows[] = {{"0.5", "0.5"}, {"36", "36"}, {"12.3450", "12.345"}, {"-0.0001", "-0.0001"}, {"007", "7"}};
  for (const auto& row : rows) {
    CAPTURE(row.text);
    CHECK(dec(row.text).to_string() == row.printed);
  }
}

TEST_CASE("decimal refuses text that would need rounding or is malformed") {
  for (const char* text : {"0.12345", "", "-", "1.", ".5", "1.2.3", "1e5", "99999999999999999999"}) {
    CAPTURE(text);
    CHECK_FALSE(Decimal::parse(text).has_value());
  }
}

TEST_CASE("decimal multiplication and division round half-even") {
  CHECK(dec("0.0001").mul(dec("0.5"))->to_string() == "0");       // 0.00005 -> even 0
  CHECK(dec("0.0003").mul(dec("0.5"))->to_string() == "0.0002");  // 0.00015 -> even 0.0002
  CHECK(dec("1").div(dec("3"))->to_string() == "0.3333");
  CHECK(dec("2").div(dec("3"))->to_string() == "0.6667");
  CHECK(dec("-0.0003").mul(dec("0.5"))->to_string() == "-0.0002");
  CHECK_FALSE(dec("1").div(dec("0")).has_value());
}

TEST_CASE("decimal addition is exact and reports overflow") {
  CHECK(dec("0.1").add(dec("0.2")).value() == dec("0.3"));
  CHECK_FALSE(Decimal::from_units(INT64_MAX).add(dec("0.0001")).has_value());
}

TEST_CASE("decimal products and quotients say whether they are exact") {
  struct Row { const char* a; const char* b; bool product_exact; bool quotient_exact; };
  const Row rows[] = {
      {"1", "3", true, false},                          // 0.3333...
      {"1", "4", true, true},                           // 0.25
      {"0.01", "0.01", true, true},                     // 0.0001; 1
      {"0.0001", "0.5", false, true},                   // 0.00005; 0.0002
      {"-0.0003", "0.5", false, true},                  // -0.00015; -0.0006
      {"922337203685477.5807", "1", true, true},
      {"922337203685477.5807", "0.0001", false, true},   // exact, but out of range: div() says so
      {"7", "0", true, false},                          // division by zero
  };
  for (const auto& row : rows) {
    CAPTURE(row.a);
    CAPTURE(row.b);
    CHECK(dec(row.a).mul_is_exact(dec(row.b)) == row.product_exact);
    CHECK(dec(row.a).div_is_exact(dec(row.b)) == row.quotient_exact);
  }
  CHECK_FALSE(dec("922337203685477.5807").div(dec("0.0001")).has_value());
  CHECK(Decimal::max().to_string() == "922337203685477.5807");
  CHECK(Decimal::min().to_string() == "-922337203685477.5808");
}
