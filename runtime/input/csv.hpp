// RFC 4180 CSV, read row by row from a file in chunks or from text: the first stage of CSV
// input (accounts, side files, CRM exports). Input: bytes. Output: rows of unquoted cells,
// each with the line it starts on (a quoted cell may span lines), or a CsvError.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/input/input_window.hpp"

namespace icp::vm {

// One row's cells with quotes removed and doubled quotes undone. The cell strings are
// reused from row to row, so reading a file allocates only while rows grow.
class CsvRow {
 public:
  std::size_t size() const { return size_; }
  std::string_view operator[](std::size_t index) const { return cells_[index]; }
  std::size_t line() const { return line_; }  // 1-based line the row starts on

  // For rows built by hand (a mapped export): empties the row and sets its line.
  void reset(std::size_t line) {
    size_ = 0;
    line_ = line;
  }
  void push_back(std::string_view cell);

 private:
  friend class CsvReader;
  std::vector<std::string> cells_;
  std::size_t size_ = 0;
  std::size_t line_ = 0;
};

// What a reader enforces, so that no input makes memory grow without bound.
// KEEP IN SYNC: docs/reliability.md "CSV exports and side files".
struct CsvLimits {
  // Bytes in one row, line breaks inside quotes included, its final line ending not: 8 MiB,
  // as for a JSON record, though a CSV row holds no events or contacts. Also bounds a cell,
  // a line, and how far an unterminated quote is read before it is reported.
  std::size_t row_bytes = std::size_t{8} << 20;
  // Cells in one row: CRM objects have at most a few hundred fields, and each cell costs
  // a string's header even when empty (8 MiB of commas would be 256 MiB of them).
  std::size_t cells = 4096;
};

struct CsvError {
  enum class Kind {
    malformed,       // a quote inside an unquoted cell, text after a closing quote
    unterminated,    // a quoted cell still open at the end of the input or at the row limit
    row_too_long,    // more than CsvLimits::row_bytes
    too_many_cells,  // more than CsvLimits::cells
    invalid_utf8,    // the row is well-formed, but not UTF-8 text; the row holds its cells
  };
  Kind kind = Kind::malformed;
  std::size_t line = 0;     // 1-based line the row starts on: the row's place in the file
  std::size_t at_line = 0;  // 1-based line of the problem itself (a row may span lines)
  std::size_t column = 0;   // 1-based column of the problem on at_line, in code points
  std::size_t cell = 0;     // 0-based cell holding the problem (invalid_utf8 only)
  std::string message;      // what was wrong and where: "... at line 4, column 7"
};

// Rules beyond RFC 4180, decided here:
// - rows end with "\n" or "\r\n"; a UTF-8 byte order mark at the start is skipped;
// - lines that are empty or hold only spaces and tabs are skipped (line numbers still count
//   them), so a trailing blank line never becomes a row;
// - every row must be valid UTF-8;
// - recovery: a row that is not well-formed CSV (a quote inside an unquoted cell, text after
//   a closing quote, a quoted cell still open at the end of the input or at the row limit,
//   a row over the limit) is one error at the row's first line L, and reading resumes at
//   line L + 1. A row spans lines only inside quotes, so the lines a stray quote swallowed
//   are read again as rows: none is dropped silently. The price: a legitimately multi-line
//   cell in a bad row has its later lines read as rows too (each decoded or reported);
// - an invalid UTF-8 row or one with too many cells is well-formed: reading resumes after it.
class CsvReader {
 public:
  enum class Result { row, error, end };

  // Text in memory, which must outlive the reader.
  explicit CsvReader(std::string_view text, CsvLimits limits = {});
  // A file (not owned) read in chunks: memory stays flat in the file's size.
  explicit CsvReader(std::FILE* file, CsvLimits limits = {});

  Result next(CsvRow& row, CsvError& error);
  // A read error ended the input early (after Result::end). errno tells why.
  bool read_failed() const { return window_.failed(); }
  // Bytes of the input read so far (some not parsed yet), for a progress report.
  std::size_t bytes_read() const { return window_.offset() + window_.size(); }

 private:
  enum class Parse { done, error };
  Parse parse_row(CsvRow& row, CsvError& error);
  Parse parse_quoted(std::string& cell, CsvError& error);
  Parse parse_unquoted(std::string& cell, CsvError& error);
  Parse end_of_cell_at_limit(CsvError& error);
  Parse too_long(CsvError& error);
  Result check_row(CsvRow& row, CsvError& error);
  bool fetch();
  bool have(std::size_t bytes);
  bool skip_blank_lines();
  bool skip_line();
  void append_quoted(std::string& cell, std::size_t end);
  std::size_t limit_end() const { return row_start_ + limits_.row_bytes; }
  std::size_t column_of(std::size_t line_start, std::size_t at) const;
  Parse problem(CsvError& error, CsvError::Kind kind, std::size_t at_line, std::size_t column, std::string what);
  std::string& start_cell(CsvRow& row);

  CsvLimits limits_;
  InputWindow window_;
  std::string scratch_cell_;  // cells past the limit land here, so memory stays bounded
  std::size_t cells_seen_ = 0;
  bool at_start_ = true;  // a byte order mark may come first
  // Offsets into the window; fetch() shifts them all when it drops consumed bytes.
  std::size_t row_start_ = 0;   // the row's first byte, at the start of line row_line_
  std::size_t row_end_ = 0;     // just past the row's last cell, before its line ending
  std::size_t pos_ = 0;         // the parse position, on line line_ starting at line_start_
  std::size_t line_start_ = 0;
  std::size_t quote_at_ = 0;          // the quote that opened the current cell,
  std::size_t quote_line_start_ = 0;  // on line quote_line_ starting there
  std::size_t row_line_ = 1;
  std::size_t line_ = 1;
  std::size_t quote_line_ = 0;
};

}  // namespace icp::vm
