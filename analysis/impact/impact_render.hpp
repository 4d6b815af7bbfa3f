// The impact report (`icpc diff`) in three formats: text tables for a terminal, Markdown for
// a pull-request comment, JSON with a fixed key order (docs/diff.md). Input: an Impact with
// its examples explained. Output: the whole report, ending with a newline.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/impact/impact.hpp"

namespace icp::analysis {

enum class ReportFormat : std::uint8_t { text, markdown, json };

std::string render_impact(const Impact& impact, ReportFormat format);

}  // namespace icp::analysis
