// The bytecode verifier: everything the VM and vm::prepare rely on without checking again.
// Input: a Program, lowered or loaded from untrusted bytes. Output: the first broken rule
// (or none), and the deepest stack a chunk reaches.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <map>

#include "runtime/format/artifact.hpp"
#include "runtime/format/verify_chunk.hpp"

namespace icp::vm {
namespace {

using Result = std::optional<VerifyError>;

VerifyError error(std::string message, std::optional<std::uint32_t> instruction = std::nullopt) {
  return VerifyError{std::move(message), instruction};
}

template <typename T> bool sorted_unique(const std::vector<T>& items) {
  return std::adjacent_find(items.begin(), items.end(), [](const T& a, const T& b) { return !(a < b); }) ==
         items.end();
}

// --- the tables: schema, constants, sets, signals ---

Result verify_schema(const Program& p) {
  std::vector<std::string> names;
  for (const FieldSpec& field : p.schema.fields) {
    if (static_cast<unsigned>(field.type) > static_cast<unsigned>(FieldType::country)) {
      return error(fmt::format("field `{}` has an invalid type", field.name));
    }
    if ((field.type == FieldType::enumeration) == field.enum_values.empty()) {
      return error(fmt::format("field `{}`: only an enum field has enum values, and it has at least one", field.name));
    }
    names.push_back(field.name);
  }
  std::sort(names.begin(), names.end());
  if (!sorted_unique(names)) return error("two schema fields have the same name");
  if (p.schema.signal_types.size() != p.signals.size()) {
    return error("schema signal types and signals differ in number");
  }
  for (std::size_t i = 0; i < p.signals.size(); ++i) {
    if (p.schema.signal_types[i] != p.signals[i].name) {
      return error(fmt::format("signal {} is `{}` but the schema lists `{}`", i, p.signals[i].name,
                               p.schema.signal_types[i]));
    }
  }
  return std::nullopt;
}

Result verify_constants(const Program& p) {
  for (std::size_t i = 0; i < p.constants.size(); ++i) {
    const Constant& c = p.constants[i];
    const bool ok = [&] {
      switch (c.type) {
        case ValueType::boolean: return (c.scalar == 0 || c.scalar == 1) && c.text.empty();
        case ValueType::number: return c.text.empty();
        case ValueType::text: return c.scalar == 0;
        case ValueType::date: return c.text.empty() && c.scalar >= INT32_MIN && c.scalar <= INT32_MAX;
        case ValueType::enumeration: return c.text.empty() && c.scalar >= 0;
      }
      return false;  // not a ValueType at all
    }();
    if (!ok) return error(fmt::format("constant {} has an invalid type or value", i));
  }
  return std::nullopt;
}

bool is_naics_prefix(const std::string& text) {
  return text.size() >= 2 && text.size() <= 6 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result verify_sets(const Program& p) {
  std::size_t naics_sets = 0;
  for (std::size_t i = 0; i < p.sets.size(); ++i) {
    const ConstSet& set = p.sets[i];
    if (!sorted_unique(set.scalars) || !sorted_unique(set.texts)) {
      return error(fmt::format("set {} is not sorted and unique", i));
    }
    const bool texts = set.kind != ConstSet::Kind::scalars;
    if (static_cast<unsigned>(set.kind) > static_cast<unsigned>(ConstSet::Kind::naics_prefixes) ||
        (texts ? !set.scalars.empty() : !set.texts.empty())) {
      return error(fmt::format("set {} has an invalid kind or values of the wrong kind", i));
    }
    if (set.kind == ConstSet::Kind::naics_prefixes) {
      if (++naics_sets > kMaxNaicsSets) return error(fmt::format("more than {} NAICS sets", kMaxNaicsSets));
      if (!std::all_of(set.texts.begin(), set.texts.end(), is_naics_prefix)) {
        return error(fmt::format("set {} holds a NAICS prefix that is not 2 to 6 digits", i));
      }
    }
  }
  for (std::size_t i = 0; i < p.string_lists.size(); ++i) {
    if (!sorted_unique(p.string_lists[i])) return error(fmt::format("string list {} is not sorted and unique", i));
  }
  return std::nullopt;
}

// make_signal_rule throws on these; the checker reports them as E0306 and E0311.
Result verify_signals(const Program& p) {
  for (const SignalDef& s : p.signals) {
    if (s.weight < Decimal{} || s.window_days < 0 || s.window_days > detail::kMaxDays || (s.cap && *s.cap < 1) ||
        (s.half_life_days && (*s.half_life_days < 1 || *s.half_life_days > detail::kMaxDays))) {
      return error(fmt::format("signal `{}` has a weight, window, cap or half-life out of range", s.name));
    }
  }
  // prepare() copies each window of a COUNT over every signal to every declared type.
  std::set<std::uint32_t> every_signal_windows;
  for (const Instruction& in : p.code) {
    if (in.op == Opcode::COUNT && in.x == kAllSignals) every_signal_windows.insert(in.y);
  }
  if (every_signal_windows.size() * p.schema.signal_types.size() > kMaxWindowEntries) {
    return error(fmt::format("{} windows counted over every signal, for {} signal types, make more than {} window slots",
                             every_signal_windows.size(), p.schema.signal_types.size(), kMaxWindowEntries));
  }
  return std::nullopt;
}

// --- definitions: the chunks they own, tiers, route, evaluation order ---

struct OwnedChunk {
  Chunk chunk;
  std::string owner;
};

std::vector<OwnedChunk> owned_chunks(const Program& p) {
  std::vector<OwnedChunk> chunks;
  for (const auto& c : p.criteria) chunks.push_back({c.code, fmt::format("criterion `{}`", c.name)});
  for (const auto& e : p.exclusions) chunks.push_back({e.code, fmt::format("exclusion `{}`", e.name)});
  for (const auto& t : p.tiers) chunks.push_back({t.code, fmt::format("tier {}", t.number)});
  for (const auto& b : p.bonuses) chunks.push_back({b.code, fmt::format("bonus `{}`", b.name)});
  for (std::size_t i = 0; i < p.route.size(); ++i) {
    if (p.route[i].code) chunks.push_back({*p.route[i].code, fmt::format("route rule {}", i + 1)});
  }
  return chunks;
}

// Chunks are verified once each, and must not overlap unless identical: that keeps the
// verifier linear in the code size whatever a file claims.
Result verify_code(const Program& p, std::uint32_t& max_depth) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, const std::string*> distinct;
  const std::vector<OwnedChunk> chunks = owned_chunks(p);
  for (const OwnedChunk& c : chunks) distinct.emplace(std::pair{c.chunk.begin, c.chunk.end}, &c.owner);
  std::uint32_t previous_end = 0;
  for (const auto& [range, owner] : distinct) {
    if (range.first < previous_end) {
      return error(
          fmt::format("{}: code [{}, {}) overlaps another definition's code", *owner, range.first, range.second));
    }
    if (auto e = detail::verify_chunk(p, Chunk{range.first, range.second}, *owner, max_depth)) return e;
    previous_end = range.second;
  }
  return std::nullopt;
}

Result verify_definitions(const Program& p) {
  for (std::size_t i = 0; i < p.tiers.size(); ++i) {
    if (p.tiers[i].number != static_cast<std::int32_t>(i + 1)) {
      return error(
          fmt::format("tier {} is numbered {}: tiers must be numbered 1..N in order", i + 1, p.tiers[i].number));
    }
  }
  if (p.route.empty() || p.route.back().code) return error("the route does not end with an `else` rule");
  for (std::size_t i = 0; i < p.route.size(); ++i) {
    const RouteRuleDef& rule = p.route[i];
    if (!rule.code && i + 1 != p.route.size()) {
      return error(fmt::format("route rule {} is an `else` before the end", i + 1));
    }
    if (static_cast<unsigned>(rule.action) > static_cast<unsigned>(RouteRuleDef::Action::queue)) {
      return error(fmt::format("route rule {} has an invalid action", i + 1));
    }
  }
  return std::nullopt;
}

std::size_t count_of(const Program& p, Step::Kind kind) {
  switch (kind) {
    case Step::Kind::criterion: return p.criteria.size();
    case Step::Kind::exclusion: return p.exclusions.size();
    case Step::Kind::tier: return p.tiers.size();
    case Step::Kind::bonus: return p.bonuses.size();
  }
  return 0;
}

// What a step may read of the decision so far: `tier` once every tier has run, `score` once
// every bonus has, `excluded` once every exclusion has (the evaluator asserts the same). A
// corrupted artifact that reads one early would decide on a half-made decision.
Result verify_summary_read(const Program& p, const Instruction& in, std::uint32_t at,
                           const std::vector<std::size_t>& evaluated) {
  const auto kind_left = [&](Step::Kind kind) {
    return evaluated[static_cast<unsigned>(kind)] < count_of(p, kind);
  };
  const char* read = in.op == Opcode::LOAD_TIER && kind_left(Step::Kind::tier)             ? "the tier"
                     : in.op == Opcode::LOAD_SCORE && kind_left(Step::Kind::bonus)         ? "the score"
                     : in.op == Opcode::LOAD_EXCLUDED && kind_left(Step::Kind::exclusion) ? "the exclusion verdict"
                                                                                            : nullptr;
  if (read == nullptr) return std::nullopt;
  return error(fmt::format("instruction {} reads {} before every definition it depends on is evaluated", at, read),
               at);
}

// Every criterion, exclusion, tier and bonus is evaluated exactly once, and a criterion
// is computed before any step that loads it (chunks already verified in bounds).
Result verify_order(const Program& p) {
  std::vector<std::vector<std::int64_t>> position(4);
  std::vector<std::size_t> evaluated(4, 0);  // steps of each kind before the current one
  for (unsigned kind = 0; kind < 4; ++kind) position[kind].assign(count_of(p, static_cast<Step::Kind>(kind)), -1);
  for (std::size_t i = 0; i < p.order.size(); ++i) {
    const Step step = p.order[i];
    const auto kind = static_cast<unsigned>(step.kind);
    if (kind >= 4 || step.index >= position[kind].size() || position[kind][step.index] >= 0) {
      return error(fmt::format("evaluation step {} is invalid or repeats an earlier one", i));
    }
    position[kind][step.index] = static_cast<std::int64_t>(i);
    const Chunk& chunk = step_chunk(p, step);
    for (std::uint32_t at = chunk.begin; at < chunk.end; ++at) {
      const Instruction& in = p.code[at];
      if (in.op == Opcode::LOAD_CRITERION && position[0][in.y] < 0) {
        return error(fmt::format("instruction {} loads criterion {} before it is evaluated", at, in.y), at);
      }
      if (auto e = verify_summary_read(p, in, at, evaluated)) return e;
    }
    ++evaluated[kind];
  }
  for (unsigned kind = 0; kind < 4; ++kind) {
    if (std::count(position[kind].begin(), position[kind].end(), -1) != 0) {
      return error("the evaluation order leaves out a definition");
    }
  }
  return std::nullopt;
}

Result verify_debug(const Program& p) {
  const DebugInfo& d = p.debug;
  auto parallel = [](std::size_t debug_size, std::size_t size) { return debug_size == 0 || debug_size == size; };
  if (!parallel(d.instructions.size(), p.code.size()) || !parallel(d.criteria.size(), p.criteria.size()) ||
      !parallel(d.exclusions.size(), p.exclusions.size()) || !parallel(d.tiers.size(), p.tiers.size()) ||
      !parallel(d.bonuses.size(), p.bonuses.size()) || !parallel(d.signals.size(), p.signals.size()) ||
      !parallel(d.roles.size(), p.roles.size()) || !parallel(d.route.size(), p.route.size())) {
    return error("debug information is not parallel to the code (each list is empty or one entry per item)");
  }
  return std::nullopt;
}

}  // namespace

std::optional<VerifyError> verify(const Program& program) {
  std::uint32_t max_depth = 0;
  for (auto check : {verify_schema, verify_constants, verify_sets, verify_signals, verify_definitions}) {
    if (auto e = check(program)) return e;
  }
  if (auto e = verify_code(program, max_depth)) return e;
  if (auto e = verify_order(program)) return e;
  return verify_debug(program);
}

std::uint32_t max_stack_depth(const Program& program) {
  std::uint32_t max_depth = 0;
  (void)verify_code(program, max_depth);
  return max_depth;
}

}  // namespace icp::vm
