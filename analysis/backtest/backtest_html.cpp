// The HTML report of `icpc backtest`, written for the sales leader who opens it: the findings
// as sentences with their figures, the groups table, then three charts with a legend each.
// Input: a Backtest. Output: one self-contained page (inline CSS and SVG, no script).
#include <algorithm>

#include <fmt/format.h>

#include "analysis/backtest/backtest_render.hpp"
#include "analysis/backtest/html_page.hpp"
#include "analysis/backtest/report_numbers.hpp"
#include "analysis/backtest/report_parts.hpp"
#include "analysis/backtest/report_table.hpp"
#include "analysis/backtest/svg_chart.hpp"
#include "compiler/render/escape.hpp"

namespace icp::analysis {
namespace {

std::string or_dash(const std::optional<Decimal>& value, int digits) {
  return value ? format_fixed(*value, digits) : "-";
}

std::string percent_or_dash(const std::optional<Decimal>& value) { return value ? format_fixed(*value, 1) + "%" : "-"; }

double to_double(Decimal value) { return static_cast<double>(value.units()) / Decimal::kScale; }

// Chart geometry: group labels on the left, the plot beside them.
constexpr double kLabels = 220, kPlot = 600, kRow = 26, kTop = 36;

// "63.0% of their closed deals (3,083 of 4,896)".
std::string won_share(const GroupStats& group) {
  return fmt::format("{} of their closed deals ({} of {})", percent_or_dash(group.win_rate_percent()),
                     format_count(group.won), format_count(group.closed()));
}

std::string interval_text(const Interval& interval) {
  return fmt::format("{:.1f}% and {:.1f}%", interval.low * 100, interval.high * 100);
}

// Who lacks closed deals, for a finding that cannot be decided.
std::string lacking(const GroupStats& icp, const GroupStats& outside) {
  const bool a = icp.closed() == 0, b = outside.closed() == 0;
  return a && b ? "neither ICP accounts nor the others have closed deals"
                : a ? "ICP accounts have no closed deals" : "the other accounts have no closed deals";
}

std::string loose_sentence(const Finding& finding, const GroupStats& icp, const GroupStats& outside) {
  const auto a = icp.win_interval(), b = outside.win_interval();
  if (finding.status == FindingStatus::undetermined || !a || !b) {
    return "Whether ICP accounts win more often cannot be told yet: " + lacking(icp, outside) + ".";
  }
  if (finding.status == FindingStatus::absent) {
    return fmt::format("Yes. ICP accounts won {}, the other accounts {}. Even the low end of the ICP rate's 95% range "
                       "({:.1f}%) is above the high end of the others' ({:.1f}%).",
                       won_share(icp), won_share(outside), a->low * 100, b->high * 100);
  }
  return fmt::format("No: the profile is too loose. ICP accounts won {}, the other accounts {}. With 95% confidence "
                     "the ICP rate lies between {}, the others' between {}: the ranges overlap, so the profile does "
                     "not pick out accounts that win more often.",
                     won_share(icp), won_share(outside), interval_text(*a), interval_text(*b));
}

std::string activation_sentence(const Finding& finding, const GroupStats& icp, const GroupStats& all) {
  const auto share = icp.share_percent(all.opportunities);
  if (finding.status == FindingStatus::undetermined || !share) {
    return "There are no opportunities in the window, so the share with ICP accounts cannot be measured.";
  }
  const std::string figures = fmt::format("{} of opportunities ({} of {}) are with ICP accounts", percent_or_dash(share),
                                          format_count(icp.opportunities), format_count(all.opportunities));
  if (finding.status == FindingStatus::absent) return "Yes: " + figures + ", half or more.";
  return "No: only " + figures + ", less than half. Sales spends most of its time outside the profile.";
}

std::string speed_sentence(const Finding& finding, const GroupStats& icp, const GroupStats& outside) {
  const auto a = icp.median_cycle(), b = outside.median_cycle();
  if (finding.status == FindingStatus::undetermined || !a || !b) {
    return "How fast ICP deals close cannot be compared yet: " + lacking(icp, outside) + ".";
  }
  if (finding.status == FindingStatus::absent) {
    return fmt::format("Yes: ICP deals take a median of {} days from engage to close, the other accounts' {} days.",
                       format_fixed(*a, 1), format_fixed(*b, 1));
  }
  return fmt::format("No: ICP deals take a median of {} days from engage to close, the other accounts' only {} days. "
                     "The behavioural signals are likely picking accounts that are not ready to buy.",
                     format_fixed(*a, 1), format_fixed(*b, 1));
}

// Each finding as the question it answers, a verdict in words and the figures behind it.
std::string findings_html(const Backtest& report) {
  const GroupStats &icp = report.group("icp"), &outside = report.group("outside_icp"), &all = report.group("all");
  std::string out = "<h2>Findings</h2>\n<ul class=\"findings\">\n";
  for (const auto& finding : report.findings) {
    std::string_view question, kind, badge;
    std::string sentence;
    if (finding.key == "profile_too_loose") {
      question = "Do ICP accounts win more often than the others?";
      sentence = loose_sentence(finding, icp, outside);
    } else if (finding.key == "activation_problem") {
      question = "Is sales working the profile?";
      sentence = activation_sentence(finding, icp, all);
    } else {
      question = "Do ICP deals close at least as fast as the others?";
      sentence = speed_sentence(finding, icp, outside);
    }
    switch (finding.status) {
      case FindingStatus::present: kind = "problem", badge = "Needs attention."; break;
      case FindingStatus::absent: kind = "fine", badge = "Looks right."; break;
      case FindingStatus::undetermined: kind = "unknown", badge = "Not enough data."; break;
    }
    out += fmt::format("<li class=\"{}\"><strong>{}</strong><br><span class=\"badge\">{}</span>{}</li>\n", kind,
                       question, badge, escape::html(sentence));
  }
  return out + "</ul>\n";
}

ReportTable groups_table(const Backtest& report) {
  ReportTable table;
  table.columns = {{"Group", false},         {"Opportunities", true}, {"Share of pipeline", true},
                   {"Won", true},            {"Lost", true},          {"Open", true},
                   {"Win rate", true},       {"95% range", true},     {"Median days to close", true},
                   {"75% close within (days)", true}, {"Average won deal", true}};
  const std::size_t total = report.group("all").opportunities;
  for (const auto& group : report.groups) {
    const auto interval = group.win_interval();
    table.rows.push_back({group.label, format_count(group.opportunities), percent_or_dash(group.share_percent(total)),
                          format_count(group.won), format_count(group.lost), format_count(group.open),
                          percent_or_dash(group.win_rate_percent()),
                          interval ? fmt::format("{:.1f}–{:.1f}%", interval->low * 100, interval->high * 100) : "-",
                          or_dash(group.median_cycle(), 1), or_dash(group.p75_cycle(), 1),
                          money_or_dash(group.average_won(), report.currency)});
  }
  return table;
}

// Vertical grid lines and their labels below `rows` rows, for a horizontal axis.
std::string x_grid(const AxisTicks& ticks, double rows_bottom, std::string_view suffix) {
  std::string out;
  for (double value : ticks.values) {
    const double x = kLabels + kPlot * value / ticks.top();
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\"/>"
                       "<text x=\"{0:.1f}\" y=\"{4:.1f}\" text-anchor=\"middle\">{5}{6}</text>\n",
                       x, kTop - 4, rows_bottom, svg::kGrid, rows_bottom + 16, svg::tick_text(value, ticks.step),
                       suffix);
  }
  return out;
}

std::string group_label(const GroupStats& group, double y) {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", kLabels - 8, y + 15,
                     escape::html(group.label));
}

