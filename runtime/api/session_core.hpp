// Inside the public Session (include/icp/session.hpp): one thread's JSON decoder,
// evaluator, decision writer and buffers, wired the way `icpc eval` wires them. Input: JSON
// records and an as_of date. Output: the last Decision, its JSON line or the DecodeError.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "icp/date.hpp"
#include "icp/program.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record.hpp"
#include "runtime/output/decision_json.hpp"
#include "runtime/output/input_json.hpp"
#include "runtime/output/record_digest.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::internal {

// Every buffer is kept from one decision to the next, so that once warmed up a decision
// allocates nothing (tests/alloc/hot_path_alloc_test.cpp counts it). Not movable: the
// evaluator and the writer refer to the program, and the public Session holds this behind
// a pointer anyway.
struct SessionCore {
  explicit SessionCore(Program shared);
  SessionCore(const SessionCore&) = delete;
  SessionCore& operator=(const SessionCore&) = delete;

  // False when the record is rejected: `error` says why, and there is no decision.
  bool decide_json(std::string_view json, Date as_of, bool audit);
  // The last decision's JSON line, written on first request. Requires `decision`.
  std::string_view decision_json();
  // The last decided record as decoded (Decision::append_input_json). Requires `decision`.
  void append_input_json(std::string& out, std::span<const std::string> leave_out);

  Program program;  // first: keeps the vm::Program below alive for every other member
  const vm::Program& vm_program;
  vm::JsonDecoder decoder;
  vm::Evaluator evaluator;
  vm::DecisionJsonWriter writer;  // the program's constant JSON, escaped once per session
  vm::RecordDigester digester;    // the audit's input digest
  vm::Record record;
  vm::DecodeError error;
  const vm::Decision* decision = nullptr;  // null before the first decision and after a rejection
  bool audited = false;
  std::string digest;  // the audit's input digest of the last record, reused
  std::string json;
  bool json_ready = false;
  std::string record_json;  // an icp::Record's JSON, reused
  // The input writer for the last `leave_out` asked for: a host asks with the same names
  // every time, so it is made once.
  std::optional<vm::InputJsonWriter> input_writer;
  std::vector<std::string> input_leave_out;
  Date decided_as_of;  // of the last decision: a future signal's "at" is written from it
};

}  // namespace icp::internal
