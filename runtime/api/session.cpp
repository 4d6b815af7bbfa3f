// The public Session (include/icp/session.hpp) over its SessionCore. Input: JSON text or an
// icp::Record, an as_of date. Output: a Decision view, or the decoder's error as a
// RecordError value.
#include "icp/session.hpp"

#include "runtime/api/session_core.hpp"
#include "runtime/input/reference_codes.hpp"

namespace icp {
namespace {

RecordError public_error(const vm::DecodeError& error) {
  return RecordError{.record_id = error.id,
                     .field = error.field,
                     .expected = error.expected,
                     .found = error.found,
                     .message = error.message};
}

}  // namespace

Session::Session(Program program) : core_(std::make_unique<internal::SessionCore>(std::move(program))) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

DecideResult Session::decide(std::string_view json, Date as_of, Audit audit) {
  DecideResult result;
  if (core_->decide_json(json, as_of, audit == Audit::on)) {
    result.decision.emplace(Decision(*core_));
  } else {
    result.error = public_error(core_->error);
  }
  return result;
}

// Through the JSON decoder on purpose: one decoder means one set of checks and error
// words, so a record built in code is accepted, rejected and decided exactly as its JSON.
DecideResult Session::decide(const Record& record, Date as_of, Audit audit) {
  std::string& text = core_->record_json;
  text.clear();
  record.append_json(text);
  return decide(std::string_view(text), as_of, audit);
}

const Program& Session::program() const { return core_->program; }

std::string_view reference_data_version() { return vm::reference_data_summary(); }

}  // namespace icp
