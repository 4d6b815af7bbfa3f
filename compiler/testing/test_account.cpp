// TOML account tables -> JSON text for vm::JsonDecoder, with the region of every path.
// Floats never pass through a double: their text is taken from the file as written
// (compiler/project/toml_numbers.hpp), and the decoder then parses that text exactly.
#include "compiler/testing/test_account.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "compiler/project/toml_numbers.hpp"
#include "runtime/input/record.hpp"

namespace icp::decision_test {
namespace {

struct Writer {
  std::string_view source;
  std::string& json;
  AccountRegions& regions;
  AccountValueError& error;

  bool fail(const toml::node& node, std::string message, std::string help) {
    error = AccountValueError{region_of(node.source()), std::move(message), std::move(help)};
    return false;
  }

  bool value(const toml::node& node, const std::string& path) {
    regions.emplace_back(path, region_of(node.source()));
    switch (node.type()) {
      case toml::node_type::table: return object(*node.as_table(), path);
      case toml::node_type::array: return array(*node.as_array(), path);
      case toml::node_type::string: vm::append_json_string(node.as_string()->get(), json); return true;
      case toml::node_type::integer: json += fmt::format("{}", node.as_integer()->get()); return true;
      case toml::node_type::boolean: json += node.as_boolean()->get() ? "true" : "false"; return true;
      case toml::node_type::floating_point: return floating(node);
      case toml::node_type::date: {
        const toml::date& d = node.as_date()->get();
        json += fmt::format("\"{:04}-{:02}-{:02}\"", d.year, d.month, d.day);
        return true;
      }
      case toml::node_type::time:
      case toml::node_type::date_time:
        return fail(node, fmt::format("`{}` is a time; account fields hold dates only", path),
                    "write a date such as 2026-11-01");
      case toml::node_type::none: break;
    }
    return fail(node, fmt::format("`{}` has no value", path), {});
  }

  bool floating(const toml::node& node) {
    const double number = node.as_floating_point()->get();
    if (!std::isfinite(number)) return fail(node, "an account number must be finite", {});
    const auto text = written_float(node, source);
    if (!text) return fail(node, "this number could not be read as written", "write it as plain digits, such as `12.5`");
    json += *text;
    return true;
  }

  bool object(const toml::table& table, const std::string& path, std::string_view default_id = {}) {
    json += '{';
    bool first = true;
    if (!default_id.empty() && !table.contains("id")) {
      json += "\"id\":";
      vm::append_json_string(default_id, json);
      first = false;
    }
    for (auto&& [key, node] : table) {
      if (!first) json += ',';
      first = false;
      vm::append_json_string(key.str(), json);
      json += ':';
      const std::string child = path.empty() ? std::string(key.str()) : fmt::format("{}.{}", path, key.str());
      if (!value(node, child)) return false;
    }
    json += '}';
    return true;
  }

  bool array(const toml::array& items, const std::string& path) {
    json += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) json += ',';
      if (!value(*items.get(i), fmt::format("{}[{}]", path, i))) return false;
    }
    json += ']';
    return true;
  }
};

}  // namespace

Region region_of(const toml::source_region& source) {
  return Region{LineCol{source.begin.line, source.begin.column}, LineCol{source.end.line, source.end.column}};
}

bool account_to_json(const toml::table& table, std::string_view source, std::string_view default_id,
                     std::string& json, AccountRegions& regions, AccountValueError& error) {
  Writer writer{source, json, regions, error};
  if (!writer.object(table, "", default_id)) return false;
  std::stable_sort(regions.begin(), regions.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return true;
}

}  // namespace icp::decision_test
