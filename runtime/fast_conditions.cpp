// Loading, recognising fast conditions: matches each chunk of a verified Program against
// the shapes of runtime/fast_conditions.hpp. Input: Program::code and its definitions.
// Output: Program::fast_conditions / fast_condition_at. A chunk that fits no shape exactly
// keeps running on the stack machine, so recognising less is never wrong.
#include "runtime/fast_conditions.hpp"

#include <optional>

#include "runtime/bytecode.hpp"

namespace icp::vm {

namespace {

bool is_compare(Opcode op) {
  return op == Opcode::EQ || op == Opcode::NE || op == Opcode::LT || op == Opcode::LE || op == Opcode::GT ||
         op == Opcode::GE;
}

class Matcher {
 public:
  Matcher(const Program& program, const Chunk& chunk) : p_(program), begin_(chunk.begin), end_(chunk.end) {}

  std::optional<FastCondition> match() const {
    if (end_ <= begin_ || end_ > p_.code.size() || at(end_ - 1).op != Opcode::RETURN) return std::nullopt;
    if (auto c = field_forms()) return c;
    if (auto c = count_compare()) return c;
    if (auto c = starts_with_any()) return c;
    if (auto c = criteria_at_least()) return c;
    return criteria_all();
  }

 private:
  const Instruction& at(std::size_t pc) const { return p_.code[pc]; }
  std::size_t length() const { return end_ - begin_; }
  bool scalar_constant(std::uint32_t index) const {
    return index < p_.constants.size() && p_.constants[index].type != ValueType::text;
  }
  bool text_constant(std::uint32_t index) const {
    return index < p_.constants.size() && p_.constants[index].type == ValueType::text;
  }
  bool scalar_compare(const Instruction& in) const {
    return is_compare(in.op) && in.kind == static_cast<std::uint8_t>(CompareKind::scalar);
  }

  std::optional<FastCondition> field_forms() const {
    const Instruction& load = at(begin_);
    if (load.op != Opcode::LOAD_FIELD) return std::nullopt;
    FastCondition c;
    c.operand = load.y;
    if (length() == 2) return c;  // field_truth
    const Instruction& second = at(begin_ + 1);
    if (length() == 3 && (second.op == Opcode::IN_SET || second.op == Opcode::HAS_ANY || second.op == Opcode::HAS_ALL)) {
      c.form = second.op == Opcode::IN_SET ? FastCondition::Form::field_in_set : FastCondition::Form::field_has_list;
      c.all = second.op == Opcode::HAS_ALL;
      c.list = second.y;
      return c;
    }
    if (length() == 4 && second.op == Opcode::PUSH_CONST && scalar_constant(second.y) && scalar_compare(at(begin_ + 2))) {
      c.form = FastCondition::Form::field_compare;
      c.compare = at(begin_ + 2).op;
      c.low = p_.constants[second.y].scalar;
      return c;
    }
    if (length() != 5) return std::nullopt;
    const Instruction& third = at(begin_ + 2);
    const Instruction& fourth = at(begin_ + 3);
    if (second.op == Opcode::PUSH_CONST && third.op == Opcode::PUSH_CONST &&
        scalar_constant(second.y) && scalar_constant(third.y) && fourth.op == Opcode::BETWEEN &&
        fourth.kind == static_cast<std::uint8_t>(CompareKind::scalar)) {
      c.form = FastCondition::Form::field_between;
      c.low = p_.constants[second.y].scalar;
      c.high = p_.constants[third.y].scalar;
      return c;
    }
    return std::nullopt;
  }

  std::optional<FastCondition> count_compare() const {
    if (length() != 4 || at(begin_).op != Opcode::COUNT) return std::nullopt;
    const Instruction& constant = at(begin_ + 1);
    if (constant.op != Opcode::PUSH_CONST || !scalar_constant(constant.y) || !scalar_compare(at(begin_ + 2))) {
      return std::nullopt;
    }
    FastCondition c;
    c.form = FastCondition::Form::count_compare;
    c.operand = begin_;
    c.compare = at(begin_ + 2).op;
    c.low = p_.constants[constant.y].scalar;
    return c;
  }

