// The verifier's code pass: operands, jumps, and the depth and static types of the stack
// along every path of a chunk. Input: a Program with verified tables, one chunk. Output:
// the first broken rule. The VM relies on what this proves (vm_dispatch.cpp says where).
#include "runtime/format/verify_chunk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <vector>

#include "runtime/format/opcode_table.hpp"

namespace icp::vm::detail {
namespace {

using Result = std::optional<VerifyError>;

using Operand = OperandKind;  // the X and Y columns of opcodes.def

// The static type of a stack slot: what the slot holds whenever it is not unknown (any
// slot may be unknown at run time; that is a value, not a type).
enum class Type : std::uint8_t { boolean, number, text, date, enumeration, set };

const char* name_of(Type type) {
  static constexpr const char* kNames[] = {"bool", "number", "text", "date", "enum", "set"};
  return kNames[static_cast<int>(type)];
}

Type type_of(FieldType type) {
  switch (type) {
    case FieldType::integer:
    case FieldType::decimal: return Type::number;
    case FieldType::string:
    case FieldType::naics:
    case FieldType::country: return Type::text;
    case FieldType::boolean: return Type::boolean;
    case FieldType::date: return Type::date;
    case FieldType::enumeration: return Type::enumeration;
    case FieldType::string_set: break;
  }
  return Type::set;
}

Type type_of(ValueType type) {
  switch (type) {
    case ValueType::boolean: return Type::boolean;
    case ValueType::number: return Type::number;
    case ValueType::text: return Type::text;
    case ValueType::date: return Type::date;
    case ValueType::enumeration: break;
  }
  return Type::enumeration;
}

// Stacks of types, hash-consed: equal stacks get the same id, so comparing the stacks of
// two paths where they meet costs one integer compare, and the walk stays linear in the
// chunk's length however deep a hostile file makes the stack.
class TypeStacks {
 public:
  using Id = std::uint32_t;
  static constexpr Id kEmpty = 0;

  Id push(Id below, Type type) {
    const std::uint64_t key = (std::uint64_t{below} << 8) | static_cast<std::uint8_t>(type);
    auto [it, fresh] = index_.emplace(key, static_cast<Id>(nodes_.size()));
    if (fresh) nodes_.push_back(Node{type, below, depth(below) + 1});
    return it->second;
  }
  Id pop(Id stack) const { return nodes_[stack].below; }
  Type top(Id stack) const { return nodes_[stack].type; }
  std::uint32_t depth(Id stack) const { return nodes_[stack].depth; }

  // "[bool, number]", bottom to top; only the top few of a deep stack.
  std::string describe(Id stack) const {
    std::vector<const char*> names;
    for (Id s = stack; s != kEmpty && names.size() < 6; s = pop(s)) names.push_back(name_of(top(s)));
    std::string text = depth(stack) > names.size() ? "[…, " : "[";
    for (auto it = names.rbegin(); it != names.rend(); ++it) text += std::string(*it) + (it + 1 == names.rend() ? "" : ", ");
    return text + "]";
  }

