// Lays out a ReportTable (see report_table.hpp) as text or HTML. Input: the table. Output:
// its lines, each cell escaped for the format it is written in.
#include "analysis/backtest/report_table.hpp"

#include <algorithm>

#include "compiler/render/escape.hpp"

namespace icp::analysis {
namespace {

// Code points, so "€" and "é" take one column as a terminal shows them.
std::size_t width(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void pad(std::string& line, const std::string& cell, std::size_t to, bool right) {
  const std::string spaces(to - std::min(to, width(cell)), ' ');
  line += right ? spaces + cell : cell + spaces;
}

}  // namespace

std::string column_title(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty() && out.front() >= 'a' && out.front() <= 'z') out.front() = static_cast<char>(out.front() - 'a' + 'A');
  return out;
}

std::vector<std::string> ReportTable::names() const {
  std::vector<std::string> out;
  for (const auto& column : columns) out.push_back(column.name);
  return out;
}

std::string text_table(const ReportTable& table, int indent) {
  std::vector<std::vector<std::string>> lines(1);
  for (const auto& name : table.names()) lines.front().push_back(escape::text(name));  // a column may name a field
  for (const auto& row : table.rows) {
    auto& escaped = lines.emplace_back();
    for (const auto& cell : row) escaped.push_back(escape::text(cell));
  }
  std::vector<std::size_t> widths(table.columns.size(), 0);
  for (const auto& cells : lines) {
    for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], width(cells[i]));
  }
  std::string out;
  for (const auto& cells : lines) {
    std::string line(static_cast<std::size_t>(indent), ' ');
    for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
      if (i > 0) line += "  ";
      pad(line, cells[i], widths[i], table.columns[i].number);
    }
    while (line.ends_with(' ')) line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string html_table(const ReportTable& table) {
  std::string out = "<div class=\"wide\"><table>\n<tr>";
  for (const auto& column : table.columns) {
    out += (column.number ? "<th class=\"num\">" : "<th>") + escape::html(column.name) + "</th>";
  }
  out += "</tr>\n";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size() && i < table.columns.size(); ++i) {
      out += (table.columns[i].number ? "<td class=\"num\">" : "<td>") + escape::html(row[i]) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</table></div>\n";
}

}  // namespace icp::analysis
