// The public Decision (include/icp/decision.hpp): reads a SessionCore's last vm::Decision
// and the program's definitions it points into. Input: the session's state. Output: views
// of strings the program or the session own, and plain values.
#include "icp/decision.hpp"

#include "runtime/api/session_core.hpp"

namespace icp {
namespace {

const vm::RouteRuleDef& matched_rule(const internal::SessionCore& core) {
  return core.vm_program.route[core.decision->route_rule];
}

}  // namespace

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::excluded: return "excluded";
    case Verdict::tier: return "tier";
    case Verdict::no_fit: break;
  }
  return "no_fit";
}

std::string_view to_string(RouteAction action) {
  switch (action) {
    case RouteAction::disqualify: return "disqualify";
    case RouteAction::ignore: return "ignore";
    case RouteAction::queue: break;
  }
  return "queue";
}

std::string_view Decision::json() const { return core_->decision_json(); }
std::span<const std::string> Decision::append_input_json(std::string& out, std::span<const std::string> leave_out) const {
  core_->append_input_json(out, leave_out);
  return core_->input_writer->left_out();
}
std::string_view Decision::account_id() const { return core_->decision->id; }
std::string_view Decision::program_id() const { return core_->vm_program.id; }
Date Decision::as_of() const { return core_->decision->as_of; }
bool Decision::audited() const { return core_->decision->audited; }

Verdict Decision::verdict() const {
  switch (core_->decision->verdict) {
    case vm::Verdict::excluded: return Verdict::excluded;
    case vm::Verdict::tier: return Verdict::tier;
    case vm::Verdict::no_fit: break;
  }
  return Verdict::no_fit;
}

std::optional<std::int32_t> Decision::tier() const {
  if (core_->decision->verdict != vm::Verdict::tier) return std::nullopt;
  return core_->decision->fit_tier;
}

std::optional<std::string_view> Decision::tier_label() const {
  const std::optional<std::int32_t> number = tier();
  if (!number) return std::nullopt;
  return core_->vm_program.tiers[static_cast<std::size_t>(*number - 1)].label;
}

std::optional<std::string_view> Decision::excluded_by() const {
  const std::optional<std::uint32_t>& index = core_->decision->excluded_by;
  if (!index) return std::nullopt;
  return core_->vm_program.exclusions[*index].name;
}

std::optional<Decimal> Decision::score() const { return core_->decision->score; }
std::optional<std::int64_t> Decision::committee_coverage() const { return core_->decision->coverage; }
std::size_t Decision::committee_role_count() const { return core_->decision->roles_filled.size(); }

std::string_view Decision::committee_role(std::size_t index) const {
  return core_->vm_program.roles[core_->decision->roles_filled[index]].name;
}

std::uint32_t Decision::route_rule() const { return core_->decision->route_rule + 1; }

RouteAction Decision::route_action() const {
  switch (matched_rule(*core_).action) {
    case vm::RouteRuleDef::Action::disqualify: return RouteAction::disqualify;
    case vm::RouteRuleDef::Action::ignore: return RouteAction::ignore;
    case vm::RouteRuleDef::Action::queue: break;
  }
  return RouteAction::queue;
}

std::string_view Decision::queue() const { return matched_rule(*core_).queue; }

std::optional<std::string_view> Decision::sla() const {
  const vm::RouteRuleDef& rule = matched_rule(*core_);
  if (!rule.sla_hours) return std::nullopt;
  return rule.sla_text;
}

std::optional<std::int64_t> Decision::sla_hours() const { return matched_rule(*core_).sla_hours; }

std::optional<std::string_view> Decision::cadence() const {
  const std::optional<std::string>& cadence = matched_rule(*core_).cadence;
  if (!cadence) return std::nullopt;
  return *cadence;
}

}  // namespace icp
