// Cycle detection (strongly connected components) and evaluation order (topological
// sort) over the definitions' dependency graph, with Boost.Graph.
#include "compiler/check/dependency_graph.hpp"

#include <algorithm>
#include <deque>
#include <iterator>
#include <map>
#include <tuple>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>

namespace icp::check {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

Graph build(std::size_t vertex_count, const std::vector<std::pair<Vertex, Vertex>>& edges) {
  Graph graph(vertex_count);
  for (const auto& [reader, read] : edges) boost::add_edge(reader, read, graph);
  return graph;
}

// Shortest path from `start` back to itself inside one component (BFS), so that the
// printed cycle is the tightest loop, not a detour through the whole component.
std::vector<Vertex> shortest_cycle(const Graph& graph, Vertex start,
                                   const std::vector<int>& component) {
  std::map<Vertex, Vertex> parent;
  std::deque<Vertex> queue{start};
  while (!queue.empty()) {
    const Vertex v = queue.front();
    queue.pop_front();
    for (auto [it, end] = boost::adjacent_vertices(v, graph); it != end; ++it) {
      const auto next = static_cast<Vertex>(*it);
      if (component[next] != component[start]) continue;
      if (next == start) {
        std::vector<Vertex> path{v};
        while (path.back() != start) path.push_back(parent.at(path.back()));
        std::reverse(path.begin(), path.end());
        return path;
      }
      if (parent.emplace(next, v).second) queue.push_back(next);
    }
  }
  return {start};
}

}  // namespace

Vertex DependencyGraph::add(ir::Node node, std::string description, Span span) {
  nodes_.push_back(node);
  descriptions_.push_back(std::move(description));
  spans_.push_back(span);
  return static_cast<Vertex>(nodes_.size() - 1);
}

void DependencyGraph::add_edge(Vertex reader, Vertex read) {
  edges_.emplace_back(reader, read);
}

std::vector<std::vector<Vertex>> DependencyGraph::cycles() const {
  const Graph graph = build(nodes_.size(), edges_);
  std::vector<int> component(nodes_.size());
  const int count = boost::strong_components(
      graph, boost::make_iterator_property_map(component.begin(),
                                               boost::get(boost::vertex_index, graph)));
  std::vector<std::size_t> size(static_cast<std::size_t>(count), 0);
  for (int c : component) ++size[static_cast<std::size_t>(c)];

  // Visit vertices in source order (aggregates, which have no span, last) so that each
  // cycle starts at the definition declared first and cycles are listed in file order.
  std::vector<Vertex> order(nodes_.size());
  for (Vertex v = 0; v < order.size(); ++v) order[v] = v;
  std::stable_sort(order.begin(), order.end(), [this](Vertex a, Vertex b) {
    const Span x = spans_[a], y = spans_[b];
    return std::tuple(x.end == 0, x.file, x.begin) < std::tuple(y.end == 0, y.file, y.begin);
  });
  std::vector<bool> reported(static_cast<std::size_t>(count), false);
  std::vector<std::vector<Vertex>> result;
  for (Vertex v : order) {
    const auto c = static_cast<std::size_t>(component[v]);
    if (reported[c]) continue;
    const bool self_loop = boost::edge(v, v, graph).second;
    if (size[c] < 2 && !self_loop) continue;
    reported[c] = true;
    result.push_back(shortest_cycle(graph, v, component));
  }
  return result;
}

std::vector<ir::Node> DependencyGraph::evaluation_order() const {
  const Graph graph = build(nodes_.size(), edges_);
  std::vector<Vertex> order;
  // topological_sort emits a vertex after everything it reads: dependencies first.
  boost::topological_sort(graph, std::back_inserter(order));
  std::vector<ir::Node> result;
  result.reserve(order.size());
  for (Vertex v : order) result.push_back(nodes_[v]);
  return result;
}

}  // namespace icp::check
