// Stage 5, evaluate, a block at a time: Evaluator::evaluate_each decides up to kBlockSize
// records together, each condition over the whole block (column by column) instead of each
// record through every condition, choosing by selects rather than branches where it can:
// over thousands of unlike records, mispredicted branches are most of the cost. Input: a
// prepared Program and a span of Records. Output: the Decisions evaluate() gives unaudited
// (tests/unit/vm_differential_test.cpp compares them on random records).
#include <cstring>

#include "runtime/base/short_text.hpp"
#include "runtime/vm/semantics/compare.hpp"
#include "runtime/vm/semantics/logic.hpp"
#include "runtime/vm/semantics/outcome.hpp"
#include "runtime/vm/vm.hpp"
#include "runtime/vm/vm_access.hpp"

namespace icp::vm {

namespace {

// Truth in columns is semantics::Rank (no < unknown < yes); the meanings are semantics/'s.
using semantics::kUnknown;
using semantics::kYes;
using semantics::rank;
using semantics::takes;
using semantics::tri;

std::uint8_t rank(const Value& v) { return v.tag == Value::Tag::boolean ? rank(v.scalar != 0) : kUnknown; }

}  // namespace

void Evaluator::prepare_block() {
  Block& b = block_;
  b.first = {0, program_.criteria.size(), program_.criteria.size() + program_.exclusions.size(),
             program_.criteria.size() + program_.exclusions.size() + program_.tiers.size()};
  b.results.resize(b.first[3] + program_.bonuses.size());
  b.counts.resize(program_.window_slot_count);
  b.roles.resize(program_.roles.size());
}

void Evaluator::decide_block(std::span<const Record> records) {
  Block& b = block_;
  b.records = records.data();
  b.size = records.size();
  audit_ = false;
  for (Column& column : b.results) column.fill(kUnknown);  // definitions `order` leaves out
  block_prelude();
  exclusions_left_ = program_.exclusions.size();
  tiers_left_ = program_.tiers.size();
  bonuses_left_ = program_.bonuses.size();
  if (exclusions_left_ == 0) block_finish_exclusions();
  if (tiers_left_ == 0) block_finish_tiers();
  if (bonuses_left_ == 0) block_finish_score();
  for (const PlannedStep& planned : plan_) {
    Column& out = b.results[b.first[static_cast<std::size_t>(planned.step.kind)] + planned.step.index];
    if (planned.fast) {
      block_condition(*planned.fast, out);
    } else {
      block_stack_machine(planned.code, out);
    }
    block_finish_step(planned.step);
  }
  // As in evaluate(): only a hand-built `order` that leaves definitions out gets here with
  // an aggregate pending; its definitions then count as unknown.
  if (exclusions_left_ > 0) block_finish_exclusions();
  if (tiers_left_ > 0) block_finish_tiers();
  if (bonuses_left_ > 0) block_finish_score();
  block_route();
}

// The per-record phases, with the same code as evaluate(); their results go into columns.
void Evaluator::block_prelude() {
  Block& b = block_;
  const bool short_titles = program_.title_index.short_only();
  for (std::size_t i = 0; i < b.size; ++i) {
    record_ = b.records + i;
    count_signals();
    for (std::size_t slot = 0; slot < window_counts_.size(); ++slot) b.counts[slot][i] = window_counts_[slot];
    b.points_known[i] = signal_points_.has_value();
    b.points[i] = signal_points_ ? signal_points_->units() : 0;
    if (short_titles) {  // fill_committee's unaudited answer, straight into the columns
      const std::uint64_t filled = roles_by_short_titles(*record_);
      std::size_t count = 0;
      for (std::size_t r = 0; r < b.roles.size(); ++r) {
        b.roles[r][i] = static_cast<std::uint8_t>((filled >> r) & 1);
        count += b.roles[r][i];
      }
      b.coverage_known[i] = !b.roles.empty();
      b.coverage[i] = b.roles.empty() ? 0 : coverage_of_filled_[count];
      continue;
    }
    decision_->roles_filled.clear();
    decision_->coverage.reset();
    fill_committee();
    for (std::size_t r = 0; r < role_filled_.size(); ++r) b.roles[r][i] = role_filled_[r];
    b.coverage_known[i] = decision_->coverage.has_value();
    b.coverage[i] = decision_->coverage.value_or(0);
  }
}

// A condition without a fast form runs on the stack machine record by record, on the
// state evaluate() would hold at that point, restored from the columns.
void Evaluator::block_stack_machine(const Chunk& code, Column& out) {
  Block& b = block_;
  for (std::size_t i = 0; i < b.size; ++i) {
    record_ = b.records + i;
    for (std::size_t k = 0; k < decision_->criteria.size(); ++k) {
      decision_->criteria[k] = tri(b.results[b.first[0] + k][i]);
    }
    excluded_ = b.excluded[i] != 0;
    decision_->fit_tier = b.fit_tier[i];
    decision_->score = b.score_known[i] ? std::optional(Decimal::from_units(b.score[i])) : std::nullopt;
    decision_->coverage = b.coverage_known[i] ? std::optional(b.coverage[i]) : std::nullopt;
    for (std::size_t slot = 0; slot < window_counts_.size(); ++slot) window_counts_[slot] = b.counts[slot][i];
    for (std::size_t r = 0; r < role_filled_.size(); ++r) role_filled_[r] = b.roles[r][i];
    scratch_.clear();
    out[i] = rank(run(code));
  }
}

void Evaluator::block_condition(const FastCondition& condition, Column& out) {
  Block& b = block_;
  block_term(condition.terms.front(), out);
  for (std::size_t t = 1; t < condition.terms.size(); ++t) {
    block_term(condition.terms[t], b.term);
    for (std::size_t i = 0; i < b.size; ++i) out[i] = semantics::and_rank(out[i], b.term[i]);
  }
}

// Each form as run_term decides it (vm_fast.cpp), over the block.
void Evaluator::block_term(const FastTerm& c, Column& out) {
  using Form = FastTerm::Form;
  Block& b = block_;
  const std::size_t n = b.size;
  const Record* records = b.records;
  auto compare_values = [&](Opcode op, std::int64_t constant) {
    semantics::with_compare(op, [&](auto holds) {
      for (std::size_t i = 0; i < n; ++i) out[i] = b.known[i] ? rank(holds(b.values[i], constant)) : kUnknown;
    });
  };
  switch (c.form) {
    case Form::field_truth:
      for (std::size_t i = 0; i < n; ++i) out[i] = rank(access::load_field(program_, records[i], c.operand));
      return;
    case Form::field_compare:
      block_scalars(c.operand);
      compare_values(c.compare, c.low);
      return;
    case Form::field_between:
      block_scalars(c.operand);
      for (std::size_t i = 0; i < n; ++i) {
        out[i] = b.known[i] ? rank(semantics::between(b.values[i], c.low, c.high)) : kUnknown;
      }
      return;
    case Form::field_in_set:
      for (std::size_t i = 0; i < n; ++i) {
        out[i] = rank(access::in_set(program_, access::load_field(program_, records[i], c.operand), c.list));
      }
      return;
    case Form::aggregate_in_set:
      block_aggregate(c.aggregate);
      for (std::size_t i = 0; i < n; ++i) {
        out[i] = b.known[i] ? rank(access::in_set(program_, access::number(b.values[i]), c.list)) : kUnknown;
      }
      return;
    case Form::field_has_list:
      for (std::size_t i = 0; i < n; ++i) {
        const Value set = access::load_field(program_, records[i], c.operand);
        out[i] = rank(access::has_list(program_, records[i], set, c.list, c.all));
      }
      return;
    case Form::field_starts_with_any:
      if (block_starts_with_words(c, out)) return;
      for (std::size_t i = 0; i < n; ++i) {
        out[i] = rank(access::starts_with_any(program_, access::load_field(program_, records[i], c.operand), c.items));
      }
      return;
    case Form::count_compare: {
      const Numbers& counts = b.counts[program_.count_slots[c.operand]];
      semantics::with_compare(c.compare, [&](auto holds) {
        // At most the record's event count: scaling cannot overflow.
        for (std::size_t i = 0; i < n; ++i) out[i] = rank(holds(counts[i] * Decimal::kScale, c.low));
      });
      return;
    }
    case Form::criterion: std::memcpy(out.data(), b.results[b.first[0] + c.operand].data(), n); return;
    case Form::criteria_at_least:
      for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t yes = 0, unsure = 0;
        for (std::uint32_t k : c.items) {
          yes += b.results[b.first[0] + k][i] == kYes ? 1 : 0;
          unsure += b.results[b.first[0] + k][i] == kUnknown ? 1 : 0;
        }
        out[i] = semantics::at_least<semantics::Rank>(yes, unsure, c.operand);
      }
      return;
    case Form::excluded:
      for (std::size_t i = 0; i < n; ++i) out[i] = rank(b.excluded[i] != 0);
      return;
    case Form::aggregate_compare:
      block_aggregate(c.aggregate);
      compare_values(c.compare, c.low);
      return;
  }
}

