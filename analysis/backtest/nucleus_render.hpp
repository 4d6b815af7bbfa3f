// `icpc nucleus`'s report as text tables, JSON (stable key order, one object) and a
// self-contained HTML page. Input: a Nucleus. Output: the whole report as a string, the
// same bytes for the same Nucleus.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "analysis/backtest/nucleus_analysis.hpp"
#include "analysis/backtest/report_table.hpp"

namespace icp::analysis {

// The won accounts' table, the same in text and HTML: account, won and lost deals, won total,
// deal size (average won deal), days to close (median), net retention when given, the top
// quartiles, then the firmographics as the profile reads them (Nucleus fields).
ReportTable nucleus_accounts_table(const Nucleus& report, const std::vector<std::size_t>& which);

// The closed-lost reasons' table, the same in text and HTML: reason, lost deals, share.
ReportTable nucleus_reasons_table(const Nucleus& report);

std::string render_nucleus_text(const Nucleus& report);
std::string render_nucleus_json(const Nucleus& report);
std::string render_nucleus_html(const Nucleus& report);  // nucleus_html.cpp

}  // namespace icp::analysis
