// Stage 5, evaluate: runs a prepared Program (runtime/format/bytecode.hpp) on one decoded Record
// at an `as_of` date. Output: the Decision (runtime/vm/decision.hpp), with the audit trace
// on request. Semantics: LANGUAGE.md "Meaning", opcodes.def, docs/evaluation.md.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "runtime/format/bytecode.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/input/record.hpp"

namespace icp::vm {

// A stack value. Numbers are Decimal units (record ints are scaled; overflow is unknown),
// dates day numbers, booleans 0/1, enums value indices; `set` names a field slot. Text
// views point into the record's arena, the program's constants or the evaluator's scratch.
struct Value {
  enum class Tag : std::uint8_t { unknown, boolean, number, text, date, enumeration, set };
  Tag tag = Tag::unknown;
  std::int64_t scalar = 0;
  std::string_view text;
};

// A Program is immutable and may be shared by threads; an Evaluator is not: use one per
// thread. It keeps its buffers between calls, so once warmed up a decision, with or without
// audit, allocates nothing (records with more events than any before grow the age buffers
// once); tests/alloc/hot_path_alloc_test.cpp counts it.
class Evaluator {
 public:
  // `program` must be prepared (vm::prepare) and outlive the evaluator.
  explicit Evaluator(const Program& program);
  Evaluator(const Evaluator&) = delete;  // decision_ points into the evaluator itself
  Evaluator& operator=(const Evaluator&) = delete;

  // The returned decision lives in the evaluator until the next call. `as_of` is the date
  // the record's signal ages were computed against; it is only reported here.
  const Decision& evaluate(const Record& record, Date as_of, bool audit);

  // Decides every record as evaluate(record, as_of, false) would, calling sink(index,
  // decision) in order; each decision lives until the sink returns. The records are taken
  // kBlockSize at a time and each condition runs over a whole block before the next
  // (vm_block.cpp): its dispatch is paid once per block, its inner loop is tight, and the
  // records' cache misses overlap. A condition outside the fast forms (fast_conditions.hpp)
  // runs on the stack machine record by record, within the block.
  template <typename Sink>
  void evaluate_each(std::span<const Record> records, Date as_of, Sink&& sink) {
    for (std::size_t begin = 0; begin < records.size(); begin += kBlockSize) {
      const std::size_t size = std::min(kBlockSize, records.size() - begin);
      // The next block's records are asked for now, so they arrive while this one runs.
      const std::size_t next = begin + kPrefetchDistance;
      for (std::size_t i = next; i < std::min(next + kBlockSize, records.size()); ++i) records[i].prefetch();
      decide_block(records.subspan(begin, size));
      for (std::size_t i = 0; i < size; ++i) sink(begin + i, block_decision(i, as_of));
    }
  }
  static constexpr std::size_t kBlockSize = 64;
  static constexpr std::size_t kPrefetchDistance = 2 * kBlockSize;

  // One operand of a condition's top-level `and` (the whole condition when it is no `and`).
  struct ConditionTerm {
    Chunk code;  // its instructions, without the condition's RETURN
    Tri result = Tri::unknown;
    std::vector<AuditRead> reads;  // deduplicated, in first-read order, as the audit notes them
  };
  // vm_terms.cpp, for `icpc explain` (a route rule that did not fire: the first term that
  // failed): after evaluate(record, as_of, true), while `record` is alive and before the next
  // call, runs each term of `chunk` (one of the program's conditions) on its own, in order.
  // The decision is left as it was.
  std::vector<ConditionTerm> condition_terms(const Chunk& chunk);

  // Decides every record as evaluate(record, as_of, true) would, calling sink(index,
  // decision) in order; each decision lives until the next block is decided. The records
  // are taken kBlockSize at a time, and all of a block is decided before the first of its
  // decisions goes to the sink. Evaluating with the audit and writing an audited line are
  // each a lot of code with many branches on the record: one at a time over a whole block,
  // each keeps its instructions in cache and its branch history (on the benchmark workload,
  // `icpc eval --audit` took 15-19% less CPU than deciding and writing each record in turn).
  template <typename Sink>
  void evaluate_audited_each(std::span<const Record> records, Date as_of, Sink&& sink) {
    for (std::size_t begin = 0; begin < records.size(); begin += kBlockSize) {
      const std::size_t size = std::min(kBlockSize, records.size() - begin);
      decide_audited_block(records.subspan(begin, size), as_of);
      for (std::size_t i = 0; i < size; ++i) sink(begin + i, static_cast<const Decision&>(audited_[i]));
    }
  }

