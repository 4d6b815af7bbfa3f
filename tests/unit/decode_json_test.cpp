// JSON Lines decoding of account records: every field type accepted and rejected, signals,
// contacts, malformed JSON, buffer reuse and the canonical form hashed by the audit.
#include "runtime/input/decode_json.hpp"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "decode_test_schema.hpp"

namespace {

using icp::Date;
using icp::vm::DecodeError;
using icp::vm::FieldType;
using icp::vm::JsonDecoder;
using icp::vm::JsonLine;
using icp::vm::LineSplitter;
using icp::vm::Record;
using icp::vm::Schema;

using icp::vm::testing::decode_test_schema;
const Date kAsOf = icp::vm::testing::kDecodeAsOf;

// The canonical form of a record with only id and employees, to build expectations from.
std::string canonical(std::string_view fields, std::string_view signals = "",
                      std::string_view contacts = "") {
  return fmt::format(
      "{{\"id\":\"a1\",{},\"signals\":[{}],\"contacts\":[{}]}}", fields, signals, contacts);
}

const std::string kNulls =
    "\"revenue\":null,\"name\":null,\"public\":null,\"founded\":null,\"stage\":null,"
    "\"tags\":null,\"naics\":null,\"country\":null";

std::string decode_canonical(JsonDecoder& decoder, std::string_view line) {
  Record record;
  DecodeError error;
  bool ok = decoder.decode(line, kAsOf, record, error);
  if (!ok) return "error: " + error.message;
  std::string out;
  icp::vm::canonical_json(record, decoder.schema(), out);
  return out;
}

struct AcceptRow {
  const char* name;
  const char* json;
  std::string canonical;
};

TEST_CASE("decode_json: every field type accepted, in canonical form") {
  auto with = [](std::string_view field_text) {
    std::string text = kNulls;
    auto key = field_text.substr(0, field_text.find(':') + 1);
    auto at = text.find(key);
    auto end = text.find(',', at);
    text.replace(at, (end == std::string::npos ? text.size() : end) - at, field_text);
    return canonical("\"employees\":10," + text);
  };
  const std::vector<AcceptRow> rows = {
      {.name = "minimal", .json = R"({"id":"a1","employees":10})", .canonical = with("\"revenue\":null")},
      {.name = "optional null", .json = R"({"id":"a1","employees":10,"revenue":null,"tags":null})",
       .canonical = with("\"revenue\":null")},
      {.name = "negative int", .json = R"({"id":"a1","employees":-3})",
       .canonical = canonical("\"employees\":-3," + kNulls)},
      {.name = "decimal exact", .json = R"({"id":"a1","employees":10,"revenue":0.3})", .canonical = with("\"revenue\":0.3")},
      {.name = "decimal 4 digits", .json = R"({"id":"a1","employees":10,"revenue":-12.3456})",
       .canonical = with("\"revenue\":-12.3456")},
      {.name = "decimal trailing zeros", .json = R"({"id":"a1","employees":10,"revenue":1.50000})",
       .canonical = with("\"revenue\":1.5")},
      {.name = "decimal from integer", .json = R"({"id":"a1","employees":10,"revenue":36})", .canonical = with("\"revenue\":36")},
      {.name = "decimal exponent", .json = R"({"id":"a1","employees":10,"revenue":1.25E3})",
       .canonical = with("\"revenue\":1250")},
      {.name = "decimal negative exponent", .json = R"({"id":"a1","employees":10,"revenue":5e-4})",
       .canonical = with("\"revenue\":0.0005")},
      {.name = "string escapes", .json = R"({"id":"a1","employees":10,"name":"A\"c\u00e9\n"})",
       .canonical = with("\"name\":\"A\\\"c\xC3\xA9\\n\"")},
      {.name = "bool", .json = R"({"id":"a1","employees":10,"public":false})", .canonical = with("\"public\":false")},
      {.name = "date", .json = R"({"id":"a1","employees":10,"founded":"2024-02-29"})",
       .canonical = with("\"founded\":\"2024-02-29\"")},
      {.name = "enum", .json = R"({"id":"a1","employees":10,"stage":"growth"})", .canonical = with("\"stage\":\"growth\"")},
      {.name = "set sorted dedup", .json = R"({"id":"a1","employees":10,"tags":["soc2","aws","soc2",""]})",
       .canonical = with("\"tags\":[\"\",\"aws\",\"soc2\"]")},
      {.name = "empty set", .json = R"({"id":"a1","employees":10,"tags":[]})", .canonical = with("\"tags\":[]")},
      {.name = "naics string", .json = R"({"id":"a1","employees":10,"naics":"513210"})",
       .canonical = with("\"naics\":\"513210\"")},
      {.name = "naics integer", .json = R"({"id":"a1","employees":10,"naics":5132})", .canonical = with("\"naics\":\"5132\"")},
      {.name = "country", .json = R"({"id":"a1","employees":10,"country":"DE"})", .canonical = with("\"country\":\"DE\"")},
      {.name = "unknown keys ignored", .json = R"({"id":"a1","x":{"y":[1,{"z":null}]},"employees":10,"crm":"z"})",
       .canonical = with("\"revenue\":null")},
      {.name = "key order free", .json = R"({"employees":10,"id":"a1"})", .canonical = with("\"revenue\":null")},
      {.name = "whitespace", .json = " { \"id\" : \"a1\" , \"employees\" : 10 } ", .canonical = with("\"revenue\":null")},
  };
  JsonDecoder decoder(decode_test_schema());
  for (const AcceptRow& row : rows) {
    SUBCASE(row.name) { CHECK(decode_canonical(decoder, row.json) == row.canonical); }
  }
}

