// The ordered batch API: decides a stream of account records (JSON Lines, one JSON
// document, CSV with signal and contact side files, or records fed one at a time) on N
// threads. Input: a program, the records, as_of. Output: decision lines in input order with
// each rejected record in place, to a BatchSink; the bytes never depend on N.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "icp/csv_columns.hpp"
#include "icp/date.hpp"
#include "icp/export.h"
#include "icp/program.hpp"

namespace icp {

// A record that could not be decided, in the order of the input. `line` is 1-based: the
// line in JSON Lines, the row's first line in CSV (a quoted cell may span lines), the
// record's place among fed records, 1 for a JSON document. `field` is a path such as
// "employees" or "signals[3].at" (empty for malformed JSON or CSV); `expected` and `found`
// are short phrases; `message` is the whole sentence; `id` is empty when unreadable.
struct RejectedRecord {
  std::size_t line = 0;
  // Where the rejection stands among BatchResults::decisions: just before the decision line
  // that starts at this byte (decisions.size() when it comes after the last).
  std::size_t offset = 0;
  std::string id, field, expected, found, message;
};

// A side-file row that was not used (CSV input): rejected when the file was read (no
// readable account id, a malformed row), or naming an account no row of the input has.
// `side` is "signals" or "contacts"; `message` is "file:line: ..." in full.
struct SideFileError {
  std::string side, file;
  std::size_t line = 0;
  std::string account_id, field, expected, found, message;
};

// A decided record with a signal event dated after the as-of date: the VM never counts
// such an event (LANGUAGE.md, "Signal points"), so a host warns of it rather than let it be
// dropped silently. `line` is as RejectedRecord::line; `event` the index in the record's
// signals (for CSV input, among the events its side file joined to it); `at` its date.
struct FutureEvent {
  std::size_t line = 0;
  std::string id;
  std::size_t event = 0;
  std::string type;
  Date at;
};

// How many of the results' decisions had one verdict ("excluded", "tier", "no_fit") and one
// route action ("disqualify", "ignore", "queue"), as their decision lines say, so a host can
// count outcomes (its metrics) without reading the lines back. Pairs with no decision are left out.
struct OutcomeCount {
  std::string_view verdict, route_action;
  std::size_t decisions = 0;
};

// The results of consecutive records, in input order. Valid only during the sink's call.
struct BatchResults {
  std::string_view decisions;  // one decision line (LANGUAGE.md) per decided record, each ending in '\n'
  std::span<const RejectedRecord> rejections;
  std::size_t records = 0;  // decided and rejected
  std::string_view tapped;  // with BatchOptions::tap: what it appended for these records, in order
  // The buffer `tapped` views. A sink that keeps the bytes may take them without a copy by
  // swapping in another string (its capacity is reused for the next batch); `tapped` is then
  // no longer valid.
  std::string* tapped_buffer = nullptr;
  // Decided records with an event after the as-of date, and the first of them (null: none).
  std::size_t future_records = 0;
  const FutureEvent* first_future = nullptr;
  std::span<const OutcomeCount> outcomes;  // of `decisions`
};

// One decided record as a DecisionTap sees it; the views are valid during the call only.
struct DecidedRecord {
  std::size_t line = 0;  // as RejectedRecord::line
  // The record as decoded, as Decision::append_input_json writes it (BatchOptions::leave_out
  // left out): a JSON account record that decodes again into the same record.
  std::string_view input;
  std::string_view decision;  // its decision line, no newline (with "audit" when audited)
};

// Sees every decided record on the thread that decided it, for a host that keeps decisions
// (a decision log): the work per record (formatting, hashing) is spread over the threads, and
// what it appends to `out` reaches the sink with its batch (BatchResults::tapped), in input
// order. With options.threads > 1 it is called from several threads at once, one batch each:
// it must be safe to call so.
class DecisionTap {
 public:
  virtual ~DecisionTap() = default;
  virtual void on_decided(const DecidedRecord& record, std::string& out) = 0;
};

// Where the results go. Every call comes from the thread that called decide_stream, in
// input order, a batch at a time (about 256 KiB of decisions or 1 MiB of input), so a host
// pays no call per record. Return false to stop the stream (a failed write): nothing more
// is read, and decide_stream reports BatchSummary::Failure::stopped.
class BatchSink {
 public:
  virtual ~BatchSink() = default;
  virtual bool on_results(const BatchResults& results) = 0;
  // CSV input only: the rows reported when the side files were read come before the first
  // results, the rows no account used after the last.
  virtual bool on_side_file_error(const SideFileError& error) = 0;
  // After each batch: the input's bytes and records so far (for a progress bar).
  virtual void on_progress(std::size_t bytes_read, std::size_t records) {
    static_cast<void>(bytes_read);
    static_cast<void>(records);
  }
};

// Records fed by the host, for one that holds them one by one (a Python iterable): each is
// one JSON account (one line or pretty-printed), numbered from 1 in the order added.
class ICP_API FedRecords {
 public:
  // Copies the record in. One over 8 MiB (kMaxRecordBytes) keeps only its first 64 KiB, to
  // name its id when it is rejected.
  void add(std::string_view json);
  // Enough for one batch (about 1 MiB); add() still accepts more.
  bool full() const;

