// The dependency graph among `let`, criterion, exclusion, tier and bonus definitions
// and the aggregates `score`, `tier` and `excluded`, built with Boost.Graph.
// Input: edges "A reads B" recorded while checking. Output: cycles (reported as E0501)
// and the evaluation order (a topological order, dependencies first).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/check/ir.hpp"

namespace icp::check {

using Vertex = std::uint32_t;

class DependencyGraph {
 public:
  Vertex add(ir::Node node, std::string description, Span span);
  void add_edge(Vertex reader, Vertex read);
  const ir::Node& node(Vertex v) const { return nodes_[v]; }
  const std::string& description(Vertex v) const { return descriptions_[v]; }
  Span span(Vertex v) const { return spans_[v]; }

  // Each cycle as its vertices in order (the first repeated at the end is implied),
  // starting from the vertex declared first; cycles are listed in declaration order.
  std::vector<std::vector<Vertex>> cycles() const;
  // Dependencies before dependents; ties keep declaration order. Requires no cycles.
  std::vector<ir::Node> evaluation_order() const;

 private:
  std::vector<ir::Node> nodes_;
  std::vector<std::string> descriptions_;
  std::vector<Span> spans_;
  std::vector<std::pair<Vertex, Vertex>> edges_;
};

}  // namespace icp::check
