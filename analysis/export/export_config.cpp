// Reads exports.toml (see export_config.hpp) with toml++: each target's format, selection,
// formula guard, file and columns, the format's defaults for what is not given, and the
// checks each import format needs. Input: TOML text. Output: an ExportConfig or an Error.
#include "analysis/export/export_config.hpp"

#include <algorithm>
#include <array>
#include <regex>

#include <fmt/format.h>

#include "analysis/toml_reader.hpp"
#include "compiler/project/toml_words.hpp"

namespace icp::analysis {
namespace {

struct FieldName {
  std::string_view name;
  ExportField field;
};
// KEEP IN SYNC: docs/exports.md "Columns".
constexpr std::array<FieldName, 19> kFields = {{
    {"id", ExportField::id},           {"verdict", ExportField::verdict},   {"tier", ExportField::tier},
    {"tier_label", ExportField::tier_label}, {"excluded_by", ExportField::excluded_by},
    {"score", ExportField::score},     {"action", ExportField::action},     {"queue", ExportField::queue},
    {"route", ExportField::route},     {"sla", ExportField::sla},           {"cadence", ExportField::cadence},
    {"rule", ExportField::rule},       {"profile", ExportField::profile},   {"version", ExportField::version},
    {"program", ExportField::program}, {"as_of", ExportField::as_of},       {"name", ExportField::name},
    {"domain", ExportField::domain},   {"owner", ExportField::owner},
}};

constexpr std::string_view kAccountPrefix = "account.";

std::optional<ExportField> field_named(std::string_view name) {
  for (const FieldName& entry : kFields) {
    if (entry.name == name) return entry.field;
  }
  return std::nullopt;
}

ExportColumn column(std::string header, ExportField field) { return ExportColumn{std::move(header), field, "", 0, 0}; }

// What a format writes when `columns` is not given (docs/exports.md "Formats").
std::vector<ExportColumn> default_columns(ExportFormat format, const ExportConfig& config) {
  using F = ExportField;
  switch (format) {
    case ExportFormat::salesforce:
      return {column("Id", F::id), column("ICP_Tier__c", F::tier_label), column("ICP_Route__c", F::route),
              column("ICP_Program__c", F::program)};
    case ExportFormat::hubspot:
      return {column("Record ID", F::id), column("icp_tier", F::tier_label), column("icp_route", F::route),
              column("icp_program", F::program)};
    case ExportFormat::linkedin: {
      std::vector<ExportColumn> columns{column("companyname", F::name)};
      if (!config.domain.empty()) columns.push_back(column("companywebsite", F::domain));
      columns.push_back(column("icp_program", F::program));
      return columns;
    }
    case ExportFormat::sdr:
      return {column("account_id", F::id), column("account_name", F::name), column("cadence", F::cadence),
              column("owner", F::owner),   column("queue", F::queue),       column("sla", F::sla),
              column("icp_program", F::program)};
    case ExportFormat::csv:
      return {column("account_id", F::id), column("verdict", F::verdict), column("tier", F::tier),
              column("tier_label", F::tier_label), column("score", F::score), column("route", F::route),
              column("sla", F::sla), column("cadence", F::cadence), column("as_of", F::as_of),
              column("program", F::program)};
  }
  return {};
}

ExportSelect default_select(ExportFormat format) {
  switch (format) {
    case ExportFormat::linkedin: return ExportSelect::tier;
    case ExportFormat::sdr: return ExportSelect::cadence;
    default: return ExportSelect::all;
  }
}

// Machine imports keep cells exact; files people open are guarded (csv_writer.hpp).
bool default_guard(ExportFormat format) { return format != ExportFormat::salesforce && format != ExportFormat::hubspot; }

class ConfigReader {
 public:
  ConfigReader(std::string_view name, Error& error) : reader_(name, error) {}

