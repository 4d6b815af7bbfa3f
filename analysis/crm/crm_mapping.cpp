// Reads a CRM column mapping (docs/backtest.md "Mapping") with toml++. Input: TOML text.
// Output: a CrmMapping, or one error naming file, line, column and key. Strict on purpose:
// an unknown key or a value of the wrong type is an error, never a silent default.
#include "analysis/crm/crm_mapping.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "compiler/project/toml_limits.hpp"

namespace icp::analysis {
namespace {

Error error_at(std::string_view name, const toml::source_position& where, std::string message) {
  return Error{std::string(name), where.line, where.column, std::move(message)};
}

struct Reader {
  std::string_view name;
  Error& error;

  bool fail(const toml::node& node, std::string_view message) {
    error = error_at(name, node.source().begin, std::string(message));
    return false;
  }

  // Every key of `table` must be one of `known`.
  bool only(const toml::table& table, std::string_view section, std::initializer_list<std::string_view> known) {
    for (const auto& [key, node] : table) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
        return fail(node, fmt::format("unknown key `{}` in [{}]", key.str(), section));
      }
    }
    return true;
  }

  bool text(const toml::table& table, std::string_view key, std::string& out) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return true;
    const auto* value = node->as_string();
    if (value == nullptr || value->get().empty()) return fail(*node, fmt::format("`{}` must be a non-empty string", key));
    out = value->get();
    return true;
  }

  bool list(const toml::table& table, std::string_view key, std::vector<std::string>& out) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return true;
    const auto* array = node->as_array();
    if (array == nullptr) return fail(*node, fmt::format("`{}` must be an array of strings", key));
    out.clear();
    for (const auto& item : *array) {
      const auto* value = item.as_string();
      if (value == nullptr) return fail(item, fmt::format("`{}` must be an array of strings", key));
      out.push_back(value->get());
    }
    return true;
  }

  bool date_format(const toml::table& table, std::optional<DateFormat>& out) {
    std::string name_text;
    if (!text(table, "date_format", name_text)) return false;
    if (name_text.empty()) return true;  // not given: the default
    for (DateFormat format : {DateFormat::iso, DateFormat::us, DateFormat::european, DateFormat::iso_slash,
                              DateFormat::european_dot}) {
      if (date_format_name(format) == name_text) {
        out = format;
        return true;
      }
    }
    return fail(*table.get("date_format"),
                fmt::format("unknown date_format `{}`: expected YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY, YYYY/MM/DD or DD.MM.YYYY",
                            name_text));
  }

  // `field = "column"` or `field = { column = "...", map = { "cell" = "value" } }`.
  bool field(std::string_view field_name, const toml::node& node, FieldMapping& out) {
    out.field = std::string(field_name);
    if (const auto* column = node.as_string()) {
      out.column = column->get();
      return !out.column.empty() || fail(node, fmt::format("field `{}`: the column name is empty", field_name));
    }
    const auto* table = node.as_table();
    if (table == nullptr) return fail(node, fmt::format("field `{}`: expected a column name or {{ column, map }}", field_name));
    if (!only(*table, fmt::format("accounts.fields.{}", field_name), {"column", "map"})) return false;
    if (!text(*table, "column", out.column)) return false;
    if (out.column.empty()) return fail(node, fmt::format("field `{}`: `column` is required", field_name));
    if (const toml::node* map = table->get("map")) {
      const auto* pairs = map->as_table();
      if (pairs == nullptr) return fail(*map, fmt::format("field `{}`: `map` must be a table of strings", field_name));
      for (const auto& [cell, value] : *pairs) {
        const auto* mapped = value.as_string();
        if (mapped == nullptr) return fail(value, fmt::format("field `{}`: map values must be strings", field_name));
        out.values.emplace_back(std::string(cell.str()), mapped->get());
      }
      std::sort(out.values.begin(), out.values.end());
    }
    return true;
  }

  bool date_format(const toml::table& table, DateFormat& out) {
    std::optional<DateFormat> format;
    if (!date_format(table, format)) return false;
    if (format) out = *format;
    return true;
  }

  // A spelling may mean only one of true and false, and may not contradict the decoder's own.
  bool booleans(const toml::table& table, CrmMapping& out) {
    if (!list(table, "true_values", out.true_values) || !list(table, "false_values", out.false_values)) return false;
    auto listed = [](const std::vector<std::string>& values, std::string_view value) {
      return std::find(values.begin(), values.end(), value) != values.end();
    };
    for (const auto& value : out.true_values) {
      if (listed(out.false_values, value) || value == "false" || value == "FALSE") {
        return fail(*table.get("true_values"), fmt::format("`{}` is listed as true and means false", value));
      }
    }
    for (const auto& value : out.false_values) {
      if (value == "true" || value == "TRUE") {
        return fail(*table.get("false_values"), fmt::format("`{}` is listed as false and means true", value));
      }
    }
    return true;
  }

  bool accounts(const toml::table& table, CrmMapping& out) {
    if (!only(table, "accounts",
              {"key", "retention", "owner", "valid_from", "true_values", "false_values", "date_format", "fields"})) {
      return false;
    }
    if (!text(table, "key", out.account_key) || !text(table, "retention", out.account_retention) ||
        !text(table, "owner", out.account_owner) || !text(table, "valid_from", out.account_valid_from) ||
        !booleans(table, out) ||
        !date_format(table, out.account_date_format)) {
      return false;
    }
    if (!out.account_valid_from.empty() && out.account_valid_from == out.account_key) {
      return fail(*table.get("valid_from"), "`valid_from` names the account key column; it needs a date column of its own");
    }
    const toml::node* fields = table.get("fields");
    if (fields == nullptr) return true;
    const auto* entries = fields->as_table();
    if (entries == nullptr) return fail(*fields, "[accounts.fields] must be a table");
    for (const auto& [name_key, node] : *entries) {
      FieldMapping mapping;
      if (!field(name_key.str(), node, mapping)) return false;
      out.fields.push_back(std::move(mapping));
    }
    std::sort(out.fields.begin(), out.fields.end(),
              [](const FieldMapping& a, const FieldMapping& b) { return a.field < b.field; });
    return true;
  }

  bool opportunities(const toml::table& table, CrmMapping& out) {
    if (!only(table, "opportunities", {"key", "id", "stage", "won", "lost", "open", "engage_date", "close_date",
                                       "date_format", "amount", "currency", "reason", "owner"})) {
      return false;
    }
    return text(table, "key", out.opportunity_key) && text(table, "id", out.opportunity_id) &&
           text(table, "stage", out.stage) && list(table, "won", out.won) && list(table, "lost", out.lost) &&
           list(table, "open", out.open) && text(table, "engage_date", out.engage_date) &&
           text(table, "close_date", out.close_date) && date_format(table, out.date_format) &&
           text(table, "amount", out.amount) && text(table, "reason", out.reason) &&
           text(table, "owner", out.opportunity_owner) && currency(table, out.currency);
  }

  // An ISO 4217 code: three capital letters. The reports show it as it is (or its symbol), so
  // "usd" or "US$" is refused here rather than printed beside every amount.
  bool currency(const toml::table& table, std::string& out) {
    if (!text(table, "currency", out)) return false;
    if (out.empty()) return true;  // not given: amounts are plain numbers
    const bool code = out.size() == 3 && std::all_of(out.begin(), out.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!code) {
      return fail(*table.get("currency"),
                  fmt::format("`currency` must be an ISO 4217 code of three capital letters, such as USD or EUR; "
                              "found `{}`", out));
    }
    return true;
  }

  // A stage value may mean only one thing.
  bool stages_disjoint(const toml::table& root, const CrmMapping& out) {
    const toml::node* where = root.get("opportunities");
    for (const auto& value : out.won) {
      const bool lost = std::find(out.lost.begin(), out.lost.end(), value) != out.lost.end();
      const bool open = std::find(out.open.begin(), out.open.end(), value) != out.open.end();
      if (lost || open) return fail(where ? *where : static_cast<const toml::node&>(root),
                                    fmt::format("stage value `{}` is listed as won and as {}", value, lost ? "lost" : "open"));
    }
    for (const auto& value : out.lost) {
      if (std::find(out.open.begin(), out.open.end(), value) != out.open.end()) {
        return fail(where ? *where : static_cast<const toml::node&>(root),
                    fmt::format("stage value `{}` is listed as lost and as open", value));
      }
    }
    if (out.won.empty()) return fail(where ? *where : static_cast<const toml::node&>(root), "`won` lists no stage value");
    return true;
  }
};

