// The parts the backtest and nucleus reports share (see report_parts.hpp). Input: figures
// and rows. Output: text and JSON fragments, appended in a fixed order.
#include "analysis/backtest/report_parts.hpp"

#include <fmt/format.h>

#include "analysis/backtest/report_numbers.hpp"
#include "compiler/render/escape.hpp"
#include "runtime/base/half_even.hpp"

namespace icp::analysis {

std::string window_text(const std::optional<Date>& from, const std::optional<Date>& to) {
  if (!from && !to) return "every engage date";
  return fmt::format("engage dates {} to {}", from ? format_date(*from) : "the first",
                     to ? format_date(*to) : "the last");
}

void text_rows(const std::string& opportunities_file, std::size_t rows, const SkippedRows& skipped,
               std::size_t analysed, std::string& out) {
  out += fmt::format("\nRows of {}: {} read, {} analysed\n", escape::text(opportunities_file), format_count(rows),
                     format_count(analysed));
  out += fmt::format("  skipped, open without an account:   {}\n", format_count(skipped.open_without_account));
  out += fmt::format("  skipped, open and never engaged:    {}\n", format_count(skipped.not_engaged));
  out += fmt::format("  skipped, engaged before the window: {}\n", format_count(skipped.before_window));
  out += fmt::format("  skipped, engaged after the window:  {}\n", format_count(skipped.after_window));
  if (skipped.closed_after_window > 0) {
    out += fmt::format("  counted as open, closed after --to: {}\n", format_count(skipped.closed_after_window));
  }
}

std::string format_fixed(Decimal value, int digits) {
  std::int64_t divisor = 1;
  for (int i = digits; i < Decimal::kFractionDigits; ++i) divisor *= 10;
  const std::int64_t scaled = *divide_half_even(Int128(value.units()), Int128(divisor));
  const bool negative = scaled < 0;
  const auto magnitude = static_cast<std::uint64_t>(negative ? -scaled : scaled);
  std::uint64_t unit = 1;
  for (int i = 0; i < digits; ++i) unit *= 10;
  std::string text = fmt::format("{}{}", negative ? "-" : "", magnitude / unit);
  if (digits > 0) text += fmt::format(".{:0{}}", magnitude % unit, digits);
  return text;
}

std::vector<BadRowSummary> summarize_bad_rows(const std::vector<BadRow>& rows) {
  std::vector<BadRowSummary> summaries;
  for (int kind = 0; kind <= static_cast<int>(BadRowKind::bad_retention); ++kind) {
    BadRowSummary summary{static_cast<BadRowKind>(kind), 0, {}};
    for (const auto& row : rows) {
      if (row.kind != summary.kind) continue;
      if (summary.count++ < kBadRowExamples) summary.first.push_back(&row);
    }
    if (summary.count > 0) summaries.push_back(std::move(summary));
  }
  return summaries;
}

void text_bad_rows(const std::vector<BadRow>& rows, std::string& out) {
  if (rows.empty()) {
    out += "Bad rows: none\n";
    return;
  }
  out += fmt::format("Bad rows: {} (not counted above)\n", format_count(rows.size()));
  for (const auto& summary : summarize_bad_rows(rows)) {
    out += fmt::format("  {:<20} {:>6}  first:", bad_row_kind_name(summary.kind), format_count(summary.count));
    for (const BadRow* row : summary.first) {
      out += escape::text(fmt::format(" {}:{}{}{}", row->file, row->line, row->field.empty() ? "" : " " + row->field,
                                      row->found.empty() ? "" : fmt::format(" \"{}\"", row->found)));
      if (row != summary.first.back()) out += ";";
    }
    out += "\n";
  }
}

void json_bad_rows(const std::vector<BadRow>& rows, std::string& out) {
  out += "\"bad_rows\":{\"count\":" + std::to_string(rows.size()) + ",\"by_kind\":[";
  bool first = true;
  for (const auto& summary : summarize_bad_rows(rows)) {
    out += fmt::format("{}{{\"kind\":\"{}\",\"count\":{},\"first\":[", first ? "" : ",", bad_row_kind_name(summary.kind),
                       summary.count);
    first = false;
    for (const BadRow* row : summary.first) {
      out += fmt::format("{}{{\"file\":\"{}\",\"line\":{},\"field\":\"{}\",\"found\":\"{}\"}}",
                         row == summary.first.front() ? "" : ",", escape::json(row->file), row->line,
                         escape::json(row->field), escape::json(row->found));
    }
    out += "]}";
  }
  out += "]}";
}

}  // namespace icp::analysis