 private:
  // vm_dispatch.cpp: runs one condition, the RETURNed value as three-valued truth.
  Tri run(const Chunk& chunk);
  // vm_fast.cpp: a chunk vm::prepare recognised, decided without the stack machine.
  Tri run_fast(const FastCondition& condition) const;
  // vm_fast.cpp: the same, noting each term's reads as its bytecode would (audit).
  Tri run_fast_audited(const FastCondition& condition);
  void plan_term_reads();  // the constructor's: first_term_, term_reads_ and their bounds
  void note_planned_reads(std::uint32_t term);
  Tri run_term(const FastTerm& term) const;
  Tri term_in_set(const FastTerm& term) const;  // field_in_set, aggregate_in_set
  Tri term_has_list(const FastTerm& term) const;
  Tri term_starts_with_any(const FastTerm& term) const;
  Tri term_at_least(const FastTerm& term) const;
  Value load_aggregate(Opcode op) const;  // LOAD_TIER, LOAD_SCORE or LOAD_COVERAGE's value

  // vm.cpp: evaluate(record, as_of, true) for each record, into audited_[i].
  void decide_audited_block(std::span<const Record> records, Date as_of);

  // vm.cpp: the evaluation phases.
  void start(const Record& record, Date as_of, bool audit);
  void tally_signals();  // count_signals, then the score if no bonus is pending
  void count_signals();  // window counts and signal points (and, audited, the tallies)
  void tally_with_ages();
  void tally_windows_only();
  void tally_audited_windows();
  void count_audited_event(std::uint32_t index, const SignalEvent& event);
  void fill_committee();
  void finish_committee();  // roles_filled and coverage from role_filled_
  // The roles the record's contacts fill, as bits; requires program_.title_index.short_only().
  std::uint64_t roles_by_short_titles(const Record& record) const;
  void fill_role(std::uint32_t role, std::uint32_t contact, std::uint32_t pattern);
  void run_steps();
  void finish_step(const Step& step);
  void finish_exclusions();
  void finish_tiers();
  void finish_score();
  void choose_route();
  // With the audit: runs the chunk (on `fast` if not null), its reads into `range`.
  Tri run_traced(const Chunk& chunk, const FastCondition* fast, ReadRange& range);

  // vm.cpp: the instructions' work, called from the dispatch.
  Value load_field(std::uint32_t slot) const;
  Value load_constant(std::uint32_t index) const;
  Value count(std::uint32_t pc) const;  // the COUNT at code[pc], from window_counts_
  Value in_set(const Value& value, std::uint32_t set) const;
  Value has_list(const Value& set, std::uint32_t list, bool all) const;
  Value lower(const Value& text);
  void note_read(AuditRead::Kind kind, std::uint32_t index, std::int64_t value = 0);
  std::uint64_t read_key(AuditRead::Kind kind, std::uint32_t index) const;

  // A Program::order step with what prepare found for its chunk, looked up once here
  // rather than once per decision.
  struct PlannedStep {
    Step step;
    Chunk code;
    const FastCondition* fast = nullptr;  // into program_.fast_conditions
  };
  static const FastCondition* fast_for(const Program& program, const Chunk& code);  // or null
  static PlannedStep plan(const Program& program, const Step& step);
  // vm_fast.cpp: run_steps and choose_route without the audit, on fast conditions.
  void run_planned_steps();
  void choose_route_unaudited();

