// The parts the backtest and nucleus reports share: fixed-point numbers, the window, the
// "Rows" and "Bad rows" sections. Input: figures and rows of a report. Output: text (and
// the JSON member for bad rows), the same bytes for the same input.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/crm/crm_export.hpp"
#include "icp/date.hpp"
#include "icp/decimal.hpp"

namespace icp::analysis {

// `value` rounded half-even to `digits` (0..4) fractional digits, always written with them.
std::string format_fixed(Decimal value, int digits);

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

}  // namespace icp::analysis