// Win rate per group: a bar for the rate and a line with end ticks for the 95% range.
std::string win_rate_chart(const Backtest& report) {
  const double bottom = kTop + kRow * static_cast<double>(report.groups.size());
  std::string svg = svg::open(kLabels + kPlot + 70, bottom + 28, "win rate by group with 95% ranges");
  svg += svg::legend(kLabels, 14, {{svg::Mark::bar, "Win rate: won ÷ (won + lost)"},
                                   {svg::Mark::interval, "95% range of the win rate"}});
  svg += x_grid(round_ticks(100, 5), bottom, "%");
  double y = kTop;
  for (const auto& group : report.groups) {
    svg += group_label(group, y);
    if (const auto interval = group.win_interval()) {
      const double rate = to_double(*group.win_rate_percent());
      const double low = kLabels + kPlot * interval->low, high = kLabels + kPlot * interval->high;
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"14\" fill=\"{}\"/>\n", kLabels,
                         y + 4, kPlot * rate / 100, svg::kBar);
      svg += fmt::format("<path d=\"M{0:.1f} {1:.1f}H{2:.1f}M{0:.1f} {3:.1f}V{4:.1f}M{2:.1f} {3:.1f}V{4:.1f}\" "
                         "stroke=\"{5}\" stroke-width=\"2\" fill=\"none\"/>\n",
                         low, y + 11, high, y + 5, y + 17, svg::kInk);
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}%</text>\n", high + 6, y + 15,
                         format_fixed(*group.win_rate_percent(), 1));
    } else {
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"muted\">no closed deals</text>\n", kLabels + 4,
                         y + 15);
    }
    y += kRow;
  }
  return svg + "</svg>\n";
}

