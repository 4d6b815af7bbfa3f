// The HTML report of `icpc nucleus`, written for the sales leader who opens it: first a chart
// of deal size against speed with the nucleus marked, then the nucleus and every won account
// in the text report's columns. Input: a Nucleus. Output: one self-contained page.
#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "analysis/backtest/html_page.hpp"
#include "analysis/backtest/nucleus_render.hpp"
#include "analysis/backtest/report_numbers.hpp"
#include "analysis/backtest/report_parts.hpp"
#include "analysis/backtest/svg_chart.hpp"
#include "compiler/render/escape.hpp"

namespace icp::analysis {
namespace {

double to_double(Decimal value) { return static_cast<double>(value.units()) / Decimal::kScale; }

std::string or_dash(const std::optional<Decimal>& value, int digits) {
  return value ? format_fixed(*value, digits) : "-";
}

// The plot: y is the deal size (up is bigger), x the days to close (left is faster), so the
// top-left corner holds the accounts a seller wants more of.
struct Plot {
  static constexpr double left = 90, top = 40, width = 820, height = 420;
  AxisTicks x_ticks, y_ticks;
  double x(double days) const { return left + width * days / x_ticks.top(); }
  double y(double size) const { return top + height - height * size / y_ticks.top(); }
};

std::string axes(const Plot& plot, std::string_view currency) {
  std::string out;
  for (double days : plot.x_ticks.values) {
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\"/>"
                       "<text x=\"{0:.1f}\" y=\"{4:.1f}\" text-anchor=\"middle\">{5}</text>\n",
                       plot.x(days), Plot::top, Plot::top + Plot::height, svg::kGrid, Plot::top + Plot::height + 16,
                       svg::tick_text(days, plot.x_ticks.step));
  }
  for (double size : plot.y_ticks.values) {
    const auto amount = Decimal::from_units(static_cast<std::int64_t>(size * Decimal::kScale + 0.5));
    const int digits = plot.y_ticks.step >= 1 ? 0 : 2;
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"{3}\"/>"
                       "<text x=\"{4:.1f}\" y=\"{5:.1f}\" text-anchor=\"end\">{6}</text>\n",
                       Plot::left, plot.y(size), Plot::left + Plot::width, svg::kGrid, Plot::left - 6,
                       plot.y(size) + 4, escape::html(format_money(amount, currency, digits)));
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">days to close (median of the account's "
                     "won deals; fewer is faster)</text>\n",
                     Plot::left + Plot::width / 2, Plot::top + Plot::height + 36);
  out += fmt::format("<text transform=\"translate(16 {:.1f}) rotate(-90)\" text-anchor=\"middle\">deal size (average "
                     "won deal)</text>\n",
                     Plot::top + Plot::height / 2);
  return out;
}

// The quadrant lines at the medians, each labelled with its value.
std::string medians(const Nucleus& report, const Plot& plot) {
  std::string out;
  if (report.speed_median) {
    const double x = plot.x(to_double(*report.speed_median));
    out += fmt::format("<path d=\"M{0:.1f} {1:.1f}V{2:.1f}\" stroke=\"{3}\" stroke-width=\"1.5\" "
                       "stroke-dasharray=\"6 4\"/><text x=\"{4:.1f}\" y=\"{5:.1f}\">median {6} days</text>\n",
                       x, Plot::top, Plot::top + Plot::height, svg::kMedian, x + 4, Plot::top + 12,
                       format_fixed(*report.speed_median, 1));
  }
  if (report.size_median) {
    const double y = plot.y(to_double(*report.size_median));
    out += fmt::format("<path d=\"M{0:.1f} {1:.1f}H{2:.1f}\" stroke=\"{3}\" stroke-width=\"1.5\" "
                       "stroke-dasharray=\"6 4\"/><text x=\"{2:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\">median "
                       "{5}</text>\n",
                       Plot::left, y, Plot::left + Plot::width, svg::kMedian, y - 5,
                       escape::html(money_or_dash(report.size_median, report.currency)));
  }
  return out;
}

// Where the names of the nucleus points go: beside each point, on the first side (right,
// left, then above or below them) where the name overlaps no name already placed and no
// other nucleus point. Widths are estimated (6.5 px a character of 12 px system-ui).
class LabelPlacer {
 public:
  explicit LabelPlacer(std::vector<std::pair<double, double>> points) : points_(std::move(points)) {}

