// std.geo's lists, checked and folded by the compiler's module loader (see geo_regions.hpp).
// Input: the embedded module. Output: each `let` that is a list of country codes.
#include "analysis/queue/geo_regions.hpp"

#include <algorithm>
#include <map>

#include "compiler/check/check.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace icp::analysis {
namespace {

// Loaded once; the module is data compiled into icpc, so it cannot fail on a user's input.
const std::map<std::string, std::vector<std::string>, std::less<>>& regions() {
  static const auto loaded = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> out;
    SourceMap sources;
    DiagnosticSink sink;
    check::ModuleCache cache;
    const check::ModuleCache::Module* module = cache.load(sources, "geo", sink);
    if (module == nullptr || !module->ok) return out;
    for (const ir::Let& let : module->lets) {
      std::vector<std::string> codes;
      for (const ir::Value& item : let.value.items) codes.push_back(item.text);
      std::sort(codes.begin(), codes.end());
      codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
      out.emplace(let.name, std::move(codes));
    }
    return out;
  }();
  return loaded;
}

}  // namespace

std::optional<std::vector<std::string>> geo_region(std::string_view name) {
  const auto& all = regions();
  const auto found = all.find(name);
  if (found == all.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> geo_region_names() {
  std::vector<std::string> names;
  for (const auto& [name, codes] : regions()) names.push_back(name);
  return names;
}

}  // namespace icp::analysis
