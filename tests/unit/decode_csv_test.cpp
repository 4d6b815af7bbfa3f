// CSV account input: the header mapping, every field type accepted and rejected from a cell,
// side files of signals and contacts joined by id, and the key property that a CSV-decoded
// record has the same canonical form as the equivalent JSON-decoded one.
#include "runtime/input/decode_csv.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <string>
#include <vector>

#include "decode_test_schema.hpp"

namespace {

using icp::Date;
using icp::vm::CsvAccountDecoder;
using icp::vm::CsvError;
using icp::vm::CsvReader;
using icp::vm::CsvRow;
using icp::vm::DecodeError;
using icp::vm::FieldType;
using icp::vm::JsonDecoder;
using icp::vm::Record;
using icp::vm::Schema;
using icp::vm::SideError;
using icp::vm::SideTables;

using icp::vm::testing::decode_test_schema;
const Date kAsOf = icp::vm::testing::kDecodeAsOf;

const std::string kNulls =
    "\"revenue\":null,\"name\":null,\"public\":null,\"founded\":null,\"stage\":null,"
    "\"tags\":null,\"naics\":null,\"country\":null";

std::string error_text(const DecodeError& error) {
  return fmt::format("{} | {} | {} | id={}", error.field, error.expected, error.found, error.id);
}

// Decodes every data row of `csv`: canonical JSON per accepted row, the error otherwise.
std::vector<std::string> decode_all(std::string_view csv, const SideTables* side = nullptr) {
  CsvAccountDecoder decoder(decode_test_schema());
  decoder.set_side_tables(side);
  CsvReader reader(csv);
  CsvRow row;
  CsvError csv_error;
  DecodeError error;
  std::vector<std::string> out;
  REQUIRE(reader.next(row, csv_error) == CsvReader::Result::row);
  if (!decoder.set_header(row, error)) return {"header: " + error_text(error)};
  Record record;
  std::string json;
  while (reader.next(row, csv_error) == CsvReader::Result::row) {
    if (decoder.decode(row, kAsOf, record, error)) {
      icp::vm::canonical_json(record, decoder.schema(), json);
      out.push_back(json);
    } else {
      out.push_back(fmt::format("line {}: {}", row.line(), error_text(error)));
    }
  }
  return out;
}

std::string only_employees(std::string_view fields = "") {
  return fmt::format("{{\"id\":\"a1\",\"employees\":12,{}{},\"signals\":[],\"contacts\":[]}}", kNulls, fields);
}

struct CellCase {
  const char* name;
  const char* column;
  const char* cell;  // written into the CSV as is (quote it here when needed)
  std::string expected;  // canonical JSON, or "field | expected | found"
};

}  // namespace

TEST_CASE("csv header") {
  struct Case {
    const char* name;
    std::string_view csv;
    std::string first;
  };
  const Case cases[] = {
      {"minimal", "id,employees\na1,12\n", only_employees()},
      {"unknown columns ignored", "owner,id,employees,Employees\nx,a1,12,y\n", only_employees()},
      {"missing id", "employees\n12\n", "header: id | an `id` column | no such column | id="},
      {"missing required field", "id,name\na1,x\n",
       "header: employees | a `employees` column (the field is required) | no such column | id="},
      {"duplicate field", "id,employees,employees\na1,1,2\n",
       "header: employees | each column once | a second `employees` column | id="},
      {"duplicate id", "id,employees,id\na1,1,a2\n", "header: id | each column once | a second `id` column | id="},
      {"signals column", "id,employees,signals\na1,1,x\n",
       "header: signals | signals in a side file keyed by account id | a `signals` column | id="},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) { CHECK(decode_all(c.csv).front() == c.first); }
  }
}

