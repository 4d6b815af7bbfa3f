// RFC 4180 CSV reader: a hand-written state machine over the buffer, one row per call.
// Input: CSV bytes. Output: CsvRow (cells and start line) or CsvError (line, column).
#include "runtime/csv.hpp"

#include <utility>

namespace icp::vm {

CsvReader::CsvReader(std::string_view buffer) : text_(buffer) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text_.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    position_ = line_start_ = kByteOrderMark.size();
  }
}

std::size_t CsvReader::column_of(std::size_t position) const {
  std::size_t column = 1;
  for (std::size_t i = line_start_; i < position && i < text_.size(); ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

bool CsvReader::at_line_end() const {
  if (position_ >= text_.size() || text_[position_] == '\n') return true;
  return text_[position_] == '\r' && position_ + 1 < text_.size() && text_[position_ + 1] == '\n';
}

// Consumes the line ending at position_ (or nothing at the end of the buffer).
void CsvReader::end_line() {
  if (position_ < text_.size() && text_[position_] == '\r') ++position_;
  if (position_ < text_.size() && text_[position_] == '\n') {
    ++position_;
    ++line_;
    line_start_ = position_;
  }
}

void CsvReader::skip_blank_lines() {
  while (position_ < text_.size()) {
    std::size_t i = position_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    if (i < text_.size() && text_[i] != '\n' && !(text_[i] == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n')) {
      return;
    }
    position_ = i;
    if (position_ >= text_.size()) return;
    end_line();
  }
}

CsvReader::Result CsvReader::fail(CsvError& error, std::size_t line, std::size_t column, std::string message) {
  error.line = line;
  error.column = column;
  error.message = std::move(message);
  // Resynchronise at the next line end, so one bad row does not take the rest with it.
  while (position_ < text_.size() && text_[position_] != '\n') ++position_;
  end_line();
  return Result::error;
}

std::string& CsvReader::start_cell(CsvRow& row) {
  if (row.size_ == row.cells_.size()) row.cells_.emplace_back();
  std::string& cell = row.cells_[row.size_++];
  cell.clear();
  return cell;
}

// position_ is just past the opening quote; on success it is just past the closing one.
bool CsvReader::read_quoted(std::string& cell, CsvError& error) {
  while (position_ < text_.size()) {
    const char c = text_[position_++];
    if (c == '"') {
      if (position_ < text_.size() && text_[position_] == '"') {
        cell.push_back('"');
        ++position_;
        continue;
      }
      return true;
    }
    cell.push_back(c);
    if (c == '\n') {
      ++line_;
      line_start_ = position_;
    }
  }
  error.message = "unterminated quoted cell";
  return false;
}

bool CsvReader::read_unquoted(std::string& cell, CsvError& error) {
  while (position_ < text_.size() && text_[position_] != ',' && !at_line_end()) {
    if (text_[position_] == '"') {
      error.line = line_;
      error.column = column_of(position_);
      error.message = "a quote inside an unquoted cell (quote the whole cell and double the quote)";
      return false;
    }
    cell.push_back(text_[position_++]);
  }
  return true;
}

CsvReader::Result CsvReader::next(CsvRow& row, CsvError& error) {
  skip_blank_lines();
  if (position_ >= text_.size()) return Result::end;
  row.size_ = 0;
  row.line_ = line_;
  while (true) {
    std::string& cell = start_cell(row);
    if (position_ < text_.size() && text_[position_] == '"') {
      const std::size_t line = line_;
      const std::size_t column = column_of(position_);
      ++position_;
      if (!read_quoted(cell, error)) {
        position_ = text_.size();
        return fail(error, line, column, std::move(error.message));
      }
      if (position_ < text_.size() && text_[position_] != ',' && !at_line_end()) {
        return fail(error, line_, column_of(position_), "expected `,` or the end of the line after a closing quote");
      }
    } else if (!read_unquoted(cell, error)) {
      return fail(error, error.line, error.column, std::move(error.message));
    }
    if (position_ < text_.size() && text_[position_] == ',') {
      ++position_;
      continue;
    }
    end_line();
    return Result::row;
  }
}

}  // namespace icp::vm