struct RejectRow {
  const char* name;
  const char* json;
  const char* field;
  const char* expected;
  const char* found;
};

TEST_CASE("decode_json: records that do not fit the schema are rejected precisely") {
  const std::vector<RejectRow> rows = {
      {"int as string", R"({"id":"a1","employees":"many"})", "employees", "an integer", "\"many\""},
      {"int as real", R"({"id":"a1","employees":12.0})", "employees", "an integer", "12.0"},
      {"int as exponent", R"({"id":"a1","employees":1e3})", "employees", "an integer", "1e3"},
      {"int overflow", R"({"id":"a1","employees":9223372036854775808})", "employees",
       "an integer that fits in 64 bits", "9223372036854775808"},
      {"required missing", R"({"id":"a1"})", "employees", "an integer", "nothing"},
      {"required null", R"({"id":"a1","employees":null})", "employees", "an integer", "null"},
      {"decimal as string", R"({"id":"a1","employees":1,"revenue":"1.5"})", "revenue", "a number", "\"1.5\""},
      {"decimal too precise", R"({"id":"a1","employees":1,"revenue":0.12345})", "revenue",
       "a number with at most 4 decimal places", "0.12345"},
      {"decimal exponent too precise", R"({"id":"a1","employees":1,"revenue":1e-5})", "revenue",
       "a number with at most 4 decimal places", "1e-5"},
      {"decimal out of range", R"({"id":"a1","employees":1,"revenue":1e30})", "revenue",
       "a number within the decimal range", "1e30"},
      {"string as number", R"({"id":"a1","employees":1,"name":5})", "name", "a string", "5"},
      {"bool as string", R"({"id":"a1","employees":1,"public":"true"})", "public", "a boolean", "\"true\""},
      {"bool as int", R"({"id":"a1","employees":1,"public":1})", "public", "a boolean", "1"},
      {"date not real", R"({"id":"a1","employees":1,"founded":"2023-02-29"})", "founded",
       "a date \"YYYY-MM-DD\"", "\"2023-02-29\""},
      {"date format", R"({"id":"a1","employees":1,"founded":"22/11/2026"})", "founded",
       "a date \"YYYY-MM-DD\"", "\"22/11/2026\""},
      {"date as number", R"({"id":"a1","employees":1,"founded":20260101})", "founded",
       "a date \"YYYY-MM-DD\"", "20260101"},
      {"enum unknown", R"({"id":"a1","employees":1,"stage":"Seed"})", "stage",
       "one of \"seed\", \"series_a\", \"growth\"", "\"Seed\""},
      {"set not array", R"({"id":"a1","employees":1,"tags":"aws"})", "tags", "an array of strings", "\"aws\""},
      {"set item", R"({"id":"a1","employees":1,"tags":["aws",3]})", "tags[1]", "a string", "3"},
      {"naics letters", R"({"id":"a1","employees":1,"naics":"51a"})", "naics", "a NAICS code (2 to 6 digits)", "\"51a\""},
      {"naics too long", R"({"id":"a1","employees":1,"naics":5132100})", "naics",
       "a NAICS code (2 to 6 digits)", "5132100"},
      {"naics real", R"({"id":"a1","employees":1,"naics":51.3})", "naics", "a NAICS code (2 to 6 digits)", "51.3"},
      {"country lower", R"({"id":"a1","employees":1,"country":"de"})", "country",
       "a country code (ISO 3166-1 alpha-2)", "\"de\""},
      {"id missing", R"({"employees":1})", "id", "a non-empty string", "nothing"},
      {"id number", R"({"id":42,"employees":1})", "id", "a non-empty string", "42"},
      {"id empty", R"({"id":"","employees":1})", "id", "a non-empty string", "\"\""},
      {"duplicate key", R"({"id":"a1","employees":1,"employees":2})", "employees", "each key once", "a duplicate key"},
      {"duplicate unknown key", R"({"id":"a1","employees":1,"x":1,"x":1})", "x", "each key once", "a duplicate key"},
      {"not an object", R"([1,2])", "", "a JSON object", "another JSON value"},
      {"signals not array", R"({"id":"a1","employees":1,"signals":{}})", "signals", "an array of signal events",
       "an object"},
      {"signal both", R"({"id":"a1","employees":1,"signals":[{"type":"job_post","at":"2026-11-01","days_ago":3}]})",
       "signals[0]", "exactly one of \"at\" and \"days_ago\"", "both"},
      {"signal neither", R"({"id":"a1","employees":1,"signals":[{"type":"job_post"}]})", "signals[0]",
       "exactly one of \"at\" and \"days_ago\"", "neither"},
      {"signal no type", R"({"id":"a1","employees":1,"signals":[{"days_ago":3}]})", "signals[0].type", "a string",
       "nothing"},
      {"signal bad at", R"({"id":"a1","employees":1,"signals":[{"type":"g2_visit","days_ago":1},{"type":"g2_visit","days_ago":1},{"type":"g2_visit","days_ago":1},{"type":"g2_visit","at":"2026-13-01"}]})",
       "signals[3].at", "a date \"YYYY-MM-DD\"", "\"2026-13-01\""},
      {"signal negative days", R"({"id":"a1","employees":1,"signals":[{"type":"g2_visit","days_ago":-1}]})",
       "signals[0].days_ago", "a non-negative integer", "-1"},
      {"signal real days", R"({"id":"a1","employees":1,"signals":[{"type":"g2_visit","days_ago":1.5}]})",
       "signals[0].days_ago", "a non-negative integer", "1.5"},
      {"signal type number", R"({"id":"a1","employees":1,"signals":[{"type":7,"days_ago":1}]})", "signals[0].type",
       "a string", "7"},
      {"signal not object", R"({"id":"a1","employees":1,"signals":["g2_visit"]})", "signals[0]",
       "an object {\"type\", \"at\" or \"days_ago\"}", "\"g2_visit\""},
      {"signal duplicate key", R"({"id":"a1","employees":1,"signals":[{"type":"a","type":"b","days_ago":1}]})",
       "signals[0].type", "each key once", "a duplicate key"},
      {"contacts not array", R"({"id":"a1","employees":1,"contacts":"ceo"})", "contacts", "an array of contacts",
       "\"ceo\""},
      {"contact title number", R"({"id":"a1","employees":1,"contacts":[{"title":"CTO"},{"title":3}]})",
       "contacts[1].title", "a string", "3"},
      {"contact not object", R"({"id":"a1","employees":1,"contacts":[null]})", "contacts[0]",
       "an object {\"title\", ...}", "null"},
  };
  JsonDecoder decoder(decode_test_schema());
  for (const RejectRow& row : rows) {
    SUBCASE(row.name) {
      Record record;
      DecodeError error;
      REQUIRE_FALSE(decoder.decode(row.json, kAsOf, record, error));
      CHECK(error.field == row.field);
      CHECK(error.expected == row.expected);
      CHECK(error.found == row.found);
      CHECK(error.message == fmt::format("`{}`: expected {}, found {}", row.field, row.expected, row.found));
    }
  }
}

