// A table of a backtest or nucleus report as its cells, so the text and the HTML report show
// the same columns under the same names: each renderer only escapes and lays the cells out.
// Input: a header and rows of unescaped cells. Output: aligned text lines or an HTML table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace icp::analysis {

struct ReportTable {
  struct Column {
    std::string name;      // as a reader says it: "Deal size", not `average_won`
    bool number = false;   // right-aligned
  };
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  // one cell per column, unescaped

  std::vector<std::string> names() const;
};

// A field or column name as a column title: `year_established` -> "Year established".
std::string column_title(std::string_view name);

// Each line indented by `indent` spaces, the columns padded to their widest cell (in code
// points, after escape::text), two spaces apart, numbers right-aligned, no trailing spaces.
std::string text_table(const ReportTable& table, int indent = 2);
// A full-width <table> in a scrolling block (a wide table scrolls instead of widening the
// page); every cell through escape::html, number columns of class "num".
std::string html_table(const ReportTable& table);

}  // namespace icp::analysis
