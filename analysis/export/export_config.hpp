// exports.toml: the files downstream systems import, one target each (docs/exports.md): a CRM
// account update (Salesforce Data Loader, HubSpot company import), an advertising audience
// (LinkedIn Matched Audiences company list), an SDR sequence enrolment list, a plain CSV.
// Input: TOML text. Output: an ExportConfig, or an Error at the file, line and column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/error.hpp"

namespace icp::analysis {

// KEEP IN SYNC: export_format_name, the defaults in export_config.cpp and docs/exports.md.
enum class ExportFormat : std::uint8_t { salesforce, hubspot, linkedin, sdr, csv };
std::string_view export_format_name(ExportFormat format);

// Which decided accounts a target writes.
enum class ExportSelect : std::uint8_t {
  all,      // every decided account (a CRM update: an account that left the ICP is updated too)
  tier,     // accounts whose verdict is a tier (in the ICP and not excluded)
  queue,    // accounts the route sends to a queue
  cadence,  // accounts the route enrols in a cadence
};
std::string_view export_select_name(ExportSelect select);

// What a column holds: a field of the decision line, an attribute of the account read from
// the accounts export ([accounts] name, domain, owner), or any column of that export.
enum class ExportField : std::uint8_t {
  id, verdict, tier, tier_label, excluded_by, score, action, queue, route, sla, cadence, rule,
  profile, version, program, as_of,  // provenance: not compared by --changed-since
  name, domain, owner, account_column,
};
bool is_provenance(ExportField field);
bool reads_accounts(ExportField field);

struct ExportColumn {
  std::string header;
  ExportField field = ExportField::id;
  std::string account_column;  // ExportField::account_column: the export's column (`account.Website`)
  std::size_t line = 0, column = 0;  // in exports.toml, for errors found later (a default: its `format`)
};

struct ExportTarget {
  std::string name;
  ExportFormat format = ExportFormat::csv;
  ExportSelect select = ExportSelect::all;
  bool guard_formulas = true;
  std::string file;  // default output, relative to exports.toml's folder; empty: stdout
  std::vector<ExportColumn> columns;
  std::size_t line = 0;
};

struct ExportConfig {
  std::string file;
  // [accounts]: the accounts export's key column (empty: the CRM mapping's, else `id`) and
  // the columns holding the account's name (default: the key), web domain and owner.
  std::string key, name, domain, owner;
  std::vector<ExportTarget> targets;  // by name

  const ExportTarget* target(std::string_view name) const;
};

// Reads and checks exports.toml: each target's format, selection and columns (sources known,
// headers valid for the format, the program id carried by every row).
std::optional<ExportConfig> parse_export_config(std::string_view text, std::string_view name, Error& error);

}  // namespace icp::analysis
