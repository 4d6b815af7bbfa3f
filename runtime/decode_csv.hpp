// CSV exports -> Record: account rows by column name, plus signals and contacts joined from
// side files keyed by account id (issue 3: CRM exports are CSV). Input: CsvRows, the header,
// side files (CSV or JSON Lines) and `as_of`. Output: a Record, or a DecodeError like JSON's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/csv.hpp"
#include "runtime/date.hpp"
#include "runtime/decode_json.hpp"
#include "runtime/record.hpp"
#include "runtime/schema.hpp"

namespace icp::vm {

// A side-file row that could not be read. `field` is the column (or JSON key), empty for a
// malformed row; `account_id` is empty when the row's id could not be read.
struct SideError {
  std::string file;
  std::size_t line = 0;
  std::string field;
  std::string expected;
  std::string found;
  std::string message;  // "file:line: `field`: expected ..., found ..."
  std::string account_id;
};

// Signal events and contacts from side files, indexed by account id (a sorted vector and
// binary search, so nothing depends on hash order). Events and contacts keep file order
// per account. A row with a readable account id but a bad value is kept as an error of
// that account: decoding the account then fails, so its score never silently lacks the
// row. A row without a readable id is returned by load_*/add_* in `errors`.
class SideTables {
 public:
  // Reads a file; the format comes from the extension (.csv, or .jsonl/.json for JSON
  // Lines). False, with one error, if the file cannot be read or its header is unusable.
  bool load_signals(const std::string& path, std::vector<SideError>& errors);
  bool load_contacts(const std::string& path, std::vector<SideError>& errors);
  // The same from text in memory; `name` gives the format and names the file in errors.
  bool add_signals(std::string_view name, std::string_view content, std::vector<SideError>& errors);
  bool add_contacts(std::string_view name, std::string_view content, std::vector<SideError>& errors);

  // Appends the account's events (ages relative to as_of) and contacts to `out`. False if a
  // side row of this account was rejected, or an event's age does not fit.
  bool attach(std::string_view id, const Schema& schema, Date as_of, Record& out, DecodeError& error) const;

  std::size_t signal_count() const { return signals_.size(); }
  std::size_t contact_count() const { return contacts_.size(); }

  struct SignalRow {
    std::string account_id;
    std::string type;
    std::optional<Date> at;
    std::int64_t days_ago = 0;  // used when `at` is empty
    std::string file;
    std::size_t line = 0;
  };
  struct ContactRow {
    std::string account_id;
    std::optional<std::string> title;
  };

 private:
  enum class Kind { signals, contacts };
  bool add(Kind kind, std::string_view name, std::string_view content, std::vector<SideError>& errors);
  bool add_csv(Kind kind, std::string_view name, std::string_view content, std::vector<SideError>& errors);
  bool add_jsonl(Kind kind, std::string_view name, std::string_view content, std::vector<SideError>& errors);
  struct RowValues;
  void accept(Kind kind, RowValues& row, std::vector<SideError>& errors);
  void index();

  std::vector<SignalRow> signals_;    // sorted by account id, file order within one
  std::vector<ContactRow> contacts_;  // sorted by account id, file order within one
  struct Rejected {
    Kind kind;
    SideError error;
  };
  std::vector<Rejected> rejected_;  // rows with a readable id, sorted by account id
};

// Decoding rules for account rows, decided here (LANGUAGE.md: nothing silently coerced):
// - columns map to fields by exact, case-sensitive name; `id` is required; columns that
//   name no field are ignored (CRM exports carry extra columns); a column named `signals`
//   or `contacts` is an error (they come from side files); a field or `id` column given
//   twice is an error; a required field without a column is an error for the whole file;
// - every row must have as many cells as the header;
// - an empty cell is a missing value: fine for an optional field, an error otherwise;
// - no cell is trimmed, except set items: " 42" is not an int;
// - int: optional sign and digits; decimal: `-?digits[.digits]` with at most 4 significant
//   fractional digits (no exponent, no thousands separator); bool: true/false/TRUE/FALSE;
//   date: YYYY-MM-DD; enum: one of the declared values, exactly;
// - set<string>: items separated by `;`, each trimmed, empty items dropped (so a cell
//   holding only `;` is the empty set);
// - naics: 2 to 6 digits; country: two upper-case letters (or the CodeTables checks).
class CsvAccountDecoder {
 public:
  explicit CsvAccountDecoder(Schema schema, CodeTables codes = {});

  // Maps the header's columns to fields. On failure the file cannot be read at all.
  bool set_header(const CsvRow& header, DecodeError& error);
  // Signals and contacts to join by id; without it records have none. Not owned.
  void set_side_tables(const SideTables* tables) { side_ = tables; }

  // On failure `out` holds a partial record: do not use it. error.id is set when readable.
  bool decode(const CsvRow& row, Date as_of, Record& out, DecodeError& error);

  const Schema& schema() const { return schema_; }

 private:
  bool fail(std::string field, std::string expected, std::string found);
  bool decode_cell(std::size_t field, std::string_view cell);
  bool decode_set(std::size_t field, std::string_view cell);

  Schema schema_;
  CodeTables codes_;
  const SideTables* side_ = nullptr;
  std::size_t header_size_ = 0;
  std::size_t id_column_ = 0;
  // One entry per mapped column, in column order.
  struct Column {
    std::size_t column;
    std::size_t field;
  };
  std::vector<Column> columns_;
  Record* out_ = nullptr;
  DecodeError* error_ = nullptr;
};

}  // namespace icp::vm
