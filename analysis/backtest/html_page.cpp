// The shared frame of the HTML reports (see html_page.hpp). Input: titles and rows. Output:
// HTML text; the style sheet is inline so the page can be mailed or archived as it is.
#include "analysis/backtest/html_page.hpp"

#include <fmt/format.h>

#include "analysis/backtest/report_numbers.hpp"
#include "analysis/backtest/report_parts.hpp"
#include "compiler/render/escape.hpp"

namespace icp::analysis {
namespace {

// Tables take the page's width and scroll sideways inside their block when wider; names and
// figures never break across lines; finding badges say their meaning in words, the colour
// only repeats it.
constexpr std::string_view kStyle =
    "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}"
    "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}"
    ".wide{overflow-x:auto;margin:.5em 0}table{border-collapse:collapse;width:100%}"
    "th,td{padding:4px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}"
    "th{background:#f6f7f9;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}"
    "td{white-space:nowrap}"
    "ul.findings{list-style:none;padding:0}ul.findings li{margin:.6em 0;padding:.5em .8em;border-left:4px solid #999;"
    "background:#fafafa}ul.findings li.problem{border-color:#b00020}ul.findings li.fine{border-color:#1b7f3b}"
    ".badge{font-weight:bold;margin-right:.4em}li.problem .badge{color:#b00020}li.fine .badge{color:#1b7f3b}"
    "li.unknown .badge{color:#555}figure{margin:1em 0}figcaption{color:#555;margin-top:.3em}"
    "svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#333}"
    ".muted{color:#666}code{background:#f4f4f4;padding:0 3px}";

}  // namespace

std::string page_start(std::string_view title) {
  return fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n"
                     "<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
                     escape::html(title), kStyle, escape::html(title));
}

std::string page_end() { return "</body>\n</html>\n"; }

std::string figure(std::string_view heading, const std::string& svg, const std::string& caption_html) {
  return fmt::format("<h2>{}</h2>\n<figure>\n{}<figcaption>{}</figcaption>\n</figure>\n", escape::html(heading), svg,
                     caption_html);
}

std::string bad_rows_html(const std::vector<BadRow>& rows) {
  if (rows.empty()) return "<p>Bad rows: none.</p>\n";
  std::string out = fmt::format("<p>Bad rows: {} (not counted).</p>\n<div class=\"wide\"><table><tr><th>Kind</th>"
                                "<th class=\"num\">Rows</th><th>First rows</th></tr>\n",
                                format_count(rows.size()));
  for (const auto& summary : summarize_bad_rows(rows)) {
    std::string first;
    for (const BadRow* row : summary.first) {
      first += fmt::format("{}{}:{} {} {}", first.empty() ? "" : "; ", escape::html(row->file), row->line,
                           escape::html(row->field),
                           row->found.empty() ? "" : "&quot;" + escape::html(row->found) + "&quot;");
    }
    out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n", bad_row_kind_name(summary.kind),
                       format_count(summary.count), first);
  }
  return out + "</table></div>\n";
}

}  // namespace icp::analysis