TEST_CASE("decode_json: malformed JSON is rejected, naming the record when it can") {
  const std::vector<const char*> lines = {
      R"({"id":"a1","employees":1)",
      R"({"id":"a1","employees":1,})",
      R"({"id":"a1","employees":12abc})",
      R"({"id":"a1","employees":1} {"id":"a2"})",
      R"({"id":"a1","employees":1}})",
      R"({"id":"a1","employees":1,"x":[1,2})",
      R"({"id":"a1","employees":1,"x":"bad \q escape"})",
      R"({"id":"a1","employees":1,"x":nul})",
      R"({"id":"a1","employees":1,"x":01})",
      R"({"id":"a1","employees":1,"x":{"y":1,"y":2}})",
      "",
      "{\"id\":\"a1\",\"employees\":1,\"name\":\"\xFF\"}",
  };
  JsonDecoder decoder(decode_test_schema());
  for (const char* line : lines) {
    CAPTURE(line);
    Record record;
    DecodeError error;
    CHECK_FALSE(decoder.decode(line, kAsOf, record, error));
    CHECK_FALSE(error.message.empty());
  }
  Record record;
  DecodeError error;
  REQUIRE_FALSE(decoder.decode(R"({"employees":"x","id":"acc-7"})", kAsOf, record, error));
  CHECK(error.id == "acc-7");  // read although it follows the bad field
  REQUIRE_FALSE(decoder.decode(R"({"id":"acc-8","employees":1,"x":nul})", kAsOf, record, error));
  CHECK(error.id == "acc-8");
  CHECK(error.message.find("malformed JSON") == 0);
  // With unbalanced brackets simdjson rejects the whole document, so no id can be read.
  REQUIRE_FALSE(decoder.decode(R"({"id":"acc-9","employees":1)", kAsOf, record, error));
  CHECK(error.id.empty());
  CHECK(error.field.empty());
}