  // The <text> of `name` for the point at (x, y).
  std::string place(double x, double y, const std::string& name) {
    struct Side { double dx, dy; bool right; };
    constexpr Side kSides[] = {{9, 4, true},   {-9, 4, false}, {9, -9, true},  {9, 17, true},
                               {-9, -9, false}, {-9, 17, false}, {9, -22, true}, {9, 30, true}};
    const double width = 6.5 * static_cast<double>(
                                   std::count_if(name.begin(), name.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    Box chosen{};
    const Side* side = &kSides[0];
    for (const Side& candidate : kSides) {
      const double left = candidate.right ? x + candidate.dx : x + candidate.dx - width;
      const Box box{left, y + candidate.dy - 11, left + width, y + candidate.dy + 3};
      if (&candidate == &kSides[0]) chosen = box;
      if (free(box, x, y)) {
        chosen = box;
        side = &candidate;
        break;
      }
    }
    placed_.push_back(chosen);
    return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\"{}>{}</text>\n", x + side->dx, y + side->dy,
                       side->right ? "" : " text-anchor=\"end\"", escape::html(name));
  }

 private:
  struct Box { double left, top, right, bottom; };
  static bool overlaps(const Box& a, const Box& b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  bool free(const Box& box, double x, double y) const {
    for (const Box& other : placed_) {
      if (overlaps(box, other)) return false;
    }
    for (const auto& [px, py] : points_) {
      if ((px != x || py != y) && overlaps(box, Box{px - 6, py - 6, px + 6, py + 6})) return false;
    }
    return true;
  }
  std::vector<std::pair<double, double>> points_;
  std::vector<Box> placed_;
};

// One point per won account with both figures; the nucleus drawn last, on top, and named.
std::string points(const Nucleus& report, const Plot& plot) {
  std::vector<std::pair<double, double>> marked;
  for (std::size_t index : report.nucleus) {
    const WonAccount& a = report.won_accounts[index];
    if (a.average_won && a.median_cycle) marked.emplace_back(plot.x(to_double(*a.median_cycle)), plot.y(to_double(*a.average_won)));
  }
  LabelPlacer labels(marked);
  std::string others, nucleus, names;
  for (std::size_t i = 0; i < report.won_accounts.size(); ++i) {
    const WonAccount& a = report.won_accounts[i];
    if (!a.average_won || !a.median_cycle) continue;
    const double x = plot.x(to_double(*a.median_cycle)), y = plot.y(to_double(*a.average_won));
    const std::string title = escape::html(fmt::format("{}: deal size {}, {} days to close", a.key,
                                                       money_or_dash(a.average_won, report.currency),
                                                       format_fixed(*a.median_cycle, 1)));
    if (std::find(report.nucleus.begin(), report.nucleus.end(), i) == report.nucleus.end()) {
      others += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\" stroke=\"{}\"><title>{}</title>"
                            "</circle>\n",
                            x, y, svg::kBar, svg::kInk, title);
    } else {
      nucleus += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"6\" fill=\"{}\" stroke=\"#222\"><title>{}"
                             "</title></circle>\n",
                             x, y, svg::kAccent, title);
      names += labels.place(x, y, a.key);
    }
  }
  return others + nucleus + names;
}

std::string size_speed_chart(const Nucleus& report) {
  double slowest = 0, biggest = 0;
  for (const auto& a : report.won_accounts) {
    if (a.median_cycle) slowest = std::max(slowest, to_double(*a.median_cycle));
    if (a.average_won) biggest = std::max(biggest, to_double(*a.average_won));
  }
  const Plot plot{round_ticks(slowest, 8), round_ticks(biggest, 6)};
  std::string svg = svg::open(Plot::left + Plot::width + 130, Plot::top + Plot::height + 50,
                              "deal size against days to close, nucleus accounts marked");
  svg += svg::legend(Plot::left, 14, {{svg::Mark::big_dot, "Nucleus account"},
                                      {svg::Mark::dot, "Other won account"},
                                      {svg::Mark::dashed, "Median of the won accounts (quadrant line)"}});
  svg += axes(plot, report.currency) + medians(report, plot) + points(report, plot);
  return svg + "</svg>\n";
}

std::string reasons_html(const Nucleus& report) {
  if (!report.has_reasons) return "<h2>Closed-lost reasons</h2>\n<p>No reason column mapped.</p>\n";
  return fmt::format("<h2>Closed-lost reasons ({} lost deals)</h2>\n", format_count(report.lost)) +
         html_table(nucleus_reasons_table(report));
}

std::string rows_html(const Nucleus& report) {
  const SkippedRows& s = report.skipped;
  std::string out = fmt::format(
      "<h2>Rows</h2>\n<p>{} rows read from <code>{}</code>; {} analysed; skipped: {} open without an account, {} "
      "never engaged, {} before and {} after the window.</p>\n",
      format_count(report.opportunity_rows), escape::html(report.opportunities_file), format_count(report.analysed),
      format_count(s.open_without_account), format_count(s.not_engaged), format_count(s.before_window),
      format_count(s.after_window));
  out += bad_rows_html(report.bad_rows);
  std::string keys;
  for (const auto& key : report.accounts_without_won) keys += (keys.empty() ? ": " : ", ") + escape::html(key);
  return out + fmt::format("<p>Accounts without a won deal in the window: {} of {}{}.</p>\n",
                           format_count(report.accounts_without_won.size()), format_count(report.account_count), keys);
}

}  // namespace

std::string render_nucleus_html(const Nucleus& report) {
  std::string out = page_start("Closed-won nucleus");
  out += fmt::format(
      "<p class=\"muted\">{} won accounts of {} in <code>{}</code> ({}). An account is in the top quarter for deal size "
      "when its average won deal is at least {}, for speed when half its won deals closed within {} days{}. The "
      "<strong>nucleus</strong> is the accounts in the top quarter for two or more of these: the customers to find "
      "more of.</p>\n",
      format_count(report.won_accounts.size()), format_count(report.account_count),
      escape::html(report.opportunities_file), escape::html(window_text(report.from, report.to)),
      escape::html(money_or_dash(report.size_cutoff, report.currency)), or_dash(report.speed_cutoff, 1),
      report.has_retention ? ", for retention when its net retention is at least " + or_dash(report.retention_cutoff, 2)
                           : " (no retention given)");
  out += figure("Deal size against speed", size_speed_chart(report),
                "Each point is a won account. The dashed quadrant lines are at the medians of the won accounts' "
                "deal sizes and days to close: the top-left quadrant holds the accounts with bigger deals that "
                "closed faster.");
  std::vector<std::size_t> all(report.won_accounts.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  out += fmt::format("<h2>Nucleus ({} accounts)</h2>\n", format_count(report.nucleus.size()));
  out += report.nucleus.empty() ? "<p>No account is in two top quarters.</p>\n"
                                : html_table(nucleus_accounts_table(report, report.nucleus));
  out += "<h2>Every won account</h2>\n" + html_table(nucleus_accounts_table(report, all));
  return out + reasons_html(report) + rows_html(report) + page_end();
}

}  // namespace icp::analysis
