// Strict TOML reading for team.toml and exports.toml (see toml_reader.hpp). Input: toml++
// nodes. Output: values, or the first problem as an Error at its line and column.
#include "analysis/toml_reader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/project/toml_limits.hpp"
#include "compiler/project/toml_words.hpp"

namespace icp::analysis {

std::optional<toml::table> parse_toml(std::string_view text, std::string_view name, Error& error) {
  error = Error{};
  if (auto problem = toml_limits::check(text)) {
    error = Error{std::string(name), problem->begin.line, problem->begin.column, problem->message};
    return std::nullopt;
  }
  try {
    return toml::parse(text, std::string(name));
  } catch (const toml::parse_error& failure) {
    const toml::source_position& where = failure.source().begin;
    error = Error{std::string(name), where.line, where.column, fmt::format("invalid TOML: {}", failure.description())};
    return std::nullopt;
  }
}

bool TomlReader::fail(const toml::node& node, std::string message) {
  const toml::source_position& where = node.source().begin;
  error_ = Error{std::string(name_), where.line, where.column, std::move(message)};
  return false;
}

bool TomlReader::only(const toml::table& table, std::string_view where,
                      std::initializer_list<std::string_view> known) {
  for (const auto& [key, node] : table) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
    std::string list;
    for (std::string_view name : known) list += fmt::format("{}`{}`", list.empty() ? "" : ", ", name);
    return fail(node, fmt::format("unknown key `{}` in {} (expected {})", key.str(), where, list));
  }
  return true;
}

bool TomlReader::text(const toml::table& table, std::string_view key, std::string& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return true;
  const auto* value = node->as_string();
  if (value == nullptr || value->get().empty()) {
    return fail(*node, fmt::format("`{}` must be a non-empty string, found {}", key,
                                   value == nullptr ? toml_kind_of(*node) : "an empty string"));
  }
  out = value->get();
  return true;
}

bool TomlReader::texts(const toml::table& table, std::string_view key, std::vector<std::string>& out) {
  const toml::node* node = table.get(key);
  return node == nullptr || texts_of(*node, key, out);
}

bool TomlReader::texts_of(const toml::node& node, std::string_view key, std::vector<std::string>& out) {
  const auto* array = node.as_array();
  if (array == nullptr) return fail(node, fmt::format("`{}` must be an array of strings, found {}", key, toml_kind_of(node)));
  out.clear();
  for (const toml::node& item : *array) {
    const auto* value = item.as_string();
    if (value == nullptr || value->get().empty()) {
      return fail(item, fmt::format("`{}` must hold non-empty strings, found {}", key,
                                    value == nullptr ? toml_kind_of(item) : "an empty string"));
    }
    out.push_back(value->get());
  }
  return true;
}

bool TomlReader::integer(const toml::table& table, std::string_view key, std::optional<std::int64_t>& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return true;
  const auto* value = node->as_integer();
  if (value == nullptr) return fail(*node, fmt::format("`{}` must be a whole number, found {}", key, toml_kind_of(*node)));
  out = value->get();
  return true;
}

bool TomlReader::integers(const toml::table& table, std::string_view key, std::vector<std::int64_t>& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return true;
  const auto* array = node->as_array();
  if (array == nullptr) return fail(*node, fmt::format("`{}` must be an array of whole numbers, found {}", key, toml_kind_of(*node)));
  out.clear();
  for (const toml::node& item : *array) {
    const auto* value = item.as_integer();
    if (value == nullptr) return fail(item, fmt::format("`{}` must hold whole numbers, found {}", key, toml_kind_of(item)));
    out.push_back(value->get());
  }
  return true;
}

bool TomlReader::boolean(const toml::table& table, std::string_view key, std::optional<bool>& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return true;
  const auto* value = node->as_boolean();
  if (value == nullptr) return fail(*node, fmt::format("`{}` must be true or false, found {}", key, toml_kind_of(*node)));
  out = value->get();
  return true;
}

bool TomlReader::date(const toml::node& node, Date& out) {
  if (const auto* value = node.as_date()) {
    const toml::date& d = value->get();
    if (is_valid_civil(d.year, d.month, d.day)) {
      out = date_from_civil(d.year, d.month, d.day);
      return true;
    }
  } else if (const auto* text = node.as_string()) {
    if (auto parsed = parse_date(text->get())) {
      out = *parsed;
      return true;
    }
    return fail(node, fmt::format("`{}` is not a date: expected YYYY-MM-DD", text->get()));
  }
  return fail(node, fmt::format("expected a date YYYY-MM-DD, found {}", toml_kind_of(node)));
}

bool TomlReader::table(const toml::table& parent, std::string_view key, const toml::table*& out) {
  out = nullptr;
  const toml::node* node = parent.get(key);
  if (node == nullptr) return true;
  out = node->as_table();
  return out != nullptr || fail(*node, fmt::format("`{}` must be a table, found {}", key, toml_kind_of(*node)));
}

}  // namespace icp::analysis
