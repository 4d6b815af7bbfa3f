// The RFC 4180 CSV reader: quoting, line endings, row start lines across multi-line cells,
// and recovery after a malformed row.
#include "runtime/csv.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using icp::vm::CsvError;
using icp::vm::CsvReader;
using icp::vm::CsvRow;

// Every row as "line: cell|cell|..." and every error as "error line:column: message".
std::vector<std::string> read_all(std::string_view text) {
  CsvReader reader(text);
  CsvRow row;
  CsvError error;
  std::vector<std::string> out;
  for (auto result = reader.next(row, error); result != CsvReader::Result::end; result = reader.next(row, error)) {
    if (result == CsvReader::Result::error) {
      out.push_back("error " + std::to_string(error.line) + ":" + std::to_string(error.column) + ": " + error.message);
      continue;
    }
    std::string line = std::to_string(row.line()) + ": ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "|";
      line += row[i];
    }
    out.push_back(line);
  }
  return out;
}

struct Case {
  const char* name;
  std::string_view input;
  std::vector<std::string> rows;
};

}  // namespace

TEST_CASE("csv reader") {
  const Case cases[] = {
      {"plain rows", "a,b\n1,2\n", {"1: a|b", "2: 1|2"}},
      {"no final newline", "a,b\n1,2", {"1: a|b", "2: 1|2"}},
      {"crlf", "a,b\r\n1,2\r\n", {"1: a|b", "2: 1|2"}},
      {"byte order mark", "\xEF\xBB\xBFid,x\n", {"1: id|x"}},
      {"empty cells", ",a,,\n", {"1: |a||"}},
      {"quoted comma", "\"a,b\",c\n", {"1: a,b|c"}},
      {"doubled quote", "\"say \"\"hi\"\"\",x\n", {"1: say \"hi\"|x"}},
      {"empty quoted", "\"\",x\n", {"1: |x"}},
      {"quoted crlf kept", "\"a\r\nb\",c\r\nd,e\r\n", {"1: a\r\nb|c", "3: d|e"}},
      {"multi-line cell", "id\n\"one\ntwo\nthree\"\nlast\n", {"1: id", "2: one\ntwo\nthree", "5: last"}},
      {"blank lines skipped", "a\n\n  \n\r\nb\n\n", {"1: a", "5: b"}},
      {"spaces kept", " a , b \n", {"1:  a | b "}},
      {"quote in unquoted cell", "a,b\"c\nd\n", {"error 1:4: a quote inside an unquoted cell (quote the whole cell "
                                                "and double the quote)",
                                                "2: d"}},
      {"text after closing quote", "\"a\"x,b\nc\n",
       {"error 1:4: expected `,` or the end of the line after a closing quote", "2: c"}},
      {"unterminated quote", "a\n\"open,\nstill\n", {"1: a", "error 2:1: unterminated quoted cell"}},
      {"column counts code points", "\xC3\xA9t\xC3\xA9,x\"\n", {"error 1:6: a quote inside an unquoted cell (quote "
                                                                 "the whole cell and double the quote)"}},
      {"empty input", "", {}},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) { CHECK(read_all(c.input) == c.rows); }
  }
}

TEST_CASE("csv reader reuses the row between calls") {
  CsvReader reader("a,b,c\nd\n");
  CsvRow row;
  CsvError error;
  REQUIRE(reader.next(row, error) == CsvReader::Result::row);
  CHECK(row.size() == 3);
  REQUIRE(reader.next(row, error) == CsvReader::Result::row);
  CHECK(row.size() == 1);
  CHECK(row[0] == "d");
  CHECK(reader.next(row, error) == CsvReader::Result::end);
}
