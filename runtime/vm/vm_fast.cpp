// Stage 5, evaluate: the fast conditions (runtime/prepare/fast_conditions.hpp), decided directly
// from the record and the criteria already computed, with the same three-valued meaning as
// the bytecode they replace (opcodes.def). Input: one FastCondition. Output: its truth.
#include <algorithm>
#include <unordered_set>

#include "runtime/format/opcode_table.hpp"
#include "runtime/vm/semantics/compare.hpp"
#include "runtime/vm/semantics/logic.hpp"
#include "runtime/vm/semantics/outcome.hpp"
#include "runtime/vm/vm.hpp"
#include "runtime/vm/vm_access.hpp"

namespace icp::vm {

namespace {

using semantics::truth;

Tri value_truth(const Value& v) {
  if (v.tag != Value::Tag::boolean) return Tri::unknown;
  return truth(v.scalar != 0);
}

}  // namespace

// Here rather than in vm.cpp so that run_fast is inlined into both loops.
void Evaluator::run_planned_steps() {
  // The result vectors keep their size for the evaluator's life (start() only refills
  // them), so their data pointers are taken once per decision, in Step::Kind's order.
  Tri* const results[] = {decision_->criteria.data(), decision_->exclusions.data(), decision_->tiers.data(),
                          decision_->bonuses.data()};
  for (const PlannedStep& planned : plan_) {
    Tri* out = results[static_cast<std::size_t>(planned.step.kind)] + planned.step.index;
    *out = planned.fast ? run_fast(*planned.fast) : run(planned.code);
    finish_step(planned.step);
  }
}

void Evaluator::choose_route_unaudited() {
  for (std::size_t i = 0; i < route_fast_.size(); ++i) {
    const std::optional<Chunk>& code = program_.route[i].code;
    const FastCondition* fast = route_fast_[i];
    if (!code || semantics::takes(fast ? run_fast(*fast) : run(*code))) {
      decision_->route_rule = static_cast<std::uint32_t>(i);
      return;
    }
  }
}

// The terms' `and`, stopping at the first false as the jumps do.
Tri Evaluator::run_fast(const FastCondition& condition) const {
  if (condition.terms.size() == 1) return run_term(condition.terms.front());
  Tri result = Tri::yes;
  for (const FastTerm& term : condition.terms) {
    result = semantics::and3(result, run_term(term));
    if (result == Tri::no) return result;
  }
  return result;
}

// A term's instructions run in a straight line (starts_with_any's later loads read the
// same field again, which the audit counts once), so a term notes a fixed list of reads,
// in its instructions' order; the terms stop at the first false, as the jumps do.
Tri Evaluator::run_fast_audited(const FastCondition& condition) {
  std::uint32_t term = first_term_[static_cast<std::size_t>(&condition - program_.fast_conditions.data())];
  Tri result = Tri::yes;
  for (const FastTerm& c : condition.terms) {
    note_planned_reads(term++);
    result = semantics::and3(result, run_term(c));
    if (result == Tri::no) return result;
  }
  return result;
}

namespace {

// The reads the term's instructions note on the stack machine, as note(kind, index): the
// READ column of opcodes.def, which vm_dispatch.cpp's note_read calls follow.
template <typename Note>
void for_each_term_read(const Program& program, const FastTerm& term, Note&& note) {
  for (std::uint32_t pc = term.begin; pc < term.end; ++pc) {
    const Instruction& in = program.code[pc];
    switch (kOpcodeTable[static_cast<std::size_t>(in.op)].read) {
      case ReadKind::none: break;
      case ReadKind::field: note(AuditRead::Kind::field, in.y); break;
      case ReadKind::criterion: note(AuditRead::Kind::criterion, in.y); break;
      case ReadKind::role: note(AuditRead::Kind::role, in.y); break;
      case ReadKind::count: note(AuditRead::Kind::count, pc); break;
      case ReadKind::coverage: note(AuditRead::Kind::coverage, 0); break;
    }
  }
}

}  // namespace

// Which reads a term adds depends only on the program: when it runs, every earlier term of
// its condition ran and noted its own. So note_read's deduplication is done here, once,
// and an audited decision copies each term's list instead of scanning for each read.
void Evaluator::plan_term_reads() {
  std::unordered_set<std::uint64_t> seen;  // the condition's read keys so far
  for (const FastCondition& condition : program_.fast_conditions) {
    first_term_.push_back(static_cast<std::uint32_t>(term_reads_begin_.size()));
    seen.clear();
    for (const FastTerm& term : condition.terms) {
      term_reads_begin_.push_back(static_cast<std::uint32_t>(term_reads_.size()));
      for_each_term_read(program_, term, [&](AuditRead::Kind kind, std::uint32_t index) {
        if (seen.insert(read_key(kind, index)).second) term_reads_.push_back(AuditRead{kind, index, 0});
      });
    }
  }
  term_reads_begin_.push_back(static_cast<std::uint32_t>(term_reads_.size()));
}

// A count's, a role's and the coverage's values are this record's, as note_read's callers
// pass them.
void Evaluator::note_planned_reads(std::uint32_t term) {
  std::vector<AuditRead>& reads = decision_->audit.reads;
  for (std::uint32_t i = term_reads_begin_[term]; i < term_reads_begin_[term + 1]; ++i) {
    AuditRead& read = reads.emplace_back(term_reads_[i]);
    if (read.kind == AuditRead::Kind::count) {
      read.value = count(read.index).scalar / Decimal::kScale;
    } else if (read.kind == AuditRead::Kind::coverage) {
      read.value = decision_->coverage.value_or(0);
    } else if (read.kind == AuditRead::Kind::role) {
      read.value = role_filled_[read.index] ? 1 : 0;
    }
  }
}

Value Evaluator::load_aggregate(Opcode op) const {
  switch (op) {
    case Opcode::LOAD_TIER: return Value{Value::Tag::number, std::int64_t{decision_->fit_tier} * Decimal::kScale, {}};
    case Opcode::LOAD_SCORE:
      return decision_->score ? Value{Value::Tag::number, decision_->score->units(), {}} : Value{};
    default:  // LOAD_COVERAGE
      return decision_->coverage ? Value{Value::Tag::number, *decision_->coverage * Decimal::kScale, {}} : Value{};
  }
}

// The light forms are decided here; the heavier ones are calls (not inlined), so that this
// dispatch, run for every term of every condition, needs few registers to save.
Tri Evaluator::run_term(const FastTerm& c) const {
  using Form = FastTerm::Form;
  switch (c.form) {
    case Form::field_truth: return value_truth(load_field(c.operand));
    case Form::field_compare: {
      const Value v = load_field(c.operand);
      return v.tag == Value::Tag::unknown ? Tri::unknown : truth(semantics::compare(c.compare, v.scalar, c.low));
    }
    case Form::field_between: {
      const Value v = load_field(c.operand);
      return v.tag == Value::Tag::unknown ? Tri::unknown : truth(semantics::between(v.scalar, c.low, c.high));
    }
    case Form::field_in_set:
    case Form::aggregate_in_set: return term_in_set(c);
    case Form::field_has_list: return term_has_list(c);
    case Form::field_starts_with_any: return term_starts_with_any(c);
    case Form::count_compare: return truth(semantics::compare(c.compare, count(c.operand).scalar, c.low));
    case Form::criterion: return decision_->criteria[c.operand];
    case Form::criteria_at_least: return term_at_least(c);
    case Form::excluded: return truth(excluded_);
    case Form::aggregate_compare: {
      const Value v = load_aggregate(c.aggregate);
      return v.tag == Value::Tag::unknown ? Tri::unknown : truth(semantics::compare(c.compare, v.scalar, c.low));
    }
  }
  return Tri::unknown;
}

[[gnu::noinline]] Tri Evaluator::term_in_set(const FastTerm& c) const {
  const Value v = c.form == FastTerm::Form::field_in_set ? load_field(c.operand) : load_aggregate(c.aggregate);
  return value_truth(in_set(v, c.list));
}

[[gnu::noinline]] Tri Evaluator::term_has_list(const FastTerm& c) const {
  return value_truth(has_list(load_field(c.operand), c.list, c.all));
}

[[gnu::noinline]] Tri Evaluator::term_starts_with_any(const FastTerm& c) const {
  return value_truth(access::starts_with_any(program_, load_field(c.operand), c.items));
}

[[gnu::noinline]] Tri Evaluator::term_at_least(const FastTerm& c) const {
  std::uint32_t yes = 0, unsure = 0;
  for (std::uint32_t i : c.items) {
    yes += decision_->criteria[i] == Tri::yes ? 1 : 0;
    unsure += decision_->criteria[i] == Tri::unknown ? 1 : 0;
  }
  return semantics::at_least(yes, unsure, c.operand);
}

}  // namespace icp::vm
