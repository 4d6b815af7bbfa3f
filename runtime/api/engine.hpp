// The embedding API for services: load a built .icpb once (Engine), then evaluate records
// on each thread through its own Session. Input: artifact bytes, JSON text or a Record built
// in code. Output: the Decision, its JSON line (with the audit on request) and route fields.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/format/artifact.hpp"
#include "runtime/format/bytecode.hpp"
#include "icp/date.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/output/decision_json.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record.hpp"
#include "runtime/output/record_digest.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::vm {

// A loaded, verified, prepared program. Immutable once built, so any number of Sessions on
// any threads may share it; it must outlive them (they keep references into it), which is
// why it is neither copied nor moved: hold it in the unique_ptr that load() returns.
class Engine {
 public:
  // Null on failure, with `error` saying why (an unreadable file is an error at offset 0).
  static std::unique_ptr<Engine> load_file(const std::string& path, LoadError& error);
  static std::unique_ptr<Engine> load(std::string_view bytes, LoadError& error);

  explicit Engine(Program program) : program_(std::move(program)) {}  // must be sealed
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const Program& program() const { return program_; }
  const std::string& id() const { return program_.id; }  // "sha256:<hex>"

 private:
  Program program_;
};

// One thread's worth of state: decoder, evaluator, record and output buffers, all reused, so
// a warmed-up session evaluates without allocating (audit output excepted). Not thread-safe.
class Session {
 public:
  // Records are validated with the runtime's reference data (runtime/input/reference_codes.hpp:
  // NAICS 2022, ISO 3166-1 alpha-2), the lists `icpc eval` and the C API use too.
  explicit Session(const Engine& engine);

  // Decodes one JSON record and evaluates it. False when the record is rejected: error()
  // says why, and decision() is stale. A record over kMaxRecordBytes or nested deeper than
  // kMaxJsonDepth (runtime/input/json_limits.hpp) is rejected like any other.
  bool evaluate_json(std::string_view json, Date as_of, bool audit);

  // For records built in code: clears record() for the program's schema and returns it
  // (fill it with Record's setters, field indices from Schema::field_index), then
  // evaluate_record(). Signal ages are relative to the `as_of` passed to evaluate_record.
  Record& new_record();
  const Decision& evaluate_record(Date as_of, bool audit);

  // Forgets the last decision, as a rejected record does (the C API calls it before each
  // record, so a failed call never leaves the previous record's decision readable).
  void forget_decision() {
    decision_ = nullptr;
    json_ready_ = false;
  }

  // The last decision; has_decision() is false before the first and after a rejection.
  bool has_decision() const { return decision_ != nullptr; }
  const Decision& decision() const { return *decision_; }
  const Record& record() const { return record_; }
  const DecodeError& error() const { return error_; }

  // The last decision as one JSON object (no newline), LANGUAGE.md "Decision and audit
  // record"; with the audit when it was requested (input digest included). Valid until the
  // next evaluation. Requires has_decision().
  std::string_view decision_json();

  // Route and verdict of the last decision (require has_decision()), without writing JSON.
  std::string_view verdict_name() const;  // "excluded", "tier" or "no_fit"
  std::int32_t tier() const;              // 0 unless the verdict is "tier"
  std::string_view tier_label() const;    // empty unless the verdict is "tier"
  const RouteRuleDef& route() const;
  std::string_view route_action() const;  // "disqualify", "ignore" or "queue"

 private:
  const Engine& engine_;
  JsonDecoder decoder_;
  Evaluator evaluator_;
  DecisionJsonWriter writer_;  // the program's constant JSON, escaped once per session
  RecordDigester digester_;    // the audit's input digest
  Record record_;
  DecodeError error_;
  const Decision* decision_ = nullptr;
  bool audited_ = false;
  std::string json_;
  bool json_ready_ = false;
};

}  // namespace icp::vm
