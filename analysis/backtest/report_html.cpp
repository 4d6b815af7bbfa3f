// The HTML reports of `icpc backtest` and `icpc nucleus`: one self-contained page each,
// inline CSS and inline SVG charts, no script and no network reference, so the file can be
// mailed or archived as it is. Input: a Backtest or a Nucleus. Output: the page's bytes.
#include <algorithm>

#include <fmt/format.h>

#include "analysis/backtest/backtest_render.hpp"
#include "analysis/backtest/nucleus_render.hpp"
#include "analysis/backtest/report_parts.hpp"
#include "compiler/render/escape.hpp"

namespace icp::analysis {
namespace {

constexpr std::string_view kStyle =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222;padding:0 1em}"
    "table{display:block;overflow-x:auto}"
    "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}"
    "table{border-collapse:collapse;margin:.5em 0}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}"
    "th:first-child,td:first-child{text-align:left}.present{color:#b00020;font-weight:bold}"
    ".absent{color:#1b7f3b;font-weight:bold}.undetermined{color:#666;font-weight:bold}"
    "svg text{font:12px system-ui,sans-serif}.muted{color:#666}code{background:#f4f4f4;padding:0 3px}";

std::string page_start(std::string_view title) {
  return fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n"
                     "<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
                     escape::html(title), kStyle, escape::html(title));
}

std::string or_dash(const std::optional<Decimal>& value, int digits) {
  return value ? format_fixed(*value, digits) : "-";
}

double to_double(Decimal value) { return static_cast<double>(value.units()) / Decimal::kScale; }

// Win rate per group: a bar for the rate and a line with end ticks for the 95% interval.
std::string win_rate_chart(const Backtest& report) {
  constexpr double left = 200, width = 520, row = 26;
  const double height = row * static_cast<double>(report.groups.size()) + 30;
  std::string svg = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
                                "aria-label=\"win rate by group with 95% intervals\">\n",
                                left + width + 60, height);
  for (int tick = 0; tick <= 100; tick += 25) {
    const double x = left + width * tick / 100;
    svg += fmt::format("<line x1=\"{:.1f}\" y1=\"0\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}%</text>\n",
                       x, x, height - 20, x, height - 6, tick);
  }
  double y = 4;
  for (const auto& group : report.groups) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", left - 8, y + 15,
                       escape::html(group.label));
    if (const auto interval = group.win_interval()) {
      const double rate = to_double(*group.win_rate_percent());
      const double low = left + width * interval->low, high = left + width * interval->high;
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"14\" fill=\"#8fb3e0\"/>\n", left,
                         y + 4, width * rate / 100);
      svg += fmt::format("<path d=\"M{0:.1f} {1:.1f}H{2:.1f}M{0:.1f} {3:.1f}V{4:.1f}M{2:.1f} {3:.1f}V{4:.1f}\" "
                         "stroke=\"#1f3b73\" stroke-width=\"2\" fill=\"none\"/>\n",
                         low, y + 11, high, y + 5, y + 17);
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}%</text>\n", high + 6, y + 15,
                         format_fixed(*group.win_rate_percent(), 1));
    } else {
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"muted\">no closed deals</text>\n", left + 4, y + 15);
    }
    y += row;
  }
  return svg + "</svg>\n";
}

// Sales cycle per group as a box plot: whiskers at min and max, box from p25 to p75, a
// line at the median.
std::string cycle_chart(const Backtest& report) {
  constexpr double left = 200, width = 520, row = 26;
  std::int64_t longest = 1;
  for (const auto& group : report.groups) {
    if (!group.cycles.empty()) longest = std::max(longest, group.cycles.back());
  }
  const double height = row * static_cast<double>(report.groups.size()) + 30;
  auto x_of = [&](double days) { return left + width * days / static_cast<double>(longest); };
  std::string svg = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
                                "aria-label=\"sales cycle length by group\">\n",
                                left + width + 60, height);
  for (int tick = 0; tick <= 4; ++tick) {
    const double days = static_cast<double>(longest) * tick / 4;
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"0\" x2=\"{0:.1f}\" y2=\"{1:.1f}\" stroke=\"#ddd\"/>"
                       "<text x=\"{0:.1f}\" y=\"{2:.1f}\" text-anchor=\"middle\">{3:.0f}d</text>\n",
                       x_of(days), height - 20, height - 6, days);
  }
  double y = 4;
  for (const auto& group : report.groups) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", left - 8, y + 15,
                       escape::html(group.label));
    if (!group.cycles.empty()) {
      const double low = x_of(static_cast<double>(group.cycles.front()));
      const double high = x_of(static_cast<double>(group.cycles.back()));
      const double q1 = x_of(to_double(percentile(group.cycles, 25)));
      const double q3 = x_of(to_double(*group.p75_cycle()));
      const double median = x_of(to_double(*group.median_cycle()));
      svg += fmt::format("<path d=\"M{:.1f} {:.1f}H{:.1f}M{:.1f} {:.1f}H{:.1f}\" stroke=\"#555\"/>\n", low, y + 11, q1,
                         q3, y + 11, high);
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"14\" fill=\"#f2c38b\" "
                         "stroke=\"#555\"/>\n",
                         q1, y + 4, std::max(1.0, q3 - q1));
      svg += fmt::format("<path d=\"M{0:.1f} {1:.1f}V{2:.1f}\" stroke=\"#000\" stroke-width=\"2\"/>\n", median, y + 3,
                         y + 19);
    }
    y += row;
  }
  return svg + "</svg>\n";
}

