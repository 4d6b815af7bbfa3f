// `icpc dump bytecode`: the disassembler, beside the opcode table it reads. Input: a
// vm::Program (lowered or loaded) and, optionally, the text of its source lines. Output: a
// stable text listing: chunks with their instructions and decoded operands, then the
// constant pool, sets, schema, signals, roles, route and evaluation order. Only program
// contents are printed, never addresses.
#include "runtime/format/disassemble.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <string_view>

#include "icp/date.hpp"
#include "runtime/base/utf8.hpp"
#include "runtime/format/opcode_table.hpp"

namespace icp::vm {

const char* opcode_name(Opcode op) {
  const OpcodeInfo* info = find_opcode(op);
  return info != nullptr ? info->name : "?";
}

namespace {

constexpr std::size_t kShownItems = 8;  // set contents beyond this are counted, not listed

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Runs of white space (a condition written over several lines) print as one space.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    const bool white = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (white) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// A source line beside the listing, cut after kShownLineBytes (at a code point boundary):
// a chain's jumps point back at its first line, which a generated file may make a megabyte.
std::string shown_line(std::string_view line) {
  constexpr std::size_t kShownLineBytes = 400;
  if (line.size() <= kShownLineBytes) return std::string(line);
  std::size_t cut = kShownLineBytes;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return std::string(line.substr(0, cut)) + "…";
}

std::string number_text(std::int64_t units) { return Decimal::from_units(units).to_string(); }

std::string constant_text(const vm::Constant& c) {
  switch (c.type) {
    case vm::ValueType::boolean: return c.scalar != 0 ? "true" : "false";
    case vm::ValueType::number: return number_text(c.scalar);
    case vm::ValueType::text: return quoted(c.text);
    case vm::ValueType::date: return format_date(Date{static_cast<std::int32_t>(c.scalar)});
    case vm::ValueType::enumeration: return fmt::format("enum {}", c.scalar);
  }
  return "?";
}

template <typename T, typename Show>
std::string abbreviated(const std::vector<T>& items, Show show) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size() && i < kShownItems; ++i) {
    if (i > 0) out += ", ";
    out += show(items[i]);
  }
  if (items.size() > kShownItems) out += fmt::format(", ... {} more", items.size() - kShownItems);
  return out + "]";
}

std::string set_text(const vm::ConstSet& set) {
  static constexpr const char* kKinds[] = {"scalars", "texts", "naics_prefixes"};
  const char* kind = kKinds[static_cast<int>(set.kind)];
  if (set.kind == vm::ConstSet::Kind::scalars) {
    return fmt::format("{} {}", kind, abbreviated(set.scalars, [](std::int64_t v) { return fmt::format("{}", v); }));
  }
  return fmt::format("{} {}", kind, abbreviated(set.texts, [](const std::string& t) { return quoted(t); }));
}

std::string string_list_text(const std::vector<std::string>& list) {
  return abbreviated(list, [](const std::string& t) { return quoted(t); });
}

template <typename T>
std::string name_at(const std::vector<T>& items, std::uint32_t index) {
  return index < items.size() ? items[index].name : fmt::format("<bad index {}>", index);
}

class Dumper {
 public:
  Dumper(const vm::Program& program, const SourceLines& source_line) : p_(program), source_line_(source_line) {}

  std::string run() {
    out_ += fmt::format("program {} version {} owner {}\n", quoted(p_.profile), quoted(p_.version), quoted(p_.owner));
    if (!p_.debug.source_path.empty()) out_ += fmt::format("source {}\n", p_.debug.source_path);
    for (std::size_t i = 0; i < p_.criteria.size(); ++i) {
      chunk(fmt::format("criterion {}", p_.criteria[i].name), p_.criteria[i].code, ref(p_.debug.criteria, i));
    }
    for (std::size_t i = 0; i < p_.exclusions.size(); ++i) {
      chunk(fmt::format("exclusion {}", p_.exclusions[i].name), p_.exclusions[i].code, ref(p_.debug.exclusions, i));
    }
    for (std::size_t i = 0; i < p_.tiers.size(); ++i) {
      chunk(fmt::format("tier {} {}", p_.tiers[i].number, quoted(p_.tiers[i].label)), p_.tiers[i].code,
            ref(p_.debug.tiers, i));
    }
    for (std::size_t i = 0; i < p_.bonuses.size(); ++i) {
      chunk(fmt::format("bonus {} {}", p_.bonuses[i].name, p_.bonuses[i].points.to_string()), p_.bonuses[i].code,
            ref(p_.debug.bonuses, i));
    }
    for (std::size_t i = 0; i < p_.route.size(); ++i) {
      if (p_.route[i].code) chunk(fmt::format("route rule {}", i + 1), *p_.route[i].code, ref(p_.debug.route, i));
    }
    pools();
    declarations();
    return std::move(out_);
  }

