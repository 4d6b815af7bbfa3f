// Reading and decoding the impact report's sample (see sample.hpp). Input: a Source of
// JSON Lines, one JSON document or CSV with side tables. Output: the accounts, each decoded
// on demand by any version's schema.
#include "analysis/impact/sample.hpp"

#include <utility>

#include <fmt/format.h>

#include "runtime/input/json_lines.hpp"

namespace icp::analysis {

Error Sample::unreadable() const { return Error{.message = fmt::format("cannot read `{}`", name_)}; }

bool Sample::read_json_lines(const Source& source, Error& error) {
  name_ = source.name;
  format_ = SampleFormat::jsonl;
  if (source.file != nullptr) return read_line_blocks(source.file, error);
  vm::LineSplitter lines(source.text);
  for (vm::JsonLine line; lines.next(line);) {
    accounts_.push_back(SampleAccount{line.number, line.text, 0, {}, line.bytes});
  }
  return true;
}

// JSON Lines from a file, in blocks that stay in memory: a block moved into the vector
// keeps its buffer, so the accounts' views stay valid.
bool Sample::read_line_blocks(std::FILE* input, Error& error) {
  vm::LineBlockReader reader(input);
  std::size_t number = 1;
  while (!reader.at_end()) {
    vm::LineBlock& block = blocks_.emplace_back();
    if (!reader.read(block)) {
      error = unreadable();
      return false;
    }
    vm::LineSplitter lines = block.lines(number);
    for (vm::JsonLine line; lines.next(line);) {
      accounts_.push_back(SampleAccount{line.number, line.text, 0, {}, line.bytes});
    }
    number = lines.next_number();
  }
  return true;
}

bool Sample::read_json(const Source& source, Error& error) {
  name_ = source.name;
  format_ = SampleFormat::json;
  if (source.file == nullptr) {
    accounts_.push_back(SampleAccount{1, source.text, 0, {}, source.text.size()});
    return true;
  }
  std::size_t bytes = 0;
  if (!vm::read_json_document(source.file, text_, bytes)) {
    error = unreadable();
    return false;
  }
  accounts_.push_back(SampleAccount{1, text_, 0, {}, bytes});
  return true;
}

// CSV rows as `icpc eval` reads them; the side rows of ids in no row are kept, as eval
// reports them.
bool Sample::read_csv(const Source& source, vm::SideTables side, const CrmMapping& mapping, Error& error) {
  mapping_ = &mapping;
  return read_csv(source, std::move(side), error);
}

bool Sample::read_csv(const Source& source, vm::SideTables side, Error& error) {
  name_ = source.name;
  format_ = SampleFormat::csv;
  side_ = std::move(side);
  vm::CsvReader reader = source.file != nullptr ? vm::CsvReader(source.file) : vm::CsvReader(source.text);
  vm::CsvRow row;
  vm::CsvError csv_error;
  std::optional<std::size_t> id_column;
  for (auto result = reader.next(row, csv_error); result != vm::CsvReader::Result::end;
       result = reader.next(row, csv_error)) {
    if (!header_) {
      if (result == vm::CsvReader::Result::error) {
        error = Error{.file = name_, .line = csv_error.line, .message = "the header row: " + csv_error.message};
        return false;
      }
      header_ = row;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (row[i] == (mapping_ != nullptr ? std::string_view(mapping_->account_key) : "id")) id_column = i;
      }
      continue;
    }
    std::optional<std::size_t> refused;
    if (result == vm::CsvReader::Result::error) {
      refused = csv_errors_.size();
      csv_errors_.push_back(csv_error);
    } else if (id_column && *id_column < row.size()) {
      side_.note_account(row[*id_column]);
    }
    accounts_.push_back(SampleAccount{refused ? csv_error.line : row.line(), {}, rows_.size(), refused});
    rows_.push_back(row);
  }
  if (reader.read_failed()) {
    error = unreadable();
    return false;
  }
  unused_per_file_ = side_.unused([&](const vm::SideError& unused) { unused_side_rows_.push_back(unused); });
  return true;
}

void Sample::add_logged(std::string_view json, std::size_t line, Date as_of, const std::string& name) {
  name_ = name;
  format_ = SampleFormat::jsonl;
  const std::string& kept = logged_.emplace_back(json);
  accounts_.push_back(SampleAccount{.line = line, .json = kept, .json_bytes = kept.size(), .as_of = as_of});
}

SampleDecoder::SampleDecoder(const Sample& sample, const vm::Schema& schema)
    : sample_(sample) {
  if (sample.format_ != SampleFormat::csv) {
    json_.emplace(schema);
    return;
  }
  csv_.emplace(schema);
  csv_->set_side_tables(&sample.side_);
  if (sample.mapping_ != nullptr) {
    columns_.emplace(*sample.mapping_, csv_->schema());
    csv_->set_column_map(&*columns_);
  }
  vm::DecodeError error;
  if (sample.header_ && !csv_->set_header(*sample.header_, error)) {
    error.message = fmt::format("the header (line {}) does not fit: {}", sample.header_->line(), error.message);
    header_error_ = error;
  }
}

bool SampleDecoder::decode(const SampleAccount& account, Date as_of, vm::Record& out, vm::DecodeError& error) {
  if (account.csv_error) {
    return csv_->reject_row(sample_.rows_[account.row], sample_.csv_errors_[*account.csv_error], error);
  }
  if (json_) return json_->decode_line(vm::JsonLine{account.json, account.line, account.json_bytes}, as_of, out, error);
  if (header_error_) {
    error = *header_error_;
    return false;
  }
  return csv_->decode(sample_.rows_[account.row], as_of, out, error);
}

}  // namespace icp::analysis
