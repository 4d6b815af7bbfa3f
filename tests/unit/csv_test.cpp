// The RFC 4180 CSV reader: quoting, line endings, row start lines across multi-line cells,
// recovery after a malformed row (no good row dropped), UTF-8, the limits, and the same rows
// whether the text is in memory or read from a file in chunks.
#include "runtime/input/csv.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using icp::vm::CsvError;
using icp::vm::CsvLimits;
using icp::vm::CsvReader;
using icp::vm::CsvRow;

// Every row as "line: cell|cell|..." and every error as "error line: message".
std::vector<std::string> read_all(CsvReader& reader) {
  CsvRow row;
  CsvError error;
  std::vector<std::string> out;
  for (auto result = reader.next(row, error); result != CsvReader::Result::end; result = reader.next(row, error)) {
    if (result == CsvReader::Result::error) {
      out.push_back("error " + std::to_string(error.line) + ": " + error.message);
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

std::vector<std::string> read_all(std::string_view text, CsvLimits limits = {}) {
  CsvReader reader(text, limits);
  return read_all(reader);
}

// The same through a file, so the reader refills its window as it goes.
std::vector<std::string> read_file(std::string_view text, CsvLimits limits = {}) {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  REQUIRE(std::fwrite(text.data(), 1, text.size(), file) == text.size());
  std::rewind(file);
  CsvReader reader(file, limits);
  auto out = read_all(reader);
  CHECK_FALSE(reader.read_failed());
  std::fclose(file);
  return out;
}

struct Case {
  const char* name;
  std::string_view input;
  std::vector<std::string> rows;
  CsvLimits limits = {};
};

const CsvLimits kSmall{.row_bytes = 16, .cells = 3};

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
      {"quoted last cell at the end", "a,\"b\"", {"1: a|b"}},
      {"quoted crlf kept", "\"a\r\nb\",c\r\nd,e\r\n", {"1: a\r\nb|c", "3: d|e"}},
      {"lone carriage return is text", "a\rb,c\n", {"1: a\rb|c"}},
      {"multi-line cell", "id\n\"one\ntwo\nthree\"\nlast\n", {"1: id", "2: one\ntwo\nthree", "5: last"}},
      {"blank lines skipped", "a\n\n  \n\r\nb\n\n", {"1: a", "5: b"}},
      {"spaces kept", " a , b \n", {"1:  a | b "}},
      {"quote in unquoted cell", "a,b\"c\nd\n",
       {"error 1: a quote inside an unquoted cell at line 1, column 4", "2: d"}},
      {"text after closing quote", "\"a\"x,b\nc\n",
       {"error 1: text after a closing quote at line 1, column 4 (expected `,` or the end of the line)", "2: c"}},
      {"unterminated quote at the end", "a\n\"open,\nstill\n",
       {"1: a", "error 2: an unterminated quoted cell starting at line 2, column 1", "3: still"}},
      {"column counts code points", "\xC3\xA9t\xC3\xA9,x\"\n",
       {"error 1: a quote inside an unquoted cell at line 1, column 6"}},
      {"empty input", "", {}},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      CHECK(read_all(c.input, c.limits) == c.rows);
      CHECK(read_file(c.input, c.limits) == c.rows);
    }
  }
}

// Issue 12: an unbalanced quote swallowed every good row after it, and the error named the
// line where parsing failed. Now the row is reported at its first line and the lines after
// it are read again.
TEST_CASE("csv reader recovers after an unbalanced quote without dropping a row") {
  const Case cases[] = {
      {"open quote in the middle, never closed", "id,x\na1,\"open\na2,ok\na3,ok\n",
       {"1: id|x", "error 2: an unterminated quoted cell starting at line 2, column 4", "3: a2|ok", "4: a3|ok"}},
      {"open quote closed by a later row's quote", "id,x\na1,\"Acme\na2,Beta\na3,\"Gamma\"\na4,Delta\n",
       {"1: id|x",
        "error 2: text after a closing quote at line 4, column 5 (expected `,` or the end of the line)",
        "3: a2|Beta", "4: a3|Gamma", "5: a4|Delta"}},
      {"quote closed, then a bad cell on a later line", "id,x\na1,\"A\nB\",c\"d\na2,ok\n",
       {"1: id|x", "error 2: a quote inside an unquoted cell at line 3, column 5",
        "error 3: a quote inside an unquoted cell at line 3, column 2", "4: a2|ok"}},
      {"a legitimate multi-line row is kept whole", "id,x\na1,\"line one\nline two\"\na2,ok\n",
       {"1: id|x", "2: a1|line one\nline two", "4: a2|ok"}},
      {"two bad rows in a row", "id,x\na1,\"x\na2,\"y\na3,z\n",
       {"1: id|x", "error 2: text after a closing quote at line 3, column 5 (expected `,` or the end of the line)",
        "error 3: an unterminated quoted cell starting at line 3, column 4", "4: a3|z"}},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      CHECK(read_all(c.input, c.limits) == c.rows);
      CHECK(read_file(c.input, c.limits) == c.rows);
    }
  }
}

