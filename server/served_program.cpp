// The adapter's body over runtime/api/engine.hpp (vm::Engine, vm::Session): the only file of
// server/ that names the runtime's internals. Input: artifact bytes or a compiled profile.
// Output: ServedPrograms and their Deciders.
#include "server/served_program.hpp"

#include <fmt/format.h>

#include "runtime/api/engine.hpp"

namespace icp::server {

Decider::Decider(const ServedProgram& program) : session_(std::make_unique<vm::Session>(*program.engine_)) {}

Decider::~Decider() = default;

bool Decider::decide(std::string_view json, Date as_of, bool audit) {
  if (session_->evaluate_json(json, as_of, audit)) return true;
  const vm::DecodeError& error = session_->error();
  rejection_ = Rejection{error.id, error.field, error.expected, error.found, error.message};
  return false;
}

std::string_view Decider::decision_json() { return session_->decision_json(); }
std::string_view Decider::verdict() const { return session_->verdict_name(); }
std::string_view Decider::route_action() const { return session_->route_action(); }

ServedProgram::ServedProgram(Private, std::unique_ptr<vm::Engine> engine) : engine_(std::move(engine)) {}

ServedProgram::~ServedProgram() = default;

std::shared_ptr<const ServedProgram> ServedProgram::from_artifact(std::string_view bytes, std::string& error) {
  vm::LoadError load_error;
  std::unique_ptr<vm::Engine> engine = vm::Engine::load(bytes, load_error);
  if (!engine) {
    error = fmt::format("not a valid icp artifact: {} (byte {})", load_error.message, load_error.offset);
    return nullptr;
  }
  return std::make_shared<const ServedProgram>(Private{}, std::move(engine));
}

// Through the artifact's bytes, so a compiled profile is verified by the same loader as a
// built one before it serves; the ids must agree, or the program is refused.
std::shared_ptr<const ServedProgram> ServedProgram::from_compiled(const CompiledProgram& program, std::string& error) {
  std::shared_ptr<const ServedProgram> served = from_artifact(program.to_bytes(), error);
  if (served && served->id() != program.id()) {
    error = fmt::format("the compiled program {} reloads as {}", program.id(), served->id());
    return nullptr;
  }
  return served;
}

const std::string& ServedProgram::id() const { return engine_->id(); }
const std::string& ServedProgram::profile() const { return engine_->program().profile; }
const std::string& ServedProgram::version() const { return engine_->program().version; }
const std::string& ServedProgram::owner() const { return engine_->program().owner; }
const BatchProgram& ServedProgram::batch_program() const { return engine_->program(); }

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