TEST_CASE("csv cells by type") {
  auto with = [](const char* key, const char* value) {
    std::string nulls = kNulls;
    const std::string null_key = fmt::format("\"{}\":null", key);
    nulls.replace(nulls.find(null_key), null_key.size(), fmt::format("\"{}\":{}", key, value));
    return fmt::format("{{\"id\":\"a1\",\"employees\":12,{},\"signals\":[],\"contacts\":[]}}", nulls);
  };
  const CellCase cases[] = {
      {"int", "employees", "-7", "{\"id\":\"a1\",\"employees\":-7," + kNulls + ",\"signals\":[],\"contacts\":[]}"},
      {"int plus sign", "employees", "+7", "{\"id\":\"a1\",\"employees\":7," + kNulls + ",\"signals\":[],\"contacts\":[]}"},
      {"int empty required", "employees", "", "employees | an integer | an empty cell"},
      {"int decimal", "employees", "12.0", "employees | an integer | \"12.0\""},
      {"int space", "employees", " 12", "employees | an integer | \" 12\""},
      {"int thousands", "employees", "\"1,200\"", "employees | an integer | \"1,200\""},
      {"int overflow", "employees", "9223372036854775808",
       "employees | an integer that fits in 64 bits | \"9223372036854775808\""},
      {"decimal", "revenue", "12.5", with("revenue", "12.5")},
      {"decimal trailing zeros", "revenue", "1.50000", with("revenue", "1.5")},
      {"decimal negative", "revenue", "-0.0001", with("revenue", "-0.0001")},
      {"decimal too precise", "revenue", "1.23456", "revenue | a number with at most 4 decimal places | \"1.23456\""},
      {"decimal exponent", "revenue", "1e3", "revenue | a number | \"1e3\""},
      {"decimal bare point", "revenue", ".5", "revenue | a number | \".5\""},
      {"decimal range", "revenue", "9999999999999999", "revenue | a number within the decimal range | \"9999999999999999\""},
      {"decimal missing", "revenue", "", only_employees()},
      {"string", "name", "\"Acme, Inc.\"", with("name", "\"Acme, Inc.\"")},
      {"string spaces kept", "name", " Acme ", with("name", "\" Acme \"")},
      {"bool true", "public", "true", with("public", "true")},
      {"bool TRUE", "public", "TRUE", with("public", "true")},
      {"bool FALSE", "public", "FALSE", with("public", "false")},
      {"bool True", "public", "True", "public | a boolean (true or false) | \"True\""},
      {"bool 1", "public", "1", "public | a boolean (true or false) | \"1\""},
      {"date", "founded", "2019-02-28", with("founded", "\"2019-02-28\"")},
      {"date invalid", "founded", "2019-02-29", "founded | a date \"YYYY-MM-DD\" | \"2019-02-29\""},
      {"date other form", "founded", "02/28/2019", "founded | a date \"YYYY-MM-DD\" | \"02/28/2019\""},
      {"enum", "stage", "series_a", with("stage", "\"series_a\"")},
      {"enum case", "stage", "Seed", "stage | one of \"seed\", \"series_a\", \"growth\" | \"Seed\""},
      {"set", "tags", "b; a ;;b", with("tags", "[\"a\",\"b\"]")},
      {"set one", "tags", "crm", with("tags", "[\"crm\"]")},
      {"set empty", "tags", ";", with("tags", "[]")},
      {"set missing", "tags", "", only_employees()},
      {"naics", "naics", "5132", with("naics", "\"5132\"")},
      {"naics sector part", "naics", "32", with("naics", "\"32\"")},
      {"naics 2017", "naics", "5112", "naics | a NAICS code (2 to 6 digits) | \"5112\""},
      {"naics unknown", "naics", "999999", "naics | a NAICS code (2 to 6 digits) | \"999999\""},
      {"naics letters", "naics", "51a", "naics | a NAICS code (2 to 6 digits) | \"51a\""},
      {"naics too long", "naics", "5112345", "naics | a NAICS code (2 to 6 digits) | \"5112345\""},
      {"naics space", "naics", " 5132", "naics | a NAICS code (2 to 6 digits) | \" 5132\""},
      {"country", "country", "DE", with("country", "\"DE\"")},
      {"country lower", "country", "de", "country | a country code (ISO 3166-1 alpha-2) | \"de\""},
      {"country UK", "country", "UK", "country | a country code (ISO 3166-1 alpha-2) | \"UK\""},
      {"country alpha-3", "country", "GBR", "country | a country code (ISO 3166-1 alpha-2) | \"GBR\""},
  };
  for (const CellCase& c : cases) {
    SUBCASE(c.name) {
      const bool on_employees = std::string_view(c.column) == "employees";
      const std::string csv = on_employees ? fmt::format("id,employees\na1,{}\n", c.cell)
                                           : fmt::format("id,employees,{}\na1,12,{}\n", c.column, c.cell);
      std::string expected = c.expected;
      if (expected.front() != '{') expected = "line 2: " + expected + " | id=a1";
      CHECK(decode_all(csv).front() == expected);
    }
  }
}

