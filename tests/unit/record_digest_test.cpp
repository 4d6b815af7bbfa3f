// The audit's input digest (RecordDigester): the record's bytes must be those of the layout
// in docs/evaluation.md "Input digest", written out here by hand, and the digest the SHA-256
// that Python's hashlib gives for them; equal records as decoded give equal digests.
#include "runtime/output/record_digest.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>

#include "runtime/input/decode_json.hpp"
#include "runtime/base/sha256.hpp"
#include "decode_test_schema.hpp"

namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

// LEB128 a byte at a time, as docs/evaluation.md defines it: the reference for the encoder's
// two-byte fast path and its fallback.
std::string uleb(std::uint64_t value) {
  std::string out;
  for (; value >= 0x80; value >>= 7) out.push_back(static_cast<char>((value & 0x7F) | 0x80));
  out.push_back(static_cast<char>(value));
  return out;
}
std::string sleb(std::int64_t value) {
  std::string out;
  for (;;) {
    const auto low = static_cast<std::uint8_t>(value & 0x7F);
    value >>= 7;
    const bool done = (value == 0 && (low & 0x40) == 0) || (value == -1 && (low & 0x40) != 0);
    out.push_back(static_cast<char>(done ? low : low | 0x80));
    if (done) return out;
  }
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

TEST_CASE("RecordDigester: LEB128 around every length boundary, in fields, events and counts") {
  Digests d;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  for (std::int64_t value : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{63}, std::int64_t{64},
                             std::int64_t{-64}, std::int64_t{-65}, std::int64_t{127}, std::int64_t{128},
                             std::int64_t{8191}, std::int64_t{8192}, std::int64_t{-8192}, std::int64_t{-8193},
                             std::int64_t{16383}, std::int64_t{16384}, std::int64_t{1} << 40, kMax, kMin}) {
    CAPTURE(value);
    icp::vm::Record& record = d.record;
    record.clear(d.schema.fields.size());
    record.set_id("x");
    record.set_int(0, value);                                                 // employees: s(value)
    record.set_enum(5, static_cast<std::uint32_t>(value < 0 ? 1 : value % 3));  // stage: u(index)
    const auto age = static_cast<std::int32_t>(value);
    record.add_signal(1, age, "");                       // job_post: u(2), s(age)
    std::string expected = bytes({1, 1}) + "x" + bytes({1}) + sleb(value) + bytes({0, 0, 0, 0, 1}) +
                           uleb(static_cast<std::uint64_t>(value < 0 ? 1 : value % 3)) + bytes({0, 0, 0}) +
                           uleb(1) + uleb(2) + sleb(age) + uleb(0);
    CHECK(d.digester.encode(record) == expected);
    // A string of `value` bytes (when small enough) for u(length).
    if (value >= 0 && value <= 20000) {
      record.clear(d.schema.fields.size());
      record.set_id(std::string(static_cast<std::size_t>(value), 'i'));  // u(length) at every boundary
      const std::string id(static_cast<std::size_t>(value), 'i');
      expected = bytes({1}) + uleb(id.size()) + id + std::string(9, '\0') + uleb(0) + uleb(0);
      CHECK(d.digester.encode(record) == expected);
    }
  }
}