// starts_with_any over prefixes of at most 16 bytes, each as two masked words: the text's
// first 16 bytes are compared with every prefix, without a branch on their bytes. False,
// and nothing written, when a prefix is longer.
bool Evaluator::block_starts_with_words(const FastTerm& c, Column& out) {
  constexpr std::size_t kMaxPrefixes = 8;
  if (c.items.size() > kMaxPrefixes) return false;
  std::array<ShortText, kMaxPrefixes> prefix{}, mask{};
  for (std::size_t k = 0; k < c.items.size(); ++k) {
    const std::string& text = program_.constants[c.items[k]].text;
    if (text.size() > ShortText::kMaxSize) return false;
    prefix[k] = make_short_text(text);
    static constexpr char kOnes[ShortText::kMaxSize + 1] = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff";
    mask[k] = make_short_text(std::string_view(kOnes, text.size()));
  }
  const Block& b = block_;
  for (std::size_t i = 0; i < b.size; ++i) {
    const Value v = access::load_field(program_, b.records[i], c.operand);
    const std::string_view text = v.text.substr(0, std::min(v.text.size(), ShortText::kMaxSize));
    const ShortText t = make_short_text(text);
    bool found = false;
    for (std::size_t k = 0; k < c.items.size(); ++k) {
      found |= (v.text.size() >= prefix[k].size) &
               ((((t.low & mask[k].low) ^ prefix[k].low) | ((t.high & mask[k].high) ^ prefix[k].high)) == 0);
    }
    out[i] = v.tag == Value::Tag::text ? rank(found) : kUnknown;
  }
  return true;
}

