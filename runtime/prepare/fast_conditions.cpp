// Loading, recognising fast conditions: matches each chunk of a verified Program against
// the shapes of runtime/prepare/fast_conditions.hpp. Input: Program::code and its definitions.
// Output: Program::fast_conditions / fast_condition_at. A chunk that fits no shape exactly
// keeps running on the stack machine, so recognising less is never wrong.
#include "runtime/prepare/fast_conditions.hpp"

#include <optional>

#include "runtime/format/bytecode.hpp"

namespace icp::vm {

namespace {

bool is_compare(Opcode op) {
  return op == Opcode::EQ || op == Opcode::NE || op == Opcode::LT || op == Opcode::LE || op == Opcode::GT ||
         op == Opcode::GE;
}

bool is_aggregate(Opcode op) { return op == Opcode::LOAD_TIER || op == Opcode::LOAD_SCORE || op == Opcode::LOAD_COVERAGE; }

class Matcher {
 public:
  Matcher(const Program& program, const Chunk& chunk) : p_(program), begin_(chunk.begin), end_(chunk.end) {}

  std::optional<FastCondition> match() const {
    if (end_ <= begin_ || end_ > p_.code.size() || at(end_ - 1).op != Opcode::RETURN) return std::nullopt;
    std::optional<FastTerm> whole = starts_with_any();
    if (!whole) whole = criteria_at_least();
    if (whole) {
      whole->begin = static_cast<std::uint32_t>(begin_);
      whole->end = static_cast<std::uint32_t>(ret());
      return FastCondition{{std::move(*whole)}};
    }
    return conjunction();
  }

 private:
  using Form = FastTerm::Form;
  // A term and the pc just past it.
  struct Parsed {
    FastTerm term;
    std::size_t next;
  };

  const Instruction& at(std::size_t pc) const { return p_.code[pc]; }
  std::size_t ret() const { return end_ - 1; }
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
  // PUSH_CONST c; EQ..GE scalar at pc (both before the RETURN): fills compare and low.
  bool constant_compare(std::size_t pc, FastTerm& t) const {
    if (pc + 1 >= ret() || at(pc).op != Opcode::PUSH_CONST || !scalar_constant(at(pc).y) ||
        !scalar_compare(at(pc + 1))) {
      return false;
    }
    t.compare = at(pc + 1).op;
    t.low = p_.constants[at(pc).y].scalar;
    return true;
  }

  // T1 (JUMP_IF_FALSE end; Tn; AND)* RETURN, every T a term without jumps.
  std::optional<FastCondition> conjunction() const {
    FastCondition c;
    std::optional<Parsed> first = term(begin_);
    if (!first) return std::nullopt;
    c.terms.push_back(std::move(first->term));
    std::size_t pc = first->next;
    while (pc < ret()) {
      if (at(pc).op != Opcode::JUMP_IF_FALSE || at(pc).y != ret()) return std::nullopt;
      std::optional<Parsed> next = term(pc + 1);
      if (!next || next->next >= ret() || at(next->next).op != Opcode::AND) return std::nullopt;
      c.terms.push_back(std::move(next->term));
      pc = next->next + 1;
    }
    if (pc != ret()) return std::nullopt;
    return c;
  }

  // A term at pc, with its instruction range.
  std::optional<Parsed> term(std::size_t pc) const {
    std::optional<Parsed> parsed = term_form(pc);
    if (parsed) {
      parsed->term.begin = static_cast<std::uint32_t>(pc);
      parsed->term.end = static_cast<std::uint32_t>(parsed->next);
    }
    return parsed;
  }

  std::optional<Parsed> term_form(std::size_t pc) const {
    if (pc >= ret()) return std::nullopt;
    FastTerm t;
    t.operand = at(pc).y;
    switch (at(pc).op) {
      case Opcode::LOAD_FIELD: return field_term(pc);
      case Opcode::LOAD_CRITERION: t.form = Form::criterion; return Parsed{t, pc + 1};
      case Opcode::LOAD_EXCLUDED: t.form = Form::excluded; return Parsed{t, pc + 1};
      case Opcode::COUNT:
        t.form = Form::count_compare;
        t.operand = static_cast<std::uint32_t>(pc);
        if (!constant_compare(pc + 1, t)) return std::nullopt;
        return Parsed{t, pc + 3};
      default: break;
    }
    if (!is_aggregate(at(pc).op)) return std::nullopt;
    t.aggregate = at(pc).op;
    if (constant_compare(pc + 1, t)) {
      t.form = Form::aggregate_compare;
      return Parsed{t, pc + 3};
    }
    const Instruction& next = at(pc + 1);  // pc < ret(): at most the RETURN
    if (next.op != Opcode::IN_SET || next.y >= p_.sets.size() || p_.sets[next.y].kind != ConstSet::Kind::scalars) {
      return std::nullopt;
    }
    t.form = Form::aggregate_in_set;
    t.list = next.y;
    return Parsed{t, pc + 2};
  }

  std::optional<Parsed> field_term(std::size_t pc) const {
    FastTerm t;
    t.operand = at(pc).y;
    const Instruction& second = at(pc + 1);  // pc < ret(): at most the RETURN
    if (second.op == Opcode::IN_SET || second.op == Opcode::HAS_ANY || second.op == Opcode::HAS_ALL) {
      t.form = second.op == Opcode::IN_SET ? Form::field_in_set : Form::field_has_list;
      t.all = second.op == Opcode::HAS_ALL;
      t.list = second.y;
      return Parsed{t, pc + 2};
    }
    if (constant_compare(pc + 1, t)) {
      t.form = Form::field_compare;
      return Parsed{t, pc + 3};
    }
    if (second.op != Opcode::PUSH_CONST) return Parsed{t, pc + 1};  // field_truth
    if (pc + 3 >= ret()) return std::nullopt;
    const Instruction& third = at(pc + 2);
    const Instruction& fourth = at(pc + 3);
    if (third.op == Opcode::PUSH_CONST && scalar_constant(second.y) && scalar_constant(third.y) &&
        fourth.op == Opcode::BETWEEN && fourth.kind == static_cast<std::uint8_t>(CompareKind::scalar)) {
      t.form = Form::field_between;
      t.low = p_.constants[second.y].scalar;
      t.high = p_.constants[third.y].scalar;
      return Parsed{t, pc + 4};
    }
    return std::nullopt;
  }

  // LOAD_FIELD f; PUSH_CONST c; STARTS_WITH, then (JUMP_IF_TRUE end; the same three; OR)*.
  std::optional<FastTerm> starts_with_any() const {
    const std::size_t ret = end_ - 1;
    FastTerm c;
    c.form = Form::field_starts_with_any;
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

  std::optional<FastTerm> criteria_at_least() const {
    if (length() < 3) return std::nullopt;
    const Instruction& last = at(end_ - 2);
    if (last.op != Opcode::AT_LEAST || last.y != length() - 2) return std::nullopt;
    FastTerm c;
    c.form = Form::criteria_at_least;
    c.operand = last.x;
    for (std::size_t pc = begin_; pc + 2 < end_; ++pc) {
      if (at(pc).op != Opcode::LOAD_CRITERION) return std::nullopt;
      c.items.push_back(at(pc).y);
    }
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
