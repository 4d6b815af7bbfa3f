// vm::InputJsonWriter and icp::Decision::append_input_json, the record as decoded that a
// decision log keeps: its bytes pinned for every field type; each row decoded again with the
// same as_of gives the same record (input digest and canonical dump); leave_out; every
// accepted record of the examples' data round-trips through its profile.
#include "runtime/output/input_json.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiled_profile.hpp"
#include "icp/session.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/format/artifact.hpp"
#include "runtime/output/record_digest.hpp"

namespace {

using icp::vm::FieldType;

icp::vm::Schema schema() {
  icp::vm::Schema s{
      .fields = {{"employees", FieldType::integer, false, {}},
                 {"revenue", FieldType::decimal, true, {}},
                 {"name", FieldType::string, true, {}},
                 {"public", FieldType::boolean, true, {}},
                 {"founded", FieldType::date, true, {}},
                 {"stage", FieldType::enumeration, true, {"seed", "growth"}},
                 {"tags", FieldType::string_set, true, {}},
                 {"country", FieldType::country, true, {}}},
      .signal_types = {"g2_visit", "job_post"},
  };
  s.build_lookup();
  return s;
}

struct Row {
  const char* name;
  const char* line;
  const char* expected;  // nullptr: only the round trip is checked
};

const Row kRows[] = {
    {.name = "every field type, escapes, unknown keys and spaces dropped",
     .line = R"({ "id":"a\"1", "employees":12, "revenue":-0.50, "name":"Caf\u00e9 \"Q\"\\\n", "public":true,)"
             R"( "founded":"2001-02-03", "stage":"growth", "tags":["b\t","a","a"], "unknown":{"x":[1,2]},)"
             R"( "signals":[{"type":"job_post","days_ago":3},{"type":"odd\"type","days_ago":0,"source":"crm"}],)"
             R"( "contacts":[{"title":"C\"TO","email":"x@y"},{},{"title":null}] })",
     .expected = R"({"id":"a\"1","employees":12,"revenue":-0.5,"name":"Café \"Q\"\\\n","public":true,)"
                 R"("founded":"2001-02-03","stage":"growth","tags":["a","b\t"],"country":null,)"
                 R"("signals":[{"type":"job_post","days_ago":3},{"type":"odd\"type","days_ago":0}],)"
                 R"("contacts":[{"title":"C\"TO"},{},{}]})"},
    {.name = "signals given by date: past ones by age, a future one by date",
     .line = R"({"id":"b","employees":1,"signals":[{"type":"g2_visit","at":"2026-11-01"},)"
             R"({"type":"g2_visit","at":"2026-12-24"},{"type":"job_post","at":"2026-11-22"}]})",
     .expected = R"({"id":"b","employees":1,"revenue":null,"name":null,"public":null,"founded":null,"stage":null,)"
                 R"("tags":null,"country":null,"signals":[{"type":"g2_visit","days_ago":21},)"
                 R"({"type":"g2_visit","at":"2026-12-24"},{"type":"job_post","days_ago":0}],"contacts":[]})"},
    {.name = "nulls, an empty set, no signals or contacts keys",
     .line = R"({"id":"c","employees":-7,"revenue":null,"tags":[],"country":"GB","stage":null})",
     .expected = nullptr},
    {.name = "large numbers and a decimal's four places",
     .line = R"({"id":"d","employees":922337203685477,"revenue":123456789.0001})",
     .expected = nullptr},
    {.name = "bidi and control characters escaped, still the same string",
     .line = R"({"id":"e\u202e","employees":0,"name":"tab\there\u0001 \u2028 \u00ff"})",
     .expected = nullptr},
    {.name = "an event 30 years old, by days_ago",
     .line = R"({"id":"f","employees":3,"signals":[{"type":"x","days_ago":10957}]})",
     .expected = nullptr},
};