bool section(Reader& reader, const toml::table& root, std::string_view key, const toml::table*& out) {
  out = nullptr;
  const toml::node* node = root.get(key);
  if (node == nullptr) return true;
  out = node->as_table();
  return out != nullptr || reader.fail(*node, fmt::format("`{}` must be a table", key));
}

}  // namespace

std::optional<CrmMapping> parse_mapping(std::string_view text, std::string_view name, Error& error) {
  error = Error{};
  if (auto problem = toml_limits::check(text)) {
    error = Error{std::string(name), problem->begin.line, problem->begin.column, problem->message};
    return std::nullopt;
  }
  toml::table root;
  try {
    root = toml::parse(text, std::string(name));
  } catch (const toml::parse_error& failure) {
    error = error_at(name, failure.source().begin, std::string(failure.description()));
    return std::nullopt;
  }
  Reader reader{name, error};
  CrmMapping mapping;
  const toml::table *accounts = nullptr, *opportunities = nullptr, *retention = nullptr;
  if (!reader.only(root, "the mapping's top level", {"accounts", "opportunities", "retention"}) ||
      !section(reader, root, "accounts", accounts) || !section(reader, root, "opportunities", opportunities) ||
      !section(reader, root, "retention", retention)) {
    return std::nullopt;
  }
  if (accounts != nullptr && !reader.accounts(*accounts, mapping)) return std::nullopt;
  if (opportunities != nullptr && !reader.opportunities(*opportunities, mapping)) return std::nullopt;
  if (retention != nullptr &&
      !(reader.only(*retention, "retention", {"key", "value"}) && reader.text(*retention, "key", mapping.retention_key) &&
        reader.text(*retention, "value", mapping.retention_value))) {
    return std::nullopt;
  }
  if (!reader.stages_disjoint(root, mapping)) return std::nullopt;
  return mapping;
}

