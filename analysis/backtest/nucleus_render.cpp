// `icpc nucleus`'s report as text tables and as JSON (stable key order, one object).
// Input: a Nucleus. Output: the report's bytes; the same Nucleus gives the same bytes.
#include "analysis/backtest/nucleus_render.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/backtest/report_numbers.hpp"
#include "analysis/backtest/report_parts.hpp"
#include "analysis/backtest/validation_stats.hpp"
#include "compiler/render/escape.hpp"

namespace icp::analysis {
namespace {

std::string or_dash(const std::optional<Decimal>& value, int digits) {
  return value ? format_fixed(*value, digits) : "-";
}

// "size, speed": the top quartiles an account is in.
std::string marks(const WonAccount& account, bool has_retention) {
  std::string text;
  text += account.top_size ? ", size" : "";
  text += account.top_speed ? ", speed" : "";
  text += has_retention && account.top_retention ? ", retention" : "";
  return text.empty() ? text : text.substr(2);
}

std::string json_decimal(const std::optional<Decimal>& value, bool quoted) {
  if (!value) return "null";
  return quoted ? "\"" + value->to_string() + "\"" : value->to_string();
}

std::string json_account(const WonAccount& account, bool has_retention) {
  std::string out = fmt::format(
      "{{\"account\":\"{}\",\"won\":{},\"lost\":{},\"won_amount\":{},\"average_won\":{},\"median_cycle_days\":{},"
      "\"retention\":{},\"top_quartiles\":[",
      escape::json(account.key), account.won, account.lost, json_decimal(account.won_amount, true),
      json_decimal(account.average_won, true), json_decimal(account.median_cycle, false),
      json_decimal(account.retention, true));
  std::string list;
  if (account.top_size) list += ",\"size\"";
  if (account.top_speed) list += ",\"speed\"";
  if (has_retention && account.top_retention) list += ",\"retention\"";
  out += list.empty() ? "" : list.substr(1);
  out += "],\"firmographics\":{";
  for (const auto& [column, cell] : account.firmographics) {
    out += fmt::format("{}\"{}\":\"{}\"", &column == &account.firmographics.front().first ? "" : ",",
                       escape::json(column), escape::json(cell));
  }
  out += "}}";
  return out;
}

}  // namespace

ReportTable nucleus_accounts_table(const Nucleus& report, const std::vector<std::size_t>& which) {
  ReportTable table;
  table.columns = {{"Account", false},   {"Won deals", true},     {"Lost deals", true},
                   {"Won total", true},  {"Deal size", true},     {"Days to close", true}};
  if (report.has_retention) table.columns.push_back({"Net retention", true});
  table.columns.push_back({"Top quartiles", false});
  const std::size_t firmographics = report.won_accounts.empty() ? 0 : report.won_accounts.front().fields.size();
  for (std::size_t i = 0; i < firmographics; ++i) {
    table.columns.push_back({column_title(report.won_accounts.front().fields[i].first), false});
  }
  for (std::size_t index : which) {
    const WonAccount& a = report.won_accounts[index];
    auto& row = table.rows.emplace_back(std::vector<std::string>{
        a.key, format_count(a.won), format_count(a.lost), money_or_dash(a.won_amount, report.currency),
        money_or_dash(a.average_won, report.currency), or_dash(a.median_cycle, 1)});
    if (report.has_retention) row.push_back(or_dash(a.retention, 2));
    row.push_back(marks(a, report.has_retention));
    for (const auto& [name, value] : a.fields) row.push_back(value.empty() ? "-" : value);
  }
  // A firmographic column of numbers only (employees, revenue) is right-aligned.
  for (std::size_t column = table.columns.size() - firmographics; column < table.columns.size(); ++column) {
    table.columns[column].number = !table.rows.empty() && std::all_of(table.rows.begin(), table.rows.end(), [&](const auto& row) {
      return row[column] == "-" || Decimal::parse(row[column]).has_value();
    });
  }
  return table;
}

ReportTable nucleus_reasons_table(const Nucleus& report) {
  ReportTable table;
  table.columns = {{"Reason", false}, {"Lost deals", true}, {"Share of lost deals", true}};
  for (const auto& reason : report.reasons) {
    table.rows.push_back({reason.reason.empty() ? "(no reason given)" : reason.reason, format_count(reason.count),
                          or_dash(percent_of(reason.count, report.lost), 1) + "%"});
  }
  return table;
}

std::string render_nucleus_text(const Nucleus& report) {
  std::string out = fmt::format("Closed-won nucleus of {} ({})\n", escape::text(report.opportunities_file),
                                window_text(report.from, report.to));
  out += fmt::format("Won accounts: {} of {}. Top quartile thresholds: average won deal >= {}, median cycle <= {} days",
                     format_count(report.won_accounts.size()), format_count(report.account_count),
                     money_or_dash(report.size_cutoff, report.currency), or_dash(report.speed_cutoff, 1));
  out += report.has_retention ? fmt::format(", net retention >= {}\n", or_dash(report.retention_cutoff, 2))
                              : "; no retention given\n";
  out += fmt::format("\nNucleus: {} accounts in two or more top quartiles\n", format_count(report.nucleus.size()));
  if (!report.nucleus.empty()) out += text_table(nucleus_accounts_table(report, report.nucleus));
  std::vector<std::size_t> all(report.won_accounts.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  out += "\nEvery won account\n" + text_table(nucleus_accounts_table(report, all));
  if (report.has_reasons) {
    out += fmt::format("\nClosed-lost reasons ({} lost deals)\n", format_count(report.lost));
    out += text_table(nucleus_reasons_table(report));
  } else {
    out += "\nClosed-lost reasons: no reason column mapped\n";
  }
  text_rows(report.opportunities_file, report.opportunity_rows, report.skipped, report.analysed, out);
  text_bad_rows(report.bad_rows, out);
  out += fmt::format("Accounts without a won deal in the window: {} of {}", format_count(report.accounts_without_won.size()),
                     format_count(report.account_count));
  for (const auto& key : report.accounts_without_won) {
    out += (key == report.accounts_without_won.front() ? ": " : ", ") + escape::text(key);
  }
  out += "\n";
  return out;
}

std::string render_nucleus_json(const Nucleus& report) {
  auto date_or_null = [](const std::optional<Date>& date) {
    return date ? "\"" + format_date(*date) + "\"" : std::string("null");
  };
  std::string out = fmt::format("{{\"from\":{},\"to\":{},\"accounts\":{},\"won_accounts\":{},\"cutoffs\":{{\"size\":{},"
                                "\"speed\":{},\"retention\":{}}},\"nucleus\":[",
                                date_or_null(report.from), date_or_null(report.to), report.account_count,
                                report.won_accounts.size(), json_decimal(report.size_cutoff, true),
                                json_decimal(report.speed_cutoff, false), json_decimal(report.retention_cutoff, true));
  for (std::size_t index : report.nucleus) {
    out += (index == report.nucleus.front() ? "" : ",") + json_account(report.won_accounts[index], report.has_retention);
  }
  out += "],\"won\":[";
  for (const auto& account : report.won_accounts) {
    out += (&account == &report.won_accounts.front() ? "" : ",") + json_account(account, report.has_retention);
  }
  out += "],\"lost_reasons\":";
  if (!report.has_reasons) {
    out += "null";
  } else {
    out += "[";
    for (const auto& reason : report.reasons) {
      out += fmt::format("{}{{\"reason\":\"{}\",\"count\":{}}}", &reason == &report.reasons.front() ? "" : ",",
                         escape::json(reason.reason), reason.count);
    }
    out += "]";
  }
  out += fmt::format(",\"lost\":{},", report.lost);
  json_bad_rows(report.bad_rows, out);
  out += ",\"accounts_without_won\":[";
  for (const auto& key : report.accounts_without_won) {
    out += fmt::format("{}\"{}\"", &key == &report.accounts_without_won.front() ? "" : ",", escape::json(key));
  }
  out += "]}\n";
  return out;
}

}  // namespace icp::analysis