TEST_CASE("decode_json: signals by date or age, future and undeclared kept") {
  JsonDecoder decoder(decode_test_schema());
  Record record;
  DecodeError error;
  const char* line =
      R"({"id":"a1","employees":1,"signals":[{"type":"job_post","at":"2026-11-01"},)"
      R"({"type":"g2_visit","days_ago":0,"source":"g2"},{"type":"g2_visit","at":"2026-11-25"},)"
      R"({"type":"webinar","days_ago":400}]})";
  REQUIRE(decoder.decode(line, kAsOf, record, error));
  auto signals = record.signals();
  REQUIRE(signals.size() == 4);
  CHECK(signals[0].type == 1);
  CHECK(signals[0].age_days == 21);
  CHECK(signals[1].type == 0);
  CHECK(signals[1].age_days == 0);
  CHECK(signals[2].age_days == -3);  // future: kept, the evaluator ignores it
  CHECK(signals[3].type < 0);        // undeclared: kept, the evaluator notes it
  CHECK(record.event_type(signals[3], decoder.schema()) == "webinar");
  CHECK(record.event_type(signals[0], decoder.schema()) == "job_post");
  std::string out;
  icp::vm::canonical_json(record, decoder.schema(), out);
  CHECK(out == canonical("\"employees\":1," + kNulls,
                         "{\"type\":\"job_post\",\"age_days\":21},{\"type\":\"g2_visit\",\"age_days\":0},"
                         "{\"type\":\"g2_visit\",\"age_days\":-3},{\"type\":\"webinar\",\"age_days\":400}"));
  REQUIRE(decoder.decode(R"({"id":"a1","employees":1,"signals":null,"contacts":null})", kAsOf, record, error));
  CHECK(record.signals().empty());
  CHECK(record.contacts().empty());
}