TEST_CASE("csv rows are rejected one by one") {
  const auto out = decode_all(
      "id,employees,name\n"
      "a1,12,ok\n"
      ",5,no id\n"
      "a3,7\n"
      "a4,many,\"two\nlines\"\n"
      "a1,12,ok\n");
  REQUIRE(out.size() == 5);
  CHECK(out[0] == only_employees().replace(only_employees().find("\"name\":null"), 11, "\"name\":\"ok\""));
  CHECK(out[1] == "line 3: id | a non-empty string | an empty cell | id=");
  CHECK(out[2] == "line 4:  | 3 cells, as in the header | 2 cells | id=a3");
  CHECK(out[3] == "line 5: employees | an integer | \"many\" | id=a4");
  CHECK(out[4] == out[0]);
}

TEST_CASE("side tables join signals and contacts by id") {
  const std::string signals_csv =
      "account_id,type,at,days_ago,note\n"
      "a2,job_post,2026-11-20,,x\n"
      "a1,g2_visit,,3,\n"
      "a1,webinar,2026-11-01,,\n"
      "a1,g2_visit,2026-11-22,,\n";
  const std::string signals_jsonl =
      "{\"account_id\":\"a2\",\"type\":\"job_post\",\"at\":\"2026-11-20\",\"note\":[1]}\n"
      "\n"
      "{\"id\":\"a1\",\"type\":\"g2_visit\",\"days_ago\":3}\n"
      "{\"account_id\":\"a1\",\"type\":\"webinar\",\"at\":\"2026-11-01\"}\n"
      "{\"account_id\":\"a1\",\"type\":\"g2_visit\",\"at\":\"2026-11-22\"}\n";
  const std::string contacts_csv = "id,title,email\na1,CFO,x@y\na3,CISO,\na1,,z@y\n";
  const std::string contacts_jsonl =
      "{\"account_id\":\"a1\",\"title\":\"CFO\",\"email\":\"x@y\"}\n"
      "{\"account_id\":\"a3\",\"title\":\"CISO\"}\n"
      "{\"account_id\":\"a1\",\"title\":null}\n";
  const std::string expected_a1 =
      "{\"id\":\"a1\",\"employees\":12," + kNulls +
      ",\"signals\":[{\"type\":\"g2_visit\",\"age_days\":3},{\"type\":\"webinar\",\"age_days\":21},"
      "{\"type\":\"g2_visit\",\"age_days\":0}],\"contacts\":[{\"title\":\"CFO\"},{}]}";
  const std::string expected_a4 = "{\"id\":\"a4\",\"employees\":5," + kNulls + ",\"signals\":[],\"contacts\":[]}";
  struct Case {
    const char* name;
    const char* signals_file;
    const std::string* signals;
    const char* contacts_file;
    const std::string* contacts;
  };
  const Case cases[] = {
      {"csv side files", "s.csv", &signals_csv, "c.csv", &contacts_csv},
      {"jsonl side files", "s.jsonl", &signals_jsonl, "c.json", &contacts_jsonl},
      {"mixed side files", "s.jsonl", &signals_jsonl, "c.csv", &contacts_csv},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      SideTables side;
      std::vector<SideError> errors;
      REQUIRE(side.add_signals(c.signals_file, *c.signals, errors));
      REQUIRE(side.add_contacts(c.contacts_file, *c.contacts, errors));
      CHECK(errors.empty());
      CHECK(side.signal_count() == 4);
      CHECK(side.contact_count() == 3);
      const auto out = decode_all("id,employees\na1,12\na4,5\n", &side);
      REQUIRE(out.size() == 2);
      CHECK(out[0] == expected_a1);
      CHECK(out[1] == expected_a4);
    }
  }
}

