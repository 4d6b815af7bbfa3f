// Stage 5, evaluate: the fast conditions (runtime/fast_conditions.hpp), decided directly
// from the record and the criteria already computed, with the same three-valued meaning as
// the bytecode they replace (opcodes.def). Input: one FastCondition. Output: its truth.
#include <algorithm>

#include "runtime/vm.hpp"

namespace icp::vm {

namespace {

bool compare_scalars(Opcode op, std::int64_t a, std::int64_t b) {
  switch (op) {
    case Opcode::EQ: return a == b;
    case Opcode::NE: return a != b;
    case Opcode::LT: return a < b;
    case Opcode::LE: return a <= b;
    case Opcode::GT: return a > b;
    default: return a >= b;  // GE
  }
}

Tri truth(bool b) { return b ? Tri::yes : Tri::no; }

Tri value_truth(const Value& v) {
  if (v.tag != Value::Tag::boolean) return Tri::unknown;
  return truth(v.scalar != 0);
}

}  // namespace

Tri Evaluator::run_fast(const FastCondition& c) const {
  using Form = FastCondition::Form;
  switch (c.form) {
    case Form::field_truth: return value_truth(load_field(c.operand));
    case Form::field_compare: {
      const Value v = load_field(c.operand);
      return v.tag == Value::Tag::unknown ? Tri::unknown : truth(compare_scalars(c.compare, v.scalar, c.low));
    }
    case Form::field_between: {
      const Value v = load_field(c.operand);
      return v.tag == Value::Tag::unknown ? Tri::unknown : truth(c.low <= v.scalar && v.scalar <= c.high);
    }
    case Form::field_in_set: return value_truth(in_set(load_field(c.operand), c.list));
    case Form::field_has_list: return value_truth(has_list(load_field(c.operand), c.list, c.all));
    case Form::field_starts_with_any: {
      const Value v = load_field(c.operand);
      if (v.tag != Value::Tag::text) return Tri::unknown;
      return truth(std::any_of(c.items.begin(), c.items.end(),
                               [&](std::uint32_t k) { return v.text.starts_with(program_.constants[k].text); }));
    }
    case Form::count_compare: return truth(compare_scalars(c.compare, count(c.operand).scalar, c.low));
    case Form::criteria_all: {
      bool unsure = false;  // false wins over unknown
      for (std::uint32_t i : c.items) {
        if (decision_.criteria[i] == Tri::no) return Tri::no;
        unsure = unsure || decision_.criteria[i] == Tri::unknown;
      }
      return unsure ? Tri::unknown : Tri::yes;
    }
    case Form::criteria_at_least: {
      std::uint32_t yes = 0, unsure = 0;
      for (std::uint32_t i : c.items) {
        yes += decision_.criteria[i] == Tri::yes ? 1 : 0;
        unsure += decision_.criteria[i] == Tri::unknown ? 1 : 0;
      }
      if (yes >= c.operand) return Tri::yes;
      return yes + unsure < c.operand ? Tri::no : Tri::unknown;
    }
  }
  return Tri::unknown;
}

}  // namespace icp::vm