  // vm_block.cpp: evaluate_each's blocks. A column holds one entry per record of the
  // block; a table one column per item (definition, window slot, role), item-major.
  using Column = std::array<std::uint8_t, kBlockSize>;  // Rank, or 0/1
  using Numbers = std::array<std::int64_t, kBlockSize>;
  struct Block {
    const Record* records = nullptr;
    std::size_t size = 0;
    std::vector<Column> results;       // per definition: criteria, exclusions, tiers, bonuses
    std::array<std::size_t, 4> first{};  // results row of each Step::Kind's first definition
    std::vector<Numbers> counts;       // per window slot
    std::vector<Column> roles;         // per role: filled
    Numbers points{}, score{}, coverage{}, values{};
    Column points_known{}, score_known{}, coverage_known{}, known{}, excluded{}, routed{};
    Column term{}, condition{};  // scratch: a term's truth, a route rule's
    std::array<std::int32_t, kBlockSize> excluded_by{}, fit_tier{};
    std::array<std::uint32_t, kBlockSize> route_rule{};
  };
  void prepare_block();
  void decide_block(std::span<const Record> records);
  const Decision& block_decision(std::size_t i, Date as_of);
  void block_prelude();  // signals and committee, record by record
  void block_condition(const FastCondition& condition, Column& out);
  void block_stack_machine(const Chunk& code, Column& out);
  bool block_starts_with_words(const FastTerm& term, Column& out);
  void block_term(const FastTerm& term, Column& out);
  void block_scalars(std::uint32_t slot);        // into values/known
  void block_aggregate(Opcode aggregate);        // into values/known
  void block_finish_step(const Step& step);
  void block_finish_exclusions();
  void block_finish_tiers();
  void block_finish_score();
  void block_route();

  const Program& program_;
  std::vector<PlannedStep> plan_;
  std::vector<const FastCondition*> route_fast_;  // parallel to program_.route
  // The reads each fast condition's terms note when audited, deduplicated as note_read
  // would (plan_term_reads). Terms are numbered across all conditions: condition c's term k
  // is first_term_[c] + k, and its reads are term_reads_[term_reads_begin_[t], [t + 1]),
  // their values (a count's, the coverage) filled per decision.
  std::vector<std::uint32_t> first_term_;  // parallel to program_.fast_conditions
  std::vector<AuditRead> term_reads_;
  std::vector<std::uint32_t> term_reads_begin_;
  const Record* record_ = nullptr;
  Decision single_;                // evaluate()'s and evaluate_each's decision
  std::vector<Decision> audited_;  // evaluate_audited_each's: kBlockSize once made, one per record
  Decision* decision_ = &single_;  // the decision being made: single_, or one of audited_
  bool audit_ = false;
  std::uint32_t reads_begin_ = 0;  // the running condition's first read in audit.reads
  // The running condition's reads as keys, once it has more than kScannedReads (note_read).
  static constexpr std::size_t kScannedReads = 16;
  std::unordered_set<std::uint64_t> read_set_;
  bool read_set_ready_ = false;

  std::vector<Value> stack_;  // sized for the longest chunk: nothing grows while running
  std::string scratch_;       // LOWER's output, cleared per decision
  std::vector<std::vector<std::int32_t>> ages_;  // per declared signal type, future included
  std::vector<std::int32_t> tally_scratch_;
  std::vector<std::int64_t> window_counts_;  // per Program::window_slots slot, this record's
  std::vector<std::int64_t> past_events_, future_events_;  // per declared signal type (audit)
  // Program::window_slots in one array: type t's slots are windows_[bounds[t], bounds[t+1]).
  std::vector<Program::WindowSlot> windows_;
  std::vector<std::uint32_t> window_bounds_;
  // Per signal, for tally_windows_only: the weight's units, the cap (int64 max without
  // one) and Program::tally_slots.
  std::vector<std::int64_t> tally_weight_, tally_cap_;
  std::vector<std::uint32_t> tally_slot_;
  std::size_t roles_left_ = 0;  // roles no contact has filled yet
  std::vector<std::int64_t> coverage_of_filled_;  // committee coverage by roles filled
  std::vector<std::uint8_t> role_filled_;  // 0/1 per role (bytes: read by HAS_ROLE, cheaper than bits)

  // The aggregates: ready once every definition they depend on has run (the dependency
  // order guarantees no condition reads one earlier; a debug assertion checks it).
  std::optional<Decimal> signal_points_;
  std::size_t exclusions_left_ = 0, tiers_left_ = 0, bonuses_left_ = 0;
  bool excluded_ = false;
  Block block_;
};

}  // namespace icp::vm