  struct Entry {
    std::size_t begin = 0, size = 0;  // in text_
    std::size_t bytes = 0;            // the record's own size (more than `size` when cut)
  };
  void clear();
  std::string_view text(const Entry& entry) const { return std::string_view(text_).substr(entry.begin, entry.size); }
  std::span<const Entry> entries() const { return entries_; }

 private:
  std::string text_;
  std::vector<Entry> entries_;
};

class RecordFeed {
 public:
  virtual ~RecordFeed() = default;
  // Adds the next records until records.full() or the last; false once none are left.
  // Called from the thread that called decide_stream, between the sink's calls.
  virtual bool fill(FedRecords& records) = 0;
};

// One side file: read from `path`, or from `content` when given (`path` then only names it
// and gives its format: `.csv`, else JSON Lines).
struct SideFileSource {
  std::string path;
  std::optional<std::string_view> content;
};
struct SideFiles {
  std::optional<SideFileSource> signals, contacts;
};

// What to decide and how it is read. A stream is not owned; bytes in memory and a feed must
// outlive the call. A stream and bytes read alike: the same input gives the same results.
class ICP_API BatchInput {
 public:
  enum class Format { json_lines, json_document, csv, fed };
  static BatchInput json_lines(std::FILE* stream);
  static BatchInput json_lines(std::string_view bytes);
  // One account object, possibly pretty-printed.
  static BatchInput json_document(std::FILE* stream);
  static BatchInput json_document(std::string_view bytes);
  // A header row, then one account per row; signals and contacts join from side files.
  static BatchInput csv(std::FILE* stream, SideFiles side_files = {});
  static BatchInput csv(std::string_view bytes, SideFiles side_files = {});
  static BatchInput records(RecordFeed& feed);
  // CSV input only: read the export's columns through `map` (not owned; must outlive the call).
  BatchInput& map_columns(const CsvColumnMap* map) {
    column_map_ = map;
    return *this;
  }

  Format format() const { return format_; }
  std::FILE* stream() const { return stream_; }  // null: bytes() or feed()
  std::string_view bytes() const { return bytes_; }
  RecordFeed* feed() const { return feed_; }
  const SideFiles& side_files() const { return side_files_; }
  const CsvColumnMap* column_map() const { return column_map_; }

 private:
  Format format_ = Format::json_lines;
  std::FILE* stream_ = nullptr;
  std::string_view bytes_;
  RecordFeed* feed_ = nullptr;
  SideFiles side_files_;
  const CsvColumnMap* column_map_ = nullptr;
};

struct BatchOptions {
  Date as_of;
  bool audit = false;  // each decision carries its audit trace and input digest
  std::size_t threads = 1;
  DecisionTap* tap = nullptr;  // not owned; outlives the call
  // With a tap: what each DecidedRecord::input leaves out (declared fields, "signals",
  // "contacts"), as Decision::append_input_json's `leave_out`.
  std::vector<std::string> leave_out;
};

// One side file's rows and how many of them no decided or rejected account used.
struct SideFileUse {
  std::string side, file;
  std::size_t rows = 0, unused = 0;
};

struct BatchSummary {
  enum class Failure {
    none,
    read,        // the input could not be read to its end (read_errno); what was read went out
    csv_header,  // the CSV header row is unusable (line, message): nothing was decided
    side_file,   // a side file cannot be read or is over its row limit (message): nothing was decided
    stopped,     // the sink returned false
  };
  Failure failure = Failure::none;
  int read_errno = 0;
  std::size_t line = 0;
  std::string message;
  std::size_t records = 0, rejected = 0;  // account records only, side-file rows apart
  // Decided records with a signal event dated after options.as_of (never counted), and the
  // first in input order: the same whatever options.threads.
  std::size_t future_records = 0;
  std::optional<FutureEvent> first_future;
  std::vector<SideFileUse> side_files;    // CSV input with side files, in the order read
  ICP_API std::size_t unused_side_rows() const;
};

// Decides every record of `input` as a Session would (same decision bytes, same rejections),
// on options.threads threads (one: the calling thread alone), and gives the results to
// `sink` in input order. A rejected record costs itself only: the others still go through.
// Memory stays flat in the input's size (side files apart: they are held to be joined).
// If the sink throws, the workers are stopped and joined, and the exception propagates.
ICP_API BatchSummary decide_stream(const Program& program, const BatchInput& input, const BatchOptions& options,
                                   BatchSink& sink);

// A rejected record as one JSON object and '\n', the form of `icpc eval --errors`:
// {"line":L,"id":"..."|null,"field":"...","expected":"...","found":"...","message":"..."}.
ICP_API void append_json(const RejectedRecord& rejection, std::string& out);
// {"side":"signals","file":"...","line":L,"account_id":"..."|null,"field":...,"message":...} and '\n'.
ICP_API void append_json(const SideFileError& error, std::string& out);

}  // namespace icp
