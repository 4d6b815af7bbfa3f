// The decision log's tap on the ordered batch API (icp::DecisionTap): each decided record of a
// run or a batch becomes a pending entry on the thread that decided it, with the request's
// shared fields. Input: DecidedRecords. Output: pending entries (entry_format.hpp), which the
// host submits to its LogWriter with the batch's results (BatchResults::tapped).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "icp/batch.hpp"
#include "runtime/format/schema.hpp"

namespace icp::decision_log {

// What every entry of one request (an `icpc eval` run, a batch) shares.
struct RequestFields {
  std::string request_id;  // new_request_id()
  std::string profile;     // the name it is run or served under
  std::string program;     // the program's id
  std::string as_of;       // YYYY-MM-DD
  std::vector<std::string> redacted;  // redacted_names(): what each input leaves out
};

// The names of `leave_out` that a record of this schema has, as icp::Decision::append_input_json
// leaves them out: declared fields, "signals", "contacts", each once, in the order given.
std::vector<std::string> redacted_names(const vm::Schema& schema, std::span<const std::string> leave_out);

class LogTap final : public DecisionTap {
 public:
  // `hash`: hash each body where it is built (the deciding threads), so that the writer's
  // thread hashes only the tail; worth it when several threads decide (docs/decision-log.md
  // "Cost"). `time`: the time every entry carries (a request's, as utc_time_text writes it);
  // none: each entry's own, when it is decided.
  LogTap(RequestFields fields, bool hash, std::optional<std::string> time = std::nullopt);
  // Thread-safe: reads only the fields, writes only `out`.
  void on_decided(const DecidedRecord& record, std::string& out) override;

 private:
  RequestFields fields_;
  bool hash_;
  std::optional<std::string> time_;
};

}  // namespace icp::decision_log
