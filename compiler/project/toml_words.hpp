// Words for toml++ values in the messages about icp.toml and decision test files.
// Private to compiler/ (it includes toml++; no public header of icp_compiler does).
#pragma once

#include <string_view>

#include <toml++/toml.h>

namespace icp {

// "a table", "an integer", …: a value's kind, as a user would say it.
inline std::string_view toml_kind_of(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

}  // namespace icp
