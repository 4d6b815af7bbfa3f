// The CSV icp writes for people and for other systems (analysis/csv_writer.hpp): RFC 4180
// quoting and CRLF rows, and the formula-injection guard, row by row.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analysis/csv_writer.hpp"

using namespace icp::analysis;

TEST_CASE("csv writer: RFC 4180 quoting and the formula guard") {
  struct Row {
    const char* name;
    const char* cell;
    const char* guarded;    // as written with the guard on
    const char* unguarded;  // with it off
  };
  const Row rows[] = {
      {"plain text", "Acme Corp", "Acme Corp", "Acme Corp"},
      {"a comma is quoted", "Globex, Inc.", "\"Globex, Inc.\"", "\"Globex, Inc.\""},
      {"quotes are doubled", "Quote \"The\" Co", "\"Quote \"\"The\"\" Co\"", "\"Quote \"\"The\"\" Co\""},
      {"a line break is quoted", "two\nlines", "\"two\nlines\"", "\"two\nlines\""},
      {"a leading space is quoted", " padded", "\" padded\"", "\" padded\""},
      {"a formula", "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"", "\"=HYPERLINK(\"\"http://x\"\")\""},
      {"a plus", "+Plus Ltd", "'+Plus Ltd", "+Plus Ltd"},
      {"a minus", "-Minus", "'-Minus", "-Minus"},
      {"an at sign", "@mallory", "'@mallory", "@mallory"},
      {"a tab", "\tx", "'\tx", "\tx"},
      {"a negative number is data", "-3.5", "-3.5", "-3.5"},
      {"a signed integer is data", "+12", "+12", "+12"},
      {"a minus alone is no number", "-", "'-", "-"},
      {"an empty cell", "", "", ""},
      {"UTF-8 passes through", "Société Générale", "Société Générale", "Société Générale"},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      CsvWriter on(CsvStyle{.guard_formulas = true}), off(CsvStyle{.guard_formulas = false});
      on.row({"x", row.cell});
      off.row({"x", row.cell});
      CHECK(on.bytes() == std::string("x,") + row.guarded + "\r\n");
      CHECK(off.bytes() == std::string("x,") + row.unguarded + "\r\n");
    }
  }
}

TEST_CASE("csv writer: a row's only cell, when blank, is quoted so that the row is no blank line") {
  // Found by fuzz/exports_fuzzer.cpp: a one-column target whose cell was a tab wrote a line
  // that CSV readers skip, so the account's row was lost on import.
  for (const bool guard : {true, false}) {
    CsvWriter csv(CsvStyle{.guard_formulas = guard});
    csv.row({""});
    csv.row(std::vector<std::string>{" "});
    csv.row({"\t"});
    csv.row({"x"});
    csv.row({"", ""});
    // A tab alone is guarded as a formula's start when the guard is on, which leaves no blank.
    CHECK(csv.bytes() == std::string("\"\"\r\n\" \"\r\n") + (guard ? "'\t" : "\"\t\"") + "\r\nx\r\n,\r\n");
  }
}

TEST_CASE("csv writer: rows from vectors, CRLF each") {
  CsvWriter csv(CsvStyle{});
  csv.row(std::vector<std::string>{"a", "b"});
  csv.row(std::vector<std::string>{"", "c,d"});
  CHECK(csv.bytes() == "a,b\r\n,\"c,d\"\r\n");
}