 private:
  static const vm::SourceRef* ref(const std::vector<vm::SourceRef>& refs, std::size_t i) {
    return i < refs.size() ? &refs[i] : nullptr;
  }

  void chunk(const std::string& title, vm::Chunk code, const vm::SourceRef* at) {
    out_ += "\n" + title;
    if (at != nullptr) out_ += fmt::format(" @ {}:{}: {}", at->line, at->column, one_line(at->text));
    out_ += "\n";
    std::uint32_t line = 0;
    for (std::uint32_t i = code.begin; i < code.end && i < p_.code.size(); ++i) {
      if (i < p_.debug.instructions.size() && p_.debug.instructions[i].line != line) {
        line = p_.debug.instructions[i].line;
        out_ += fmt::format("      ; {}:{}", p_.debug.source_path, line);
        if (source_line_) {
          if (const std::optional<std::string_view> text = source_line_(line)) out_ += fmt::format("  {}", shown_line(*text));
        }
        out_ += "\n";
      }
      instruction(i);
    }
  }

  void instruction(std::uint32_t i) {
    const auto& in = p_.code[i];
    const std::string operands = operand_text(in);
    if (operands.empty()) {
      out_ += fmt::format("{:>5}  {}\n", i, opcode_name(in.op));
    } else {
      out_ += fmt::format("{:>5}  {:<15}{}\n", i, opcode_name(in.op), operands);
    }
  }

  // The operands as opcodes.def's X, Y and KIND columns say what they hold.
  std::string operand_text(const vm::Instruction& in) const {
    const OpcodeInfo* info = find_opcode(in.op);
    if (info == nullptr) return {};
    if (info->kind == KindOperand::compare) {
      return in.kind == static_cast<std::uint8_t>(vm::CompareKind::text) ? "text" : "scalar";
    }
    switch (info->y) {
      case OperandKind::constant:
        return in.y < p_.constants.size() ? fmt::format("#{} {}", in.y, constant_text(p_.constants[in.y]))
                                          : fmt::format("#{} <bad index>", in.y);
      case OperandKind::field: return fmt::format("{} (slot {})", name_at(p_.schema.fields, in.y), in.y);
      case OperandKind::criterion: return name_at(p_.criteria, in.y);
      case OperandKind::window:  // x: the signal
        return fmt::format("{} within {}d", in.x == vm::kAllSignals ? std::string("signals") : name_at(p_.signals, in.x),
                           in.y);
      case OperandKind::role: return name_at(p_.roles, in.y);
      case OperandKind::target: return fmt::format("-> {}", in.y);
      case OperandKind::n: return fmt::format("{} of {}", in.x, in.y);  // x: k
      case OperandKind::set:
        return in.y < p_.sets.size() ? fmt::format("set {} {}", in.y, set_text(p_.sets[in.y]))
                                     : fmt::format("set {} <bad index>", in.y);
      case OperandKind::string_list:
        return in.y < p_.string_lists.size() ? fmt::format("list {} {}", in.y, string_list_text(p_.string_lists[in.y]))
                                             : fmt::format("list {} <bad index>", in.y);
      case OperandKind::none:
      case OperandKind::signal:  // x only
      case OperandKind::k: return {};
    }
    return {};
  }