  // LOAD_FIELD f; PUSH_CONST c; STARTS_WITH, then (JUMP_IF_TRUE end; the same three; OR)*.
  std::optional<FastCondition> starts_with_any() const {
    const std::size_t ret = end_ - 1;
    FastCondition c;
    c.form = FastCondition::Form::field_starts_with_any;
    c.operand = at(begin_).y;
    for (std::size_t pc = begin_; pc < ret;) {
      const bool first = pc == begin_;
      if (!first && (at(pc).op != Opcode::JUMP_IF_TRUE || at(pc).y != ret)) return std::nullopt;
      const std::size_t load = first ? pc : pc + 1;
      const std::size_t tail = load + 3 + (first ? 0 : 1);  // past STARTS_WITH (and OR)
      if (tail > ret || at(load).op != Opcode::LOAD_FIELD || at(load).y != c.operand ||
          at(load + 1).op != Opcode::PUSH_CONST || !text_constant(at(load + 1).y) ||
          at(load + 2).op != Opcode::STARTS_WITH || (!first && at(load + 3).op != Opcode::OR)) {
        return std::nullopt;
      }
      c.items.push_back(at(load + 1).y);
      pc = tail;
    }
    if (c.items.empty()) return std::nullopt;
    return c;
  }

  std::optional<FastCondition> criteria_at_least() const {
    if (length() < 3) return std::nullopt;
    const Instruction& last = at(end_ - 2);
    if (last.op != Opcode::AT_LEAST || last.y != length() - 2) return std::nullopt;
    FastCondition c;
    c.form = FastCondition::Form::criteria_at_least;
    c.operand = last.x;
    for (std::size_t pc = begin_; pc + 2 < end_; ++pc) {
      if (at(pc).op != Opcode::LOAD_CRITERION) return std::nullopt;
      c.items.push_back(at(pc).y);
    }
    return c;
  }

  // LOAD_CRITERION a, then (JUMP_IF_FALSE end; LOAD_CRITERION b; AND)*.
  std::optional<FastCondition> criteria_all() const {
    const std::size_t ret = end_ - 1;
    if (at(begin_).op != Opcode::LOAD_CRITERION || (length() - 2) % 3 != 0) return std::nullopt;
    FastCondition c;
    c.form = FastCondition::Form::criteria_all;
    c.items.push_back(at(begin_).y);
    for (std::size_t pc = begin_ + 1; pc < ret; pc += 3) {
      if (at(pc).op != Opcode::JUMP_IF_FALSE || at(pc).y != ret || at(pc + 1).op != Opcode::LOAD_CRITERION ||
          at(pc + 2).op != Opcode::AND) {
        return std::nullopt;
      }
      c.items.push_back(at(pc + 1).y);
    }
    if (c.items.size() < 2) return std::nullopt;
    return c;
  }

  const Program& p_;
  std::size_t begin_, end_;
};

void consider(Program& program, const Chunk& chunk) {
  if (chunk.begin >= program.code.size() || program.fast_condition_at[chunk.begin] >= 0) return;
  if (std::optional<FastCondition> c = Matcher(program, chunk).match()) {
    program.fast_condition_at[chunk.begin] = static_cast<std::int32_t>(program.fast_conditions.size());
    program.fast_conditions.push_back(std::move(*c));
  }
}

template <typename Def>
void consider_all(Program& program, const std::vector<Def>& defs) {
  for (const Def& def : defs) consider(program, def.code);
}

}  // namespace

void prepare_fast_conditions(Program& program) {
  program.fast_conditions.clear();
  program.fast_condition_at.assign(program.code.size(), -1);
  consider_all(program, program.criteria);
  consider_all(program, program.exclusions);
  consider_all(program, program.tiers);
  consider_all(program, program.bonuses);
  for (const RouteRuleDef& rule : program.route) {
    if (rule.code) consider(program, *rule.code);
  }
}

}  // namespace icp::vm