std::string_view date_format_name(DateFormat format) {
  switch (format) {
    case DateFormat::iso: return "YYYY-MM-DD";
    case DateFormat::us: return "MM/DD/YYYY";
    case DateFormat::european: return "DD/MM/YYYY";
    case DateFormat::iso_slash: return "YYYY/MM/DD";
    case DateFormat::european_dot: return "DD.MM.YYYY";
  }
  return "YYYY-MM-DD";
}

std::optional<Date> parse_date_as(std::string_view text, DateFormat format) {
  if (format == DateFormat::iso) return parse_date(text);
  if (text.size() != 10) return std::nullopt;
  // Rearrange into YYYY-MM-DD and let parse_date check digits and the calendar.
  std::string iso;
  const char separator = format == DateFormat::european_dot ? '.' : '/';
  switch (format) {
    case DateFormat::us:
    case DateFormat::european:
    case DateFormat::european_dot: {
      if (text[2] != separator || text[5] != separator) return std::nullopt;
      const std::string_view first = text.substr(0, 2), second = text.substr(3, 2);
      const bool month_first = format == DateFormat::us;
      iso = fmt::format("{}-{}-{}", text.substr(6, 4), month_first ? first : second, month_first ? second : first);
      break;
    }
    case DateFormat::iso_slash:
      if (text[4] != '/' || text[7] != '/') return std::nullopt;
      iso = fmt::format("{}-{}-{}", text.substr(0, 4), text.substr(5, 2), text.substr(8, 2));
      break;
    case DateFormat::iso: break;
  }
  return parse_date(iso);
}

std::string_view map_value(const FieldMapping& mapping, std::string_view cell) {
  auto found = std::lower_bound(mapping.values.begin(), mapping.values.end(), cell,
                                [](const auto& pair, std::string_view key) { return pair.first < key; });
  if (found != mapping.values.end() && found->first == cell) return found->second;
  return cell;
}

}  // namespace icp::analysis
