// Stage 5, output, for many decisions of one program: every constant piece of a decision
// line (names, labels, route rules, source lines, near-miss texts) is escaped once, so a
// line is mostly copies. Input: a Decision, its Program and Record. Output: JSON text
// appended to a string, byte-identical to append_decision_json (decision.hpp).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "runtime/vm/decision.hpp"

namespace icp::vm {

class DecisionJsonWriter {
 public:
  explicit DecisionJsonWriter(const Program& program);  // `program` must outlive the writer
  ~DecisionJsonWriter();
  DecisionJsonWriter(DecisionJsonWriter&&) noexcept;
  DecisionJsonWriter& operator=(DecisionJsonWriter&&) noexcept;

  // As append_decision_json. Not thread-safe (it caches the as_of text and builds the audit
  // fragments on the first audited decision): one writer per thread.
  void append(const Record& record, const Decision& decision, std::string_view input_digest, std::string& out);

  struct Fragments;

 private:
  const Program* program_;
  std::unique_ptr<Fragments> fragments_;
};

}  // namespace icp::vm
