// `icpc backtest`'s report as text tables, JSON (stable key order, one object) and a
// self-contained HTML page. Input: a Backtest. Output: the whole report as a string, the
// same bytes for the same Backtest.
#pragma once

#include <string>

#include "analysis/backtest/backtest_analysis.hpp"

namespace icp::analysis {

std::string render_backtest_text(const Backtest& report);
std::string render_backtest_json(const Backtest& report);
std::string render_backtest_html(const Backtest& report);  // backtest_html.cpp
// The sentence saying which firmographics the deals were judged with: today's (one row per
// account) or the row in force on each engage date (a history), in every format.
std::string firmographics_text(const Backtest& report);

}  // namespace icp::analysis
