// RFC 4180 CSV, read row by row from a buffer: the first stage of CSV account input.
// Input: the bytes of a .csv file. Output: rows of unquoted cells, each with the line it
// starts on (a quoted cell may span lines), or a CsvError naming line and column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace icp::vm {

// One row's cells with quotes removed and doubled quotes undone. The cell strings are
// reused from row to row, so reading a file allocates only while rows grow.
class CsvRow {
 public:
  std::size_t size() const { return size_; }
  std::string_view operator[](std::size_t index) const { return cells_[index]; }
  std::size_t line() const { return line_; }  // 1-based line the row starts on

 private:
  friend class CsvReader;
  std::vector<std::string> cells_;
  std::size_t size_ = 0;
  std::size_t line_ = 0;
};

struct CsvError {
  std::size_t line = 0;    // 1-based
  std::size_t column = 0;  // 1-based, in code points
  std::string message;
};

// Rules beyond RFC 4180, decided here:
// - rows end with "\n" or "\r\n"; a UTF-8 byte order mark at the start is skipped;
// - lines that are empty or hold only spaces and tabs are skipped (line numbers still count
//   them), so a trailing blank line never becomes a row;
// - a quote inside an unquoted cell, or text after a closing quote, is an error for that
//   row; the reader then skips to the end of that line and goes on with the next row;
// - a quoted cell still open at the end of the buffer is an error that ends the file.
class CsvReader {
 public:
  enum class Result { row, error, end };

  explicit CsvReader(std::string_view buffer);
  Result next(CsvRow& row, CsvError& error);

 private:
  std::string& start_cell(CsvRow& row);
  bool read_quoted(std::string& cell, CsvError& error);
  bool read_unquoted(std::string& cell, CsvError& error);
  bool at_line_end() const;
  void end_line();
  void skip_blank_lines();
  Result fail(CsvError& error, std::size_t line, std::size_t column, std::string message);
  std::size_t column_of(std::size_t position) const;

  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;  // position of the current line's first byte
};

}  // namespace icp::vm
