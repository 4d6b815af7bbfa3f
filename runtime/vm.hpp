// Stage 5, evaluate: runs a prepared Program (runtime/bytecode.hpp) on one decoded Record
// at an `as_of` date. Output: the Decision (runtime/decision.hpp), with the audit trace
// on request. Semantics: LANGUAGE.md "Meaning", opcodes.def, docs/evaluation.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode.hpp"
#include "runtime/decision.hpp"
#include "runtime/record.hpp"

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

  // The returned decision lives in the evaluator until the next call. `as_of` is the date
  // the record's signal ages were computed against; it is only reported here.
  const Decision& evaluate(const Record& record, Date as_of, bool audit);

 private:
  // vm_dispatch.cpp: runs one condition, the RETURNed value as three-valued truth.
  Tri run(const Chunk& chunk);
  // vm_fast.cpp: a chunk vm::prepare recognised, decided without the stack machine.
  Tri run_fast(const FastCondition& condition) const;
  // vm_fast.cpp: the same, noting each term's reads as its bytecode would (audit).
  Tri run_fast_audited(const FastCondition& condition);
  void note_term_reads(const FastTerm& term);
  Tri run_term(const FastTerm& term) const;
  Tri term_in_set(const FastTerm& term) const;  // field_in_set, aggregate_in_set
  Tri term_has_list(const FastTerm& term) const;
  Tri term_starts_with_any(const FastTerm& term) const;
  Tri term_at_least(const FastTerm& term) const;
  Value load_aggregate(Opcode op) const;  // LOAD_TIER, LOAD_SCORE or LOAD_COVERAGE's value

  // vm.cpp: the evaluation phases.
  void start(const Record& record, Date as_of, bool audit);
  void tally_signals();
  void tally_windows_only();
  void tally_audited_windows();
  void count_audited_event(std::uint32_t index, const SignalEvent& event);
  void fill_committee();
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

  const Program& program_;
  std::vector<PlannedStep> plan_;
  std::vector<const FastCondition*> route_fast_;  // parallel to program_.route
  const Record* record_ = nullptr;
  Decision decision_;
  bool audit_ = false;
  std::uint32_t reads_begin_ = 0;  // the running condition's first read in audit.reads

  std::vector<Value> stack_;  // sized for the longest chunk: nothing grows while running
  std::string scratch_;       // LOWER's output, cleared per decision
  std::vector<std::vector<std::int32_t>> ages_;  // per declared signal type, future included
  std::vector<std::int32_t> tally_scratch_;
  std::vector<std::int64_t> window_counts_;  // per Program::window_slots slot, this record's
  std::vector<std::int64_t> past_events_, future_events_;  // per declared signal type (audit)
  // Program::window_slots in one array: type t's slots are windows_[bounds[t], bounds[t+1]).
  std::vector<Program::WindowSlot> windows_;
  std::vector<std::uint32_t> window_bounds_;
  std::size_t roles_left_ = 0;  // roles no contact has filled yet
  std::vector<std::uint8_t> role_filled_;  // 0/1 per role (bytes: read by HAS_ROLE, cheaper than bits)

  // The aggregates: ready once every definition they depend on has run (the dependency
  // order guarantees no condition reads one earlier; a debug assertion checks it).
  std::optional<Decimal> signal_points_;
  std::size_t exclusions_left_ = 0, tiers_left_ = 0, bonuses_left_ = 0;
  bool excluded_ = false;
};

}  // namespace icp::vm