TEST_CASE("side file errors name file, line and column") {
  SideTables side;
  std::vector<SideError> errors;
  REQUIRE(side.add_signals("s.csv",
                           "account_id,type,at,days_ago\n"
                           ",g2_visit,2026-11-01,\n"
                           "a1,g2_visit,2026-13-01,\n"
                           "a2,g2_visit,,-4\n"
                           "a3,g2_visit,2026-11-01,4\n"
                           "a4,,2026-11-01,\n"
                           "a5,g2_visit,\"x\"y,\n"
                           "a6,job_post,,1\n",
                           errors));
  REQUIRE(side.add_contacts("c.jsonl", "{\"account_id\":\"a6\",\"title\":7}\n{\"title\":\"CFO\"}\nnot json\n", errors));
  REQUIRE(errors.size() == 4);
  CHECK(errors[0].message == "s.csv:2: `account_id`: expected a non-empty account id, found an empty cell");
  CHECK(errors[1].message ==
        "s.csv:7: expected a well-formed CSV row, found text after a closing quote at line 7, column 16 (expected `,` "
        "or the end of the line)");
  CHECK(errors[2].message == "c.jsonl:2: `account_id`: expected a non-empty account id, found nothing");
  CHECK(errors[3].file == "c.jsonl");
  CHECK(errors[3].line == 3);
  CHECK(errors[3].expected == "well-formed JSON");
  const auto out = decode_all("id,employees\na1,1\na2,1\na3,1\na4,1\na6,1\n", &side);
  REQUIRE(out.size() == 5);
  CHECK(out[0] == "line 2: signals.at | a date \"YYYY-MM-DD\" | \"2026-13-01\" | id=a1");
  CHECK(out[1] == "line 3: signals.days_ago | a non-negative integer | \"-4\" | id=a2");
  CHECK(out[2] == "line 4: signals.at | exactly one of `at` and `days_ago` | both | id=a3");
  CHECK(out[3] == "line 5: signals.type | a signal type | nothing | id=a4");
  CHECK(out[4] == "line 6: contacts.title | a string or null | 7 | id=a6");

  std::vector<SideError> header_errors;
  SideTables bad;
  CHECK_FALSE(bad.add_signals("s.csv", "id,when\na1,2026-01-01\n", header_errors));
  CHECK_FALSE(bad.add_contacts("c.txt", "", header_errors));
  REQUIRE(header_errors.size() == 2);
  CHECK(header_errors[0].message == "s.csv:1: `type`: expected a `type` column, found no such column");
  CHECK(header_errors[1].message == "c.txt: expected a file ending in .csv, .jsonl or .json, found \"c.txt\"");
}

