// The parts of the reports' inline SVG charts: the opening tag, a legend naming every mark a
// chart draws, tick labels, and the colours the charts share. Input: sizes, legend entries,
// tick values. Output: SVG text, every label escaped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace icp::analysis::svg {

inline constexpr std::string_view kBar = "#8fb3e0";     // bars: win rate, ICP share, won accounts
inline constexpr std::string_view kInk = "#1f3b73";     // interval lines
inline constexpr std::string_view kBox = "#f2c38b";     // cycle boxes
inline constexpr std::string_view kAccent = "#d95f02";  // the nucleus
inline constexpr std::string_view kRule = "#b00020";    // a threshold a finding uses
inline constexpr std::string_view kGrid = "#e3e3e3";
inline constexpr std::string_view kMedian = "#555555";  // median and quadrant lines

// <svg> of the given size, scaling down with the page (viewBox), labelled for screen readers.
std::string open(double width, double height, std::string_view label);

enum class Mark {
  bar,        // a filled bar
  interval,   // a line with end ticks (a 95% interval)
  whisker,    // a thin line (shortest to longest)
  box,        // a box (the middle half)
  median,     // a short thick upright line
  dashed,     // a dashed line, of `colour`
  dot,        // a small circle
  big_dot,    // a larger circle, of kAccent
};
struct LegendEntry {
  Mark mark;
  std::string label;
  std::string_view colour = kMedian;  // for dashed lines
};
// One row of entries from (x, y), y being the row's middle.
std::string legend(double x, double y, const std::vector<LegendEntry>& entries);

// A tick's label: grouped digits, and as many decimals as the step needs ("1,000", "2.5").
std::string tick_text(double value, double step);

}  // namespace icp::analysis::svg
