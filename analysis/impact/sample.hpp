// The impact report's input side: a sample of accounts held in memory (JSON Lines, one JSON
// document, or CSV rows joined to signal and contact side files, exactly as `icpc eval`
// reads them; a JSON record over the size limit is kept as its first bytes only), decoded
// by each version's own schema. Input: a Source. Output: the accounts in input order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/crm/crm_columns.hpp"
#include "analysis/crm/crm_mapping.hpp"
#include "analysis/error.hpp"
#include "analysis/source.hpp"
#include "icp/date.hpp"
#include "runtime/format/schema.hpp"
#include "runtime/input/csv.hpp"
#include "runtime/input/decode_csv.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record_reader.hpp"
#include "runtime/input/side_tables.hpp"

namespace icp::analysis {

enum class SampleFormat : std::uint8_t { jsonl, json, csv };

// One account of the sample. A CSV row the reader refused is still an account, rejected by
// both versions, so the counts match `icpc eval`'s.
struct SampleAccount {
  std::size_t line = 0;
  std::string_view json;                 // JSON Lines / JSON: the account's text (or its first bytes)
  std::size_t row = 0;                   // CSV: index into the rows
  std::optional<std::size_t> csv_error;  // CSV: index into the reader's errors, if refused
  std::size_t json_bytes = 0;            // JSON: its full length (over the record limit when cut)
  std::optional<Date> as_of;             // a logged account's own date (add_logged), used instead of the run's
};

// Held in memory because the examples are decoded again, with the audit, after aggregation.
// Read once, then shared read-only by any number of threads.
class Sample {
 public:
  // Reads JSON Lines, one JSON document, or CSV whose rows join `side` (signals and
  // contacts, already loaded). The accounts point into a text Source, which must outlive the
  // Sample. False with `error` when the input cannot be read or, for CSV, its header row is
  // not well-formed.
  bool read_json_lines(const Source& source, Error& error);
  bool read_json(const Source& source, Error& error);
  bool read_csv(const Source& source, vm::SideTables side, Error& error);
  // A CRM export read through `mapping` (not owned; it must outlive the Sample): each
  // version's decoder reads it through CrmColumns, and the account key column is the id.
  bool read_csv(const Source& source, vm::SideTables side, const CrmMapping& mapping, Error& error);

  // An account kept in a decision log (decision_log/replay_impact.cpp): a JSON object, copied
  // in, decided as of its own date; `line` is what the report names it by (the entry's seq).
  // The sample is named `name`.
  void add_logged(std::string_view json, std::size_t line, Date as_of, const std::string& name);

  SampleFormat format() const { return format_; }
  const std::vector<SampleAccount>& accounts() const { return accounts_; }
  const std::string& name() const { return name_; }
  // CSV: the side tables, the side rows whose id names no account row (one error per id,
  // as vm::SideTables::unused reports them), and per side file the rows not used.
  const vm::SideTables& side() const { return side_; }
  const CrmMapping* mapping() const { return mapping_; }
  // CSV: the header row and the rows, each a CsvRow (a refused row holds what was read).
  const std::optional<vm::CsvRow>& header() const { return header_; }
  const vm::CsvRow& row(const SampleAccount& account) const { return rows_[account.row]; }
  const std::vector<vm::SideError>& unused_side_rows() const { return unused_side_rows_; }
  const std::vector<std::size_t>& unused_side_rows_per_file() const { return unused_per_file_; }

 private:
  friend class SampleDecoder;
  bool read_line_blocks(std::FILE* input, Error& error);
  Error unreadable() const;
  std::string name_;
  SampleFormat format_ = SampleFormat::jsonl;
  std::string text_;                   // one JSON document read from a file
  std::deque<std::string> logged_;     // add_logged's accounts: a deque, so their views stay valid
  std::vector<vm::LineBlock> blocks_;  // JSON Lines read from a file: the accounts point into them
  std::vector<SampleAccount> accounts_;
  std::vector<vm::CsvRow> rows_;
  std::vector<vm::CsvError> csv_errors_;
  std::optional<vm::CsvRow> header_;
  const CrmMapping* mapping_ = nullptr;
  vm::SideTables side_;
  std::vector<vm::SideError> unused_side_rows_;
  std::vector<std::size_t> unused_per_file_;
};

// Decodes the sample's accounts with one version's schema. One per thread and version.
class SampleDecoder {
 public:
  SampleDecoder(const Sample& sample, const vm::Schema& schema);
  SampleDecoder(const SampleDecoder&) = delete;  // the CSV decoder points at columns_
  SampleDecoder& operator=(const SampleDecoder&) = delete;
  // On failure `error` says why; error.id is set when the id could be read.
  bool decode(const SampleAccount& account, Date as_of, vm::Record& out, vm::DecodeError& error);

 private:
  const Sample& sample_;
  std::optional<vm::JsonDecoder> json_;
  std::optional<CrmColumns> columns_;  // the sample's mapping applied to this schema
  std::optional<vm::CsvAccountDecoder> csv_;
  std::optional<vm::DecodeError> header_error_;  // this schema cannot read the CSV header
};

}  // namespace icp::analysis
