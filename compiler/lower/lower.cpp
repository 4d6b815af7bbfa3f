// Stage 4, lower: checked IR -> bytecode. Walks each condition's expression tree once,
// emitting stack code with short-circuit jumps (always forward), interning constants,
// sets and string lists by value, and copies the declarations the VM needs.
// Input: an error-free ir::Program. Output: vm::Program (runtime/format/bytecode.hpp).
#include "compiler/lower/lower.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "runtime/base/utf8.hpp"
#include "runtime/vm/semantics/compare.hpp"
#include "runtime/vm/semantics/logic.hpp"

namespace icp {
namespace {

using ir::TypeKind;
using vm::Opcode;

bool is_text(TypeKind kind) {
  return kind == TypeKind::string || kind == TypeKind::naics || kind == TypeKind::country;
}

// Every number is held as Decimal units, so integers and percentages (80% is 80) convert.
std::int64_t units_of_int(std::int64_t value) {
  const auto decimal = Decimal::from_int(value);
  if (!decimal) throw std::logic_error("lower: integer constant out of Decimal range");
  return decimal->units();
}

// A scalar constant as the VM holds it. `as_text` is set where the other operand is text:
// only integers differ then (a NAICS code written as 5112 is compared as "5112").
vm::Constant constant_of(const ir::Value& value, bool as_text) {
  using vm::ValueType;
  switch (value.kind) {
    case TypeKind::boolean: return {ValueType::boolean, value.boolean ? 1 : 0, {}};
    case TypeKind::integer:
      if (as_text) return {ValueType::text, 0, std::to_string(value.integer)};
      return {ValueType::number, units_of_int(value.integer), {}};
    case TypeKind::percent:
    case TypeKind::duration: return {ValueType::number, units_of_int(value.integer), {}};
    case TypeKind::decimal: return {ValueType::number, value.decimal.units(), {}};
    case TypeKind::string:
    case TypeKind::naics:
    case TypeKind::country: return {ValueType::text, 0, value.text};
    case TypeKind::date: return {ValueType::date, value.date.days, {}};
    case TypeKind::enumeration: return {ValueType::enumeration, value.integer, {}};
    default: throw std::logic_error("lower: constant of a type the VM cannot hold");
  }
}

Opcode compare_opcode(ir::CompareOp op) {
  static constexpr Opcode kOps[] = {Opcode::EQ, Opcode::NE, Opcode::LT, Opcode::LE, Opcode::GT, Opcode::GE};
  return kOps[static_cast<int>(op)];
}

// Folding means what evaluating means: the runtime's comparisons (runtime/vm/semantics/).
bool compare_constants(ir::CompareOp op, const vm::Constant& a, const vm::Constant& b) {
  if (a.type == vm::ValueType::text) return vm::semantics::compare(compare_opcode(op), a.text, b.text);
  return vm::semantics::compare(compare_opcode(op), a.scalar, b.scalar);
}

bool between_constants(const vm::Constant& v, const vm::Constant& lo, const vm::Constant& hi) {
  if (v.type == vm::ValueType::text) return vm::semantics::between(v.text, lo.text, hi.text);
  return vm::semantics::between(v.scalar, lo.scalar, hi.scalar);
}

vm::FieldType field_type(TypeKind kind) {
  switch (kind) {
    case TypeKind::integer: return vm::FieldType::integer;
    case TypeKind::decimal: return vm::FieldType::decimal;
    case TypeKind::string: return vm::FieldType::string;
    case TypeKind::boolean: return vm::FieldType::boolean;
    case TypeKind::date: return vm::FieldType::date;
    case TypeKind::enumeration: return vm::FieldType::enumeration;
    case TypeKind::string_set: return vm::FieldType::string_set;
    case TypeKind::naics: return vm::FieldType::naics;
    case TypeKind::country: return vm::FieldType::country;
    default: throw std::logic_error("lower: a record field of a type the schema cannot hold");
  }
}

template <typename T>
void sort_unique(std::vector<T>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

class Lowerer {
 public:
  Lowerer(const SourceMap& sources, const ir::Program& ir) : sources_(sources), ir_(ir) {}

  vm::Program run() {
    out_.profile = ir_.profile.name;
    out_.version = ir_.profile.version;
    out_.owner = ir_.profile.owner;
    out_.debug.source_path = valid_utf8(sources_.file(ir_.file).path());  // an artifact's strings are UTF-8
    lower_schema();
    lower_definitions();
    lower_route();
    lower_order();
    return std::move(out_);
  }

 private:
  const ir::Expr& at(ir::ExprId id) const { return ir_.expr(id); }

  vm::SourceRef ref_at(Span span, std::string text = {}) const {
    const auto pos = sources_.file(span.file).line_col(span.begin);
    return vm::SourceRef{pos.line, pos.column, std::move(text)};
  }

  std::string text_of(Span span) const {
    const auto& text = sources_.file(span.file).text();
    return text.substr(span.begin, span.end - span.begin);
  }

  vm::SourceRef definition_ref(Span at_span, ir::ExprId condition) const {
    return ref_at(at_span, text_of(at(condition).span));
  }

  void lower_schema() {
    for (std::size_t i = ir::kFirstDeclaredField; i < ir_.fields.size(); ++i) {
      const auto& field = ir_.fields[i];
      vm::FieldSpec spec{field.name, field_type(field.type.kind), field.optional, {}};
      if (field.type.kind == TypeKind::enumeration) spec.enum_values = ir_.enums.at(field.type.enum_id.index).values;
      out_.schema.fields.push_back(std::move(spec));
    }
    for (const auto& signal : ir_.signals) {
      out_.schema.signal_types.push_back(signal.name);
      out_.signals.push_back({signal.name, signal.weight, signal.window_days, signal.cap, signal.half_life_days});
      out_.debug.signals.push_back(ref_at(signal.name_span));
    }
    out_.schema.build_lookup();
    for (const auto& role : ir_.roles) {
      out_.roles.push_back({role.name, role.titles, role.owns, role.objection, role.proof});
      out_.debug.roles.push_back(ref_at(role.name_span));
    }
  }

  void lower_definitions() {
    for (const auto& c : ir_.criteria) {
      out_.criteria.push_back({c.name, chunk(c.condition)});
      out_.debug.criteria.push_back(definition_ref(c.name_span, c.condition));
    }
    for (const auto& e : ir_.exclusions) {
      out_.exclusions.push_back({e.name, e.reason, chunk(e.condition)});
      out_.debug.exclusions.push_back(definition_ref(e.name_span, e.condition));
    }
    for (const auto& t : ir_.tiers) {
      out_.tiers.push_back({t.number, t.label, chunk(t.condition)});
      out_.debug.tiers.push_back(definition_ref(t.span, t.condition));
    }
    for (const auto& b : ir_.bonuses) {
      out_.bonuses.push_back({b.name, b.points, chunk(b.condition)});
      out_.debug.bonuses.push_back(definition_ref(b.name_span, b.condition));
    }
  }

  void lower_route() {
    using Kind = ir::RouteAction::Kind;
    using Action = vm::RouteRuleDef::Action;
    for (const auto& rule : ir_.route) {
      vm::RouteRuleDef def;
      const auto& a = rule.action;
      def.action = a.kind == Kind::disqualify ? Action::disqualify : a.kind == Kind::queue ? Action::queue : Action::ignore;
      def.queue = a.queue;
      def.sla_hours = a.sla_hours;
      def.sla_text = a.sla_text;
      def.cadence = a.cadence;
      if (rule.condition) {
        def.code = chunk(*rule.condition);
        out_.debug.route.push_back(definition_ref(rule.span, *rule.condition));
      } else {
        out_.debug.route.push_back(ref_at(rule.span));
      }
      out_.route.push_back(std::move(def));
    }
  }

  void lower_order() {
    using Kind = ir::Node::Kind;
    using Step = vm::Step::Kind;
    for (const auto& node : ir_.evaluation_order) {
      switch (node.kind) {
        case Kind::criterion: out_.order.push_back({Step::criterion, node.index}); break;
        case Kind::exclusion: out_.order.push_back({Step::exclusion, node.index}); break;
        case Kind::tier: out_.order.push_back({Step::tier, node.index}); break;
        case Kind::bonus: out_.order.push_back({Step::bonus, node.index}); break;
        default: break;  // lets are folded; the VM computes the aggregates in place
      }
    }
  }

  // --- code ---

  vm::Chunk chunk(ir::ExprId condition) {
    vm::Chunk result;
    result.begin = static_cast<std::uint32_t>(out_.code.size());
    emit_expr(condition);
    emit(Opcode::RETURN, at(condition).span);
    result.end = static_cast<std::uint32_t>(out_.code.size());
    return result;
  }

  std::uint32_t emit(Opcode op, Span span, std::uint8_t kind = 0, std::uint16_t x = 0, std::uint32_t y = 0) {
    out_.code.push_back(vm::Instruction{op, kind, x, y});
    out_.debug.instructions.push_back(ref_at(span));
    return static_cast<std::uint32_t>(out_.code.size() - 1);
  }

  void push_constant(const vm::Constant& constant, Span span) {
    emit(Opcode::PUSH_CONST, span, 0, 0, intern(constant));
  }

  std::uint32_t intern(const vm::Constant& constant) {
    auto key = std::make_tuple(static_cast<int>(constant.type), constant.scalar, constant.text);
    auto [it, fresh] = constant_index_.emplace(std::move(key), static_cast<std::uint32_t>(out_.constants.size()));
    if (fresh) out_.constants.push_back(constant);
    return it->second;
  }

  std::uint32_t intern(vm::ConstSet set) {
    sort_unique(set.scalars);
    sort_unique(set.texts);
    auto key = std::make_tuple(static_cast<int>(set.kind), set.scalars, set.texts);
    auto [it, fresh] = set_index_.emplace(std::move(key), static_cast<std::uint32_t>(out_.sets.size()));
    if (fresh) out_.sets.push_back(std::move(set));
    return it->second;
  }

  std::uint32_t intern(std::vector<std::string> list) {
    sort_unique(list);
    auto [it, fresh] = list_index_.emplace(list, static_cast<std::uint32_t>(out_.string_lists.size()));
    if (fresh) out_.string_lists.push_back(std::move(list));
    return it->second;
  }

  // The constant set of `value in list`: its kind follows the value's type.
  // KEEP IN SYNC: check_operators.cpp, count_naics_list (which counts the NAICS tables).
  vm::ConstSet set_of(const ir::Expr& value, const ir::Value& list) const {
    vm::ConstSet set;
    const TypeKind kind = value.type.kind;
    set.kind = kind == TypeKind::naics ? vm::ConstSet::Kind::naics_prefixes
             : is_text(kind)           ? vm::ConstSet::Kind::texts
                                       : vm::ConstSet::Kind::scalars;
    for (const auto& item : list.items) {
      const auto constant = constant_of(item, is_text(kind));
      if (set.kind == vm::ConstSet::Kind::scalars) {
        set.scalars.push_back(constant.scalar);
      } else {
        set.texts.push_back(constant.text);
      }
    }
    sort_unique(set.scalars);
    sort_unique(set.texts);
    return set;
  }

  static bool set_contains(const vm::ConstSet& set, const vm::Constant& value) {
    switch (set.kind) {
      case vm::ConstSet::Kind::scalars:
        return std::binary_search(set.scalars.begin(), set.scalars.end(), value.scalar);
      case vm::ConstSet::Kind::texts:
        return std::binary_search(set.texts.begin(), set.texts.end(), value.text);
      case vm::ConstSet::Kind::naics_prefixes:
        return std::any_of(set.texts.begin(), set.texts.end(),
                           [&](const std::string& prefix) { return value.text.starts_with(prefix); });
    }
    return false;
  }

  static vm::Constant boolean(bool value) { return {vm::ValueType::boolean, value ? 1 : 0, {}}; }
  static vm::Tri truth(const vm::Constant& c) { return vm::semantics::truth(c.scalar != 0); }

  static bool folds_from_operands(ir::Op op) {
    return op == ir::Op::not_ || op == ir::Op::and_ || op == ir::Op::or_ || op == ir::Op::compare ||
           op == ir::Op::between || op == ir::Op::in_list;
  }

  // The value of an expression known at compile time (a scalar constant, or a test of
  // constants), or nullopt. Unknown never folds: constants are never unknown. A test's
  // answer is computed once (emit_expr asks at every node of a chain) and without
  // recursion: operands first, from an explicit stack.
  std::optional<vm::Constant> fold(ir::ExprId id, bool as_text = false) const {
    const auto& e = at(id);
    if (e.op == ir::Op::constant) {
      if (e.value.kind == TypeKind::list) return std::nullopt;
      return constant_of(e.value, as_text);
    }
    if (e.op == ir::Op::present && e.ref == ir::kIdField) return boolean(true);
    if (!folds_from_operands(e.op)) return std::nullopt;
    if (folded_.size() < ir_.exprs.size()) folded_.resize(ir_.exprs.size());
    if (!folded_[id.index]) fold_operands_first(id);
    return *folded_[id.index];
  }

  void fold_operands_first(ir::ExprId root) const {
    std::vector<ir::ExprId> stack{root};
    while (!stack.empty()) {
      const ir::ExprId id = stack.back();
      bool waiting = false;
      for (auto arg : at(id).args) {
        if (folds_from_operands(at(arg).op) && !folded_[arg.index]) {
          stack.push_back(arg);
          waiting = true;
        }
      }
      if (waiting) continue;
      folded_[id.index] = fold_test(at(id));
      stack.pop_back();
    }
  }

  // fold() of a test whose operands are folded already.
  std::optional<vm::Constant> fold_test(const ir::Expr& e) const {
    switch (e.op) {
      case ir::Op::not_: {
        auto arg = fold(e.args[0]);
        if (!arg) return std::nullopt;
        return boolean(vm::semantics::not3(truth(*arg)) == vm::Tri::yes);
      }
      case ir::Op::and_:
      case ir::Op::or_: {
        // Three-valued, an operand not known here counting as unknown: `false and x` is
        // false, `true or x` true, and a result left unknown is not folded.
        const bool is_and = e.op == ir::Op::and_;
        vm::Tri result = is_and ? vm::Tri::yes : vm::Tri::no;
        for (auto arg : e.args) {
          const std::optional<vm::Constant> value = fold(arg);
          const vm::Tri operand = value ? truth(*value) : vm::Tri::unknown;
          result = is_and ? vm::semantics::and3(result, operand) : vm::semantics::or3(result, operand);
        }
        if (result == vm::Tri::unknown) return std::nullopt;
        return boolean(result == vm::Tri::yes);
      }
      case ir::Op::compare: {
        const bool text = compare_kind(e) == vm::CompareKind::text;
        auto a = fold(e.args[0], text), b = fold(e.args[1], text);
        if (!a || !b) return std::nullopt;
        return boolean(compare_constants(e.compare_op, *a, *b));
      }
      case ir::Op::between: {
        const bool text = compare_kind(e) == vm::CompareKind::text;
        auto v = fold(e.args[0], text), lo = fold(e.args[1], text), hi = fold(e.args[2], text);
        if (!v || !lo || !hi) return std::nullopt;
        return boolean(between_constants(*v, *lo, *hi));
      }
      case ir::Op::in_list: {
        const auto& value = at(e.args[0]);
        auto v = fold(e.args[0], is_text(value.type.kind));
        if (!v) return std::nullopt;
        return boolean(set_contains(set_of(value, at(e.args[1]).value), *v));
      }
      default: return std::nullopt;
    }
  }

  vm::CompareKind compare_kind(const ir::Expr& e) const {
    const bool text = std::any_of(e.args.begin(), e.args.end(), [&](ir::ExprId arg) {
      const auto kind = at(arg).type.kind;
      return is_text(kind) || (at(arg).op == ir::Op::field && at(arg).ref == ir::kIdField);
    });
    return text ? vm::CompareKind::text : vm::CompareKind::scalar;
  }

  void emit_expr(ir::ExprId id, bool as_text = false) {
    const auto& e = at(id);
    if (auto folded = fold(id, as_text)) return push_constant(*folded, e.span);
    if (e.op == ir::Op::arith) return emit_arith(e);
    switch (e.op) {
      case ir::Op::constant: throw std::logic_error("lower: a list constant outside `in` or `has`");
      case ir::Op::field:
        if (e.ref == ir::kIdField) {
          emit(Opcode::LOAD_ID, e.span);
        } else {
          emit(Opcode::LOAD_FIELD, e.span, 0, 0, slot(e.ref));
        }
        return;
      case ir::Op::present: emit(Opcode::PRESENT, e.span, 0, 0, slot(e.ref)); return;
      case ir::Op::criterion: emit(Opcode::LOAD_CRITERION, e.span, 0, 0, e.ref); return;
      case ir::Op::score: emit(Opcode::LOAD_SCORE, e.span); return;
      case ir::Op::tier: emit(Opcode::LOAD_TIER, e.span); return;
      case ir::Op::excluded: emit(Opcode::LOAD_EXCLUDED, e.span); return;
      case ir::Op::committee_coverage: emit(Opcode::LOAD_COVERAGE, e.span); return;
      case ir::Op::count: {
        const auto signal = e.ref == ir::kAllSignals ? vm::kAllSignals : narrow16(e.ref);
        emit(Opcode::COUNT, e.span, 0, signal, static_cast<std::uint32_t>(e.integer));
        return;
      }
      case ir::Op::has_role: emit(Opcode::HAS_ROLE, e.span, 0, 0, e.ref); return;
      case ir::Op::not_: emit_expr(e.args[0]); emit(Opcode::NOT, e.span); return;
      case ir::Op::and_:
      case ir::Op::or_: emit_logic(e); return;
      default: emit_operator(e); return;
    }
  }

  void emit_operator(const ir::Expr& e) {
    switch (e.op) {
      case ir::Op::at_least:
        for (auto arg : e.args) emit_expr(arg);
        emit(Opcode::AT_LEAST, e.span, 0, narrow16(static_cast<std::uint64_t>(e.integer)),
             static_cast<std::uint32_t>(e.args.size()));
        return;
      case ir::Op::compare: {
        const auto kind = compare_kind(e);
        for (auto arg : e.args) emit_expr(arg, kind == vm::CompareKind::text);
        emit(compare_opcode(e.compare_op), e.span, static_cast<std::uint8_t>(kind));
        return;
      }
      case ir::Op::between: {
        const auto kind = compare_kind(e);
        for (auto arg : e.args) emit_expr(arg, kind == vm::CompareKind::text);
        emit(Opcode::BETWEEN, e.span, static_cast<std::uint8_t>(kind));
        return;
      }
      case ir::Op::negate: emit_expr(e.args[0]); emit(Opcode::NEG, e.span); return;
      case ir::Op::in_list: {
        const auto& value = at(e.args[0]);
        emit_expr(e.args[0], is_text(value.type.kind));
        emit(Opcode::IN_SET, e.span, 0, 0, intern(set_of(value, at(e.args[1]).value)));
        return;
      }
      case ir::Op::set_has:
        emit_expr(e.args[0]);
        emit_expr(e.args[1], true);
        emit(Opcode::HAS, e.span);
        return;
      case ir::Op::set_has_any:
      case ir::Op::set_has_all: {
        std::vector<std::string> texts;
        for (const auto& item : at(e.args[1]).value.items) texts.push_back(item.text);
        emit_expr(e.args[0]);
        emit(e.op == ir::Op::set_has_any ? Opcode::HAS_ANY : Opcode::HAS_ALL, e.span, 0, 0, intern(std::move(texts)));
        return;
      }
      case ir::Op::starts_with:
        emit_expr(e.args[0], true);
        emit_expr(e.args[1], true);
        emit(Opcode::STARTS_WITH, e.span);
        return;
      case ir::Op::lower: emit_lower(e); return;
      default: throw std::logic_error("lower: unexpected expression");
    }
  }

  // a + b + c is ((a + b) + c), a left spine: [a] [b] ADD [c] ADD, the spine walked in a
  // loop so that a sum of 100,000 terms costs no recursion.
  void emit_arith(const ir::Expr& top) {
    static constexpr Opcode kOps[] = {Opcode::ADD, Opcode::SUB, Opcode::MUL, Opcode::DIV};
    std::vector<const ir::Expr*> spine{&top};
    while (at(spine.back()->args[0]).op == ir::Op::arith) spine.push_back(&at(spine.back()->args[0]));
    emit_expr(spine.back()->args[0]);
    for (auto link = spine.rbegin(); link != spine.rend(); ++link) {
      emit_expr((*link)->args[1]);
      emit(kOps[static_cast<int>((*link)->arith_op)], (*link)->span);
    }
  }

  void emit_lower(const ir::Expr& e) {
    if (auto text = fold(e.args[0], true)) {
      std::string lowered = text->text;
      for (char& c : lowered) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      return push_constant({vm::ValueType::text, 0, std::move(lowered)}, e.span);
    }
    emit_expr(e.args[0], true);
    emit(Opcode::LOWER, e.span);
  }

  // a and b and c: [a] JUMP_IF_FALSE end [b] AND JUMP_IF_FALSE end [c] AND end:
  // The jump leaves the deciding value on the stack, the fall-through combines two into
  // one, so every path reaches `end` with one value. Constant operands that cannot
  // decide (`true and x`) are dropped; one that decides was folded by fold().
  void emit_logic(const ir::Expr& e) {
    const bool is_and = e.op == ir::Op::and_;
    std::vector<ir::ExprId> args;
    collect_operands(e, args);
    const Opcode jump = is_and ? Opcode::JUMP_IF_FALSE : Opcode::JUMP_IF_TRUE;
    const Opcode combine = is_and ? Opcode::AND : Opcode::OR;
    std::vector<std::uint32_t> jumps;
    emit_expr(args[0]);
    for (std::size_t i = 1; i < args.size(); ++i) {
      jumps.push_back(emit(jump, e.span));
      emit_expr(args[i]);
      emit(combine, e.span);
    }
    const auto end = static_cast<std::uint32_t>(out_.code.size());
    for (auto j : jumps) out_.code[j].y = end;
  }

  // `(a and b) and c` is `and(a, b, c)`: flattening lets every jump go straight to the end.
  // A chain is a left spine of such nodes, flattened here with a stack, in order.
  void collect_operands(const ir::Expr& e, std::vector<ir::ExprId>& args) const {
    std::vector<ir::ExprId> pending(e.args.rbegin(), e.args.rend());
    while (!pending.empty()) {
      const ir::ExprId arg = pending.back();
      pending.pop_back();
      if (fold(arg)) continue;
      if (at(arg).op == e.op) {
        pending.insert(pending.end(), at(arg).args.rbegin(), at(arg).args.rend());
      } else {
        args.push_back(arg);
      }
    }
  }

  std::uint32_t slot(std::uint32_t field) const {
    if (field < ir::kFirstDeclaredField) throw std::logic_error("lower: a built-in collection read as a field");
    return field - ir::kFirstDeclaredField;
  }

  static std::uint16_t narrow16(std::uint64_t value) {
    if (value >= vm::kAllSignals) throw std::logic_error("lower: operand does not fit in 16 bits");
    return static_cast<std::uint16_t>(value);
  }

  const SourceMap& sources_;
  const ir::Program& ir_;
  vm::Program out_;
  std::map<std::tuple<int, std::int64_t, std::string>, std::uint32_t> constant_index_;
  std::map<std::tuple<int, std::vector<std::int64_t>, std::vector<std::string>>, std::uint32_t> set_index_;
  std::map<std::vector<std::string>, std::uint32_t> list_index_;
  mutable std::vector<std::optional<std::optional<vm::Constant>>> folded_;  // by ExprId: fold() of tests
};

}  // namespace

vm::Program lower(const SourceMap& sources, const ir::Program& program) {
  return Lowerer(sources, program).run();
}

}  // namespace icp
