// The frame the HTML reports of backtest and nucleus share: one self-contained page (inline
// CSS, no script, no network reference), its sections and the "bad rows" table. Input:
// titles, figures and rows. Output: HTML fragments, every user string escaped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/crm/crm_export.hpp"

namespace icp::analysis {

// From <!DOCTYPE html> to the page's <h1>; page_end() closes it.
std::string page_start(std::string_view title);
std::string page_end();
// A chart under its heading, with a caption saying how to read it (already HTML).
std::string figure(std::string_view heading, const std::string& svg, const std::string& caption_html);
// The "Bad rows" paragraph and table: count by kind and the first rows of each.
std::string bad_rows_html(const std::vector<BadRow>& rows);

}  // namespace icp::analysis