// Days from engage to close per group as a box plot: a whisker from the shortest to the
// longest, a box over the middle half (25th to 75th percentile), a line at the median.
std::string cycle_chart(const Backtest& report) {
  std::int64_t longest = 1;
  for (const auto& group : report.groups) {
    if (!group.cycles.empty()) longest = std::max(longest, group.cycles.back());
  }
  const AxisTicks ticks = round_ticks(static_cast<double>(longest), 8);
  auto x_of = [&](double days) { return kLabels + kPlot * days / ticks.top(); };
  const double bottom = kTop + kRow * static_cast<double>(report.groups.size());
  std::string svg = svg::open(kLabels + kPlot + 70, bottom + 46, "days from engage to close by group");
  svg += svg::legend(kLabels, 14, {{svg::Mark::whisker, "Shortest to longest"},
                                   {svg::Mark::box, "Middle half of the deals"},
                                   {svg::Mark::median, "Median"}});
  svg += x_grid(ticks, bottom, "");
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">days from engage to close</text>\n",
                     kLabels + kPlot / 2, bottom + 36);
  double y = kTop;
  for (const auto& group : report.groups) {
    svg += group_label(group, y);
    if (!group.cycles.empty()) {
      const double low = x_of(static_cast<double>(group.cycles.front()));
      const double high = x_of(static_cast<double>(group.cycles.back()));
      const double q1 = x_of(to_double(percentile(group.cycles, 25)));
      const double q3 = x_of(to_double(*group.p75_cycle()));
      const double median = x_of(to_double(*group.median_cycle()));
      svg += fmt::format("<path d=\"M{:.1f} {:.1f}H{:.1f}M{:.1f} {:.1f}H{:.1f}\" stroke=\"#555\"/>\n", low, y + 11, q1,
                         q3, y + 11, high);
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"14\" fill=\"{}\" "
                         "stroke=\"#555\"/>\n",
                         q1, y + 4, std::max(1.0, q3 - q1), svg::kBox);
      svg += fmt::format("<path d=\"M{0:.1f} {1:.1f}V{2:.1f}\" stroke=\"#000\" stroke-width=\"2\"/>\n", median, y + 3,
                         y + 19);
    } else {
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"muted\">no closed deals</text>\n", kLabels + 4,
                         y + 15);
    }
    y += kRow;
  }
  return svg + "</svg>\n";
}