TEST_CASE("a CSV record has the canonical form of the same JSON record") {
  const std::string json =
      "{\"id\":\"acme-1\",\"employees\":250,\"revenue\":12.5,\"name\":\"Acme, \\\"Inc\\\"\",\"public\":false,"
      "\"founded\":\"2011-06-01\",\"stage\":\"growth\",\"tags\":[\"salesforce\",\"hubspot\"],\"naics\":\"513210\","
      "\"country\":\"US\",\"signals\":[{\"type\":\"job_post\",\"at\":\"2026-11-02\"},"
      "{\"type\":\"g2_visit\",\"days_ago\":4},{\"type\":\"unknown_kind\",\"days_ago\":1}],"
      "\"contacts\":[{\"title\":\"VP Finance\",\"email\":\"a@b\"},{\"name\":\"no title\"}]}";
  const std::string csv =
      "\xEF\xBB\xBFid,name,employees,revenue,public,founded,stage,tags,naics,country,owner\r\n"
      "acme-1,\"Acme, \"\"Inc\"\"\",250,12.50,FALSE,2011-06-01,growth,hubspot; salesforce,513210,US,dana\r\n";
  SideTables side;
  std::vector<SideError> errors;
  REQUIRE(side.add_signals("signals.csv",
                           "type,account_id,days_ago,at\njob_post,acme-1,,2026-11-02\ng2_visit,acme-1,4,\n"
                           "unknown_kind,acme-1,1,\n",
                           errors));
  REQUIRE(side.add_contacts("contacts.jsonl",
                            "{\"account_id\":\"acme-1\",\"title\":\"VP Finance\",\"email\":\"a@b\"}\n"
                            "{\"account_id\":\"acme-1\",\"name\":\"no title\"}\n",
                            errors));
  REQUIRE(errors.empty());

  JsonDecoder json_decoder(decode_test_schema());
  Record record;
  DecodeError error;
  REQUIRE(json_decoder.decode(json, kAsOf, record, error));
  std::string from_json;
  icp::vm::canonical_json(record, json_decoder.schema(), from_json);

  const auto from_csv = decode_all(csv, &side);
  REQUIRE(from_csv.size() == 1);
  CHECK(from_csv[0] == from_json);
}

TEST_CASE("side tables load files by path") {
  const std::string path = "/tmp/icp_decode_csv_test_signals.jsonl";
  {
    std::ofstream file(path, std::ios::binary);
    file << "{\"account_id\":\"a1\",\"id\":\"a1\",\"type\":\"g2_visit\",\"days_ago\":2}\n";
  }
  SideTables side;
  std::vector<SideError> errors;
  CHECK(side.load_signals(path, errors));
  std::remove(path.c_str());
  CHECK(errors.empty());
  const auto out = decode_all("id,employees\na1,1\n", &side);
  CHECK(out.front() == "line 2: signals.account_id | one of `account_id` and `id` | both | id=a1");
  CHECK_FALSE(side.load_contacts("/nonexistent/contacts.csv", errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "cannot read `/nonexistent/contacts.csv`: No such file or directory");
  CHECK(errors[0].line == 0);
  CHECK(errors[0].side == "contacts");
}

// Issue 12: a row the reader refuses is a rejected record like any other, with the column
// named when the row is well-formed but not UTF-8 (the JSON Lines path rejects such text).
TEST_CASE("a row the reader refused is a rejected record") {
  struct Case {
    const char* name;
    std::string_view row;
    std::string expected;  // field | expected | found | id
  };
  const Case cases[] = {
      {"unterminated quote", "a1,12,\"open\n",
       " | a well-formed CSV row | an unterminated quoted cell starting at line 2, column 7 | id="},
      {"quote in a cell", "a1,1\"2,x\n",
       " | a well-formed CSV row | a quote inside an unquoted cell at line 2, column 5 | id="},
      {"invalid UTF-8 in a field", "a1,12,Acme \xFF\n",
       "name | UTF-8 text | invalid UTF-8 (the byte 0xff) at line 2, column 12 | id=a1"},
      {"invalid UTF-8 in the id", "a\xC3,12,x\n",
       "id | UTF-8 text | invalid UTF-8 (the byte 0xc3) at line 2, column 2 | id="},
      {"invalid UTF-8 in a short row", "a1,\xFF\n",
       " | UTF-8 text | invalid UTF-8 (the byte 0xff) at line 2, column 4 | id="},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      const std::string csv = "id,employees,name\n" + std::string(c.row);
      CsvAccountDecoder decoder(decode_test_schema());
      CsvReader reader(csv);
      CsvRow row;
      CsvError csv_error;
      DecodeError error;
      REQUIRE(reader.next(row, csv_error) == CsvReader::Result::row);
      REQUIRE(decoder.set_header(row, error));
      REQUIRE(reader.next(row, csv_error) == CsvReader::Result::error);
      CHECK_FALSE(decoder.reject_row(row, csv_error, error));
      CHECK(error_text(error) == c.expected);
      CHECK(error.message.find(error.found) != std::string::npos);
    }
  }
}

