// Stage 5, evaluate: the instruction loop, one switch over runtime/format/opcodes.def with a short
// case per opcode; the work lives in the helpers here (pure value operations) and in vm.cpp
// (record and program access). Input: one chunk. Output: its three-valued result.
#include <cassert>
#include <limits>

#include "runtime/vm/semantics/compare.hpp"
#include "runtime/vm/semantics/logic.hpp"
#include "runtime/vm/vm.hpp"
#include "runtime/vm/vm_access.hpp"

namespace icp::vm {

namespace {

using Tag = Value::Tag;

Value unknown() { return Value{}; }
Value boolean(bool b) { return Value{Tag::boolean, b ? 1 : 0, {}}; }
Value number(std::int64_t units) { return Value{Tag::number, units, {}}; }

Tri to_tri(const Value& v) {
  if (v.tag != Tag::boolean) return Tri::unknown;
  return v.scalar != 0 ? Tri::yes : Tri::no;
}

Value from_tri(Tri t) { return t == Tri::unknown ? unknown() : boolean(t == Tri::yes); }

bool is(const Value& v, bool b) { return v.tag == Tag::boolean && (v.scalar != 0) == b; }

// The logic and the comparisons are runtime/vm/semantics/'s, on the values' truth or scalars.
Value at_least(const Value* values, std::uint32_t n, std::uint32_t k) {
  std::uint32_t yes = 0, unsure = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (is(values[i], true)) ++yes;
    if (values[i].tag != Tag::boolean) ++unsure;
  }
  return from_tri(semantics::at_least(yes, unsure, k));
}

Value compare(Opcode op, std::uint8_t kind, const Value& a, const Value& b) {
  if (a.tag == Tag::unknown || b.tag == Tag::unknown) return unknown();
  // Verified: both operands have one type, the one the kind reads (.text or .scalar).
  assert(a.tag == b.tag && (a.tag == Tag::text) == (static_cast<CompareKind>(kind) == CompareKind::text));
  if (static_cast<CompareKind>(kind) == CompareKind::text) return boolean(semantics::compare(op, a.text, b.text));
  return boolean(semantics::compare(op, a.scalar, b.scalar));
}

Value between(std::uint8_t kind, const Value& v, const Value& lo, const Value& hi) {
  if (v.tag == Tag::unknown || lo.tag == Tag::unknown || hi.tag == Tag::unknown) return unknown();
  assert(v.tag == lo.tag && v.tag == hi.tag);  // verified, as in compare()
  if (static_cast<CompareKind>(kind) == CompareKind::text) return boolean(semantics::between(v.text, lo.text, hi.text));
  return boolean(semantics::between(v.scalar, lo.scalar, hi.scalar));
}

Value arithmetic(Opcode op, const Value& a, const Value& b) {
  if (a.tag != Tag::number || b.tag != Tag::number) return unknown();
  Decimal x = Decimal::from_units(a.scalar), y = Decimal::from_units(b.scalar);
  std::optional<Decimal> r;
  switch (op) {
    case Opcode::ADD: r = x.add(y); break;
    case Opcode::SUB: r = x.sub(y); break;
    case Opcode::MUL: r = x.mul(y); break;
    default: r = x.div(y); break;  // DIV
  }
  return r ? number(r->units()) : unknown();  // overflow, division by zero
}

Value negate(const Value& v) {
  if (v.tag != Tag::number || v.scalar == std::numeric_limits<std::int64_t>::min()) return unknown();
  return number(-v.scalar);
}

Value starts_with(const Value& s, const Value& prefix) {
  if (s.tag != Tag::text || prefix.tag != Tag::text) return unknown();
  return boolean(s.text.substr(0, prefix.text.size()) == prefix.text);
}

}  // namespace

