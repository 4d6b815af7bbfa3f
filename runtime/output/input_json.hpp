// Stage 5, output, for a decision log: the record as decoded, written back as an account
// record. Input: a decoded Record, its Schema and the as_of it was decoded with. Output: one
// JSON object that decodes again, with that schema and as_of, into the same record.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "icp/date.hpp"
#include "runtime/format/schema.hpp"
#include "runtime/input/record.hpp"

namespace icp::vm {

// The object is {"id":…, every declared field in schema order (null when absent), "signals":
// […], "contacts":[…]}: the canonical values of canonical_json (sets sorted and deduplicated,
// enums by name, decimals exact), each signal as {"type":T,"days_ago":N}, or {"type":T,
// "at":"YYYY-MM-DD"} for an event after as_of (days_ago cannot be negative), each contact as
// {"title":…} or {}. Keys the schema does not declare, contacts' other keys and all
// formatting were dropped by the decoder and are not written: decoding the object gives a
// record with the same input digest (record_digest.hpp), which is what the decision read.
class InputJsonWriter {
 public:
  // `leave_out` names what every object leaves out (a log's redaction): declared fields,
  // "signals", "contacts". A name this schema does not have is ignored: nothing to leave out.
  InputJsonWriter(const Schema& schema, std::span<const std::string> leave_out);

  // Appends the object (no newline) to `out`.
  void append(const Record& record, Date as_of, std::string& out) const;
  // The names of `leave_out` this schema has, in the order given: what each object lacks.
  const std::vector<std::string>& left_out() const { return left_out_; }

 private:
  const Schema* schema_;
  std::vector<bool> leave_field_;  // per declared field
  bool leave_signals_ = false;
  bool leave_contacts_ = false;
  std::vector<std::string> left_out_;
};

}  // namespace icp::vm