// Issue 12: side rows for accounts not in the accounts file vanished. Now each unknown id is
// reported once at its first row, with its number of rows, and every file's count is exact.
TEST_CASE("side rows no account used are reported and counted") {
  SideTables side;
  std::vector<SideError> errors;
  REQUIRE(side.add_signals("s.csv",
                           "account_id,type,days_ago,at\n"
                           "a1,g2_visit,3,\n"   // joined
                           "zz,g2_visit,2,\n"   // unknown: reported with its two rows
                           ",g2_visit,1,\n"     // unreadable: reported at load
                           "zz,webinar,1,\n"
                           "a2,g2_visit,1,\n"   // a2's row is rejected for its cell: still known
                           "yy,g2_visit,,2026-13-01\n",  // a bad row of an unknown account: its own error
                           errors));
  REQUIRE(side.add_contacts("c.jsonl", "{\"account_id\":\"a1\",\"title\":\"CFO\"}\n{\"account_id\":\"xx\"}\n", errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].side == "signals");
  CHECK(errors[0].line == 4);
  const auto out = decode_all("id,employees\na1,1\na2,many\n", &side);
  REQUIRE(out.size() == 2);
  CHECK(out[1] == "line 3: employees | an integer | \"many\" | id=a2");
  std::vector<SideError> reported;
  const auto unused = side.unused([&](const SideError& error) { reported.push_back(error); });
  REQUIRE(reported.size() == 3);
  CHECK(reported[0].message ==
        "s.csv:3: `account_id`: expected the id of an account row read from the accounts file, found \"zz\" (2 rows)");
  CHECK(reported[0].account_id == "zz");
  CHECK(reported[0].side == "signals");
  CHECK(reported[1].message == "s.csv:7: `at`: expected a date \"YYYY-MM-DD\", found \"2026-13-01\"");
  CHECK(reported[2].message ==
        "c.jsonl:2: `account_id`: expected the id of an account row read from the accounts file, found \"xx\"");
  CHECK(reported[2].side == "contacts");
  REQUIRE(side.files().size() == 2);
  CHECK(side.files()[0].rows == 6);
  CHECK(side.files()[1].rows == 2);
  CHECK(unused == std::vector<std::size_t>{4, 1});  // s.csv: the unreadable row, zz twice, yy
}

TEST_CASE("side rows that are not UTF-8") {
  SideTables side;
  std::vector<SideError> errors;
  REQUIRE(side.add_signals("s.csv", "account_id,type,days_ago\na1,g2\xFF,3\n\xFF" "1,g2_visit,3\n", errors));
  REQUIRE(side.add_contacts("c.jsonl", "{\"account_id\":\"a2\",\"title\":\"C\xFF\"}\n", errors));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].message ==
        "s.csv:3: expected a well-formed CSV row, found invalid UTF-8 (the byte 0xff) at line 3, column 1");
  CHECK(errors[1].file == "c.jsonl");
  CHECK(errors[1].expected == "well-formed JSON");
  // A readable id makes the bad row that account's error: its score never lacks the row.
  const auto out = decode_all("id,employees\na1,1\n", &side);
  CHECK(out[0] == "line 2: signals.type | UTF-8 text | invalid UTF-8 (the byte 0xff) at line 2, column 6 | id=a1");
}

