// CSV as the files icp writes for people and for other systems (queue files, exports): RFC
// 4180, with a guard against spreadsheet formula injection. Input: rows of cells. Output:
// bytes, the same for the same rows.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace icp::analysis {

// How a file is written (docs/exports.md "CSV"):
// - RFC 4180: rows end with CRLF; a cell holding `,`, `"`, CR or LF, or starting or ending
//   with a space, is quoted, and each `"` inside is doubled; so is a row's only cell when it is
//   empty or only spaces and tabs (else the row is a blank line, which readers skip); UTF-8,
//   no byte order mark;
// - formula guard (OWASP "CSV Injection"), for a file a person opens in a spreadsheet: a text
//   cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
//   so Excel, LibreOffice and Google Sheets show it as text instead of running it. A cell that
//   is a plain number (`-3.5`, `+12`) is left alone: it is data, not a formula. Off for a file
//   only a machine imports (a CRM update), where the quote would end up in the field.
struct CsvStyle {
  bool guard_formulas = true;
};

class CsvWriter {
 public:
  explicit CsvWriter(CsvStyle style) : style_(style) {}
  void row(const std::vector<std::string>& cells);
  void row(std::initializer_list<std::string_view> cells);
  const std::string& bytes() const { return out_; }

 private:
  void cell(std::string_view text, bool alone);  // alone: the row's only cell
  CsvStyle style_;
  std::string out_;
};

// Whether the guard would change `cell` (it starts like a formula and is no plain number).
bool looks_like_formula(std::string_view cell);

}  // namespace icp::analysis
