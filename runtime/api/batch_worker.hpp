// The batch API's work on one thread (private to runtime/api): a batch of input (JSON
// lines, fed records or CSV rows) decoded into records, decided a block at a time, and
// written as decision lines with each rejection in place. Input: a Batch. Output: its results.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "icp/batch.hpp"
#include "runtime/input/csv.hpp"
#include "runtime/input/decode_csv.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record.hpp"
#include "runtime/input/record_reader.hpp"
#include "runtime/output/decision_json.hpp"
#include "runtime/output/input_json.hpp"
#include "runtime/output/record_digest.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::vm {

// One batch: its input, and the results it gave. Each pipeline slot keeps its batch, so
// every buffer here is reused from batch to batch.
struct Batch {
  static constexpr std::size_t kVerdicts = 3, kRouteActions = 3;  // Verdict, RouteRuleDef::Action
  // JSON Lines: whole lines (a reader's block, or a view of bytes in memory) from line
  // `first_number`; `cut` lists the lines a reader cut for being over kMaxRecordBytes.
  LineBlock block;
  std::string_view text;
  std::span<const CutLine> cut;
  std::size_t first_number = 1;  // also the first fed record's number
  std::size_t next_number = 1;   // set once decided: the number after the batch's last line
  FedRecords fed;
  // CSV: the rows as the reader gave them, a refused row with its CsvError.
  struct Row {
    CsvRow cells;
    CsvError error;
    bool refused = false;
  };
  std::vector<Row> rows;  // the first row_count are this batch's
  std::size_t row_count = 0;
  std::size_t input_bytes = 0;  // the input read up to the batch's end, for progress

  // Results. Rejections are reused slots too (their strings keep their capacity): the
  // first rejection_count are this batch's.
  std::string decisions;
  std::string tapped;  // what BatchOptions::tap appended for this batch's records
  std::vector<RejectedRecord> rejections;
  std::size_t rejection_count = 0;
  std::size_t records = 0;
  std::size_t decided = 0;   // decision lines in `decisions`
  std::size_t unplaced = 0;  // rejections from here on wait for their offset (BatchWorker::place)
  std::size_t future_records = 0;
  FutureEvent first_future;  // meaningful when future_records > 0
  // Decisions by verdict and route action (count_outcome), and the nonzero ones as results() gives them.
  std::array<std::size_t, kVerdicts * kRouteActions> outcome_counts{};
  std::vector<OutcomeCount> outcomes;
  bool done = false;  // guarded by the pipeline's mutex when threads run

  void count_outcome(Verdict verdict, RouteRuleDef::Action action) {
    ++outcome_counts[static_cast<std::size_t>(verdict) * kRouteActions + static_cast<std::size_t>(action)];
  }
  void clear_results();
  BatchResults results();
};

// Each worker owns its decoders, evaluator, writer and records: nothing is shared between
// threads but the program and the side tables (whose lookups are thread-safe).
class BatchWorker {
 public:
  // `csv`: the accounts decoder with its header mapped (CSV input), copied per worker.
  BatchWorker(const Program& program, const BatchOptions& options, const CsvAccountDecoder* csv);

  // Decides the batch's records in input order into its results. With `drain` (one thread:
  // the sink itself), the results so far go to it whenever their decisions reach
  // kDrainBytes; false when it returned false (stop).
  bool decide(BatchInput::Format format, Batch& batch, BatchSink* drain);
  // A JSON document: the record `line` (number 1), into the batch's results.
  void decide_document(const JsonLine& line, Batch& batch);

  // Decisions are handed over once they hold this much: small enough to still be in cache
  // when written (a 1 MiB batch of audited decisions is about 7 MB).
  static constexpr std::size_t kDrainBytes = std::size_t{1} << 18;

 private:
  enum class Read { accepted, rejected, end };
  template <typename Next>
  bool run(Next&& next, Batch& batch, BatchSink* drain);
  void reject(std::size_t line, Batch& batch, std::size_t pending);
  void note_future(const Record& record, std::size_t line, Batch& batch) const;
  void decide_block(std::size_t count, Batch& batch);
  // Gives the tap the record and its decision line, which starts at `line_begin` in the batch's decisions.
  void tap(const Record& record, std::size_t line, std::size_t line_begin, Batch& batch);
  void place(Batch& batch) const;
  bool hand_over(Batch& batch, BatchSink* drain) const;

  const Program& program_;
  Date as_of_;
  bool audit_;
  JsonDecoder json_;
  std::optional<CsvAccountDecoder> csv_;
  Evaluator evaluator_;
  DecisionJsonWriter writer_;
  RecordDigester digester_;
  // Records decoded and waiting to be decided together (Evaluator::evaluate_each, or
  // evaluate_audited_each with the audit), and with the audit their input digests, back to
  // back, RecordDigester::kDigestSize bytes each.
  std::vector<Record> block_;
  std::vector<std::size_t> block_lines_;  // each record's line, parallel to block_
  DecodeError error_;
  std::string digests_;
  DecisionTap* tap_;
  std::optional<InputJsonWriter> input_json_;  // with a tap
  std::string input_;                          // a record's input JSON, reused
};

// The evaluation step of every batch, records already decoded, in blocks of
// Evaluator::kBlockSize: through evaluate_each without the audit, evaluate_audited_each with
// it. `each(index, decision)` in order. The benchmark's evaluation-only figure times this call.
template <typename Each>
void decide_decoded(Evaluator& evaluator, std::span<const Record> records, Date as_of, bool audit, Each&& each) {
  if (audit) {
    evaluator.evaluate_audited_each(records, as_of, each);
  } else {
    evaluator.evaluate_each(records, as_of, each);
  }
}

}  // namespace icp::vm