// ICP share of pipeline per engage quarter, with the 50% line of the activation finding.
std::string coverage_chart(const Backtest& report) {
  constexpr double left = 50, height = 200, bar = 72;  // wide enough for a "2017-Q1" label under each bar
  const double plot = bar * static_cast<double>(std::max<std::size_t>(1, report.quarters.size()));
  std::string svg = svg::open(std::max(left + plot + 20, 760.0), kTop + height + 30,
                              "ICP share of pipeline by engage quarter");
  svg += svg::legend(left, 14, {{svg::Mark::bar, "ICP share of the quarter's opportunities"},
                                {svg::Mark::dashed, "Half: below it, sales is not working the profile", svg::kRule}});
  auto y_of = [&](double percent) { return kTop + height - height * percent / 100; };
  const AxisTicks ticks = round_ticks(100, 5);
  for (double value : ticks.values) {
    svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\"/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}%</text>\n",
                       left, y_of(value), left + plot, y_of(value), svg::kGrid, left - 4, y_of(value) + 4,
                       svg::tick_text(value, ticks.step));
  }
  double x = left;
  for (const auto& quarter : report.quarters) {
    const auto share = percent_of(quarter.icp, quarter.total);
    const double percent = to_double(share.value_or(Decimal()));
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
                       "<title>{}: {} of {}</title></rect>\n",
                       x + 6, y_of(percent), bar - 12, height * percent / 100, svg::kBar, quarter.quarter,
                       format_count(quarter.icp), format_count(quarter.total));
    svg += fmt::format("<text x=\"{0:.1f}\" y=\"{1:.1f}\" text-anchor=\"middle\">{2}</text>"
                       "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>\n",
                       x + bar / 2, kTop + height + 18, quarter.quarter, y_of(percent) - 4, percent_or_dash(share));
    x += bar;
  }
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"{3}\" "
                     "stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n",
                     left, y_of(50), left + plot, svg::kRule);
  return svg + "</svg>\n";
}

std::string rows_html(const Backtest& report) {
  const SkippedRows& s = report.skipped;
  std::string out = fmt::format(
      "<h2>Rows</h2>\n<p>{} rows read from <code>{}</code>; {} analysed; skipped: {} open without an account, {} "
      "never engaged, {} before and {} after the window; {} closed after --to counted as open.</p>\n",
      format_count(report.opportunity_rows), escape::html(report.opportunities_file),
      format_count(report.group("all").opportunities), format_count(s.open_without_account),
      format_count(s.not_engaged), format_count(s.before_window), format_count(s.after_window),
      format_count(s.closed_after_window));
  if (!report.valid_from_column.empty()) {
    out += fmt::format("<p>Skipped, engaged before the account's first row: {}", format_count(report.before_history));
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
                       escape::html(account.key), account.line, format_count(account.opportunities),
                       escape::html(account.error.message));
  }
  out += fmt::format("<p>Accounts without opportunities in the window: {} of {}{}</p>\n",
                     format_count(report.accounts_without_opportunities.size()), format_count(report.account_count),
                     report.accounts_without_opportunities.empty() ? "." : ":");
  if (!report.accounts_without_opportunities.empty()) {
    std::string keys;
    for (const auto& key : report.accounts_without_opportunities) keys += (keys.empty() ? "" : ", ") + escape::html(key);
    out += "<p>" + keys + "</p>\n";
  }
  return out;
}

}  // namespace

std::string render_backtest_html(const Backtest& report) {
  std::string out = page_start(fmt::format("Backtest of \"{}\" {}", report.profile, report.version));
  out += fmt::format("<p class=\"muted\">Program <code>{}</code>. Window: {}. Each account is judged by the profile as "
                     "it stood on each opportunity's engage date ({} evaluations). Win rates count closed deals only; "
                     "a 95% range is where the true rate lies with 95% confidence (Wilson score interval).{}</p>\n",
                     escape::html(report.program_id), escape::html(window_text(report.from, report.to)),
                     format_count(report.evaluations),
                     report.currency.empty() ? std::string(" Amounts are as exported; the mapping names no currency.")
                                             : " Amounts in " + escape::html(report.currency) + ".");
  out += fmt::format("<p>{}.</p>\n", escape::html(firmographics_text(report)));
  out += findings_html(report);
  out += "<h2>Groups</h2>\n" + html_table(groups_table(report));
  out += figure("Win rate by group", win_rate_chart(report),
                "The bar is the share of closed deals won; the line is the 95% range. Where two groups' lines "
                "overlap, their win rates are not clearly different.");
  out += figure("Days from engage to close, by group", cycle_chart(report),
                "Closed deals (won and lost) only. Half of a group's deals closed by its median line, three quarters by "
                "the right edge of its box.");
  out += figure("ICP share of pipeline by engage quarter", coverage_chart(report),
                "Opportunities with ICP accounts, as a share of all opportunities engaged in the quarter.");
  return out + rows_html(report) + page_end();
}

}  // namespace icp::analysis