 private:
  struct Node {
    Type type;
    Id below;
    std::uint32_t depth;
  };
  std::vector<Node> nodes_{Node{Type::boolean, kEmpty, 0}};
  std::unordered_map<std::uint64_t, Id> index_;  // (below, type) -> id; never reaches output
};

Result verify_operand(const Program& p, Operand kind, std::uint32_t value, std::uint32_t at, const OpcodeInfo& info,
                      const char* which) {
  auto within = [&](std::size_t size, const char* what) -> Result {
    if (value < size) return std::nullopt;
    return VerifyError{
        fmt::format("{} {} of instruction {} ({}) is out of range (there are {})", what, value, at, info.name, size), at};
  };
  switch (kind) {
    case Operand::none:
      if (value == 0) return std::nullopt;
      return VerifyError{
          fmt::format("unused operand {} of instruction {} ({}) is {}, not 0", which, at, info.name, value), at};
    case Operand::constant: return within(p.constants.size(), "constant");
    case Operand::field: return within(p.schema.fields.size(), "field slot");
    case Operand::criterion: return within(p.criteria.size(), "criterion");
    case Operand::role: return within(p.roles.size(), "role");
    case Operand::set: return within(p.sets.size(), "set");
    case Operand::string_list: return within(p.string_lists.size(), "string list");
    case Operand::signal:
      if (value == kAllSignals) return std::nullopt;
      return within(p.signals.size(), "signal");
    case Operand::window:
      if (value <= kMaxDays) return std::nullopt;
      return VerifyError{fmt::format("window of {} days at instruction {} is longer than 100 years", value, at), at};
    case Operand::target:  // checked with the chunk
    case Operand::k:
    case Operand::n: return std::nullopt;
  }
  return std::nullopt;
}

Result verify_operands(const Program& p, const Instruction& in, std::uint32_t at) {
  const auto op = static_cast<std::size_t>(in.op);
  if (op >= kOpcodeCount) return VerifyError{fmt::format("unknown opcode 0x{:02x} at instruction {}", op, at), at};
  const OpcodeInfo& info = kOpcodeTable[op];
  if (in.kind > (info.kind == KindOperand::compare ? 1 : 0)) {
    return VerifyError{fmt::format("invalid compare kind {} of instruction {} ({})", in.kind, at, info.name), at};
  }
  if (in.op == Opcode::AT_LEAST && (in.y == 0 || in.x > in.y)) {
    return VerifyError{
        fmt::format("AT_LEAST {} of {} at instruction {} is not 0 <= k <= n, n >= 1", in.x, in.y, at), at};
  }
  if (auto e = verify_operand(p, info.x, in.x, at, info, "x")) return e;
  return verify_operand(p, info.y, in.y, at, info, "y");
}

// The operands' types, deepest first ("number and text"), for messages.
std::string found(const Type* types, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += (i == 0 ? "" : i + 1 == count ? " and " : ", ") + std::string(name_of(types[i]));
  }
  return text;
}

bool all_are(const Type* types, std::size_t count, Type type) {
  return std::all_of(types, types + count, [&](Type t) { return t == type; });
}

// What a comparison's operands must be: the same type throughout, which its kind fits.
std::optional<std::string> compare_problem(const Instruction& in, const Type* types, std::size_t count) {
  const bool same = all_are(types, count, types[0]);
  if (static_cast<CompareKind>(in.kind) == CompareKind::text) {
    if (same && types[0] == Type::text) return std::nullopt;
    return "compare kind text expects text operands";
  }
  const bool ordered = in.op != Opcode::EQ && in.op != Opcode::NE;
  if (ordered) {
    if (same && (types[0] == Type::number || types[0] == Type::date)) return std::nullopt;
    return "compare kind scalar expects all numbers or all dates";
  }
  if (same && types[0] != Type::text && types[0] != Type::set) return std::nullopt;
  return "compare kind scalar expects two bools, numbers, dates or enums of the same type";
}

// Why the operands (deepest first) do not fit the instruction, or nullopt when they do.
// AT_LEAST and the loads are handled by the caller. No default: a new opcode must say
// what it accepts (-Wswitch).
std::optional<std::string> operand_problem(const Program& p, const Instruction& in, const Type* types,
                                           std::size_t count) {
  switch (in.op) {
    case Opcode::NOT:
    case Opcode::JUMP_IF_FALSE:
    case Opcode::JUMP_IF_TRUE:
    case Opcode::AND:
    case Opcode::OR:
      if (all_are(types, count, Type::boolean)) return std::nullopt;
      return "expects bool operands";
    case Opcode::EQ:
    case Opcode::NE:
    case Opcode::LT:
    case Opcode::LE:
    case Opcode::GT:
    case Opcode::GE:
    case Opcode::BETWEEN: return compare_problem(in, types, count);
    case Opcode::ADD:
    case Opcode::SUB:
    case Opcode::MUL:
    case Opcode::DIV:
    case Opcode::NEG:
      if (all_are(types, count, Type::number)) return std::nullopt;
      return "expects number operands";
    case Opcode::IN_SET: {
      const bool texts = p.sets[in.y].kind != ConstSet::Kind::scalars;
      if (texts ? types[0] == Type::text : types[0] != Type::text && types[0] != Type::set) return std::nullopt;
      return fmt::format("set {} holds {}, so it expects {}", in.y, texts ? "texts" : "scalars",
                         texts ? "a text" : "a bool, number, date or enum");
    }
    case Opcode::HAS:
      if (types[0] == Type::set && types[1] == Type::text) return std::nullopt;
      return "expects a set and a text";
    case Opcode::HAS_ANY:
    case Opcode::HAS_ALL:
      if (types[0] == Type::set) return std::nullopt;
      return "expects a set";
    case Opcode::STARTS_WITH:
    case Opcode::LOWER:
      if (all_are(types, count, Type::text)) return std::nullopt;
      return "expects text operands";
    case Opcode::RETURN:
      if (types[0] == Type::boolean) return std::nullopt;
      return "a condition must compute a bool";
    case Opcode::PUSH_CONST:  // no operands
    case Opcode::LOAD_FIELD:
    case Opcode::LOAD_ID:
    case Opcode::PRESENT:
    case Opcode::LOAD_CRITERION:
    case Opcode::LOAD_SCORE:
    case Opcode::LOAD_TIER:
    case Opcode::LOAD_EXCLUDED:
    case Opcode::LOAD_COVERAGE:
    case Opcode::COUNT:
    case Opcode::HAS_ROLE:
    case Opcode::AT_LEAST: return std::nullopt;  // handled by the caller
  }
  return std::nullopt;
}

// The type an instruction pushes, by the RESULT column of opcodes.def.
Type result_type(const Program& p, const Instruction& in, const OpcodeInfo& info, Type first_operand) {
  switch (info.result) {
    case ResultType::boolean:
    case ResultType::none: return Type::boolean;  // none: RETURN pushes nothing
    case ResultType::number: return Type::number;
    case ResultType::text: return Type::text;
    case ResultType::first: return first_operand;
    case ResultType::of_y:
      return info.y == Operand::constant ? type_of(p.constants[in.y].type) : type_of(p.schema.fields[in.y].type);
  }
  return Type::boolean;
}

// One walk of [begin, end) in order: jumps go forward only, so every path into an
// instruction has been seen when the walk reaches it.
class ChunkWalk {
 public:
  ChunkWalk(const Program& p, Chunk chunk, const std::string& owner)
      : p_(p), chunk_(chunk), owner_(owner), incoming_(chunk.end - chunk.begin, kNone) {}

