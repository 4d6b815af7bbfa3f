// `icpc nucleus`'s computation, the closed-won analysis (docs/backtest.md "Nucleus"): the
// top quartile of won accounts by average won deal size, by cycle speed and by net
// retention; accounts in two or more form the nucleus. Input: the joined exports and
// optional retention. Output: a Nucleus for nucleus_render.cpp and nucleus_html.cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "icp/decimal.hpp"
#include "analysis/crm/crm_export.hpp"

namespace icp::analysis {

struct WonAccount {
  std::string key;
  std::size_t won = 0, lost = 0;
  std::optional<Decimal> won_amount = Decimal();  // sum of won amounts; nullopt past Decimal's range
  std::optional<Decimal> average_won;   // won_amount / won
  std::optional<Decimal> median_cycle;  // days, won deals
  std::optional<Decimal> retention;     // when known
  bool top_size = false, top_speed = false, top_retention = false;
  std::vector<std::pair<std::string, std::string>> firmographics;  // mapped column -> cell, as exported
  // What the profile reads of the same row, for the reports a reader looks at: each mapped
  // field -> its cell after the field's value map (`technolgy` read as `technology`), in the
  // order of the columns; every column -> its cell when the mapping maps no field.
  std::vector<std::pair<std::string, std::string>> fields;

  int quartiles() const { return int(top_size) + int(top_speed) + int(top_retention); }
};

struct LossReason {
  std::string reason;  // "" is shown as "(no reason given)"
  std::size_t count = 0;
};

struct Nucleus {
  std::string accounts_file, opportunities_file;
  std::optional<Date> from, to;
  bool has_retention = false;
  std::vector<WonAccount> won_accounts;  // every account with a won deal, by key
  std::vector<std::size_t> nucleus;      // indices into won_accounts: 2+ quartiles, by key
  std::optional<Decimal> size_cutoff, speed_cutoff, retention_cutoff;  // the quartiles' thresholds
  // The medians of the won accounts' deal sizes and cycles: the quadrant lines of the HTML
  // report's chart. nullopt when no account has the value.
  std::optional<Decimal> size_median, speed_median;
  std::string currency;  // the mapping's ISO 4217 code of the amounts; empty: not given
  bool has_reasons = false;
  std::size_t lost = 0;
  std::vector<LossReason> reasons;  // most frequent first, then by text
  std::size_t account_count = 0;
  std::vector<std::string> accounts_without_won;  // sorted keys
  std::size_t opportunity_rows = 0;
  std::size_t analysed = 0;  // opportunities in the window, any stage
  SkippedRows skipped;
  std::vector<BadRow> bad_rows;
};

struct NucleusInput {
  const CrmMapping& mapping;
  const AccountTable& accounts;
  const OpportunityTable& opportunities;
  const Retention* retention = nullptr;  // none known: no retention quartile
  std::optional<Date> from, to;
};

// Never fails: rows that cannot be used are in the report's bad_rows (the accounts', the
// opportunities', then the retention's), and the rest still counts.
Nucleus run_nucleus(const NucleusInput& input);

}  // namespace icp::analysis