// ICP share of pipeline per engage quarter, with the 50% line of the activation finding.
std::string coverage_chart(const Backtest& report) {
  constexpr double left = 40, height = 200, bar = 72;  // wide enough for a "2017-Q1" label under each bar
  const double width = bar * static_cast<double>(std::max<std::size_t>(1, report.quarters.size()));
  std::string svg = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\" "
                                "aria-label=\"ICP share of pipeline by engage quarter\">\n",
                                left + width + 20, height + 40);
  for (int tick = 0; tick <= 100; tick += 25) {
    const double y = height - height * tick / 100 + 10;
    svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\"{}/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}%</text>\n",
                       left, y, left + width, y, tick == 50 ? "#b00020" : "#ddd",
                       tick == 50 ? " stroke-dasharray=\"4 3\"" : "", left - 4, y + 4, tick);
  }
  double x = left;
  for (const auto& quarter : report.quarters) {
    const double share = to_double(percent_of(quarter.icp, quarter.total).value_or(Decimal()));
    const double h = height * share / 100;
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#8fb3e0\">"
                       "<title>{}: {} of {}</title></rect>\n",
                       x + 6, height - h + 10, bar - 12, h, quarter.quarter, quarter.icp, quarter.total);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", x + bar / 2, height + 28,
                       quarter.quarter);
    x += bar;
  }
  return svg + "</svg>\n";
}

std::string bad_rows_html(const std::vector<BadRow>& rows) {
  if (rows.empty()) return "<p>Bad rows: none.</p>\n";
  std::string out = fmt::format("<p>Bad rows: {} (not counted).</p>\n<table><tr><th>kind</th><th>count</th>"
                                "<th>first rows</th></tr>\n",
                                rows.size());
  for (const auto& summary : summarize_bad_rows(rows)) {
    std::string first;
    for (const BadRow* row : summary.first) {
      first += fmt::format("{}{}:{} {} {}", first.empty() ? "" : "; ", escape::html(row->file), row->line,
                           escape::html(row->field),
                           row->found.empty() ? "" : "&quot;" + escape::html(row->found) + "&quot;");
    }
    out += fmt::format("<tr><td>{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>\n",
                       bad_row_kind_name(summary.kind), summary.count, first);
  }
  return out + "</table>\n";
}

std::string_view status_name(FindingStatus status) {
  return status == FindingStatus::present ? "present" : status == FindingStatus::absent ? "absent" : "undetermined";
}

std::string groups_table(const Backtest& report) {
  const std::size_t total = report.group("all").opportunities;
  std::string out = "<table><tr><th>group</th><th>opportunities</th><th>share %</th><th>won</th><th>lost</th>"
                    "<th>open</th><th>win %</th><th>95% CI</th><th>median days</th><th>p75 days</th>"
                    "<th>avg won</th></tr>\n";
  for (const auto& group : report.groups) {
    const auto interval = group.win_interval();
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                       "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       escape::html(group.label), group.opportunities, or_dash(group.share_percent(total), 1),
                       group.won, group.lost, group.open, or_dash(group.win_rate_percent(), 1),
                       interval ? fmt::format("{:.1f}–{:.1f}", interval->low * 100, interval->high * 100) : "-",
                       or_dash(group.median_cycle(), 1), or_dash(group.p75_cycle(), 1),
                       or_dash(group.average_won(), 2));
  }
  return out + "</table>\n";
}

}  // namespace

