// One thread's decision pipeline (runtime/api/session_core.hpp): decode, evaluate, and on
// request write the decision line, exactly as `icpc eval` does. Input: JSON records.
// Output: the decision and its JSON, or the decoder's error.
#include "runtime/api/session_core.hpp"

#include <algorithm>

#include "runtime/api/program_core.hpp"

namespace icp::internal {

// The decoder checks `naics` and `country` values against the runtime's reference data
// (runtime/input/reference_codes.hpp), the lists `icpc eval` and the C API use too.
SessionCore::SessionCore(Program shared)
    : program(std::move(shared)),
      vm_program(ProgramAccess::vm_program(program)),
      decoder(vm_program.schema),
      evaluator(vm_program),
      writer(vm_program),
      digester(vm_program.schema) {}

bool SessionCore::decide_json(std::string_view text, Date as_of, bool audit) {
  decision = nullptr;
  json_ready = false;
  if (!decoder.decode(text, as_of, record, error)) return false;
  audited = audit;
  decided_as_of = as_of;
  decision = &evaluator.evaluate(record, as_of, audit);
  return true;
}

void SessionCore::append_input_json(std::string& out, std::span<const std::string> leave_out) {
  if (!input_writer || !std::equal(leave_out.begin(), leave_out.end(), input_leave_out.begin(), input_leave_out.end())) {
    input_writer.emplace(vm_program.schema, leave_out);
    input_leave_out.assign(leave_out.begin(), leave_out.end());
  }
  input_writer->append(record, decided_as_of, out);
}

std::string_view SessionCore::decision_json() {
  if (json_ready) return json;
  // The input digest is only part of the audit, so the hashing is skipped without it.
  digest.clear();
  if (audited) digester.append_digest(record, digest);
  json.clear();
  writer.append(record, *decision, digest, json);
  json_ready = true;
  return json;
}

}  // namespace icp::internal
