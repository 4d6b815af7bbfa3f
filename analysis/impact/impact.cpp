// Aggregation of per-account results into the impact report (see impact.hpp). One pass in
// input order: the matrix counts, the route pairs (an ordered map, so no hash order reaches
// the output), the score differences and the first examples of every change.
#include "analysis/impact/impact.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

namespace icp::analysis {
namespace {

// KEEP IN SYNC: Impact::outcomes' documented order and docs/diff.md.
std::size_t outcome_index(const VersionResult& result, std::size_t tiers) {
  switch (result.kind) {
    case OutcomeKind::tier: return static_cast<std::size_t>(result.tier - 1);
    case OutcomeKind::no_fit: return tiers;
    case OutcomeKind::excluded: return tiers + 1;
    case OutcomeKind::rejected: return tiers + 2;
  }
  return tiers + 2;
}

std::vector<std::string> outcome_labels(std::size_t tiers) {
  std::vector<std::string> labels;
  for (std::size_t t = 1; t <= tiers; ++t) labels.push_back(fmt::format("tier {}", t));
  labels.insert(labels.end(), {"no_fit", "excluded", "rejected"});
  return labels;
}

Example example_of(const AccountResult& result, std::size_t account) {
  const std::string& id = !result.new_version.id.empty() ? result.new_version.id : result.old_version.id;
  return Example{account, id, result.line, {}};
}

Rejection rejection_of(const AccountResult& result) {
  const bool by_old = result.old_version.kind == OutcomeKind::rejected;
  const bool by_new = result.new_version.kind == OutcomeKind::rejected;
  const std::string& id = !result.new_version.id.empty() ? result.new_version.id : result.old_version.id;
  return Rejection{result.line, id, by_old, by_new, by_new ? result.new_version.error : result.old_version.error};
}

}  // namespace

std::string route_text(const vm::Program& program, std::uint32_t rule_index) {
  const vm::RouteRuleDef& rule = program.route.at(rule_index);
  switch (rule.action) {
    case vm::RouteRuleDef::Action::disqualify: return "disqualify";
    case vm::RouteRuleDef::Action::ignore: return "ignore";
    case vm::RouteRuleDef::Action::queue: break;
  }
  std::string text = fmt::format("queue \"{}\"", rule.queue);
  if (rule.sla_hours) text += " sla " + rule.sla_text;
  if (rule.cadence) text += fmt::format(" cadence \"{}\"", *rule.cadence);
  return text;
}

Impact aggregate(const std::vector<AccountResult>& results, const Version& old_version, const Version& new_version,
                 std::size_t examples) {
  Impact impact;
  impact.old_version = old_version;
  impact.new_version = new_version;
  impact.accounts = results.size();
  const std::size_t tiers = std::max(old_version.program->tiers.size(), new_version.program->tiers.size());
  impact.outcomes = outcome_labels(tiers);
  impact.matrix.assign(impact.outcomes.size(), std::vector<std::size_t>(impact.outcomes.size(), 0));
  std::vector<std::vector<Transition>> cells(impact.outcomes.size(), std::vector<Transition>(impact.outcomes.size()));
  std::map<std::pair<std::string, std::string>, RouteChange> routes;
  std::vector<Decimal> differences;

  for (std::size_t i = 0; i < results.size(); ++i) {
    const AccountResult& result = results[i];
    const VersionResult& o = result.old_version;
    const VersionResult& n = result.new_version;
    const std::size_t from = outcome_index(o, tiers), to = outcome_index(n, tiers);
    ++impact.matrix[from][to];
    impact.rejected_old += o.kind == OutcomeKind::rejected;
    impact.rejected_new += n.kind == OutcomeKind::rejected;
    if (o.kind == OutcomeKind::rejected || n.kind == OutcomeKind::rejected) {
      impact.rejections.push_back(rejection_of(result));
    }
    if (const std::optional<FutureEvent>& future = n.future ? n.future : o.future) {
      if (impact.future_records++ == 0) {
        impact.first_future = *future;
        impact.first_future->line = result.line;
      }
    }
    bool changed = from != to;
    if (from != to) {
      ++impact.changed_outcome;
      Transition& cell = cells[from][to];
      if (cell.examples.size() < examples) cell.examples.push_back(example_of(result, i));
    }
    const bool both_decided = o.kind != OutcomeKind::rejected && n.kind != OutcomeKind::rejected;
    if (both_decided) {
      std::string old_route = route_text(*old_version.program, o.route_rule);
      std::string new_route = route_text(*new_version.program, n.route_rule);
      if (old_route != new_route) {
        changed = true;
        ++impact.changed_route;
        RouteChange& change = routes[{old_route, new_route}];
        ++change.count;
        if (change.examples.size() < examples) change.examples.push_back(example_of(result, i));
      }
      if (o.score != n.score) {
        changed = true;
        ++impact.changed_score;
        if (impact.score_examples.size() < examples) impact.score_examples.push_back(example_of(result, i));
      }
      if (o.score && n.score) {
        // A difference too large for a Decimal (scores near 10^15) is left out of the
        // statistics rather than clipped.
        if (auto difference = n.score->sub(*o.score)) differences.push_back(*difference);
      }
    }
    impact.changed_any += changed;
  }

  for (std::size_t from = 0; from < cells.size(); ++from) {
    for (std::size_t to = 0; to < cells.size(); ++to) {
      if (from == to || impact.matrix[from][to] == 0) continue;
      Transition& cell = cells[from][to];
      cell.from = from;
      cell.to = to;
      cell.count = impact.matrix[from][to];
      impact.transitions.push_back(std::move(cell));
    }
  }
  for (auto& [key, change] : routes) {
    change.from = key.first;
    change.to = key.second;
    impact.routes.push_back(std::move(change));
  }
  // Largest moves first; ties keep the map's (old route, new route) order.
  std::stable_sort(impact.routes.begin(), impact.routes.end(),
                   [](const RouteChange& a, const RouteChange& b) { return a.count > b.count; });
  impact.score = summarise_shift(std::move(differences));
  return impact;
}

}  // namespace icp::analysis
