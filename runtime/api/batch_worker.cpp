// The batch API's per-thread work (batch_worker.hpp): records are decoded into a block
// and decided together, and each rejection is placed among the decision lines by the
// number of decisions before it. Input: a Batch's lines, fed records or rows. Output:
// its decision lines and rejections, in input order.
#include "runtime/api/batch_worker.hpp"

#include "runtime/input/future_event.hpp"

namespace icp::vm {

void Batch::clear_results() {
  decisions.clear();
  tapped.clear();
  rejection_count = 0;
  records = 0;
  decided = 0;
  unplaced = 0;
  future_records = 0;
  outcome_counts.fill(0);
}

BatchResults Batch::results() {
  // The names the decision line writes (runtime/output/decision_json*.cpp), in enum order.
  static constexpr std::string_view kVerdictNames[kVerdicts] = {"excluded", "tier", "no_fit"};
  static constexpr std::string_view kActionNames[kRouteActions] = {"disqualify", "ignore", "queue"};
  static_assert(static_cast<int>(Verdict::no_fit) == kVerdicts - 1);
  static_assert(static_cast<int>(RouteRuleDef::Action::queue) == kRouteActions - 1);
  outcomes.clear();
  for (std::size_t i = 0; i < outcome_counts.size(); ++i) {
    if (outcome_counts[i] > 0) {
      outcomes.push_back({kVerdictNames[i / kRouteActions], kActionNames[i % kRouteActions], outcome_counts[i]});
    }
  }
  return {decisions, std::span(rejections).first(rejection_count), records, tapped, &tapped, future_records,
          future_records > 0 ? &first_future : nullptr, outcomes};
}

BatchWorker::BatchWorker(const Program& program, const BatchOptions& options, const CsvAccountDecoder* csv)
    : program_(program),
      as_of_(options.as_of),
      audit_(options.audit),
      json_(program.schema),
      evaluator_(program),
      writer_(program),
      digester_(program.schema),
      block_(Evaluator::kBlockSize),
      block_lines_(block_.size()),
      tap_(options.tap) {
  if (csv != nullptr) csv_.emplace(*csv);
  if (tap_ != nullptr) input_json_.emplace(program.schema, options.leave_out);
}

// A rejection's offset holds, until placed, the number of decisions before it in the
// batch's results: the records of a block are decided after later ones were decoded.
void BatchWorker::reject(std::size_t line, Batch& batch, std::size_t pending) {
  if (batch.rejection_count == batch.rejections.size()) batch.rejections.emplace_back();
  RejectedRecord& rejection = batch.rejections[batch.rejection_count++];
  rejection.line = line;
  rejection.offset = batch.decided + pending;
  rejection.id = error_.id;
  rejection.field = error_.field;
  rejection.expected = error_.expected;
  rejection.found = error_.found;
  rejection.message = error_.message;
}

// A record with an event after as_of: counted, and the batch's first kept (batches reach the
// sink in input order, so the first of the first batch that has one is the stream's first).
void BatchWorker::note_future(const Record& record, std::size_t line, Batch& batch) const {
  if (batch.future_records++ == 0) describe_future_event(record, program_.schema, as_of_, line, batch.first_future);
}

// Gives the rejections that come before the next decision line (or, at the end, after the
// last) their byte offset.
void BatchWorker::place(Batch& batch) const {
  while (batch.unplaced < batch.rejection_count && batch.rejections[batch.unplaced].offset == batch.decided) {
    batch.rejections[batch.unplaced++].offset = batch.decisions.size();
  }
}

// With the audit, the block's input digests are taken first, all together, then its
// decisions (Evaluator::evaluate_audited_each says why a phase at a time).
void BatchWorker::decide_block(std::size_t count, Batch& batch) {
  if (count == 0) return;
  if (audit_) {
    // The digest of the record as decoded lets a logged decision be replayed.
    digests_.clear();
    for (std::size_t i = 0; i < count; ++i) digester_.append_digest(block_[i], digests_);
  }
  constexpr std::size_t kDigest = RecordDigester::kDigestSize;
  decide_decoded(evaluator_, std::span<const Record>(block_).first(count), as_of_, audit_,
                 [&](std::size_t i, const Decision& decision) {
                   const std::string_view digest = audit_ ? std::string_view(digests_).substr(i * kDigest, kDigest)
                                                          : std::string_view();
                   place(batch);
                   const std::size_t begin = batch.decisions.size();
                   writer_.append(block_[i], decision, digest, batch.decisions);
                   if (tap_ != nullptr) tap(block_[i], block_lines_[i], begin, batch);
                   batch.decisions += '\n';
                   ++batch.decided;
                   batch.count_outcome(decision.verdict, program_.route[decision.route_rule].action);
                 });
}

// Gives the tap the record, as decoded, and its decision line, which starts at `line_begin`.
void BatchWorker::tap(const Record& record, std::size_t line, std::size_t line_begin, Batch& batch) {
  input_.clear();
  input_json_->append(record, as_of_, input_);
  const std::string_view decision = std::string_view(batch.decisions).substr(line_begin);
  tap_->on_decided(DecidedRecord{line, input_, decision}, batch.tapped);
}

// The results so far to `drain`, once every rejection has its place.
bool BatchWorker::hand_over(Batch& batch, BatchSink* drain) const {
  place(batch);
  const bool go_on = drain->on_results(batch.results());
  batch.clear_results();
  return go_on;
}

// `next(record, line)` decodes the next record into `record`: accepted, rejected (error_
// says why) or end. Accepted records wait in block_ until it is full.
template <typename Next>
bool BatchWorker::run(Next&& next, Batch& batch, BatchSink* drain) {
  std::size_t pending = 0;
  for (;;) {
    std::size_t line = 0;
    const Read read = next(block_[pending], line);
    if (read == Read::end) break;
    ++batch.records;
    if (read == Read::rejected) {
      reject(line, batch, pending);
      continue;
    }
    block_lines_[pending] = line;
    if (block_[pending].first_future_event() >= 0) note_future(block_[pending], line, batch);
    if (++pending == block_.size()) {
      decide_block(pending, batch);
      pending = 0;
    }
    if (drain != nullptr && pending == 0 && batch.decisions.size() >= kDrainBytes && !hand_over(batch, drain)) {
      return false;
    }
  }
  decide_block(pending, batch);
  place(batch);
  return true;
}

bool BatchWorker::decide(BatchInput::Format format, Batch& batch, BatchSink* drain) {
  batch.clear_results();
  switch (format) {
    case BatchInput::Format::json_lines:
    case BatchInput::Format::json_document: {
      LineSplitter lines = LineSplitter(batch.text, batch.first_number, batch.cut);
      const bool go_on = run(
          [&](Record& record, std::size_t& number) {
            JsonLine line;
            if (!lines.next(line)) return Read::end;
            number = line.number;
            return json_.decode_line(line, as_of_, record, error_) ? Read::accepted : Read::rejected;
          },
          batch, drain);
      batch.next_number = lines.next_number();
      return go_on;
    }
    case BatchInput::Format::fed: {
      const std::span<const FedRecords::Entry> entries = batch.fed.entries();
      std::size_t k = 0;
      batch.next_number = batch.first_number + entries.size();
      return run(
          [&](Record& record, std::size_t& number) {
            if (k == entries.size()) return Read::end;
            const FedRecords::Entry& entry = entries[k];
            number = batch.first_number + k++;
            const JsonLine line{batch.fed.text(entry), number, entry.bytes};
            return json_.decode_line(line, as_of_, record, error_) ? Read::accepted : Read::rejected;
          },
          batch, drain);
    }
    case BatchInput::Format::csv: {
      std::size_t k = 0;
      return run(
          [&](Record& record, std::size_t& number) {
            if (k == batch.row_count) return Read::end;
            const Batch::Row& row = batch.rows[k++];
            number = row.refused ? row.error.line : row.cells.line();
            const bool ok = row.refused ? csv_->reject_row(row.cells, row.error, error_)
                                        : csv_->decode(row.cells, as_of_, record, error_);
            return ok ? Read::accepted : Read::rejected;
          },
          batch, drain);
    }
  }
  return true;
}

void BatchWorker::decide_document(const JsonLine& line, Batch& batch) {
  batch.clear_results();
  bool read = false;
  run(
      [&](Record& record, std::size_t& number) {
        if (read) return Read::end;
        read = true;
        number = line.number;
        return json_.decode_line(line, as_of_, record, error_) ? Read::accepted : Read::rejected;
      },
      batch, nullptr);
}

}  // namespace icp::vm