// Decodes `line`; REQUIREs it is accepted.
void decode(icp::vm::JsonDecoder& decoder, std::string_view line, icp::Date as_of, icp::vm::Record& record) {
  icp::vm::DecodeError error;
  INFO(line);
  REQUIRE_MESSAGE(decoder.decode(line, as_of, record, error), error.message);
}

std::string digest(const icp::vm::Schema& s, const icp::vm::Record& record) {
  icp::vm::RecordDigester digester(s);
  std::string out;
  digester.append_digest(record, out);
  return out;
}

}  // namespace

TEST_CASE("input JSON: pinned bytes, and it decodes again into the same record") {
  const icp::vm::Schema s = schema();
  icp::vm::JsonDecoder decoder(s);
  const icp::Date as_of = icp::date_from_civil(2026, 11, 22);
  const icp::vm::InputJsonWriter writer(s, {});
  for (const Row& row : kRows) {
    SUBCASE(row.name) {
      icp::vm::Record record, again;
      decode(decoder, row.line, as_of, record);
      std::string json = "kept ";  // append, never replace
      writer.append(record, as_of, json);
      REQUIRE(json.starts_with("kept "));
      json.erase(0, 5);
      if (row.expected != nullptr) CHECK(json == row.expected);
      decode(decoder, json, as_of, again);
      CHECK(digest(s, again) == digest(s, record));
      std::string first, second;
      icp::vm::canonical_json(record, s, first);
      icp::vm::canonical_json(again, s, second);
      CHECK(second == first);
      std::string twice;
      writer.append(again, as_of, twice);
      CHECK(twice == json);  // a fixed point
    }
  }
}

TEST_CASE("input JSON: leave_out drops declared fields, signals and contacts, and names what it dropped") {
  const icp::vm::Schema s = schema();
  icp::vm::JsonDecoder decoder(s);
  const icp::Date as_of = icp::date_from_civil(2026, 11, 22);
  icp::vm::Record record;
  decode(decoder, kRows[0].line, as_of, record);
  const std::vector<std::string> leave_out = {"name", "contacts", "email", "name", "id", "signals"};
  const icp::vm::InputJsonWriter writer(s, leave_out);
  // `email` is not declared (never in the input), `id` is no field, `name` counts once.
  CHECK(writer.left_out() == std::vector<std::string>{"name", "contacts", "signals"});
  std::string json;
  writer.append(record, as_of, json);
  CHECK(json == R"({"id":"a\"1","employees":12,"revenue":-0.5,"public":true,"founded":"2001-02-03","stage":"growth",)"
                R"("tags":["a","b\t"],"country":null})");
}

TEST_CASE("input JSON: every accepted record of the examples' data round-trips through its profile") {
  const std::pair<const char*, const char*> examples[] = {
      {"examples/mid-market-security.icp", "examples/data/mid-market-accounts.jsonl"},
      {"examples/plg-smb.icp", "examples/data/plg-smb-accounts.jsonl"},
      {"examples/enterprise-platform.icp", "examples/data/enterprise-accounts.jsonl"},
  };
  const icp::Date as_of = icp::date_from_civil(2026, 11, 22);
  for (const auto& [profile, data] : examples) {
    CAPTURE(profile);
    const icp::Program program = icp::Program::load(icp::vm::serialize(icp::test_support::compile_source_tree_file(profile)))
                                     .program.value();
    icp::Session session(program), replay(program);
    std::istringstream lines(icp::test_support::read_source_tree_file(data));
    std::size_t accepted = 0;
    for (std::string line; std::getline(lines, line);) {
      const icp::DecideResult result = session.decide(line, as_of, icp::Audit::on);
      if (!result) continue;
      ++accepted;
      std::string input;
      result.decision->append_input_json(input);
      const std::string decided(result.decision->json());
      const icp::DecideResult again = replay.decide(input, as_of, icp::Audit::on);
      REQUIRE(again);
      CHECK(again.decision->json() == decided);  // the audit's input digest included
    }
    CHECK(accepted >= 5);
  }
}
