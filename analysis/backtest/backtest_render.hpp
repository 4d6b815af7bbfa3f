// `icpc backtest`'s report as text tables, JSON (stable key order, one object) and a
// self-contained HTML page. Input: a Backtest. Output: the whole report as a string, the
// same bytes for the same Backtest.
#pragma once

#include <string>

#include "analysis/backtest/backtest_analysis.hpp"

namespace icp::analysis {

std::string render_backtest_text(const Backtest& report);
std::string render_backtest_json(const Backtest& report);
std::string render_backtest_html(const Backtest& report);  // report_html.cpp

}  // namespace icp::analysis