// Relies on the verifier (vm::verify, runtime/format/verify_chunk.cpp), which every program passes
// before an Evaluator sees it (artifact.hpp: load and seal): every operand index is in
// bounds, so nothing here checks one; the stack never underflows and is deep enough (sized
// in the constructor); jumps go forward inside the chunk, so the loop ends; and every
// operand has its opcode's static type, so the tag tests below only tell `unknown` from a
// value: compare() reads .text or .scalar by the kind knowing both operands have that type,
// HAS takes a set value's scalar as the slot of a set<string> field, IN_SET's NAICS table
// is only asked about text, and RETURN finds a bool (or unknown). Debug builds assert it.
Tri Evaluator::run(const Chunk& chunk) {
  const Instruction* code = program_.code.data();
  Value* stack = stack_.data();
  std::size_t sp = 0;  // the next free slot
  for (std::uint32_t pc = chunk.begin; pc < chunk.end; ++pc) {
    const Instruction& in = code[pc];
    assert(sp < stack_.size());
    switch (in.op) {
      case Opcode::PUSH_CONST: stack[sp++] = load_constant(in.y); break;
      case Opcode::LOAD_FIELD:
        note_read(AuditRead::Kind::field, in.y);
        stack[sp++] = load_field(in.y);
        break;
      case Opcode::LOAD_ID: stack[sp++] = Value{Tag::text, 0, record_->id()}; break;
      case Opcode::PRESENT: stack[sp++] = boolean(record_->present(in.y)); break;
      case Opcode::LOAD_CRITERION:
        note_read(AuditRead::Kind::criterion, in.y);
        stack[sp++] = from_tri(decision_->criteria[in.y]);
        break;
      case Opcode::LOAD_SCORE:
        assert(bonuses_left_ == 0 && "lowering bug: score read before every bonus ran");
        stack[sp++] = decision_->score ? number(decision_->score->units()) : unknown();
        break;
      case Opcode::LOAD_TIER:
        assert(tiers_left_ == 0 && "lowering bug: tier read before every tier ran");
        stack[sp++] = number(std::int64_t{decision_->fit_tier} * Decimal::kScale);
        break;
      case Opcode::LOAD_EXCLUDED:
        assert(exclusions_left_ == 0 && "lowering bug: excluded read before every exclusion ran");
        stack[sp++] = boolean(excluded_);
        break;
      case Opcode::LOAD_COVERAGE:
        note_read(AuditRead::Kind::coverage, 0, decision_->coverage.value_or(0));
        stack[sp++] = decision_->coverage ? number(*decision_->coverage * Decimal::kScale) : unknown();
        break;
      case Opcode::COUNT:
        stack[sp] = count(pc);
        note_read(AuditRead::Kind::count, pc, stack[sp++].scalar / Decimal::kScale);
        break;
      case Opcode::HAS_ROLE:
        note_read(AuditRead::Kind::role, in.y, role_filled_[in.y] ? 1 : 0);
        stack[sp++] = boolean(role_filled_[in.y]);
        break;
      case Opcode::NOT: stack[sp - 1] = from_tri(semantics::not3(to_tri(stack[sp - 1]))); break;
      case Opcode::JUMP_IF_FALSE:
        if (is(stack[sp - 1], false)) pc = in.y - 1;  // y: absolute index into Program::code
        break;
      case Opcode::JUMP_IF_TRUE:
        if (is(stack[sp - 1], true)) pc = in.y - 1;
        break;
      case Opcode::AND:
        --sp;
        stack[sp - 1] = from_tri(semantics::and3(to_tri(stack[sp - 1]), to_tri(stack[sp])));
        break;
      case Opcode::OR:
        --sp;
        stack[sp - 1] = from_tri(semantics::or3(to_tri(stack[sp - 1]), to_tri(stack[sp])));
        break;
      case Opcode::AT_LEAST:
        sp -= in.y;
        stack[sp] = at_least(stack + sp, in.y, in.x);
        ++sp;
        break;
      case Opcode::EQ:
      case Opcode::NE:
      case Opcode::LT:
      case Opcode::LE:
      case Opcode::GT:
      case Opcode::GE: --sp; stack[sp - 1] = compare(in.op, in.kind, stack[sp - 1], stack[sp]); break;
      case Opcode::BETWEEN:
        sp -= 2;
        stack[sp - 1] = between(in.kind, stack[sp - 1], stack[sp], stack[sp + 1]);
        break;
      case Opcode::ADD:
      case Opcode::SUB:
      case Opcode::MUL:
      case Opcode::DIV: --sp; stack[sp - 1] = arithmetic(in.op, stack[sp - 1], stack[sp]); break;
      case Opcode::NEG: stack[sp - 1] = negate(stack[sp - 1]); break;
      case Opcode::IN_SET: stack[sp - 1] = in_set(stack[sp - 1], in.y); break;
      case Opcode::HAS:
        --sp;
        assert((stack[sp - 1].tag == Tag::set || stack[sp - 1].tag == Tag::unknown) && stack[sp].tag != Tag::set);
        stack[sp - 1] = (stack[sp - 1].tag == Tag::set && stack[sp].tag == Tag::text)
                            ? boolean(record_->set_has(static_cast<std::size_t>(stack[sp - 1].scalar), stack[sp].text))
                            : unknown();
        break;
      case Opcode::HAS_ANY: stack[sp - 1] = has_list(stack[sp - 1], in.y, false); break;
      case Opcode::HAS_ALL: stack[sp - 1] = has_list(stack[sp - 1], in.y, true); break;
      case Opcode::STARTS_WITH: --sp; stack[sp - 1] = starts_with(stack[sp - 1], stack[sp]); break;
      case Opcode::LOWER: stack[sp - 1] = lower(stack[sp - 1]); break;
      case Opcode::RETURN:
        assert(stack[sp - 1].tag == Tag::boolean || stack[sp - 1].tag == Tag::unknown);
        return to_tri(stack[sp - 1]);
    }
  }
  // Only a condition's term (condition_terms) ends without RETURN: its value is the top.
  assert(sp == 1 && "lowering bug: chunk without RETURN");
  return sp == 0 ? Tri::unknown : to_tri(stack[sp - 1]);
}

}  // namespace icp::vm
