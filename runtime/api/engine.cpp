// The embedding facade (runtime/api/engine.hpp): wires artifact loading, the JSON decoder, the
// evaluator and the decision writer together the way `icpc eval` does, for one thread.
// Input: .icpb bytes and records. Output: decisions and their JSON.
#include "runtime/api/engine.hpp"

namespace icp::vm {
namespace {

std::unique_ptr<Engine> from_result(LoadResult result, LoadError& error) {
  if (!result) {
    error = std::move(result.error);
    return nullptr;
  }
  return std::make_unique<Engine>(std::move(*result.program));
}

}  // namespace

std::unique_ptr<Engine> Engine::load_file(const std::string& path, LoadError& error) {
  return from_result(vm::load_file(path), error);
}

std::unique_ptr<Engine> Engine::load(std::string_view bytes, LoadError& error) {
  return from_result(vm::load(bytes), error);
}

Session::Session(const Engine& engine)
    : engine_(engine),
      decoder_(engine.program().schema),
      evaluator_(engine.program()),
      writer_(engine.program()),
      digester_(engine.program().schema) {}

bool Session::evaluate_json(std::string_view json, Date as_of, bool audit) {
  decision_ = nullptr;
  json_ready_ = false;
  if (!decoder_.decode(json, as_of, record_, error_)) return false;
  evaluate_record(as_of, audit);
  return true;
}

Record& Session::new_record() {
  decision_ = nullptr;
  json_ready_ = false;
  record_.clear(engine_.program().schema.fields.size());
  return record_;
}

const Decision& Session::evaluate_record(Date as_of, bool audit) {
  json_ready_ = false;
  audited_ = audit;
  decision_ = &evaluator_.evaluate(record_, as_of, audit);
  return *decision_;
}

std::string_view Session::decision_json() {
  if (json_ready_) return json_;
  // The input digest is only part of the audit, so the hashing is skipped without it.
  std::string digest;
  if (audited_) {
    digester_.append_digest(record_, digest);
  }
  json_.clear();
  writer_.append(record_, *decision_, digest, json_);
  json_ready_ = true;
  return json_;
}

std::string_view Session::verdict_name() const {
  switch (decision_->verdict) {
    case Verdict::excluded: return "excluded";
    case Verdict::tier: return "tier";
    case Verdict::no_fit: break;
  }
  return "no_fit";
}

std::int32_t Session::tier() const {
  return decision_->verdict == Verdict::tier ? decision_->fit_tier : 0;
}

std::string_view Session::tier_label() const {
  if (decision_->verdict != Verdict::tier) return {};
  return engine_.program().tiers[static_cast<std::size_t>(decision_->fit_tier - 1)].label;
}

const RouteRuleDef& Session::route() const {
  return engine_.program().route[decision_->route_rule];
}

std::string_view Session::route_action() const {
  switch (route().action) {
    case RouteRuleDef::Action::disqualify: return "disqualify";
    case RouteRuleDef::Action::ignore: return "ignore";
    case RouteRuleDef::Action::queue: break;
  }
  return "queue";
}

}  // namespace icp::vm
