// The JSON decoder's one-pass fast path against its simdjson path: every record the fast
// path accepts must decode to the same canonical form as through simdjson, and what it
// cannot decide (escapes, bad UTF-8, duplicate keys...) must still be decided correctly.
#include "runtime/input/decode_json.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "runtime/input/decode_json_fast.hpp"

#include "decode_test_schema.hpp"

namespace {

using icp::Date;
using icp::vm::DecodeError;
using icp::vm::FieldType;
using icp::vm::JsonDecoder;
using icp::vm::Record;
using icp::vm::Schema;

using icp::vm::testing::decode_test_schema;
const Date kAsOf = icp::vm::testing::kDecodeAsOf;

std::string decode_canonical(JsonDecoder& decoder, std::string_view line) {
  Record record;
  DecodeError error;
  if (!decoder.decode(line, kAsOf, record, error)) return "error: " + error.message;
  std::string out;
  icp::vm::canonical_json(record, decoder.schema(), out);
  return out;
}

// The same record with an unknown key whose value holds an escape: the fast path leaves
// any escape to simdjson, and an unknown key changes nothing in the record.
std::string through_simdjson(std::string line) {
  const std::size_t close = line.rfind('}');
  line.insert(close, R"(,"zz_extra":"\u0041")");
  return line;
}

}  // namespace

TEST_CASE("decode_json fast path: accepted records equal the simdjson path's") {
  const std::vector<std::string> lines = {
      R"({"id":"a1","employees":120,"revenue":12.5,"name":"Acme","public":true,"founded":"2011-03-04",)"
      R"("stage":"growth","tags":["b","a","b"],"naics":"541512","country":"DE",)"
      R"("signals":[{"type":"g2_visit","days_ago":3},{"type":"webinar","at":"2026-11-01","src":"x"}],)"
      R"("contacts":[{"title":"CFO","email":"a@b.c"},{"title":null},{}]})",
      // Keys out of schema order, whitespace everywhere, nulls for optional fields.
      " { \"employees\" : -0 , \"id\" : \"a2\" , \"revenue\" : null , \"signals\" : null ,\r\n"
      " \"contacts\" : null , \"tags\" : [ ] } ",
      // Decimals at the edges of the fast path, negative integers.
      R"({"id":"a3","employees":-42,"revenue":-99999999999999.9999})",
      R"({"id":"a4","employees":0,"revenue":0.0001})",
      R"({"id":"a5","employees":1,"revenue":7})",
      // UTF-8 kept as is; unknown keys with nested values are validated and dropped.
      "{\"id\":\"a6\",\"employees\":1,\"name\":\"Z\xC3\xBCrich \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80\","
      "\"crm\":{\"owner\":{\"id\":7,\"tags\":[1,2.5e3,true,null,\"x\"]}},\"empty\":{}}",
      // A future event, an event type nobody declared, an event dated before as_of.
      R"({"id":"a7","employees":3,"signals":[{"type":"job_post","at":"2026-12-01"},)"
      R"({"days_ago":0,"type":"other"},{"at":"2020-01-01","type":"g2_visit"}]})",
  };
  JsonDecoder decoder(decode_test_schema());
  for (const std::string& line : lines) {
    CAPTURE(line);
    const std::string fast = decode_canonical(decoder, line);
    CHECK(fast.rfind("error", 0) != 0);
    CHECK(fast == decode_canonical(decoder, through_simdjson(line)));
  }
}