// LOAD_FIELD's scalar (vm_access.hpp) for every record of the block: the loop for the
// numeric types is written out, so it has no switch inside.
void Evaluator::block_scalars(std::uint32_t slot) {
  Block& b = block_;
  const FieldType type = program_.schema.fields[slot].type;
  for (std::size_t i = 0; i < b.size; ++i) {
    const Record& record = b.records[i];
    if (type == FieldType::integer) {
      const bool present = record.present(slot);
      std::int64_t units = 0;
      const bool overflow = __builtin_mul_overflow(present ? record.get_int(slot) : 0, Decimal::kScale, &units);
      b.known[i] = present && !overflow;
      b.values[i] = units;
    } else {
      const Value v = access::load_field(program_, record, slot);
      b.known[i] = v.tag != Value::Tag::unknown;
      b.values[i] = v.scalar;
    }
  }
}

// LOAD_TIER, LOAD_SCORE or LOAD_COVERAGE (Evaluator::load_aggregate) for every record.
void Evaluator::block_aggregate(Opcode aggregate) {
  Block& b = block_;
  for (std::size_t i = 0; i < b.size; ++i) {
    switch (aggregate) {
      case Opcode::LOAD_TIER:
        b.known[i] = 1;
        b.values[i] = std::int64_t{b.fit_tier[i]} * Decimal::kScale;
        break;
      case Opcode::LOAD_SCORE:
        b.known[i] = b.score_known[i];
        b.values[i] = b.score[i];
        break;
      default:  // LOAD_COVERAGE: a percentage, no overflow
        b.known[i] = b.coverage_known[i];
        b.values[i] = b.coverage[i] * Decimal::kScale;
        break;
    }
  }
}

void Evaluator::block_finish_step(const Step& step) {
  switch (step.kind) {
    case Step::Kind::criterion: break;
    case Step::Kind::exclusion:
      if (--exclusions_left_ == 0) block_finish_exclusions();
      break;
    case Step::Kind::tier:
      if (--tiers_left_ == 0) block_finish_tiers();
      break;
    case Step::Kind::bonus:
      if (--bonuses_left_ == 0) block_finish_score();
      break;
  }
}

// finish_exclusions, finish_tiers and finish_score for every record; a definition that
// never ran (a hand-built `order`) is still unknown, as evaluate() leaves it.
void Evaluator::block_finish_exclusions() {
  Block& b = block_;
  exclusions_left_ = 0;
  // The first exclusion that holds: the later ones are tried first, so that the earliest
  // is the one left, with a select instead of a branch on each record's result.
  b.excluded_by.fill(-1);
  for (std::size_t e = program_.exclusions.size(); e-- > 0;) {  // unknown does not exclude
    const Column& result = b.results[b.first[1] + e];
    const auto index = static_cast<std::int32_t>(e);
    for (std::size_t i = 0; i < b.size; ++i) b.excluded_by[i] = takes(result[i]) ? index : b.excluded_by[i];
  }
  for (std::size_t i = 0; i < b.size; ++i) b.excluded[i] = b.excluded_by[i] >= 0 ? 1 : 0;
}

