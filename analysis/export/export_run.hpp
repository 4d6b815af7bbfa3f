// `icpc export`'s computation: decision lines (and the accounts export, for names, domains,
// owners and other columns) turned into one target's import file, optionally only the accounts
// whose exported fields changed since older decisions (docs/exports.md). Input: the config, a
// target, decisions. Output: the CSV bytes and counts, or an Error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/crm/crm_export.hpp"
#include "analysis/error.hpp"
#include "analysis/export/decision_lines.hpp"
#include "analysis/export/export_config.hpp"

namespace icp::analysis {

struct ExportInput {
  const ExportConfig& config;
  const ExportTarget& target;
  const DecisionLines& decisions;
  const AccountTable* accounts = nullptr;  // the accounts export by key, when given
  std::string owner_column;                // [accounts] owner, else the CRM mapping's
  const DecisionLines* old = nullptr;      // --changed-since: write only what moved
};

struct ExportResult {
  std::string csv;
  std::size_t decisions = 0;  // decision lines read
  std::size_t selected = 0;   // of them, the accounts the target's selection takes
  std::size_t written = 0;    // rows written (selected, minus the unchanged with --changed-since)
  std::size_t unchanged = 0;  // --changed-since: selected, and every exported field as before
  std::size_t gone = 0;       // --changed-since: selected before, not now (an import cannot remove them)
  // "FILE:LINE: ..." for decisions whose account the accounts export lacks, or an id twice.
  std::vector<std::string> problems;
};

// nullopt with `error` (at the column in exports.toml) when a column needs what was not given:
// the accounts export, an [accounts] domain or owner column, a column the export lacks.
std::optional<ExportResult> run_export(const ExportInput& input, Error& error);

}  // namespace icp::analysis