  Result run(std::uint32_t& max_depth) {
    for (std::uint32_t at = chunk_.begin; at < chunk_.end; ++at) {
      if (auto e = step(at)) return e;
      max_depth = std::max(max_depth, stacks_.depth(stack_));
    }
    return std::nullopt;
  }

 private:
  static constexpr TypeStacks::Id kNone = UINT32_MAX;

  VerifyError fail(std::uint32_t at, const std::string& what) const {
    return VerifyError{fmt::format("{}, instruction {} ({}): {}", owner_, at,
                                   kOpcodeTable[static_cast<std::size_t>(p_.code[at].op)].name, what),
                       at};
  }

  Result join(std::uint32_t at, TypeStacks::Id other) const {
    if (other == stack_) return std::nullopt;
    return fail(at, fmt::format("paths meet with different stacks: {} (depth {}) and {} (depth {})",
                                stacks_.describe(stack_), stacks_.depth(stack_), stacks_.describe(other),
                                stacks_.depth(other)));
  }

  Result step(std::uint32_t at) {
    const Instruction& in = p_.code[at];
    if (auto e = verify_operands(p_, in, at)) return e;
    const OpcodeInfo& info = kOpcodeTable[static_cast<std::size_t>(in.op)];
    const TypeStacks::Id jumped_here = incoming_[at - chunk_.begin];
    if (jumped_here != kNone) {
      if (auto e = join(at, jumped_here)) return e;
    }
    const bool last = at + 1 == chunk_.end;
    if ((in.op == Opcode::RETURN) != last) {
      return fail(at, last ? fmt::format("code [{}, {}) does not end with RETURN", chunk_.begin, chunk_.end)
                           : fmt::format("RETURN before the end of code [{}, {})", chunk_.begin, chunk_.end));
    }
    const std::uint32_t pops = info.pops == kPopsY ? in.y : static_cast<std::uint32_t>(info.pops);
    const std::uint32_t depth = stacks_.depth(stack_);
    if (depth < pops) return fail(at, fmt::format("stack underflow: needs {} values, has {}", pops, depth));
    if (last && depth != 1) return fail(at, fmt::format("stack depth {} at RETURN (must be 1)", depth));
    if (auto e = apply(at, in, pops)) return e;
    if (info.y == Operand::target) return jump(at, in.y);
    return std::nullopt;
  }

