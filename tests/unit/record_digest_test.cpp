// The audit's input digest (RecordDigester): the record's bytes must be those of the layout
// in docs/evaluation.md "Input digest", written out here by hand, and the digest the SHA-256
// that Python's hashlib gives for them; equal records as decoded give equal digests.
#include "runtime/record_digest.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

#include "runtime/decode_json.hpp"
#include "runtime/sha256.hpp"
#include "decode_test_schema.hpp"

namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

struct Digests {
  icp::vm::Schema schema = icp::vm::testing::decode_test_schema();
  icp::vm::JsonDecoder decoder{schema};
  icp::vm::RecordDigester digester{schema};
  icp::vm::Record record;

  std::string of(const std::string& line) {
    icp::vm::DecodeError error;
    REQUIRE_MESSAGE(decoder.decode(line, icp::vm::testing::kDecodeAsOf, record, error), error.message);
    std::string digest;
    digester.append_digest(record, digest);
    return digest;
  }
};

}  // namespace

TEST_CASE("RecordDigester: the documented bytes, and their SHA-256") {
  Digests d;
  const std::string digest =
      d.of(R"({"id":"a\"1","employees":12,"revenue":-0.5,"name":"Caf\u00e9 \"Q\"\\\n","public":true,)"
           R"("founded":"2001-02-03","stage":"growth","tags":["b\t","a","b\t"],)"
           R"("signals":[{"type":"job_post","days_ago":3},{"type":"odd\"type","days_ago":0}],)"
           R"("contacts":[{"title":"C\"TO","email":"x@example.com"},{}]})");
  // By hand, from docs/evaluation.md: version 1, then the id; each field as 0 (missing) or 1
  // and its value: SLEB128 12; -0.5 is -5000 units, SLEB128 F8 58; a string's length in
  // ULEB128 then its UTF-8; true; 2001-02-03 is day 11356, SLEB128 DC D8 00 (0x58 alone would
  // read as negative); enum value 2 (`growth`); the set sorted and deduplicated; naics and
  // country missing. Then 2 events: job_post is declared type 1, written 2, age 3; the
  // undeclared type is 0 and its name, age 0. Then 2 contacts: 1 and the title, or 0.
  const std::string expected = bytes({1, 3}) + "a\"1" + bytes({1, 0x0C}) + bytes({1, 0xF8, 0x58}) + bytes({1, 11}) +
                               "Caf\xC3\xA9 \"Q\"\\\n" + bytes({1, 1}) + bytes({1, 0xDC, 0xD8, 0x00}) + bytes({1, 2}) +
                               bytes({1, 2, 1}) + "a" + bytes({2}) + "b\t" + bytes({0, 0}) + bytes({2}) + bytes({2, 3}) +
                               bytes({0, 8}) + "odd\"type" + bytes({0}) + bytes({2, 1, 4}) + "C\"TO" + bytes({0});
  CHECK(d.digester.encode(d.record) == expected);
  // python3 -c 'import hashlib; print(hashlib.sha256(<the 62 bytes above>).hexdigest())'
  CHECK(digest == "sha256:83ac44f5d556da98ad99856b458f4d395c109d7494a9ad9f93f2886fa6a4ba3e");
  CHECK(digest == "sha256:" + icp::sha256_hex(expected));
}

TEST_CASE("RecordDigester: the record as decoded, not as written") {
  Digests d;
  // `at` and `days_ago` of the same event, set order and repeats, decimal spelling, key order.
  const std::string days = d.of(R"({"id":"x","employees":5,"revenue":1.5,"tags":["b","a"],)"
                                R"("signals":[{"type":"job_post","days_ago":8}]})");
  CHECK(d.of(R"({"id":"x","tags":["a","b","a"],"revenue":1.50,"employees":5,)"
             R"("signals":[{"type":"job_post","at":"2026-11-14"}]})") == days);
  CHECK(d.of(R"({"id":"x","employees":5,"revenue":1.5,"tags":["b","a"],"name":null,)"
             R"("signals":[{"type":"job_post","days_ago":8}],"contacts":[]})") == days);
  // Anything the evaluation could see changes it.
  CHECK(d.of(R"({"id":"x","employees":5,"revenue":1.5,"tags":["b","a"],)"
             R"("signals":[{"type":"job_post","days_ago":9}]})") != days);
  CHECK(d.of(R"({"id":"x","employees":5,"revenue":1.5,"tags":["b"],)"
             R"("signals":[{"type":"job_post","days_ago":8}]})") != days);
  CHECK(d.of(R"({"id":"x","employees":5,"revenue":1.5,"tags":["b","a"],)"
             R"("signals":[{"type":"job_post","days_ago":8}],"contacts":[{}]})") != days);
}

TEST_CASE("RecordDigester: a reused buffer gives a fresh digester's bytes") {
  Digests d;
  const std::string small = R"({"id":"s","employees":1})";
  std::string large = R"({"id":"l","employees":1,"tags":[)";
  for (int i = 0; i < 200; ++i) large += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  large += "]}";
  d.of(large);
  const std::string after_large = d.of(small);
  Digests fresh;
  CHECK(fresh.of(small) == after_large);
  // Version, id, employees, 8 missing fields, no events, no contacts.
  CHECK(d.digester.encode(d.record).size() == 1 + 2 + 2 + 8 + 1 + 1);
}