  void pools() {
    out_ += "\nconstants\n";
    for (std::size_t i = 0; i < p_.constants.size(); ++i) {
      out_ += fmt::format("  #{} {}\n", i, constant_text(p_.constants[i]));
    }
    out_ += "sets\n";
    for (std::size_t i = 0; i < p_.sets.size(); ++i) {
      out_ += fmt::format("  set {} {} ({} items)\n", i, set_text(p_.sets[i]),
                          p_.sets[i].scalars.size() + p_.sets[i].texts.size());
    }
    out_ += "string lists\n";
    for (std::size_t i = 0; i < p_.string_lists.size(); ++i) {
      out_ += fmt::format("  list {} {}\n", i, string_list_text(p_.string_lists[i]));
    }
  }

  void declarations() {
    static constexpr const char* kTypes[] = {"int", "decimal", "string", "bool", "date",
                                             "enum", "set<string>", "naics", "country"};
    out_ += "schema\n";
    for (std::size_t i = 0; i < p_.schema.fields.size(); ++i) {
      const auto& f = p_.schema.fields[i];
      std::string type = kTypes[static_cast<int>(f.type)];
      if (f.type == vm::FieldType::enumeration) type = fmt::format("enum({})", fmt::join(f.enum_values, ", "));
      out_ += fmt::format("  slot {} {}: {}{}\n", i, f.name, type, f.optional ? "?" : "");
    }
    out_ += "signals\n";
    for (std::size_t i = 0; i < p_.signals.size(); ++i) {
      const auto& s = p_.signals[i];
      out_ += fmt::format("  {} {} weight {} within {}d", i, s.name, s.weight.to_string(), s.window_days);
      if (s.cap) out_ += fmt::format(" cap {}", *s.cap);
      if (s.half_life_days) out_ += fmt::format(" decay half_life {}d", *s.half_life_days);
      out_ += "\n";
    }
    out_ += "roles\n";
    for (std::size_t i = 0; i < p_.roles.size(); ++i) {
      const auto& r = p_.roles[i];
      out_ += fmt::format("  {} {} titles {}", i, r.name, string_list_text(r.titles));
      if (!r.owns.empty()) out_ += fmt::format(" owns {}", quoted(r.owns));
      if (!r.objection.empty()) out_ += fmt::format(" objection {}", quoted(r.objection));
      if (!r.proof.empty()) out_ += fmt::format(" proof {}", quoted(r.proof));
      out_ += "\n";
    }
    route();
    static constexpr const char* kSteps[] = {"criterion", "exclusion", "tier", "bonus"};
    out_ += "order\n";
    for (const auto& step : p_.order) {
      out_ += fmt::format("  {} {} {}\n", kSteps[static_cast<int>(step.kind)], step.index, step_name(step));
    }
  }

  std::string step_name(const vm::Step& step) const {
    switch (step.kind) {
      case vm::Step::Kind::criterion: return name_at(p_.criteria, step.index);
      case vm::Step::Kind::exclusion: return name_at(p_.exclusions, step.index);
      case vm::Step::Kind::bonus: return name_at(p_.bonuses, step.index);
      case vm::Step::Kind::tier:
        return step.index < p_.tiers.size() ? quoted(p_.tiers[step.index].label) : std::string("<bad index>");
    }
    return {};
  }

  void route() {
    static constexpr const char* kActions[] = {"disqualify", "ignore", "queue"};
    out_ += "route\n";
    for (std::size_t i = 0; i < p_.route.size(); ++i) {
      const auto& r = p_.route[i];
      std::string when = "else";
      if (r.code) when = fmt::format("when [{}, {})", r.code->begin, r.code->end);
      out_ += fmt::format("  rule {} {} -> {}", i + 1, when, kActions[static_cast<int>(r.action)]);
      if (r.action == vm::RouteRuleDef::Action::queue) out_ += " " + quoted(r.queue);
      if (r.sla_hours) out_ += fmt::format(" sla {} ({}h)", r.sla_text, *r.sla_hours);
      if (r.cadence) out_ += " cadence " + quoted(*r.cadence);
      out_ += "\n";
    }
  }

  const vm::Program& p_;
  const SourceLines& source_line_;
  std::string out_;
};

}  // namespace

std::string disassemble(const Program& program, const SourceLines& source_line) {
  return Dumper(program, source_line).run();
}

}  // namespace icp::vm