std::string render_backtest_html(const Backtest& report) {
  std::string out = page_start(fmt::format("Backtest of \"{}\" {}", report.profile, report.version));
  out += fmt::format("<p class=\"muted\">Program <code>{}</code>. Window: {}. Each account is evaluated as of each "
                     "opportunity's engage date ({} evaluations). Win rates are on closed deals, with 95% Wilson "
                     "score intervals.</p>\n",
                     escape::html(report.program_id), escape::html(window_text(report.from, report.to)),
                     report.evaluations);
  out += fmt::format("<p>{}.</p>\n", escape::html(firmographics_text(report)));
  out += "<h2>Findings</h2>\n<ul>\n";
  for (const auto& finding : report.findings) {
    out += fmt::format("<li><span class=\"{0}\">{0}</span>: {1}<br><span class=\"muted\">{2}</span></li>\n",
                       status_name(finding.status), escape::html(finding.title), escape::html(finding.detail));
  }
  out += "</ul>\n<h2>Groups</h2>\n" + groups_table(report);
  out += "<h2>Win rate by group (95% interval)</h2>\n" + win_rate_chart(report);
  out += "<h2>Sales cycle, engage to close (min, p25, median, p75, max)</h2>\n" + cycle_chart(report);
  out += "<h2>ICP share of pipeline by engage quarter</h2>\n" + coverage_chart(report);
  out += "<h2>Rows</h2>\n";
  const SkippedRows& s = report.skipped;
  out += fmt::format("<p>{} rows read from <code>{}</code>; {} analysed; skipped: {} open without an account, {} "
                     "never engaged, {} before and {} after the window; {} closed after --to counted as open.</p>\n",
                     report.opportunity_rows, escape::html(report.opportunities_file),
                     report.group("all").opportunities, s.open_without_account, s.not_engaged, s.before_window,
                     s.after_window, s.closed_after_window);
  if (!report.valid_from_column.empty()) {
    out += fmt::format("<p>Skipped, engaged before the account's first row: {}", report.before_history);
    for (const auto& deal : report.before_history_first) {
      out += fmt::format("{} line {} <code>{}</code> engaged {}, first row {}",
                         &deal == &report.before_history_first.front() ? "; first:" : ";", deal.line,
                         escape::html(deal.account), format_date(deal.engage), format_date(deal.first_row));
    }
    out += ".</p>\n";
  }
  out += bad_rows_html(report.bad_rows);
  for (const auto& account : report.rejected_accounts) {
    out += fmt::format("<p>Rejected account <code>{}</code> (line {}, {} opportunities): {}</p>\n",
                       escape::html(account.key), account.line, account.opportunities,
                       escape::html(account.error.message));
  }
  out += fmt::format("<p>Accounts without opportunities in the window: {} of {}{}</p>\n",
                     report.accounts_without_opportunities.size(), report.account_count,
                     report.accounts_without_opportunities.empty() ? "." : ":");
  if (!report.accounts_without_opportunities.empty()) {
    std::string keys;
    for (const auto& key : report.accounts_without_opportunities) {
      keys += (keys.empty() ? "" : ", ") + escape::html(key);
    }
    out += "<p>" + keys + "</p>\n";
  }
  return out + "</body>\n</html>\n";
}

std::string render_nucleus_html(const Nucleus& report) {
  std::string out = page_start("Closed-won nucleus");
  out += fmt::format("<p class=\"muted\">{} won accounts of {} in <code>{}</code> ({}). Top quartile: average won deal "
                     "&ge; {}, median cycle &le; {} days{}. The nucleus is the accounts in two or more top "
                     "quartiles.</p>\n",
                     report.won_accounts.size(), report.account_count, escape::html(report.opportunities_file),
                     escape::html(window_text(report.from, report.to)), or_dash(report.size_cutoff, 2),
                     or_dash(report.speed_cutoff, 1),
                     report.has_retention ? ", net retention &ge; " + or_dash(report.retention_cutoff, 2)
                                          : "; no retention given");
  auto table = [&](const std::vector<std::size_t>& which) {
    std::string t = "<table><tr><th>account</th><th>won</th><th>avg won</th><th>median days</th>";
    t += report.has_retention ? "<th>retention</th>" : "";
    t += "<th>size</th><th>speed</th>";
    t += report.has_retention ? "<th>retention</th>" : "";
    if (!report.won_accounts.empty()) {
      for (const auto& [column, cell] : report.won_accounts.front().firmographics) {
        t += "<th>" + escape::html(column) + "</th>";
      }
    }
    t += "</tr>\n";
    for (std::size_t index : which) {
      const WonAccount& a = report.won_accounts[index];
      t += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>", escape::html(a.key), a.won,
                       or_dash(a.average_won, 2), or_dash(a.median_cycle, 1));
      t += report.has_retention ? "<td>" + or_dash(a.retention, 2) + "</td>" : "";
      t += fmt::format("<td>{}</td><td>{}</td>", a.top_size ? "&#10003;" : "", a.top_speed ? "&#10003;" : "");
      t += report.has_retention ? fmt::format("<td>{}</td>", a.top_retention ? "&#10003;" : "") : "";
      for (const auto& [column, cell] : a.firmographics) t += "<td>" + escape::html(cell) + "</td>";
      t += "</tr>\n";
    }
    return t + "</table>\n";
  };
  out += fmt::format("<h2>Nucleus ({} accounts)</h2>\n", report.nucleus.size()) + table(report.nucleus);
  std::vector<std::size_t> all(report.won_accounts.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  out += "<h2>Every won account</h2>\n" + table(all);
  out += "<h2>Closed-lost reasons</h2>\n";
  if (!report.has_reasons) {
    out += "<p>No reason column mapped.</p>\n";
  } else {
    out += "<table><tr><th>reason</th><th>lost deals</th><th>share %</th></tr>\n";
    for (const auto& reason : report.reasons) {
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         reason.reason.empty() ? "(no reason given)" : escape::html(reason.reason), reason.count,
                         or_dash(percent_of(reason.count, report.lost), 1));
    }
    out += "</table>\n";
  }
  out += "<h2>Rows</h2>\n" + bad_rows_html(report.bad_rows);
  return out + "</body>\n</html>\n";
}

}  // namespace icp::analysis
