// CSV exports -> Record: account rows by column name, plus signals and contacts joined from
// side files keyed by account id (issue 3: CRM exports are CSV). Input: CsvRows, the header,
// SideTables and `as_of`. Output: a Record, or a DecodeError like JSON's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "icp/csv_columns.hpp"
#include "icp/date.hpp"
#include "runtime/input/csv.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record.hpp"
#include "runtime/format/schema.hpp"
#include "runtime/input/side_tables.hpp"

namespace icp::vm {

// Decoding rules for account rows, decided here (LANGUAGE.md: nothing silently coerced):
// - columns map to fields by exact, case-sensitive name; `id` is required; columns that
//   name no field are ignored (CRM exports carry extra columns); a column named `signals`
//   or `contacts` is an error (they come from side files); a field or `id` column given
//   twice is an error; a required field without a column is an error for the whole file;
// - every row must have as many cells as the header, and be well-formed UTF-8 CSV (a
//   CsvError becomes the row's DecodeError through reject_row);
// - an empty cell is a missing value: fine for an optional field, an error otherwise;
// - no cell is trimmed, except set items: " 42" is not an int;
// - int: optional sign and digits; decimal: `-?digits[.digits]` with at most 4 significant
//   fractional digits (no exponent, no thousands separator); bool: true/false/TRUE/FALSE;
//   date: YYYY-MM-DD; enum: one of the declared values, exactly;
// - set<string>: items separated by `;`, each trimmed, empty items dropped (so a cell
//   holding only `;` is the empty set);
// - naics: a NAICS 2022 code; country: an ISO 3166-1 alpha-2 code, upper case (the lists of
//   reference_codes.hpp, as for JSON).
class CsvAccountDecoder {
 public:
  explicit CsvAccountDecoder(Schema schema);

  // Reads the export through `map` (not owned; set before set_header): its columns and
  // cells as the map gives them. Without one, columns are read by their own names.
  void set_column_map(const CsvColumnMap* map) { map_ = map; }
  // Maps the header's columns to fields. On failure the file cannot be read at all.
  bool set_header(const CsvRow& header, DecodeError& error);
  // Signals and contacts to join by id; without it records have none. Not owned.
  void set_side_tables(const SideTables* tables) { side_ = tables; }

  // On failure `out` holds a partial record: do not use it. error.id is set when readable.
  bool decode(const CsvRow& row, Date as_of, Record& out, DecodeError& error);
  // A row the reader refused, as a rejected record: the column that is not UTF-8 and the
  // row's id when it can be read, else what was malformed and where. Always false.
  bool reject_row(const CsvRow& row, const CsvError& csv_error, DecodeError& error) const;

  const Schema& schema() const { return schema_; }

 private:
  bool fail(std::string field, std::string expected, std::string found);
  bool decode_row(const CsvRow& row, Date as_of);
  bool map_header(const CsvRow& header, std::vector<CsvColumnMap::Column>& columns);
  bool decode_cell(std::size_t field, std::string_view cell);
  bool decode_set(std::size_t field, std::string_view cell);

  Schema schema_;
  const SideTables* side_ = nullptr;
  std::vector<std::string> header_;  // the column names, for errors
  std::size_t id_column_ = 0;
  const CsvColumnMap* map_ = nullptr;
  std::string scratch_;  // a cell translated by map_
  // One entry per column read into a field, in the order the columns are seen.
  struct Column {
    std::size_t column;  // in the row
    std::size_t field;
    std::size_t tag;     // the map's tag for the column (with a map)
  };
  std::vector<Column> columns_;
  Record* out_ = nullptr;
  DecodeError* error_ = nullptr;
};

}  // namespace icp::vm
