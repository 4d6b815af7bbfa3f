// `icpc backtest`'s report as text tables and as JSON (stable key order, one object).
// Input: a Backtest. Output: the report's bytes; the same Backtest gives the same bytes.
#include "analysis/backtest/backtest_render.hpp"

#include <fmt/format.h>

#include "analysis/backtest/report_numbers.hpp"
#include "analysis/backtest/report_parts.hpp"
#include "compiler/render/escape.hpp"
#include "runtime/base/half_even.hpp"

namespace icp::analysis {
namespace {

std::string or_dash(const std::optional<Decimal>& value, int digits) {
  return value ? format_fixed(*value, digits) : "-";
}

std::string_view status_name(FindingStatus status) {
  switch (status) {
    case FindingStatus::present: return "present";
    case FindingStatus::absent: return "absent";
    case FindingStatus::undetermined: return "undetermined";
  }
  return "undetermined";
}

void text_groups(const Backtest& report, std::string& out) {
  const std::size_t total = report.group("all").opportunities;
  // Counts and amounts grouped by thousands, amounts in the mapping's currency, as in HTML.
  out += fmt::format("{:<28} {:>6} {:>7} {:>6} {:>6} {:>6} {:>8} {:>15} {:>7} {:>7} {:>12}\n", "group", "opps",
                     "share%", "won", "lost", "open", "win%", "95% CI", "median", "p75", "avg won");
  for (const auto& group : report.groups) {
    const auto interval = group.win_interval();
    const std::string ci = interval ? fmt::format("{:.1f}-{:.1f}", interval->low * 100, interval->high * 100) : "-";
    out += fmt::format("{:<28} {:>6} {:>7} {:>6} {:>6} {:>6} {:>8} {:>15} {:>7} {:>7} {:>12}\n",
                       escape::text(group.label), format_count(group.opportunities),
                       or_dash(group.share_percent(total), 1), format_count(group.won), format_count(group.lost),
                       format_count(group.open), or_dash(group.win_rate_percent(), 1), ci,
                       or_dash(group.median_cycle(), 1), or_dash(group.p75_cycle(), 1),
                       money_or_dash(group.average_won(), report.currency));
  }
}

std::string firmographics_json(const Backtest& report) {
  if (report.valid_from_column.empty()) return "\"firmographics\":{\"as_of\":\"today\"}";
  std::string out = fmt::format(
      "\"firmographics\":{{\"as_of\":\"engage_date\",\"valid_from\":\"{}\",\"before_first_row\":{},\"first\":[",
      escape::json(report.valid_from_column), report.before_history);
  for (const auto& deal : report.before_history_first) {
    out += fmt::format("{}{{\"line\":{},\"account\":\"{}\",\"engage_date\":\"{}\",\"first_row\":\"{}\"}}",
                       &deal == &report.before_history_first.front() ? "" : ",", deal.line, escape::json(deal.account),
                       format_date(deal.engage), format_date(deal.first_row));
  }
  return out + "]}";
}

}  // namespace

std::string firmographics_text(const Backtest& report) {
  if (report.valid_from_column.empty()) {
    return fmt::format("Firmographics are today's: {} has one row per account, so an account that changed after an "
                       "engage date is judged as it is now (map [accounts] valid_from to a history to avoid this)",
                       report.accounts_file);
  }
  return fmt::format("Firmographics as of each engage date: the row of {} in force then (valid from `{}`); "
                     "opportunities engaged before their account's first row are skipped: {}",
                     report.accounts_file, report.valid_from_column, format_count(report.before_history));
}

std::string render_backtest_text(const Backtest& report) {
  std::string out = fmt::format("Backtest of profile \"{}\"{} ({})\n", escape::text(report.profile),
                                report.version.empty() ? "" : " version " + escape::text(report.version),
                                escape::text(report.program_id));
  out += fmt::format("Window: {}; each account evaluated as of each opportunity's engage date ({} evaluations)\n",
                     window_text(report.from, report.to), format_count(report.evaluations));
  out += escape::text(firmographics_text(report)) + "\n\n";
  text_groups(report, out);
  out += "\nFindings\n";
  for (const auto& finding : report.findings) {
    out += fmt::format("  [{}] {}\n      {}\n", status_name(finding.status), escape::text(finding.title),
                       escape::text(finding.detail));
  }
  out += "\nICP share of pipeline by engage quarter\n";
  for (const auto& quarter : report.quarters) {
    const auto share = percent_of(quarter.icp, quarter.total);
    out += fmt::format("  {}  {:>5} of {:>5}  {:>6}%\n", quarter.quarter, format_count(quarter.icp),
                       format_count(quarter.total), or_dash(share, 1));
  }
  text_rows(report.opportunities_file, report.opportunity_rows, report.skipped,
            report.group("all").opportunities + [&] {
              std::size_t n = 0;
              for (const auto& account : report.rejected_accounts) n += account.opportunities;
              return n;
            }(),
            out);
  if (!report.valid_from_column.empty()) {
    out += fmt::format("  skipped, engaged before the account's first row: {}", format_count(report.before_history));
    for (const auto& deal : report.before_history_first) {
      out += escape::text(fmt::format("{} {}:{} `{}` engaged {}, first row {}",
                                      &deal == &report.before_history_first.front() ? "  first:" : ";",
                                      report.opportunities_file, deal.line, deal.account, format_date(deal.engage),
                                      format_date(deal.first_row)));
    }
    out += "\n";
  }
  text_bad_rows(report.bad_rows, out);
  if (!report.rejected_accounts.empty()) {
    out += fmt::format("Accounts the profile rejected: {} (their opportunities are not counted above)\n",
                       format_count(report.rejected_accounts.size()));
    for (const auto& account : report.rejected_accounts) {
      out += escape::text(fmt::format("  {}:{}: `{}` ({} opportunities): {}", report.accounts_file, account.line,
                                      account.key, account.opportunities, account.error.message));
      out += '\n';
    }
  }
  out += fmt::format("Accounts without opportunities in the window: {} of {}",
                     format_count(report.accounts_without_opportunities.size()), format_count(report.account_count));
  for (const auto& key : report.accounts_without_opportunities) {
    out += (key == report.accounts_without_opportunities.front() ? ": " : ", ") + escape::text(key);
  }
  out += "\n";
  return out;
}

std::string render_backtest_json(const Backtest& report) {
  auto date_or_null = [](const std::optional<Date>& date) {
    return date ? "\"" + format_date(*date) + "\"" : std::string("null");
  };
  auto decimal_or_null = [](const std::optional<Decimal>& value) { return value ? value->to_string() : "null"; };
  const std::size_t total = report.group("all").opportunities;
  std::string out = fmt::format("{{\"profile\":\"{}\",\"version\":\"{}\",\"program\":\"{}\",\"from\":{},\"to\":{},",
                                escape::json(report.profile), escape::json(report.version),
                                report.program_id, date_or_null(report.from), date_or_null(report.to));
  out += fmt::format("\"evaluations\":{},{},\"groups\":[", report.evaluations, firmographics_json(report));
  for (const auto& group : report.groups) {
    const auto interval = group.win_interval();
    out += fmt::format(
        "{}{{\"group\":\"{}\",\"label\":\"{}\",\"opportunities\":{},\"share_percent\":{},\"won\":{},\"lost\":{},"
        "\"open\":{},\"win_rate_percent\":{},\"win_rate_ci95\":{},\"median_cycle_days\":{},\"p75_cycle_days\":{},"
        "\"won_amount\":{},\"average_won\":{}}}",
        &group == &report.groups.front() ? "" : ",", group.key, escape::json(group.label), group.opportunities,
        decimal_or_null(group.share_percent(total)), group.won, group.lost, group.open,
        decimal_or_null(group.win_rate_percent()),
        interval ? fmt::format("[{:.4f},{:.4f}]", interval->low * 100, interval->high * 100) : "null",
        decimal_or_null(group.median_cycle()), decimal_or_null(group.p75_cycle()),
        group.won_amount ? "\"" + group.won_amount->to_string() + "\"" : "null",
        group.average_won() ? "\"" + group.average_won()->to_string() + "\"" : "null");
  }
  out += "],\"findings\":[";
  for (const auto& finding : report.findings) {
    out += fmt::format("{}{{\"finding\":\"{}\",\"status\":\"{}\",\"detail\":\"{}\"}}",
                       &finding == &report.findings.front() ? "" : ",", finding.key, status_name(finding.status),
                       escape::json(finding.detail));
  }
  out += "],\"quarters\":[";
  for (const auto& quarter : report.quarters) {
    out += fmt::format("{}{{\"quarter\":\"{}\",\"icp\":{},\"total\":{}}}",
                       &quarter == &report.quarters.front() ? "" : ",", quarter.quarter, quarter.icp, quarter.total);
  }
  const SkippedRows& skipped = report.skipped;
  out += fmt::format("],\"rows\":{{\"read\":{},\"analysed\":{},\"open_without_account\":{},\"not_engaged\":{},"
                     "\"before_window\":{},\"after_window\":{},\"closed_after_window\":{}}},",
                     report.opportunity_rows, total, skipped.open_without_account, skipped.not_engaged,
                     skipped.before_window, skipped.after_window, skipped.closed_after_window);
  json_bad_rows(report.bad_rows, out);
  out += ",\"rejected_accounts\":[";
  for (const auto& account : report.rejected_accounts) {
    out += fmt::format("{}{{\"account\":\"{}\",\"line\":{},\"field\":\"{}\",\"message\":\"{}\",\"opportunities\":{}}}",
                       &account == &report.rejected_accounts.front() ? "" : ",", escape::json(account.key),
                       account.line, escape::json(account.error.field),
                       escape::json(account.error.message), account.opportunities);
  }
  out += fmt::format("],\"accounts\":{},\"accounts_without_opportunities\":[", report.account_count);
  for (const auto& key : report.accounts_without_opportunities) {
    out += fmt::format("{}\"{}\"", &key == &report.accounts_without_opportunities.front() ? "" : ",",
                       escape::json(key));
  }
  out += "]}\n";
  return out;
}

}  // namespace icp::analysis
