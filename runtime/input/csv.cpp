// RFC 4180 CSV reader: a state machine over a sliding window (input_window.hpp), one row per
// call. The window always keeps the current row from its first byte, which is what lets a
// bad row be reported at its first line and reading resume on the line after it.
// Input: CSV bytes. Output: CsvRow (cells and start line) or CsvError.
#include "runtime/input/csv.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include <fmt/format.h>
#include <simdjson.h>

#include "runtime/base/utf8.hpp"

namespace icp::vm {
namespace {

// The window holds a whole row and then some: every refill reads at least this much.
constexpr std::size_t kChunkBytes = std::size_t{256} << 10;

// Bytes that end a run of unquoted cell text.
constexpr auto kUnquotedStop = [] {
  std::array<bool, 256> table{};
  table[static_cast<unsigned char>(',')] = true;
  table[static_cast<unsigned char>('\n')] = true;
  table[static_cast<unsigned char>('\r')] = true;
  table[static_cast<unsigned char>('"')] = true;
  return table;
}();

}  // namespace

void CsvRow::push_back(std::string_view cell) {
  if (size_ == cells_.size()) cells_.emplace_back();
  cells_[size_++].assign(cell);
}

CsvReader::CsvReader(std::string_view text, CsvLimits limits) : limits_(limits), window_(text) {}

CsvReader::CsvReader(std::FILE* file, CsvLimits limits)
    : limits_(limits), window_(file, limits.row_bytes + kChunkBytes) {}

// Drops the bytes before the row and reads more. False at the end of the input.
bool CsvReader::fetch() {
  if (window_.at_end()) return false;
  const std::size_t drop = row_start_;
  const bool more = window_.refill(drop);
  for (std::size_t* offset : {&row_start_, &row_end_, &pos_, &line_start_, &quote_at_, &quote_line_start_}) {
    *offset = *offset >= drop ? *offset - drop : 0;
  }
  return more;
}

// Whether the window holds the bytes [pos_, pos_ + bytes), fetching as needed.
bool CsvReader::have(std::size_t bytes) {
  while (window_.size() < pos_ + bytes) {
    if (!fetch()) return false;
  }
  return true;
}

std::size_t CsvReader::column_of(std::size_t line_start, std::size_t at) const {
  std::size_t column = 1;
  for (std::size_t i = line_start; i < at && i < window_.size(); ++i) {
    if ((static_cast<unsigned char>(window_.data()[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

CsvReader::Parse CsvReader::problem(CsvError& error, CsvError::Kind kind, std::size_t at_line, std::size_t column,
                                    std::string what) {
  error.kind = kind;
  error.line = row_line_;
  error.at_line = at_line;
  error.column = column;
  error.cell = 0;
  error.message = std::move(what);
  return Parse::error;
}

std::string& CsvReader::start_cell(CsvRow& row) {
  if (++cells_seen_ > limits_.cells) {
    scratch_cell_.clear();
    return scratch_cell_;
  }
  if (row.size_ == row.cells_.size()) row.cells_.emplace_back();
  std::string& cell = row.cells_[row.size_++];
  cell.clear();
  return cell;
}

// Moves pos_ to the start of the next line holding more than spaces and tabs, which is where
// the next row starts. False at the end of the input.
bool CsvReader::skip_blank_lines() {
  while (true) {
    row_start_ = line_start_ = pos_;
    std::size_t blanks = 0;
    while (have(blanks + 1) && (window_.data()[pos_ + blanks] == ' ' || window_.data()[pos_ + blanks] == '\t')) {
      // A blank run longer than a row is parsed as a row, and reported as too long.
      if (++blanks > limits_.row_bytes) return true;
    }
    if (!have(blanks + 1)) return false;
    const char c = window_.data()[pos_ + blanks];
    if (c == '\n' || (c == '\r' && have(blanks + 2) && window_.data()[pos_ + blanks + 1] == '\n')) {
      pos_ += blanks + (c == '\n' ? 1 : 2);
      ++line_;
      continue;
    }
    return true;
  }
}

// Moves pos_ to the start of the line after its own. False at the end of the input.
bool CsvReader::skip_line() {
  while (true) {
    const char* data = window_.data();
    const void* found = pos_ < window_.size() ? std::memchr(data + pos_, '\n', window_.size() - pos_) : nullptr;
    if (found != nullptr) {
      pos_ = static_cast<std::size_t>(static_cast<const char*>(found) - data) + 1;
      ++line_;
      row_start_ = line_start_ = pos_;
      return true;
    }
    row_start_ = pos_ = window_.size();  // nothing kept: a line longer than the window is dropped as read
    if (!fetch()) return false;
  }
}

// At the row limit the row must end: a line ending or the end of the input.
CsvReader::Parse CsvReader::end_of_cell_at_limit(CsvError& error) {
  if (!have(1)) return Parse::done;
  const char c = window_.data()[pos_];
  if (c == '\n' || (c == '\r' && have(2) && window_.data()[pos_ + 1] == '\n')) return Parse::done;
  return too_long(error);
}

CsvReader::Parse CsvReader::too_long(CsvError& error) {
  return problem(error, CsvError::Kind::row_too_long, row_line_, 1,
                 fmt::format("a row longer than {} bytes (the limit), starting at line {}", limits_.row_bytes,
                             row_line_));
}

CsvReader::Parse CsvReader::parse_unquoted(std::string& cell, CsvError& error) {
  while (true) {
    const char* data = window_.data();
    const std::size_t stop = std::min(window_.size(), limit_end());
    std::size_t i = pos_;
    while (i < stop && !kUnquotedStop[static_cast<unsigned char>(data[i])]) ++i;
    cell.append(data + pos_, i - pos_);
    pos_ = i;
    if (i < stop) {
      if (data[i] == '"') {
        return problem(error, CsvError::Kind::malformed, line_, column_of(line_start_, i),
                       fmt::format("a quote inside an unquoted cell at line {}, column {}", line_,
                                   column_of(line_start_, i)));
      }
      if (data[i] != '\r') return Parse::done;  // `,` or `\n`
      if (have(2) && window_.data()[pos_ + 1] == '\n') return Parse::done;
      cell.push_back('\r');  // a lone carriage return is cell text
      ++pos_;
      continue;
    }
    if (stop == limit_end()) return end_of_cell_at_limit(error);
    if (!fetch()) return Parse::done;  // the end of the input ends the cell
  }
}

// Appends [pos_, end) of quoted text to the cell, counting the line breaks it holds.
void CsvReader::append_quoted(std::string& cell, std::size_t end) {
  const char* data = window_.data();
  cell.append(data + pos_, end - pos_);
  for (const char* at = data + pos_; (at = static_cast<const char*>(std::memchr(at, '\n', data + end - at)));) {
    ++at;
    ++line_;
    line_start_ = static_cast<std::size_t>(at - data);
  }
  pos_ = end;
}

// pos_ is on the opening quote; on success it is just past the closing one.
CsvReader::Parse CsvReader::parse_quoted(std::string& cell, CsvError& error) {
  quote_at_ = pos_;
  quote_line_ = line_;
  quote_line_start_ = line_start_;
  auto unterminated = [&](bool at_limit) {
    const std::size_t column = column_of(quote_line_start_, quote_at_);
    std::string what = fmt::format("an unterminated quoted cell starting at line {}, column {}", quote_line_, column);
    if (at_limit) what += fmt::format(" (no closing quote within the row limit of {} bytes)", limits_.row_bytes);
    return problem(error, CsvError::Kind::unterminated, quote_line_, column, std::move(what));
  };
  ++pos_;
  while (true) {
    const std::size_t stop = std::min(window_.size(), limit_end());
    const char* data = window_.data();
    const void* quote = pos_ < stop ? std::memchr(data + pos_, '"', stop - pos_) : nullptr;
    append_quoted(cell, quote != nullptr ? static_cast<std::size_t>(static_cast<const char*>(quote) - data) : stop);
    if (quote == nullptr) {
      if (stop == limit_end()) return unterminated(true);
      if (!fetch()) return unterminated(false);
      continue;
    }
    if (!have(2)) {  // the closing quote is the input's last byte
      ++pos_;
      return Parse::done;
    }
    if (window_.data()[pos_ + 1] == '"') {
      if (pos_ + 1 >= limit_end()) return unterminated(true);
      cell.push_back('"');
      pos_ += 2;
      continue;
    }
    ++pos_;
    if (!have(1)) return Parse::done;
    const char c = window_.data()[pos_];
    if (c == ',' || c == '\n' || (c == '\r' && have(2) && window_.data()[pos_ + 1] == '\n')) return Parse::done;
    const std::size_t column = column_of(line_start_, pos_);
    return problem(error, CsvError::Kind::malformed, line_, column,
                   fmt::format("text after a closing quote at line {}, column {} (expected `,` or the end of the line)",
                               line_, column));
  }
}

CsvReader::Parse CsvReader::parse_row(CsvRow& row, CsvError& error) {
  row.size_ = 0;
  row.line_ = row_line_;
  cells_seen_ = 0;
  while (true) {
    std::string& cell = start_cell(row);
    if (pos_ >= limit_end()) {
      if (const Parse parse = end_of_cell_at_limit(error); parse != Parse::done) return parse;
    }
    const bool quoted = have(1) && window_.data()[pos_] == '"';
    if (const Parse parse = quoted ? parse_quoted(cell, error) : parse_unquoted(cell, error); parse != Parse::done) {
      return parse;
    }
    if (have(1) && window_.data()[pos_] == ',') {
      if (pos_ >= limit_end()) return too_long(error);  // the comma itself is past the limit
      ++pos_;
      continue;
    }
    row_end_ = pos_;
    if (have(1) && window_.data()[pos_] == '\r') ++pos_;  // parse_* stop at a `\r` only before `\n`
    if (have(1) && window_.data()[pos_] == '\n') {
      ++pos_;
      ++line_;
      line_start_ = pos_;
    }
    return Parse::done;
  }
}

// A well-formed row may still have too many cells or not be UTF-8; either is an error of
// this row alone, so reading goes on after it.
CsvReader::Result CsvReader::check_row(CsvRow& row, CsvError& error) {
  if (cells_seen_ > limits_.cells) {
    problem(error, CsvError::Kind::too_many_cells, row_line_, 1,
            fmt::format("{} cells, more than the limit of {}", cells_seen_, limits_.cells));
    return Result::error;
  }
  const std::string_view text(window_.data() + row_start_, row_end_ - row_start_);
  if (simdjson::validate_utf8(text.data(), text.size())) return Result::row;
  // Both follow RFC 3629, so the scalar scan finds the byte simdjson refused.
  const std::size_t bad = row_start_ + icp::first_invalid_utf8(text).value_or(0);
  std::size_t at_line = row_line_, line_start = row_start_;
  for (std::size_t i = row_start_; i < bad; ++i) {
    if (window_.data()[i] == '\n') {
      ++at_line;
      line_start = i + 1;
    }
  }
  const std::size_t column = column_of(line_start, bad);
  problem(error, CsvError::Kind::invalid_utf8, at_line, column,
          fmt::format("invalid UTF-8 (the byte 0x{:02x}) at line {}, column {}",
                      static_cast<unsigned char>(window_.data()[bad]), at_line, column));
  // The problem lies in a cell (quotes and commas are ASCII): the first that is not UTF-8.
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (!simdjson::validate_utf8(row[i].data(), row[i].size())) {
      error.cell = i;
      break;
    }
  }
  return Result::error;
}

CsvReader::Result CsvReader::next(CsvRow& row, CsvError& error) {
  if (at_start_) {
    at_start_ = false;
    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
    if (have(kByteOrderMark.size()) && std::string_view(window_.data(), kByteOrderMark.size()) == kByteOrderMark) {
      pos_ = kByteOrderMark.size();
    }
  }
  if (!skip_blank_lines()) return Result::end;
  row_line_ = line_;
  if (parse_row(row, error) == Parse::done) return check_row(row, error);
  // Resynchronise on the line after the row's first: a row spans lines only inside quotes,
  // so what a stray quote swallowed is read again.
  pos_ = line_start_ = row_start_;
  line_ = row_line_;
  skip_line();
  return Result::error;
}

}  // namespace icp::vm