TEST_CASE("decode_json: contacts keep titles only") {
  JsonDecoder decoder(decode_test_schema());
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(
      R"({"id":"a1","employees":1,"contacts":[{"title":"VP Sales","email":"a@b.c"},{},{"title":null,"name":"X"}]})",
      kAsOf, record, error));
  auto contacts = record.contacts();
  REQUIRE(contacts.size() == 3);
  CHECK(contacts[0].has_title());
  CHECK(record.view(contacts[0].title) == "VP Sales");
  CHECK_FALSE(contacts[1].has_title());
  CHECK_FALSE(contacts[2].has_title());
  std::string out;
  icp::vm::canonical_json(record, decoder.schema(), out);
  CHECK(out == canonical("\"employees\":1," + kNulls, "", "{\"title\":\"VP Sales\"},{},{}"));
}

TEST_CASE("decode_json: typed reads and set membership") {
  JsonDecoder decoder(decode_test_schema());
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(
      R"({"id":"acc-1","employees":250,"revenue":0.1,"public":true,"founded":"2001-09-09","stage":"series_a","tags":["b","a"],"country":"FR"})",
      kAsOf, record, error));
  CHECK(record.id() == "acc-1");
  CHECK(record.get_int(0) == 250);
  CHECK(record.get_decimal(1).add(icp::Decimal::parse("0.2").value()) == icp::Decimal::parse("0.3"));
  CHECK(record.get_bool(3));
  CHECK(record.get_date(4) == icp::date_from_civil(2001, 9, 9));
  CHECK(record.get_enum(5) == 1);
  CHECK(record.set_has(6, "a"));
  CHECK_FALSE(record.set_has(6, "c"));
  CHECK_FALSE(record.present(2));
  CHECK_FALSE(record.present(7));
  CHECK(record.get_string(8) == "FR");
}

// The runtime's code lists decide, not the shape: reference_codes_test.cpp has the edges
// through every decoder; these are the rejections as a user reads them.
TEST_CASE("decode_json: naics and country values are checked against the reference lists") {
  JsonDecoder decoder(decode_test_schema());
  Record record;
  DecodeError error;
  CHECK(decoder.decode(R"({"id":"a","employees":1,"naics":"5132","country":"DE"})", kAsOf, record, error));
  CHECK_FALSE(decoder.decode(R"({"id":"a","employees":1,"naics":5132,"country":"XK "})", kAsOf, record, error));
  CHECK(error.message == "`country`: expected a country code (ISO 3166-1 alpha-2), found \"XK \"");
  CHECK_FALSE(decoder.decode(R"({"id":"a","employees":1,"naics":"5112"})", kAsOf, record, error));
  CHECK(error.message == "`naics`: expected a NAICS code (2 to 6 digits), found \"5112\"");
  CHECK_FALSE(decoder.decode(R"({"id":"a","employees":1,"naics":511210})", kAsOf, record, error));
  CHECK(error.message == "`naics`: expected a NAICS code (2 to 6 digits), found 511210");
  CHECK_FALSE(decoder.decode(R"({"id":"a","employees":1,"country":"UK"})", kAsOf, record, error));
  CHECK(error.field == "country");
  CHECK(error.id == "a");
}

