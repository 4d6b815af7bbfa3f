// Side files of CSV account input: signal events and contacts keyed by account id, held in
// memory and indexed so each account row joins its own. Input: .csv or .jsonl files (or text).
// Output: events and contacts appended to a Record, and every side row no account used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/input/csv.hpp"
#include "icp/date.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/input_window.hpp"
#include "runtime/input/record.hpp"
#include "runtime/format/schema.hpp"
#include "runtime/base/string_pool.hpp"

namespace icp::vm {

// A side-file row that could not be used. `field` is the column (or JSON key), empty for a
// malformed row; `account_id` is empty when the row's id could not be read.
struct SideError {
  std::string side;  // "signals" or "contacts": which side file the row comes from
  std::string file;
  std::size_t line = 0;  // 0: the file as a whole (it cannot be read)
  std::string field;
  std::string expected;
  std::string found;
  std::string message;  // "file:line: `field`: expected ..., found ..."
  std::string account_id;
};

// One side file as read: its data rows, and those reported on their own at load time.
struct SideFile {
  std::string name;
  std::string side;
  std::size_t rows = 0;        // data rows read (not the header, not blank lines)
  std::size_t unreadable = 0;  // rows without a readable account id, or malformed
};

// Signal events and contacts indexed by account id (a sorted vector and binary search, so
// nothing depends on hash order). Events and contacts keep file order per account. A row
// with a readable account id but a bad value is kept as an error of that account: decoding
// the account then fails, so its score never silently lacks the row. A row without a
// readable id is returned by load_*/add_* in `errors`.
//
// Side files are held in memory, unlike the accounts file: the accounts come in any order,
// so each one needs random access to its rows. KEEP IN SYNC: kMaxRows and docs/reliability.md.
class SideTables {
 public:
  // Rows per side file: about 60 bytes each at the peak of loading, their share of the
  // distinct ids included (docs/reliability.md "Costs").
  static constexpr std::size_t kMaxRows = std::size_t{1} << 24;

  explicit SideTables(std::size_t max_rows = kMaxRows) : max_rows_(max_rows) {}

  // Reads a file; the format comes from the extension (.csv, or .jsonl/.json for JSON
  // Lines). False, with the error last in `errors`, if the file cannot be read, its
  // header is unusable or it has more than max_rows rows: nothing of it may be used then.
  bool load_signals(const std::string& path, std::vector<SideError>& errors);
  bool load_contacts(const std::string& path, std::vector<SideError>& errors);
  // The same from text in memory; `name` gives the format and names the file in errors.
  bool add_signals(std::string_view name, std::string_view content, std::vector<SideError>& errors);
  bool add_contacts(std::string_view name, std::string_view content, std::vector<SideError>& errors);

  // Appends the account's events (ages relative to as_of) and contacts to `out`. False if a
  // side row of this account was rejected, or an event's age does not fit. Notes the id as
  // known, as note_account does. Safe to call from several threads at once.
  bool attach(std::string_view id, const Schema& schema, Date as_of, Record& out, DecodeError& error) const;
  // Notes that an account row with this id was read, so its side rows are not reported as
  // unknown (for an account rejected before attach). Safe from several threads at once.
  void note_account(std::string_view id) const;
  // Once all accounts were read: calls `report` for the rows of each id never noted (one
  // error per id, at its first row, with the number of rows) and for each rejected row of
  // such an id, in file and line order. Returns the rows not used per file (files() order):
  // those reported here and the unreadable ones reported when the file was read.
  std::vector<std::size_t> unused(const std::function<void(const SideError&)>& report) const;

  const std::vector<SideFile>& files() const { return files_; }
  std::size_t signal_count() const { return signals_.size(); }
  std::size_t contact_count() const { return contacts_.size(); }

 private:
  enum class Kind { signals, contacts };
  struct RowValues;
  // Rows hold numbers from the string pools, not strings: 32 and 24 bytes a row.
  struct SignalRow {
    std::size_t line;
    std::uint32_t id, type, file;
    std::int32_t value;  // days ago, or with has_at the date's day number
    bool has_at;
  };
  struct ContactRow {
    std::size_t line;
    std::uint32_t id, title, file;  // title kNoTitle: none
  };
  struct Rejected {
    std::uint32_t id = 0;
    Kind kind = Kind::signals;
    std::uint32_t file = 0;
    SideError error;
  };
  // Where one id's rows are, by its rank (its place in string order): [starts[r], starts[r + 1]).
  struct Groups {
    std::vector<std::size_t> signals, contacts, rejected;
  };

  bool load(Kind kind, const std::string& path, std::vector<SideError>& errors);
  bool add(Kind kind, std::string_view name, std::string_view content, std::vector<SideError>& errors);
  bool read(Kind kind, std::uint32_t file, std::FILE* input, std::string_view content, std::vector<SideError>& errors);
  struct CsvColumns;
  bool read_csv(Kind kind, std::uint32_t file, CsvReader& reader, std::vector<SideError>& errors);
  bool read_csv_header(Kind kind, std::uint32_t file, CsvReader& reader, CsvColumns& columns,
                       std::vector<SideError>& errors);
  void read_csv_row(Kind kind, std::uint32_t file, const CsvRow& row, const CsvError* csv_error,
                    const CsvColumns& columns, std::vector<SideError>& errors);
  bool read_jsonl(Kind kind, std::uint32_t file, InputWindow& window, std::vector<SideError>& errors);
  bool count_row(std::uint32_t file, std::size_t line, std::vector<SideError>& errors);
  void unreadable(std::uint32_t file, std::size_t line, std::string field, std::string expected, std::string found,
                  std::vector<SideError>& errors);
  void accept(Kind kind, const RowValues& row, std::vector<SideError>& errors);
  void index();
  std::optional<std::size_t> rank_of(std::string_view id) const;
  SideError error_at(std::uint32_t file, std::size_t line, std::string field, std::string expected,
                     std::string found) const;

  std::size_t max_rows_;
  std::vector<SideFile> files_;
  StringPool ids_, types_, titles_;
  std::vector<std::uint32_t> sorted_ids_;  // ids in string order: rank -> id
  std::vector<SignalRow> signals_;    // by rank of id, file order within one
  std::vector<ContactRow> contacts_;  // by rank of id, file order within one
  std::vector<Rejected> rejected_;    // rows with a readable id, by rank of id
  Groups groups_;
  // One byte per rank, set (atomically) when an account row names the id.
  mutable std::vector<std::uint8_t> known_;
};

}  // namespace icp::vm
