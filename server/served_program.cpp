// The adapter's body over the public API (include/icp/program.hpp, session.hpp): the only
// file of server/ that decides. Input: artifact bytes or a compiled Program. Output:
// ServedPrograms and their Deciders.
#include "server/served_program.hpp"

#include <fmt/format.h>

#include "icp/decision.hpp"

namespace icp::server {

Decider::Decider(const ServedProgram& program) : session_(program.program_) {}

Decider::~Decider() = default;

bool Decider::decide(std::string_view json, Date as_of, bool audit) {
  result_ = session_.decide(json, as_of, audit ? Audit::on : Audit::off);
  if (result_) return true;
  const RecordError& error = result_.error;
  rejection_ = Rejection{error.record_id, error.field, error.expected, error.found, error.message};
  return false;
}

std::string_view Decider::decision_json() { return result_.decision->json(); }
std::span<const std::string> Decider::append_input_json(std::string& out, std::span<const std::string> leave_out) const {
  return result_.decision->append_input_json(out, leave_out);
}
std::string_view Decider::program_id() const { return result_.decision->program_id(); }
Date Decider::as_of() const { return result_.decision->as_of(); }
std::string_view Decider::verdict() const { return to_string(result_.decision->verdict()); }
std::string_view Decider::route_action() const { return to_string(result_.decision->route_action()); }

ServedProgram::ServedProgram(Private, Program program) : program_(std::move(program)) {}

ServedProgram::~ServedProgram() = default;

std::shared_ptr<const ServedProgram> ServedProgram::from_artifact(std::string_view bytes, std::string& error) {
  LoadResult loaded = Program::load(bytes);
  if (!loaded) {
    error = fmt::format("not a valid icp artifact: {} (byte {})", loaded.error.message, loaded.error.offset);
    return nullptr;
  }
  return from_program(std::move(*loaded.program));
}

// A compiled program is verified and prepared by the compile API already.
std::shared_ptr<const ServedProgram> ServedProgram::from_program(Program program) {
  return std::make_shared<const ServedProgram>(Private{}, std::move(program));
}

const std::string& ServedProgram::id() const { return program_.id(); }
const std::string& ServedProgram::profile() const { return program_.profile(); }
const std::string& ServedProgram::version() const { return program_.version(); }
const std::string& ServedProgram::owner() const { return program_.owner(); }

ServedProgram::Lease ServedProgram::borrow() const {
  {
    const std::lock_guard lock(pool_mutex_);
    if (!pool_.empty()) {
      std::unique_ptr<Decider> decider = std::move(pool_.back());
      pool_.pop_back();
      return Lease(*this, std::move(decider));
    }
  }
  return Lease(*this, std::make_unique<Decider>(*this));
}

ServedProgram::Lease::~Lease() {
  if (!decider_) return;
  const std::lock_guard lock(program_->pool_mutex_);
  program_->pool_.push_back(std::move(decider_));
}

}  // namespace icp::server
