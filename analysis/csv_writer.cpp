// RFC 4180 cells with the formula guard (see csv_writer.hpp). Input: cells. Output: CSV bytes.
#include "analysis/csv_writer.hpp"

#include <algorithm>

namespace icp::analysis {
namespace {

// `[+-]?digits[.digits]`: a number a spreadsheet reads as a number, never as a formula.
bool plain_number(std::string_view cell) {
  if (!cell.empty() && (cell.front() == '+' || cell.front() == '-')) cell.remove_prefix(1);
  const std::size_t point = cell.find('.');
  const std::string_view whole = cell.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view{} : cell.substr(point + 1);
  auto digits = [](std::string_view part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(whole) && (point == std::string_view::npos || digits(fraction));
}

bool needs_quotes(std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") != std::string_view::npos) return true;
  return !cell.empty() && (cell.front() == ' ' || cell.back() == ' ');
}

// Empty or only spaces and tabs: a row of this one cell would be a blank line, which CSV
// readers (icp's own, spreadsheets, import tools) pass over, so the row would vanish.
bool blank(std::string_view cell) { return cell.find_first_not_of(" \t") == std::string_view::npos; }

}  // namespace

bool looks_like_formula(std::string_view cell) {
  if (cell.empty()) return false;
  const char first = cell.front();
  const bool risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
  return risky && !plain_number(cell);
}

void CsvWriter::cell(std::string_view text, bool alone) {
  std::string guarded;
  if (style_.guard_formulas && looks_like_formula(text)) {
    guarded = "'";
    guarded += text;
    text = guarded;
  }
  if (!needs_quotes(text) && !(alone && blank(text))) {
    out_ += text;
    return;
  }
  out_ += '"';
  for (char c : text) {
    if (c == '"') out_ += '"';
    out_ += c;
  }
  out_ += '"';
}

void CsvWriter::row(const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out_ += ',';
    cell(cells[i], cells.size() == 1);
  }
  out_ += "\r\n";
}

void CsvWriter::row(std::initializer_list<std::string_view> cells) {
  bool first = true;
  for (std::string_view text : cells) {
    if (!first) out_ += ',';
    first = false;
    cell(text, cells.size() == 1);
  }
  out_ += "\r\n";
}

}  // namespace icp::analysis
