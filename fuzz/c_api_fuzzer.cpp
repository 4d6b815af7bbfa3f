// Fuzz harness for the C API (include/icp/icp.h), through that header only, as a routing service
// written in C, Go or Rust calls it. The bytes are either an artifact (they start with
// "ICPB"), loaded with icp_program_load_bytes and run on fixed records, or a JSON record,
// optionally followed by a NUL and the as_of text, decided by every bundled profile with and
// without the audit. Checked: no call reports ICP_ERR_INTERNAL (a bug, by icp.h's own words),
// every status agrees with its icp_error, and a decision's accessors and JSON are consistent.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "runtime/format/artifact.hpp"
#include "icp/icp.h"

namespace icp::fuzz {
namespace {

constexpr std::string_view kFixedRecords[] = {
    R"({"id":"a1","employees":850,"revenue_musd":120.5,"naics":"541512","country":"US","funding_stage":"series_b",)"
    R"("tech":["okta"],"is_customer":false,"signals":[{"type":"g2_visit","days_ago":3}],"contacts":[{"title":"CFO"}]})",
    R"({"id":"a2"})",
    "not json",
    "",
};

bool one_of(const char* text, std::initializer_list<std::string_view> allowed) {
  if (text == nullptr) return false;
  for (std::string_view a : allowed) {
    if (a == text) return true;
  }
  return false;
}

// One icp_evaluate_json call and everything the header promises about its result.
void evaluate(icp_evaluator* evaluator, std::string_view json, const char* as_of, int audit) {
  icp_error err;
  const icp_status status = icp_evaluate_json(evaluator, json.data(), json.size(), as_of, audit, &err);
  if (status == ICP_ERR_INTERNAL) fail("the C API reports no internal error", err.message);
  ICP_FUZZ_CHECK(err.code == status, "icp_error's code is the status returned");
  ICP_FUZZ_CHECK(std::memchr(err.message, '\0', sizeof err.message) != nullptr, "icp_error's message is terminated");
  if (status != ICP_OK) {
    ICP_FUZZ_CHECK(status == ICP_ERR_INVALID_RECORD || status == ICP_ERR_ARGUMENT, "a failed evaluation says why");
    ICP_FUZZ_CHECK(err.message[0] != '\0', "a failed evaluation has a message");
    if (status == ICP_ERR_INVALID_RECORD) {  // icp.h: "ICP_ERR_INVALID_RECORD leaves no decision"
      ICP_FUZZ_CHECK(icp_decision_json(evaluator) == nullptr, "a rejected record leaves no decision");
      ICP_FUZZ_CHECK(icp_decision_verdict(evaluator) == nullptr, "a rejected record leaves no verdict");
    }
    return;
  }
  const char* line = icp_decision_json(evaluator);
  if (line == nullptr) fail("a decided record has its JSON", "");
  check_json(line, "icp_decision_json");
  ICP_FUZZ_CHECK(icp_decision_id(evaluator) != nullptr, "a decision has its id");
  ICP_FUZZ_CHECK(one_of(icp_decision_verdict(evaluator), {"excluded", "tier", "no_fit"}), "the verdict is named");
  ICP_FUZZ_CHECK(one_of(icp_decision_route_action(evaluator), {"disqualify", "ignore", "queue"}),
                 "the route action is named");
  ICP_FUZZ_CHECK(icp_decision_queue(evaluator) != nullptr, "the queue is a string");
  ICP_FUZZ_CHECK(icp_decision_route_rule(evaluator) >= 1, "route rules count from 1");
  ICP_FUZZ_CHECK((icp_decision_tier(evaluator) > 0) == (std::string_view(icp_decision_verdict(evaluator)) == "tier"),
                 "a tier is given exactly when the verdict is tier");
}

// A program and its evaluator, freed at exit as a service would (LeakSanitizer checks).
struct Loaded {
  Loaded(icp_program* p) : program(p), evaluator(icp_evaluator_new(p)) {}
  ~Loaded() {
    icp_evaluator_free(evaluator);
    icp_program_free(program);
  }
  Loaded(const Loaded&) = delete;
  Loaded& operator=(const Loaded&) = delete;
  icp_program* program;
  icp_evaluator* evaluator;
};

// The bundled profiles, as a service gets them: .icpb bytes through icp_program_load_bytes.
const std::vector<std::unique_ptr<Loaded>>& loaded_profiles() {
  static const std::vector<std::unique_ptr<Loaded>> loaded = [] {
    std::vector<std::unique_ptr<Loaded>> all;
    for (const Profile& profile : bundled_profiles()) {
      const std::string bytes = vm::serialize(profile.program);
      icp_error err;
      icp_program* program = icp_program_load_bytes(bytes.data(), bytes.size(), &err);
      if (program == nullptr) fail("a bundled artifact loads through the C API", err.message);
      all.push_back(std::make_unique<Loaded>(program));
    }
    return all;
  }();
  return loaded;
}

void run_artifact(std::string_view bytes) {
  icp_error err;
  icp_program* program = icp_program_load_bytes(bytes.data(), bytes.size(), &err);
  if (program == nullptr) {
    ICP_FUZZ_CHECK(err.code == ICP_ERR_INVALID_PROGRAM, "bad artifact bytes are an invalid program");
    return;
  }
  ICP_FUZZ_CHECK(std::string_view(icp_program_id(program)).starts_with("sha256:"), "a program id is a sha256");
  icp_program_profile(program);
  icp_program_version(program);
  icp_evaluator* evaluator = icp_evaluator_new(program);
  ICP_FUZZ_CHECK(evaluator != nullptr, "a loaded program gets an evaluator");
  for (std::string_view record : kFixedRecords) evaluate(evaluator, record, "2026-11-22", 1);
  icp_evaluator_free(evaluator);
  icp_program_free(program);
}

void run_record(std::string_view bytes) {
  const std::size_t nul = bytes.find('\0');
  const std::string_view json = bytes.substr(0, nul);
  const std::string as_of = nul == std::string_view::npos ? std::string("2026-11-22") : std::string(bytes.substr(nul + 1));
  for (const auto& loaded : loaded_profiles()) {
    evaluate(loaded->evaluator, json, as_of.c_str(), 0);
    evaluate(loaded->evaluator, json, as_of.c_str(), 1);
  }
  // NULL handles give an error or a NULL result, never a crash.
  ICP_FUZZ_CHECK(icp_evaluate_json(nullptr, json.data(), json.size(), as_of.c_str(), 0, nullptr) == ICP_ERR_ARGUMENT,
                 "a NULL evaluator is an argument error");
  ICP_FUZZ_CHECK(icp_decision_json(nullptr) == nullptr, "a NULL evaluator has no decision");
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.starts_with("ICPB")) {
    icp::fuzz::run_artifact(bytes);
  } else {
    icp::fuzz::run_record(bytes);
  }
  return 0;
}