  std::optional<ExportConfig> read(const toml::table& root) {
    config_.file = std::string(reader_.name());
    const toml::table *accounts = nullptr, *targets = nullptr;
    if (!reader_.only(root, "exports.toml", {"accounts", "targets"}) || !reader_.table(root, "accounts", accounts) ||
        !reader_.table(root, "targets", targets)) {
      return std::nullopt;
    }
    if (accounts != nullptr && !(reader_.only(*accounts, "[accounts]", {"key", "name", "domain", "owner"}) &&
                                 reader_.text(*accounts, "key", config_.key) &&
                                 reader_.text(*accounts, "name", config_.name) &&
                                 reader_.text(*accounts, "domain", config_.domain) &&
                                 reader_.text(*accounts, "owner", config_.owner))) {
      return std::nullopt;
    }
    if (targets == nullptr || targets->empty()) {
      reader_.fail(root, "exports.toml defines no target: add a `[targets.NAME]` table with a `format`");
      return std::nullopt;
    }
    for (const auto& [key, node] : *targets) {
      const toml::table* body = node.as_table();
      if (body == nullptr) {
        reader_.fail(node, fmt::format("target `{}` must be a table, found {}", key.str(), toml_kind_of(node)));
        return std::nullopt;
      }
      ExportTarget target{.name = std::string(key.str()), .line = node.source().begin.line};
      if (!read_target(*body, target)) return std::nullopt;
      config_.targets.push_back(std::move(target));
    }
    return std::move(config_);
  }

 private:
  bool read_target(const toml::table& body, ExportTarget& target) {
    const std::string where = fmt::format("target `{}`", target.name);
    std::string format, select;
    std::optional<bool> guard;
    if (!reader_.only(body, where, {"format", "select", "guard_formulas", "file", "columns"}) ||
        !reader_.text(body, "format", format) || !reader_.text(body, "select", select) ||
        !reader_.boolean(body, "guard_formulas", guard) || !reader_.text(body, "file", target.file)) {
      return false;
    }
    if (format.empty()) return reader_.fail(body, fmt::format("{} has no `format`", where));
    if (!format_named(format, target.format)) {
      return reader_.fail(*body.get("format"), fmt::format("unknown format `{}` (expected salesforce, hubspot, "
                                                           "linkedin, sdr or csv)", format));
    }
    target.select = default_select(target.format);
    if (!select.empty() && !select_named(select, target.select)) {
      return reader_.fail(*body.get("select"), fmt::format("unknown select `{}` (expected all, tier, queue or cadence)",
                                                           select));
    }
    target.guard_formulas = guard.value_or(default_guard(target.format));
    if (const toml::node* columns = body.get("columns")) {
      if (!read_columns(*columns, target)) return false;
    } else {
      // A format's default column has no place of its own: errors found when the target is
      // written (the accounts export lacks its column) point at the `format` that implies it.
      const toml::source_position& at = body.get("format")->source().begin;
      target.columns = default_columns(target.format, config_);
      for (ExportColumn& column : target.columns) {
        column.line = at.line;
        column.column = at.column;
      }
    }
    return check_columns(body, target);
  }

  static bool format_named(std::string_view name, ExportFormat& out) {
    for (ExportFormat format : {ExportFormat::salesforce, ExportFormat::hubspot, ExportFormat::linkedin,
                                ExportFormat::sdr, ExportFormat::csv}) {
      if (export_format_name(format) == name) return out = format, true;
    }
    return false;
  }
  static bool select_named(std::string_view name, ExportSelect& out) {
    for (ExportSelect select : {ExportSelect::all, ExportSelect::tier, ExportSelect::queue, ExportSelect::cadence}) {
      if (export_select_name(select) == name) return out = select, true;
    }
    return false;
  }

  // `columns = [["ICP_Tier__c", "tier_label"], ["Website", "account.Website"]]`: in file order.
  bool read_columns(const toml::node& node, ExportTarget& target) {
    const toml::array* list = node.as_array();
    if (list == nullptr || list->empty()) {
      return reader_.fail(node, "`columns` must be a non-empty array of [header, source] pairs");
    }
    for (const toml::node& item : *list) {
      const toml::array* pair = item.as_array();
      if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) {
        return reader_.fail(item, "each column is a pair of strings: [\"header\", \"source\"]");
      }
      const std::string header = *(*pair)[0].value<std::string>(), source = *(*pair)[1].value<std::string>();
      ExportColumn out{header, ExportField::id, "", item.source().begin.line, item.source().begin.column};
      if (header.empty()) return reader_.fail(item, "a column header is empty");
      if (source.starts_with(kAccountPrefix) && source.size() > kAccountPrefix.size()) {
        out.field = ExportField::account_column;
        out.account_column = source.substr(kAccountPrefix.size());
      } else if (const auto field = field_named(source)) {
        out.field = *field;
      } else {
        std::string known;
        for (const FieldName& entry : kFields) known += fmt::format("{}{}", known.empty() ? "" : ", ", entry.name);
        return reader_.fail((*pair)[1], fmt::format("unknown source `{}` (expected {}, or account.COLUMN)", source, known));
      }
      target.columns.push_back(std::move(out));
    }
    return true;
  }