  // Pops the operands, checks their types and pushes the result.
  Result apply(std::uint32_t at, const Instruction& in, std::uint32_t pops) {
    const OpcodeInfo& info = kOpcodeTable[static_cast<std::size_t>(in.op)];
    if (pops == 0) {
      stack_ = stacks_.push(stack_, result_type(p_, in, info, Type::boolean));
      return std::nullopt;
    }
    const std::uint32_t depth = stacks_.depth(stack_);
    if (in.op == Opcode::AT_LEAST) {
      for (std::uint32_t i = 0; i < pops; ++i, stack_ = stacks_.pop(stack_)) {
        if (stacks_.top(stack_) == Type::boolean) continue;
        return fail(at, fmt::format("expects bool operands, found {} at stack depth {}", name_of(stacks_.top(stack_)),
                                    depth - i));
      }
      stack_ = stacks_.push(stack_, Type::boolean);
      return std::nullopt;
    }
    std::array<Type, 3> types{};  // deepest first; pops <= 3 for every other opcode
    for (std::uint32_t i = pops; i-- > 0; stack_ = stacks_.pop(stack_)) types[i] = stacks_.top(stack_);
    if (auto problem = operand_problem(p_, in, types.data(), pops)) {
      return fail(at, fmt::format("{}, found {} at stack depth {}", *problem, found(types.data(), pops), depth));
    }
    if (info.pushes > 0) stack_ = stacks_.push(stack_, result_type(p_, in, info, types[0]));
    return std::nullopt;
  }

  Result jump(std::uint32_t at, std::uint32_t target) {
    if (target <= at || target >= chunk_.end) {
      return fail(at, fmt::format("jump target {} is not forward inside [{}, {})", target, chunk_.begin, chunk_.end));
    }
    TypeStacks::Id& slot = incoming_[target - chunk_.begin];
    if (slot != kNone && slot != stack_) {
      return fail(at, fmt::format("jumps to instruction {} with stack {}, where another path has {}", target,
                                  stacks_.describe(stack_), stacks_.describe(slot)));
    }
    slot = stack_;
    return std::nullopt;
  }

  const Program& p_;
  Chunk chunk_;
  const std::string& owner_;
  TypeStacks stacks_;
  TypeStacks::Id stack_ = TypeStacks::kEmpty;
  std::vector<TypeStacks::Id> incoming_;  // the stack every jump into an instruction brings
};

}  // namespace

Result verify_chunk(const Program& program, Chunk chunk, const std::string& owner, std::uint32_t& max_depth) {
  if (chunk.begin >= chunk.end || chunk.end > program.code.size()) {
    return VerifyError{fmt::format("{}: code [{}, {}) is empty or outside the {} instructions", owner, chunk.begin,
                                   chunk.end, program.code.size()),
                       std::nullopt};
  }
  return ChunkWalk(program, chunk, owner).run(max_depth);
}

}  // namespace icp::vm::detail
