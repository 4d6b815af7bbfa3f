// The shared parts of the reports' charts (see svg_chart.hpp). Input: sizes and labels.
// Output: SVG elements with fixed-precision coordinates, so the same chart is the same bytes.
#include "analysis/backtest/svg_chart.hpp"

#include <cmath>

#include <fmt/format.h>

#include "analysis/backtest/report_numbers.hpp"
#include "compiler/render/escape.hpp"

namespace icp::analysis::svg {
namespace {

// The mark of a legend entry, 18 px wide, centred on y.
std::string mark(const LegendEntry& entry, double x, double y) {
  switch (entry.mark) {
    case Mark::bar:
      return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"18\" height=\"10\" fill=\"{}\"/>", x, y - 5, kBar);
    case Mark::interval:
      return fmt::format("<path d=\"M{0:.1f} {1:.1f}H{2:.1f}M{0:.1f} {3:.1f}V{4:.1f}M{2:.1f} {3:.1f}V{4:.1f}\" "
                         "stroke=\"{5}\" stroke-width=\"2\" fill=\"none\"/>",
                         x, y, x + 18, y - 5, y + 5, kInk);
    case Mark::whisker:
      return fmt::format("<path d=\"M{:.1f} {:.1f}H{:.1f}\" stroke=\"#555\"/>", x, y, x + 18);
    case Mark::box:
      return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"18\" height=\"10\" fill=\"{}\" stroke=\"#555\"/>", x,
                         y - 5, kBox);
    case Mark::median:
      return fmt::format("<path d=\"M{0:.1f} {1:.1f}V{2:.1f}\" stroke=\"#000\" stroke-width=\"2\"/>", x + 9, y - 7,
                         y + 7);
    case Mark::dashed:
      return fmt::format("<path d=\"M{:.1f} {:.1f}H{:.1f}\" stroke=\"{}\" stroke-width=\"1.5\" "
                         "stroke-dasharray=\"4 3\"/>",
                         x, y, x + 18, entry.colour);
    case Mark::dot:
      return fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\" stroke=\"{}\"/>", x + 9, y, kBar, kInk);
    case Mark::big_dot:
      return fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"6\" fill=\"{}\" stroke=\"#222\"/>", x + 9, y,
                         kAccent);
  }
  return {};
}

}  // namespace

std::string open(double width, double height, std::string_view label) {
  return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
                     "viewBox=\"0 0 {0:.0f} {1:.0f}\" role=\"img\" aria-label=\"{2}\">\n",
                     width, height, escape::html(label));
}

std::string legend(double x, double y, const std::vector<LegendEntry>& entries) {
  std::string out = "<g class=\"legend\">";
  for (const auto& entry : entries) {
    out += mark(entry, x, y);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", x + 24, y + 4, escape::html(entry.label));
    // About 6.5 px per character of 12 px system-ui, and a gap before the next entry.
    x += 24 + 6.5 * static_cast<double>(entry.label.size()) + 22;
  }
  return out + "</g>\n";
}

std::string tick_text(double value, double step) {
  int digits = 0;
  while (digits < 4 && step * std::pow(10.0, digits) < 1 - 1e-9) ++digits;
  return group_thousands(fmt::format("{:.{}f}", value, digits));
}

}  // namespace icp::analysis::svg
