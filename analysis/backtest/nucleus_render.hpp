// `icpc nucleus`'s report as text tables, JSON (stable key order, one object) and a
// self-contained HTML page. Input: a Nucleus. Output: the whole report as a string, the
// same bytes for the same Nucleus.
#pragma once

#include <string>

#include "analysis/backtest/nucleus_analysis.hpp"

namespace icp::analysis {

std::string render_nucleus_text(const Nucleus& report);
std::string render_nucleus_json(const Nucleus& report);
std::string render_nucleus_html(const Nucleus& report);  // report_html.cpp

}  // namespace icp::analysis