TEST_CASE("decode_json: a reused decoder and record match fresh ones") {
  std::vector<std::string> lines;
  for (int i = 0; i < 1000; ++i) {
    lines.push_back(fmt::format(
        R"({{"id":"acc-{}","employees":{},"revenue":{}.{:02},"tags":["t{}","t{}"],"stage":"{}",)"
        R"("signals":[{{"type":"g2_visit","days_ago":{}}}],"contacts":[{{"title":"T{}"}}]{}}})",
        i, i * 7, i, i % 100, i % 5, i % 3, i % 2 ? "seed" : "growth", i % 40, i,
        i % 10 == 0 ? R"(,"employees":1)" : ""));  // every tenth has a duplicate key
  }
  JsonDecoder reused(decode_test_schema());
  Record record;
  DecodeError error;
  std::string text;
  for (const std::string& line : lines) {
    bool ok = reused.decode(line, kAsOf, record, error);
    std::string got = ok ? (icp::vm::canonical_json(record, reused.schema(), text), text) : error.message + error.id;
    JsonDecoder fresh(decode_test_schema());
    Record fresh_record;
    DecodeError fresh_error;
    bool fresh_ok = fresh.decode(line, kAsOf, fresh_record, fresh_error);
    std::string want = fresh_ok ? (icp::vm::canonical_json(fresh_record, fresh.schema(), text), text)
                                : fresh_error.message + fresh_error.id;
    REQUIRE(ok == fresh_ok);
    REQUIRE(got == want);
  }
}

TEST_CASE("decode_json: canonical form is stable across key order and number spelling") {
  JsonDecoder decoder(decode_test_schema());
  std::string a = decode_canonical(
      decoder, R"({"id":"a1","tags":["y","x"],"revenue":1.10,"employees":10,"signals":[{"type":"g2_visit","at":"2026-11-20"}]})");
  std::string b = decode_canonical(
      decoder, R"({"signals":[{"days_ago":2,"type":"g2_visit"}],"employees":10,"revenue":11e-1,"tags":["x","y","x"],"id":"a1"})");
  CHECK(a == b);
  CHECK(a == canonical("\"employees\":10,\"revenue\":1.1,\"name\":null,\"public\":null,\"founded\":null,"
                       "\"stage\":null,\"tags\":[\"x\",\"y\"],\"naics\":null,\"country\":null",
                       "{\"type\":\"g2_visit\",\"age_days\":2}"));
}

TEST_CASE("decode_json: JSON Lines splitting") {
  LineSplitter lines("\xEF\xBB\xBF{\"a\":1}\r\n\n  \r\n{\"b\":2}\n{\"c\":3}");
  JsonLine line;
  REQUIRE(lines.next(line));
  CHECK(line.text == "{\"a\":1}");
  CHECK(line.number == 1);
  REQUIRE(lines.next(line));
  CHECK(line.text == "{\"b\":2}");
  CHECK(line.number == 4);
  REQUIRE(lines.next(line));
  CHECK(line.text == "{\"c\":3}");
  CHECK(line.number == 5);
  CHECK_FALSE(lines.next(line));
  LineSplitter empty("");
  CHECK_FALSE(empty.next(line));
}

}  // namespace

TEST_CASE("decode_json: an error quotes at most the first bytes of a long value") {
  JsonDecoder decoder(decode_test_schema());
  const std::string digits(1'000'000, '7');
  struct Row {
    const char* name;
    std::string line;
    std::string field;
  };
  const Row rows[] = {
      {"a huge integer", "{\"id\":\"a1\",\"employees\":" + digits + "}", "employees"},
      {"a huge decimal", "{\"id\":\"a1\",\"revenue\":0." + digits + "}", "revenue"},
      {"a huge string where a number goes", "{\"id\":\"a1\",\"employees\":\"" + digits + "\"}", "employees"},
      {"a huge invalid number", "{\"id\":\"a1\",\"employees\":-" + digits + "x}", ""},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      Record record;
      DecodeError error;
      REQUIRE_FALSE(decoder.decode(row.line, kAsOf, record, error));
      if (!row.field.empty()) CHECK(error.field == row.field);
      CHECK(error.found.size() <= icp::vm::kMaxFoundBytes + 3);
      CHECK(error.message.size() < 200);
      CHECK(error.message.find("...") != std::string::npos);
    }
  }
}