void Evaluator::block_finish_tiers() {
  Block& b = block_;
  tiers_left_ = 0;
  b.fit_tier.fill(0);
  for (std::size_t t = program_.tiers.size(); t-- > 0;) {  // INVARIANT: tiers ascend from 1
    const Column& result = b.results[b.first[2] + t];
    const std::int32_t number = program_.tiers[t].number;
    for (std::size_t i = 0; i < b.size; ++i) b.fit_tier[i] = takes(result[i]) ? number : b.fit_tier[i];
  }
}

void Evaluator::block_finish_score() {
  Block& b = block_;
  bonuses_left_ = 0;
  b.score = b.points;
  b.score_known = b.points_known;
  for (std::size_t k = 0; k < program_.bonuses.size(); ++k) {
    const Column& result = b.results[b.first[3] + k];
    const std::int64_t points = program_.bonuses[k].points.units();
    for (std::size_t i = 0; i < b.size; ++i) {
      // Decimal::add: an int64 sum that overflows to unknown (and stays unknown).
      std::int64_t sum = 0;
      const bool overflow = __builtin_add_overflow(b.score[i], takes(result[i]) ? points : 0, &sum);
      b.score[i] = sum;
      b.score_known[i] &= overflow ? 0 : 1;
    }
  }
}

// choose_route: the first rule whose condition holds (unknown: no); `else` takes the rest.
void Evaluator::block_route() {
  Block& b = block_;
  // INVARIANT: the last rule is `else`, so some rule always matches.
  const auto last = static_cast<std::uint32_t>(program_.route.empty() ? 0 : program_.route.size() - 1);
  b.route_rule.fill(last);
  b.routed.fill(0);
  for (std::size_t r = 0; r < program_.route.size(); ++r) {
    const RouteRuleDef& rule = program_.route[r];
    if (!rule.code) break;  // `else`: the rest keep `last`
    if (route_fast_[r]) {
      block_condition(*route_fast_[r], b.condition);
    } else {
      block_stack_machine(*rule.code, b.condition);
    }
    std::uint8_t all_routed = 1;
    for (std::size_t i = 0; i < b.size; ++i) {
      const std::uint8_t take = !b.routed[i] && takes(b.condition[i]);
      b.route_rule[i] = take ? static_cast<std::uint32_t>(r) : b.route_rule[i];
      b.routed[i] |= take;
      all_routed &= b.routed[i];
    }
    if (all_routed) break;
  }
}

// The decision evaluate() would have made for record i of the block.
const Decision& Evaluator::block_decision(std::size_t i, Date as_of) {
  const Block& b = block_;
  Decision& d = *decision_;
  d.id.assign(b.records[i].id());
  d.as_of = as_of;
  d.fit_tier = b.fit_tier[i];
  d.excluded_by = b.excluded_by[i] >= 0 ? std::optional(static_cast<std::uint32_t>(b.excluded_by[i])) : std::nullopt;
  d.verdict = semantics::verdict_of(d.excluded_by.has_value(), d.fit_tier);
  d.score = b.score_known[i] ? std::optional(Decimal::from_units(b.score[i])) : std::nullopt;
  d.coverage = b.coverage_known[i] ? std::optional(b.coverage[i]) : std::nullopt;
  // Every role index written, the count advanced only past filled ones: no branch per role.
  d.roles_filled.resize(b.roles.size());  // capacity reserved in the constructor
  std::size_t filled = 0;
  for (std::size_t r = 0; r < b.roles.size(); ++r) {
    d.roles_filled[filled] = static_cast<std::uint32_t>(r);
    filled += b.roles[r][i];
  }
  d.roles_filled.resize(filled);
  d.route_rule = b.route_rule[i];
  auto copy = [&](std::vector<Tri>& to, std::size_t first) {
    for (std::size_t k = 0; k < to.size(); ++k) to[k] = tri(b.results[first + k][i]);
  };
  copy(d.criteria, b.first[0]);
  copy(d.exclusions, b.first[1]);
  copy(d.tiers, b.first[2]);
  copy(d.bonuses, b.first[3]);
  d.audited = false;
  return d;
}

}  // namespace icp::vm