TEST_CASE("side file limits") {
  SUBCASE("rows: the file is refused whole") {
    SideTables side(2);
    std::vector<SideError> errors;
    CHECK_FALSE(side.add_signals("s.csv", "account_id,type,days_ago\na1,x,1\na2,x,1\na3,x,1\n", errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "s.csv:4: expected at most 2 rows (side files are held in memory), found more rows");
    CHECK(side.signal_count() == 0);
    CHECK(side.add_contacts("c.csv", "account_id,title\na1,CFO\na2,CEO\n", errors));
    CHECK(side.contact_count() == 2);
  }
  SUBCASE("a JSON Lines line longer than a CSV row") {
    const std::string title(icp::vm::CsvLimits{}.row_bytes, 'x');
    const std::string long_line = "{\"account_id\":\"a1\",\"title\":\"" + title + "\"}";
    const std::string text = long_line + "\n{\"account_id\":\"a1\",\"title\":\"CFO\"}\n";
    SideTables side;
    std::vector<SideError> errors;
    REQUIRE(side.add_contacts("c.jsonl", text, errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "c.jsonl:1: expected a line of at most 8388608 bytes, found a longer line");
    CHECK(side.contact_count() == 1);
  }
}

// Issue 12: a misspelt --signals file was ignored. Loading says why a file cannot be used.
TEST_CASE("side files load from disk as a stream") {
  const std::string folder = "/tmp/icp_decode_csv_test_side";
  std::filesystem::create_directories(folder + "/folder.csv");
  {
    std::ofstream file(folder + "/signals.csv", std::ios::binary);
    file << "account_id,type,days_ago\r\n";
    for (int i = 0; i < 50000; ++i) file << "a" << i << ",g2_visit," << i % 30 << "\r\n";
  }
  SideTables side;
  std::vector<SideError> errors;
  CHECK(side.load_signals(folder + "/signals.csv", errors));
  CHECK(errors.empty());
  CHECK(side.signal_count() == 50000);
  CHECK(side.files()[0].rows == 50000);
  {
    // Past the 8 MiB window, with a line over the limit that straddles refills.
    std::ofstream file(folder + "/contacts.jsonl", std::ios::binary);
    for (int i = 0; i < 200000; ++i) {
      file << "{\"account_id\":\"a" << i << "\",\"title\":\"VP Finance\"}\r\n";
      if (i == 100000) file << "{\"title\":\"" << std::string(9 << 20, 'x') << "\"}\n";
    }
  }
  CHECK(side.load_contacts(folder + "/contacts.jsonl", errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == folder + "/contacts.jsonl:100002: expected a line of at most 8388608 bytes, found a longer line");
  CHECK(side.contact_count() == 200000);
  CHECK(side.files()[1].rows == 200001);
  errors.clear();
  CHECK_FALSE(side.load_contacts(folder + "/folder.csv", errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "cannot read `" + folder + "/folder.csv`: Is a directory");
  CHECK_FALSE(side.load_contacts(folder + "/missing.jsonl", errors));
  CHECK(errors.back().message == "cannot read `" + folder + "/missing.jsonl`: No such file or directory");
  std::filesystem::remove_all(folder);
}

TEST_CASE("csv: an error quotes at most the first bytes of a long cell") {
  const std::string digits(1'000'000, '7');
  // A cell of a million digits, a million letters, and a multi-byte character across the cut.
  const std::string accented = std::string(59, 'x') + "\xC3\xA9" + std::string(1'000, 'y');
  for (const std::string& cell : {digits, std::string(1'000'000, 'z'), accented}) {
    const auto out = decode_all("id,employees\na1," + cell + "\n");
    REQUIRE(out.size() == 1);
    CAPTURE(out[0].substr(0, 200));
    CHECK(out[0].starts_with("line 2: employees | "));
    CHECK(out[0].size() < 200);
    CHECK(out[0].find("...") != std::string::npos);
  }
}
