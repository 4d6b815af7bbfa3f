// Strict reading of the analysis library's TOML files (team.toml, exports.toml): each value
// checked for its kind, each table for unknown keys, and the first problem kept as an Error
// at its file, line and column. Private to analysis/ .cpp files: it includes toml++, which no
// header a host includes may (analysis/CMakeLists.txt).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "analysis/error.hpp"
#include "icp/date.hpp"

namespace icp::analysis {

// Parses `text` (after the TOML limits of compiler/project/toml_limits.hpp). nullopt with
// `error` at the place toml++ or the limits name.
std::optional<toml::table> parse_toml(std::string_view text, std::string_view name, Error& error);

// Every reader returns false once it has set `error`; an absent key is not a failure (the
// caller's default stays).
class TomlReader {
 public:
  TomlReader(std::string_view name, Error& error) : name_(name), error_(error) {}

  bool fail(const toml::node& node, std::string message);
  // Every key of `table` must be one of `known`; `where` names the table in the message.
  bool only(const toml::table& table, std::string_view where, std::initializer_list<std::string_view> known);
  bool text(const toml::table& table, std::string_view key, std::string& out);
  bool texts(const toml::table& table, std::string_view key, std::vector<std::string>& out);
  // `node` itself must be an array of non-empty strings; `what` names it in the message.
  bool texts_of(const toml::node& node, std::string_view what, std::vector<std::string>& out);
  bool integer(const toml::table& table, std::string_view key, std::optional<std::int64_t>& out);
  bool integers(const toml::table& table, std::string_view key, std::vector<std::int64_t>& out);
  bool boolean(const toml::table& table, std::string_view key, std::optional<bool>& out);
  // A TOML date (2026-12-03) or a string holding one.
  bool date(const toml::node& node, Date& out);
  // `key` must be a table when present; `out` is null when absent.
  bool table(const toml::table& parent, std::string_view key, const toml::table*& out);

  std::string_view name() const { return name_; }

 private:
  std::string_view name_;
  Error& error_;
};

}  // namespace icp::analysis
