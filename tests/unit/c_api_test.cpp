// Tests of the C API (include/icp/icp.h): load errors (missing file, corrupt bytes), valid and
// rejected records, decision and audit JSON, NULL handles, which must give an error or a NULL
// result, never a crash, and the version. The C++ API under it: public_api_test.cpp.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "compiled_profile.hpp"
#include "icp/icp.h"
#include "icp/session.hpp"
#include "runtime/format/artifact.hpp"

namespace icp {
namespace {

// The example profile, compiled the way `icpc build` does, as .icpb bytes.
const std::string& mid_market_artifact() {
  static const std::string bytes = [] {
    const std::string path = std::string(ICP_SOURCE_DIR) + "/examples/mid-market-security.icp";
    std::ifstream in(path, std::ios::binary);
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return vm::serialize(test_support::compile_program(path, std::move(text)));
  }();
  return bytes;
}

constexpr std::string_view kTierOne =
    R"({"id":"acc-000001","employees":850,"revenue_musd":120.5,"naics":"541512","country":"US",)"
    R"("funding_stage":"series_b","tech":["okta","salesforce"],"is_customer":false,)"
    R"("signals":[{"type":"g2_visit","days_ago":3},{"type":"exec_hire","days_ago":20},)"
    R"({"type":"job_post","days_ago":10},{"type":"webinar","days_ago":2}],)"
    R"("contacts":[{"title":"CFO","name":"Ana Ruiz"},{"title":"Head of Security Operations"}]})";
constexpr std::string_view kCustomer =
    R"({"id":"acc-000006","employees":900,"revenue_musd":80,"naics":"541511","country":"US",)"
    R"("funding_stage":"series_b","tech":["crowdstrike"],"is_customer":true,)"
    R"("signals":[{"type":"exec_hire","days_ago":5}]})";
constexpr std::string_view kBadEmployees =
    R"({"id":"acc-000010","employees":"many","naics":"541512","country":"US",)"
    R"("funding_stage":"series_b","tech":[],"is_customer":false})";

// Owns a program and an evaluator for one test.
struct Loaded {
  Loaded() {
    const std::string& bytes = mid_market_artifact();
    program = icp_program_load_bytes(bytes.data(), bytes.size(), &err);
    REQUIRE(program != nullptr);
    evaluator = icp_evaluator_new(program);
    REQUIRE(evaluator != nullptr);
  }
  ~Loaded() {
    icp_evaluator_free(evaluator);
    icp_program_free(program);
  }
  icp_status eval(std::string_view json, int audit = 0) {
    return icp_evaluate_json(evaluator, json.data(), json.size(), "2026-11-23", audit, &err);
  }
  icp_error err{};
  icp_program* program = nullptr;
  icp_evaluator* evaluator = nullptr;
};

TEST_CASE("c api: loading reports a missing file as an I/O error") {
  icp_error err{};
  CHECK(icp_program_load("/nonexistent/dir/rules.icpb", &err) == nullptr);
  CHECK(err.code == ICP_ERR_IO);
  CHECK(std::string(err.message).find("/nonexistent/dir/rules.icpb") != std::string::npos);
  CHECK(icp_program_load(nullptr, &err) == nullptr);
  CHECK(err.code == ICP_ERR_ARGUMENT);
}

TEST_CASE("c api: corrupt or truncated bytes are an invalid program, never a crash") {
  icp_error err{};
  const std::string junk = "not an artifact at all";
  CHECK(icp_program_load_bytes(junk.data(), junk.size(), &err) == nullptr);
  CHECK(err.code == ICP_ERR_INVALID_PROGRAM);
  CHECK(std::string(err.message).find("invalid program at byte") == 0);

  std::string bytes = mid_market_artifact();
  CHECK(icp_program_load_bytes(bytes.data(), bytes.size() / 2, &err) == nullptr);
  CHECK(err.code == ICP_ERR_INVALID_PROGRAM);
  bytes += "x";  // trailing bytes are refused too
  CHECK(icp_program_load_bytes(bytes.data(), bytes.size(), &err) == nullptr);
  CHECK(err.code == ICP_ERR_INVALID_PROGRAM);
  CHECK(icp_program_load_bytes(nullptr, 0, &err) == nullptr);
  CHECK(err.code == ICP_ERR_INVALID_PROGRAM);
  CHECK(icp_program_load_bytes(nullptr, 4, &err) == nullptr);
  CHECK(err.code == ICP_ERR_ARGUMENT);
  CHECK(icp_program_load_bytes(junk.data(), junk.size(), nullptr) == nullptr);  // err is optional
}

TEST_CASE("c api: an artifact string that is not UTF-8 is an invalid program, at its byte") {
  std::string bytes = mid_market_artifact();
  const std::size_t at = bytes.find("Perfect fit") + 3;  // tier 1's label
  REQUIRE(at != std::string::npos + 3);
  bytes[at] = '\xfe';
  icp_error err{};
  CHECK(icp_program_load_bytes(bytes.data(), bytes.size(), &err) == nullptr);
  CHECK(err.code == ICP_ERR_INVALID_PROGRAM);
  const std::string where = std::to_string(at);
  CHECK(std::string(err.message) == "invalid program at byte " + where + ": invalid UTF-8 byte 0xfe at byte " + where +
                                        " in the string `tiers[0].label` of the CODE section (every string must be UTF-8)");
}

TEST_CASE("c api: a file written by serialize loads, with its id and profile") {
  const auto path = std::filesystem::temp_directory_path() / "icp_c_api_test.icpb";
  std::ofstream(path, std::ios::binary) << mid_market_artifact();
  icp_error err{};
  err.code = 99;
  icp_program* program = icp_program_load(path.c_str(), &err);
  std::filesystem::remove(path);
  REQUIRE(program != nullptr);
  CHECK(err.code == ICP_OK);
  CHECK(std::string(err.message).empty());
  CHECK(std::string(icp_program_id(program)).rfind("sha256:", 0) == 0);
  CHECK(std::string(icp_program_id(program)).size() == 7 + 64);
  CHECK(std::string(icp_program_profile(program)) == "Mid-market security");
  icp_program_free(program);
}

TEST_CASE("c api: a valid record gives its verdict, tier and route") {
  Loaded t;
  REQUIRE(t.eval(kTierOne) == ICP_OK);
  CHECK(std::string(icp_decision_id(t.evaluator)) == "acc-000001");
  CHECK(std::string(icp_decision_verdict(t.evaluator)) == "tier");
  CHECK(icp_decision_tier(t.evaluator) == 1);
  CHECK(std::string(icp_decision_route_action(t.evaluator)) == "queue");
  CHECK(std::string(icp_decision_queue(t.evaluator)) == "ae-enterprise");
  CHECK(icp_decision_route_rule(t.evaluator) == 2);

  REQUIRE(t.eval(kCustomer) == ICP_OK);
  CHECK(std::string(icp_decision_verdict(t.evaluator)) == "excluded");
  CHECK(icp_decision_tier(t.evaluator) == 0);
  CHECK(std::string(icp_decision_route_action(t.evaluator)) == "disqualify");
  CHECK(std::string(icp_decision_queue(t.evaluator)).empty());
}

TEST_CASE("c api: the decision JSON, and the audit only on request") {
  Loaded t;
  REQUIRE(t.eval(kTierOne) == ICP_OK);
  const std::string plain = icp_decision_json(t.evaluator);
  CHECK(plain.rfind(R"({"id":"acc-000001","profile":"Mid-market security",)", 0) == 0);
  CHECK(plain.find(std::string(R"("program":")") + icp_program_id(t.program) + "\"") != std::string::npos);
  CHECK(plain.find(R"("as_of":"2026-11-23")") != std::string::npos);
  CHECK(plain.find(R"("route":{"action":"queue","queue":"ae-enterprise")") != std::string::npos);
  CHECK(plain.find(R"("audit")") == std::string::npos);
  CHECK(plain.back() == '}');

  REQUIRE(t.eval(kTierOne, 1) == ICP_OK);
  const std::string audited = icp_decision_json(t.evaluator);
  CHECK(audited.rfind(plain.substr(0, plain.size() - 1), 0) == 0);  // same decision, then the audit
  CHECK(audited.find(R"(,"audit":{)") != std::string::npos);
  CHECK(audited.find(R"("input_digest":"sha256:)") != std::string::npos);
}

TEST_CASE("c api: a rejected record names the record and field and leaves no decision") {
  Loaded t;
  REQUIRE(t.eval(kTierOne) == ICP_OK);
  CHECK(t.eval(kBadEmployees) == ICP_ERR_INVALID_RECORD);
  CHECK(t.err.code == ICP_ERR_INVALID_RECORD);
  const std::string message = t.err.message;
  CHECK(message.find("acc-000010") != std::string::npos);
  CHECK(message.find("employees") != std::string::npos);
  CHECK(icp_decision_json(t.evaluator) == nullptr);
  CHECK(icp_decision_verdict(t.evaluator) == nullptr);

  CHECK(t.eval("{not json") == ICP_ERR_INVALID_RECORD);
  CHECK(t.eval("") == ICP_ERR_INVALID_RECORD);
  REQUIRE(t.eval(kCustomer) == ICP_OK);  // the evaluator recovers
  CHECK(std::string(icp_decision_id(t.evaluator)) == "acc-000006");
}

// kTierOne with an extra key "x" holding `value` (ignored by the schema).
std::string tier_one_with(const std::string& value) {
  std::string line(kTierOne);
  return line.insert(line.find(',') + 1, "\"x\":" + value + ",");
}

TEST_CASE("c api: hostile records are rejected at the stated limits, never a crash (issue 12)") {
  Loaded t;
  REQUIRE(t.eval(kTierOne) == ICP_OK);
  const std::string expected = icp_decision_json(t.evaluator);
  // Nesting: ICP_MAX_JSON_DEPTH levels decide as before; one more, or 50,000, are rejected.
  const auto arrays = [](int levels) { return std::string(levels, '[') + std::string(levels, ']'); };
  REQUIRE(t.eval(tier_one_with(arrays(ICP_MAX_JSON_DEPTH - 1))) == ICP_OK);
  CHECK(icp_decision_json(t.evaluator) == expected);
  for (int levels : {ICP_MAX_JSON_DEPTH, 50'000}) {
    CAPTURE(levels);
    CHECK(t.eval(tier_one_with(arrays(levels))) == ICP_ERR_INVALID_RECORD);
    CHECK(std::string(t.err.message) ==
          "record `acc-000001`: `x`: expected arrays and objects nested at most 64 deep, found deeper nesting");
    CHECK(icp_decision_json(t.evaluator) == nullptr);
  }
  // Size: a record of ICP_MAX_RECORD_BYTES decides as before; one byte more is rejected.
  const std::size_t padding = ICP_MAX_RECORD_BYTES - tier_one_with("\"\"").size();
  REQUIRE(t.eval(tier_one_with("\"" + std::string(padding, 'y') + "\"")) == ICP_OK);
  CHECK(icp_decision_json(t.evaluator) == expected);
  CHECK(t.eval(tier_one_with("\"" + std::string(padding + 1, 'y') + "\"")) == ICP_ERR_INVALID_RECORD);
  CHECK(std::string(t.err.message) ==
        "record `acc-000001`: record too large: expected at most 8388608 bytes (8 MiB), found 8388609 bytes");
  REQUIRE(t.eval(kTierOne) == ICP_OK);  // the evaluator recovers
  CHECK(icp_decision_json(t.evaluator) == expected);

  // The C++ Session under it words the same errors.
  LoadResult loaded = Program::load(mid_market_artifact());
  REQUIRE(loaded);
  Session session(*loaded.program);
  const DecideResult result = session.decide(tier_one_with(arrays(50'000)), *parse_date("2026-11-23"));
  CHECK_FALSE(result);
  CHECK(result.error.message == "`x`: expected arrays and objects nested at most 64 deep, found deeper nesting");
  CHECK(result.error.record_id == "acc-000001");
}

TEST_CASE("c api: bad arguments and NULL handles are errors, not crashes") {
  Loaded t;
  CHECK(icp_evaluate_json(t.evaluator, kTierOne.data(), kTierOne.size(), "2026-13-01", 0, &t.err) ==
        ICP_ERR_ARGUMENT);
  CHECK(std::string(t.err.message).find("2026-13-01") != std::string::npos);
  CHECK(icp_evaluate_json(t.evaluator, kTierOne.data(), kTierOne.size(), nullptr, 0, &t.err) == ICP_ERR_ARGUMENT);
  CHECK(icp_evaluate_json(t.evaluator, nullptr, 5, "2026-11-23", 0, &t.err) == ICP_ERR_ARGUMENT);
  CHECK(icp_evaluate_json(nullptr, kTierOne.data(), kTierOne.size(), "2026-11-23", 0, &t.err) == ICP_ERR_ARGUMENT);
  CHECK(icp_evaluate_json(nullptr, nullptr, 0, nullptr, 0, nullptr) == ICP_ERR_ARGUMENT);

  CHECK(icp_decision_json(t.evaluator) == nullptr);  // no decision yet
  CHECK(icp_evaluator_new(nullptr) == nullptr);
  CHECK(icp_decision_json(nullptr) == nullptr);
  CHECK(icp_decision_id(nullptr) == nullptr);
  CHECK(icp_decision_verdict(nullptr) == nullptr);
  CHECK(icp_decision_route_action(nullptr) == nullptr);
  CHECK(icp_decision_queue(nullptr) == nullptr);
  CHECK(icp_decision_tier(nullptr) == 0);
  CHECK(icp_decision_route_rule(nullptr) == 0);
  CHECK(std::string(icp_program_id(nullptr)).empty());
  CHECK(std::string(icp_program_profile(nullptr)).empty());
  icp_program_free(nullptr);
  icp_evaluator_free(nullptr);
  CHECK(std::string(icp_status_name(ICP_ERR_INVALID_RECORD)) == "invalid record");
  CHECK(std::string(icp_status_name(42)) == "unknown status");
}

TEST_CASE("c api: the version of the library linked is the headers' version") {
  CHECK(std::string(icp_version()) == ICP_VERSION_STRING);
  CHECK(std::string(ICP_VERSION_STRING) ==
        std::to_string(ICP_VERSION_MAJOR) + "." + std::to_string(ICP_VERSION_MINOR) + "." + std::to_string(ICP_VERSION_PATCH));
  CHECK(ICP_VERSION_NUMBER == ICP_VERSION_MAJOR * 10000 + ICP_VERSION_MINOR * 100 + ICP_VERSION_PATCH);
}

TEST_CASE("c api: a failed call leaves no decision, not the previous record's") {
  Loaded t;
  REQUIRE(icp_evaluate_json(t.evaluator, kTierOne.data(), kTierOne.size(), "2026-11-23", 0, &t.err) == ICP_OK);
  REQUIRE(icp_decision_json(t.evaluator) != nullptr);
  CHECK(icp_evaluate_json(t.evaluator, kTierOne.data(), kTierOne.size(), "2026-02-30", 0, &t.err) == ICP_ERR_ARGUMENT);
  CHECK(icp_decision_json(t.evaluator) == nullptr);
  CHECK(icp_decision_id(t.evaluator) == nullptr);
  CHECK(icp_decision_verdict(t.evaluator) == nullptr);
  CHECK(icp_decision_tier(t.evaluator) == 0);

  REQUIRE(icp_evaluate_json(t.evaluator, kTierOne.data(), kTierOne.size(), "2026-11-23", 0, &t.err) == ICP_OK);
  CHECK(icp_evaluate_json(t.evaluator, nullptr, 5, "2026-11-23", 0, &t.err) == ICP_ERR_ARGUMENT);
  CHECK(icp_decision_json(t.evaluator) == nullptr);
}

}  // namespace
}  // namespace icp
