// The reports of `icpc backtest` and `icpc nucleus` as text tables, JSON and HTML. Input:
// a Backtest or a Nucleus. Output: the whole report as a string, same bytes for same input.
#pragma once

#include <string>
#include <vector>

#include "icp/decimal.hpp"
#include "tools/icpc/backtest_analysis.hpp"
#include "tools/icpc/nucleus_analysis.hpp"

namespace icp::cli {

// `value` rounded half-even to `digits` (0..4) fractional digits, always written with them.
std::string format_fixed(Decimal value, int digits);

std::string render_backtest_text(const Backtest& report);
std::string render_backtest_json(const Backtest& report);
std::string render_backtest_html(const Backtest& report);  // report_html.cpp

std::string render_nucleus_text(const Nucleus& report);
std::string render_nucleus_json(const Nucleus& report);
std::string render_nucleus_html(const Nucleus& report);  // report_html.cpp

// The bad rows grouped by kind (in BadRowKind order): count, field and the first few lines.
struct BadRowSummary {
  BadRowKind kind;
  std::size_t count = 0;
  std::vector<const BadRow*> first;  // at most kBadRowExamples
};
inline constexpr std::size_t kBadRowExamples = 5;
std::vector<BadRowSummary> summarize_bad_rows(const std::vector<BadRow>& rows);
// The "Bad rows" section, as text lines and as the JSON member `"bad_rows":{...}`.
void text_bad_rows(const std::vector<BadRow>& rows, std::string& out);
void json_bad_rows(const std::vector<BadRow>& rows, std::string& out);
// The "Rows" section: rows read, analysed and skipped by reason.
void text_rows(const std::string& opportunities_file, std::size_t rows, const SkippedRows& skipped,
               std::size_t analysed, std::string& out);
// "every engage date" or "engage dates FROM to TO".
std::string window_text(const std::optional<Date>& from, const std::optional<Date>& to);

}  // namespace icp::cli
