// canonical_json, the readable dump of a decoded record the decoder tests compare: its bytes,
// pinned here, for every field type, escapes, declared and undeclared signals, contacts with
// and without title, and a reused buffer.
#include "runtime/input/decode_json.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

using icp::vm::FieldType;

icp::vm::Schema schema_with_awkward_names() {
  return icp::vm::Schema{
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
}

}  // namespace

TEST_CASE("canonical_json: every field type, escapes, signals and contacts") {
  icp::vm::JsonDecoder decoder(schema_with_awkward_names());
  const icp::Date as_of = icp::date_from_civil(2026, 11, 22);
  const std::string line =
      R"({"id":"a\"1","employees":12,"revenue":-0.5,"name":"Caf\u00e9 \"Q\"\\\n","public":true,)"
      R"("founded":"2001-02-03","stage":"growth","tags":["b\t","a"],)"
      R"("signals":[{"type":"job_post","days_ago":3},{"type":"odd\"type","days_ago":0}],)"
      R"("contacts":[{"title":"C\"TO"},{}]})";
  icp::vm::Record record;
  icp::vm::DecodeError error;
  REQUIRE(decoder.decode(line, as_of, record, error));

  std::string expected;
  icp::vm::canonical_json(record, decoder.schema(), expected);
  CHECK(expected ==
        R"({"id":"a\"1","employees":12,"revenue":-0.5,"name":"Café \"Q\"\\\n","public":true,)"
        R"("founded":"2001-02-03","stage":"growth","tags":["a","b\t"],"country":null,)"
        R"("signals":[{"type":"job_post","age_days":3},{"type":"odd\"type","age_days":0}],)"
        R"("contacts":[{"title":"C\"TO"},{}]})");

  std::string again = "stale text, replaced";
  icp::vm::canonical_json(record, decoder.schema(), again);
  CHECK(again == expected);  // the buffer is reused, not appended to
}