TEST_CASE("csv reader limits") {
  const Case cases[] = {
      {"a row of exactly the limit", "0123456789abcdef\nx\n", {"1: 0123456789abcdef", "2: x"}, kSmall},
      {"exactly the limit, crlf", "0123456789abcdef\r\nx\r\n", {"1: 0123456789abcdef", "2: x"}, kSmall},
      {"exactly the limit at the end", "0123456789abcdef", {"1: 0123456789abcdef"}, kSmall},
      {"one byte over", "0123456789abcdefg\nx\n",
       {"error 1: a row longer than 16 bytes (the limit), starting at line 1", "2: x"}, kSmall},
      {"a comma just past the limit", "0123456789abcdef,\nx\n",
       {"error 1: a row longer than 16 bytes (the limit), starting at line 1", "2: x"}, kSmall},
      {"a quoted cell ending at the limit", "\"0123456789abcd\"\nx\n", {"1: 0123456789abcd", "2: x"}, kSmall},
      {"a comma after a quoted cell at the limit", "\"0123456789abcd\",\nx\n",
       {"error 1: a row longer than 16 bytes (the limit), starting at line 1", "2: x"}, kSmall},
      {"an empty last cell at the limit", "0123456789abcde,\nx\n", {"1: 0123456789abcde|", "2: x"}, kSmall},
      {"a doubled quote across the limit", "\"0123456789abcd\"\"\"\nx\n",
       {"error 1: an unterminated quoted cell starting at line 1, column 1 (no closing quote within the row limit "
        "of 16 bytes)",
        "2: x"},
       kSmall},
      {"a long line is skipped to its end", "id\n0123456789abcdef0123456789abcdef0123\nx\n",
       {"1: id", "error 2: a row longer than 16 bytes (the limit), starting at line 2", "3: x"}, kSmall},
      {"an open quote is reported at the limit", "id\n\"ab\ncd\nef\ngh\nij\nkl\n",
       {"1: id",
        "error 2: an unterminated quoted cell starting at line 2, column 1 (no closing quote within the row limit of "
        "16 bytes)",
        "3: cd", "4: ef", "5: gh", "6: ij", "7: kl"},
       kSmall},
      {"a long blank line is a row too long", "a\n                      \nb\n",
       {"1: a", "error 2: a row longer than 16 bytes (the limit), starting at line 2", "3: b"}, kSmall},
      {"cells at the limit", "a,b,c\n", {"1: a|b|c"}, kSmall},
      {"too many cells", "a,b,c,d,e\nx\n", {"error 1: 5 cells, more than the limit of 3", "2: x"}, kSmall},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      CHECK(read_all(c.input, c.limits) == c.rows);
      CHECK(read_file(c.input, c.limits) == c.rows);
    }
  }
}

// Issue 12: invalid UTF-8 in a CSV reached the decision JSON; the JSON Lines path rejects it.
TEST_CASE("csv reader rejects a row that is not UTF-8") {
  struct Utf8Case {
    const char* name;
    std::string_view input;
    std::size_t line, at_line, column, cell;
    std::string message;
  };
  const Utf8Case cases[] = {
      {"a stray byte", "a,b\nx,\xFF\n", 2, 2, 3, 1, "invalid UTF-8 (the byte 0xff) at line 2, column 3"},
      {"a truncated sequence", "a,b\n\xC3,y\n", 2, 2, 1, 0, "invalid UTF-8 (the byte 0xc3) at line 2, column 1"},
      {"an overlong form", "a,b\nx,\"\xC0\xAF\"\n", 2, 2, 4, 1, "invalid UTF-8 (the byte 0xc0) at line 2, column 4"},
      {"a surrogate", "a,b\nx,\xED\xA0\x80\n", 2, 2, 3, 1, "invalid UTF-8 (the byte 0xed) at line 2, column 3"},
      {"on a later line of the row", "a,b\nx,\"\xC3\xA9\n\xFE\"\n", 2, 3, 1, 1,
       "invalid UTF-8 (the byte 0xfe) at line 3, column 1"},
  };
  for (const Utf8Case& c : cases) {
    SUBCASE(c.name) {
      CsvReader reader(c.input);
      CsvRow row;
      CsvError error;
      REQUIRE(reader.next(row, error) == CsvReader::Result::row);
      REQUIRE(reader.next(row, error) == CsvReader::Result::error);
      CHECK(error.kind == CsvError::Kind::invalid_utf8);
      CHECK(error.line == c.line);
      CHECK(error.at_line == c.at_line);
      CHECK(error.column == c.column);
      CHECK(error.cell == c.cell);
      CHECK(error.message == c.message);
      CHECK(row.size() == 2);  // the row is well-formed: its cells are there to name
      CHECK(reader.next(row, error) == CsvReader::Result::end);
    }
  }
  CHECK(read_all("a\n\xC3\xA9t\xC3\xA9\n\xF0\x9F\x98\x80\n") ==
        std::vector<std::string>{"1: a", "2: \xC3\xA9t\xC3\xA9", "3: \xF0\x9F\x98\x80"});
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

// A file is read in chunks of 256 KiB: rows, quotes, line endings and errors that straddle
// a chunk's end must give what the same text gives in memory.
TEST_CASE("csv reader gives the same rows from a file as from memory") {
  std::uint64_t state = 12;
  auto below = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  const std::string_view pieces[] = {"a", "bc", ",", ",", "\n", "\r\n", "\"", "\"\"", " ", "\xC3\xA9", "x\"y",
                                     "\"q,\nr\"", "0123456789", "\xFF"};
  std::string text;
  while (text.size() < (std::size_t{3} << 20)) text += pieces[below(std::size(pieces))];
  for (const CsvLimits limits : {CsvLimits{}, CsvLimits{.row_bytes = 100, .cells = 8}}) {
    const auto from_memory = read_all(text, limits);
    CHECK(from_memory.size() > 1000);
    CHECK(read_file(text, limits) == from_memory);
  }
}
