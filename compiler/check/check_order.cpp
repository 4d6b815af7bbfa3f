// Stage 2, check: the order of checking lets and criteria, each after those its text names,
// so that checking never nests one definition inside the next (10,000 criteria that each
// read the next would nest 10,000 checks deep). Input: the SyntaxTree and the collected
// symbols. Output: indices, dependencies first.
#include "compiler/check/checker.hpp"

namespace icp::check {
namespace {

// Post-order of a depth-first search over `edges`, roots in index order, with an explicit
// stack. An edge back to a definition still open (a cycle) is skipped; the dependency graph
// reports the cycle (E0501).
std::vector<std::uint32_t> dependencies_first(const std::vector<std::vector<std::uint32_t>>& edges) {
  enum class Mark : std::uint8_t { fresh, open, done };
  std::vector<Mark> mark(edges.size(), Mark::fresh);
  std::vector<std::uint32_t> order;
  order.reserve(edges.size());
  std::vector<std::pair<std::uint32_t, std::size_t>> stack;  // definition, next edge to follow
  for (std::uint32_t root = 0; root < edges.size(); ++root) {
    if (mark[root] != Mark::fresh) continue;
    mark[root] = Mark::open;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < edges[node].size()) {
        const std::uint32_t target = edges[node][next++];
        if (mark[target] == Mark::fresh) {
          mark[target] = Mark::open;
          stack.emplace_back(target, 0);
        }
        continue;
      }
      mark[node] = Mark::done;
      order.push_back(node);
      stack.pop_back();
    }
  }
  return order;
}

}  // namespace

// The definitions of `kind` that the expression names. A superset of what the checker will
// resolve (a name may turn out to be an enum value), which only costs an early check.
std::vector<std::uint32_t> Checker::named_definitions(syntax::ExprId root, SymbolKind kind) const {
  std::vector<std::uint32_t> found;
  std::vector<syntax::ExprId> stack{root};
  while (!stack.empty()) {
    const syntax::ExprId id = stack.back();
    stack.pop_back();
    if (!id.valid() || id.index >= tree_.exprs.size()) continue;
    const syntax::Expr& expr = syn(id);
    if (expr.kind == syntax::ExprKind::name && expr.path.size() == 1) {
      if (auto it = symbols_.find(expr.path[0]); it != symbols_.end() && it->second.kind == kind) {
        found.push_back(it->second.index);
      }
    }
    stack.insert(stack.end(), expr.args.rbegin(), expr.args.rend());
  }
  return found;
}

std::vector<std::uint32_t> Checker::definition_order(SymbolKind kind) const {
  std::vector<std::vector<std::uint32_t>> edges;
  if (kind == SymbolKind::let) {
    for (const auto* let : let_syntax_) edges.push_back(named_definitions(let->value, kind));
  } else {
    for (const auto* criterion : criterion_syntax_) edges.push_back(named_definitions(criterion->condition, kind));
  }
  return dependencies_first(edges);
}

bool Checker::criterion_may_be_unknown(std::uint32_t index) {
  // The definition order makes a pending criterion rare here: only where the order guessed
  // wrong (a criterion whose name is also an enum value), or inside a cycle. Past a few
  // nested checks the answer is the safe "may be unknown", which only makes lint quieter.
  if (criterion_state_[index] == State::pending && nested_checks_ < kMaxNestedChecks) {
    ++nested_checks_;
    check_criterion(index);
    --nested_checks_;
  }
  return criterion_state_[index] == State::pending || criterion_may_be_unknown_[index];
}

const ir::Let& Checker::checked_let(std::uint32_t index) {
  // As above; a let names only lets (never enum values), so a pending one is in a cycle.
  if (let_state_[index] == State::pending && nested_checks_ < kMaxNestedChecks) {
    ++nested_checks_;
    let(index);
    --nested_checks_;
  }
  return program_.lets[index];
}

}  // namespace icp::check