  // Every row carries the program id; each format's import has its own rules for headers.
  bool check_columns(const toml::table& body, const ExportTarget& target) {
    const toml::node& at = body.get("columns") != nullptr ? *body.get("columns") : static_cast<const toml::node&>(body);
    auto has = [&](auto predicate) { return std::any_of(target.columns.begin(), target.columns.end(), predicate); };
    if (!has([](const ExportColumn& c) { return c.field == ExportField::program; })) {
      return reader_.fail(at, fmt::format("target `{}` writes no `program` column: every row carries the program id, "
                                          "so a system that imports it can tell which rules decided", target.name));
    }
    for (std::size_t i = 0; i < target.columns.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (target.columns[i].header == target.columns[j].header) {
          return reader_.fail(at, fmt::format("target `{}` has two columns `{}`", target.name, target.columns[i].header));
        }
      }
    }
    switch (target.format) {
      case ExportFormat::salesforce: return check_salesforce(at, target);
      case ExportFormat::hubspot:
        if (has([](const ExportColumn& c) { return c.header == "Record ID" || c.header == "Company Domain Name"; })) return true;
        return reader_.fail(at, fmt::format("target `{}`: a HubSpot company import matches records by a `Record ID` or "
                                            "`Company Domain Name` column", target.name));
      case ExportFormat::linkedin:
        if (has([](const ExportColumn& c) { return c.header == "companyname"; })) return true;
        return reader_.fail(at, fmt::format("target `{}`: a LinkedIn company list needs a `companyname` column",
                                            target.name));
      case ExportFormat::sdr:
      case ExportFormat::csv: return true;
    }
    return true;
  }

  // Data Loader maps columns to API names; the first column is the record key (Id, or an
  // external id field for an upsert), taken from the account id or an accounts column.
  bool check_salesforce(const toml::node& at, const ExportTarget& target) {
    static const std::regex kApiName("[A-Za-z][A-Za-z0-9_]*");
    for (const ExportColumn& c : target.columns) {
      if (!std::regex_match(c.header, kApiName)) {
        return reader_.fail(at, fmt::format("target `{}`: `{}` is not a Salesforce API name (letters, digits and `_`, "
                                            "such as ICP_Tier__c)", target.name, c.header));
      }
    }
    const ExportColumn& key = target.columns.front();
    const bool key_header = key.header == "Id" || key.header.ends_with("__c");
    if (!key_header || (key.field != ExportField::id && key.field != ExportField::account_column)) {
      return reader_.fail(at, fmt::format("target `{}`: the first column must be the record key, `Id` or an external "
                                          "id field (`..__c`), from `id` or an accounts column", target.name));
    }
    return true;
  }

  TomlReader reader_;
  ExportConfig config_;
};

}  // namespace

std::string_view export_format_name(ExportFormat format) {
  switch (format) {
    case ExportFormat::salesforce: return "salesforce";
    case ExportFormat::hubspot: return "hubspot";
    case ExportFormat::linkedin: return "linkedin";
    case ExportFormat::sdr: return "sdr";
    case ExportFormat::csv: return "csv";
  }
  return "csv";
}

std::string_view export_select_name(ExportSelect select) {
  switch (select) {
    case ExportSelect::all: return "all";
    case ExportSelect::tier: return "tier";
    case ExportSelect::queue: return "queue";
    case ExportSelect::cadence: return "cadence";
  }
  return "all";
}

bool is_provenance(ExportField field) {
  return field == ExportField::profile || field == ExportField::version || field == ExportField::program ||
         field == ExportField::as_of;
}

bool reads_accounts(ExportField field) {
  return field == ExportField::name || field == ExportField::domain || field == ExportField::owner ||
         field == ExportField::account_column;
}

const ExportTarget* ExportConfig::target(std::string_view name) const {
  for (const ExportTarget& target : targets) {
    if (target.name == name) return &target;
  }
  return nullptr;
}

std::optional<ExportConfig> parse_export_config(std::string_view text, std::string_view name, Error& error) {
  std::optional<toml::table> root = parse_toml(text, name, error);
  if (!root) return std::nullopt;
  return ConfigReader(name, error).read(*root);
}

}  // namespace icp::analysis