TEST_CASE("decode_json fast path: what it leaves to simdjson is still decided") {
  JsonDecoder decoder(decode_test_schema());
  // Escapes are decoded (by simdjson) the same way as plain text.
  CHECK(decode_canonical(decoder, R"({"id":"a\u0031","employees":1,"name":"A\"B\\C\n"})") ==
        decode_canonical(decoder, R"({"employees":1,"name":"A\"B\\C\n","id":"a1"})"));
  // Numbers the fast path does not take: exponents, more than 4 decimals that are zeros.
  CHECK(decode_canonical(decoder, R"({"id":"a1","employees":1,"revenue":1.5e2})") ==
        decode_canonical(decoder, R"({"id":"a1","employees":1,"revenue":150})"));
  CHECK(decode_canonical(decoder, R"({"id":"a1","employees":1,"revenue":2.500000})") ==
        decode_canonical(decoder, R"({"id":"a1","employees":1,"revenue":2.5})"));
  // Rejected: invalid UTF-8 (overlong, surrogate, beyond U+10FFFF, truncated), duplicate
  // keys at any depth, control characters, trailing text, a missing required field.
  const std::vector<std::string> rejected = {
      "{\"id\":\"a1\",\"employees\":1,\"name\":\"\xC0\x80\"}",
      "{\"id\":\"a1\",\"employees\":1,\"name\":\"\xED\xA0\x80\"}",
      "{\"id\":\"a1\",\"employees\":1,\"name\":\"\xF4\x90\x80\x80\"}",
      "{\"id\":\"a1\",\"employees\":1,\"name\":\"\xE6\x9D\"}",
      R"({"id":"a1","employees":1,"employees":2})",
      R"({"id":"a1","employees":1,"x":{"y":{"z":1,"z":2}}})",
      R"({"id":"a1","employees":1,"signals":[{"type":"g2_visit","type":"job_post","days_ago":1}]})",
      R"({"id":"a1","employees":1,"contacts":[{"title":"CFO","title":"CEO"}]})",
      "{\"id\":\"a1\",\"employees\":1,\"name\":\"a\tb\"}",
      R"({"id":"a1","employees":1} x)",
      R"({"id":"a1"})",
      R"({"id":"","employees":1})",
      R"({"id":"a1","employees":1,"signals":[{"type":"g2_visit","days_ago":1,"at":"2026-01-01"}]})",
      R"({"id":"a1","employees":1,"signals":[{"type":"g2_visit","days_ago":-1}]})",
      R"({"id":"a1","employees":1,"revenue":1.00001})",
      R"({"id":"a1","employees":99999999999999999999})",
  };
  for (const std::string& line : rejected) {
    CAPTURE(line);
    CHECK(decode_canonical(decoder, line).rfind("error: ", 0) == 0);
  }
}

TEST_CASE("decode_json fast path: objects with many unknown keys, duplicates among them still caught") {
  Schema schema = decode_test_schema();
  schema.build_lookup();
  icp::vm::detail::FastJsonDecoder fast(schema);
  JsonDecoder decoder(decode_test_schema());
  // `count` extra keys; the last one repeats key `duplicate_of` when that is not -1.
  auto keys = [](int count, int duplicate_of = -1) {
    std::string text;
    for (int i = 0; i < count; ++i) {
      text += "\"k" + std::to_string(i == count - 1 && duplicate_of >= 0 ? duplicate_of : i) + "\":0,";
    }
    return text;
  };
  // Wide CRM exports (top level, inside a signal event, a contact, a nested object) stay on
  // the fast path; the last key repeating an early one, a late one or the one before it is
  // rejected wherever the object is.
  using Place = std::string (*)(const std::string&);
  const std::vector<Place> places = {
      [](const std::string& k) { return "{" + k + R"("id":"a1","employees":1})"; },
      [](const std::string& k) {
        return R"({"id":"a1","employees":1,"signals":[{)" + k + R"("type":"g2_visit","days_ago":1}]})";
      },
      [](const std::string& k) { return R"({"id":"a1","employees":1,"contacts":[{)" + k + R"("title":"CFO"}]})"; },
      [](const std::string& k) { return R"({"id":"a1","employees":1,"x":{)" + k + R"("y":[]}})"; },
  };
  for (std::size_t place = 0; place < places.size(); ++place) {
    CAPTURE(place);
    for (int count : {3, 16, 17, 100}) {
      CAPTURE(count);
      const std::string line = places[place](keys(count));
      Record record;
      CHECK(fast.decode(line, kAsOf, record));
      CHECK(decode_canonical(decoder, line) == decode_canonical(decoder, through_simdjson(line)));
      for (int duplicate_of : {0, count / 2, count - 2}) {
        CAPTURE(duplicate_of);
        const std::string twice = places[place](keys(count, duplicate_of));
        CHECK_FALSE(fast.decode(twice, kAsOf, record));
        CHECK(decode_canonical(decoder, twice).find("a duplicate key") != std::string::npos);
      }
    }
  }
  // 300,000 extra columns (3.6 MB): a linear scan per key took minutes; sorting once at the
  // object's end takes milliseconds (the bound is generous for a loaded machine).
  const std::string wide = places[0](keys(300'000));
  const auto start = std::chrono::steady_clock::now();
  Record record;
  CHECK(fast.decode(wide, kAsOf, record));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}
