// The bytecode format: what `icpc build` writes, the loader reads back and the VM runs.
// Input: compiler/lower*.cpp fills a Program from the checked IR, or runtime/format/artifact.cpp
// reads one from an .icpb file. Output: vm::Evaluator runs it against decoded records.
// Everything above "derived" is serialized; the program id hashes the code section only
// (not `debug`), so reformatting a profile does not change it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "icp/decimal.hpp"
#include "runtime/prepare/fast_conditions.hpp"
#include "runtime/format/schema.hpp"
#include "runtime/vm/signal_points.hpp"
#include "runtime/prepare/text_set.hpp"
#include "runtime/prepare/title_index.hpp"
#include "runtime/prepare/title_pattern.hpp"

namespace icp::vm {

// Bumped on every incompatible change of the layout below or of opcodes.def.
inline constexpr std::uint32_t kFormatVersion = 1;

enum class Opcode : std::uint8_t {
#define ICP_OPCODE(NAME, ...) NAME,
#include "runtime/format/opcodes.def"
#undef ICP_OPCODE
};

// How EQ..GE and BETWEEN compare: scalars are int64 (numbers as Decimal units, dates as
// day numbers, booleans 0/1, enum value indices); text is compared as bytes.
enum class CompareKind : std::uint8_t { scalar, text };

inline constexpr std::uint16_t kAllSignals = 0xFFFF;
// What one program can hold, for the compiler to refuse beyond (E0314; E0307 for `at_least`): COUNT names its
// signal and AT_LEAST its k in the 16-bit operand (kAllSignals reserved), and prepare()
// gives each NAICS set about 140 KB of prefix tables and up to ~5M bit writes; real
// profiles have a handful of lists, so this bounds what a hostile file can cost.
inline constexpr std::size_t kMaxSignals = kAllSignals;
inline constexpr std::int64_t kMaxAtLeast = kAllSignals - 1;
inline constexpr std::size_t kMaxNaicsSets = 64;
// A COUNT over every signal gives each declared type a window slot: the windows of such
// COUNTs times the declared types may make at most this many (8 MiB in each evaluator).
inline constexpr std::size_t kMaxWindowEntries = std::size_t{1} << 20;

struct Instruction {
  Opcode op = Opcode::RETURN;
  std::uint8_t kind = 0;  // CompareKind for comparisons
  std::uint16_t x = 0;
  std::uint32_t y = 0;
};

enum class ValueType : std::uint8_t { boolean, number, text, date, enumeration };

struct Constant {
  ValueType type = ValueType::boolean;
  std::int64_t scalar = 0;  // number: Decimal units; date: day number; boolean: 0/1; enum: index
  std::string text;         // text (strings, NAICS codes, country codes)
};

// A constant list for IN_SET. NAICS lists match by prefix: the loader turns them into
// a per-length table so that a code is answered in one lookup (see `derived` below).
struct ConstSet {
  enum class Kind : std::uint8_t { scalars, texts, naics_prefixes };
  Kind kind = Kind::scalars;
  std::vector<std::int64_t> scalars;  // sorted, unique
  std::vector<std::string> texts;     // sorted, unique (texts and NAICS prefixes)
};

// The code of one condition: instructions [begin, end), ending in RETURN.
struct Chunk {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// Where a definition came from, for the audit ("route rule 2 at icp/x.icp:52") and
// `icpc explain`. Debug information: not part of the program id.
struct SourceRef {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string text;  // the condition as written, e.g. "employees between 200 and 2000"
};

struct SignalDef {
  std::string name;
  Decimal weight;
  std::int32_t window_days = 0;
  std::optional<std::int64_t> cap;
  std::optional<std::int32_t> half_life_days;
};

struct CriterionDef {
  std::string name;
  Chunk code;
};

struct ExclusionDef {
  std::string name;
  std::string reason;
  Chunk code;
};

struct TierDef {
  std::int32_t number = 0;
  std::string label;
  Chunk code;
};

struct BonusDef {
  std::string name;
  Decimal points;
  Chunk code;
};

struct RoleDef {
  std::string name;
  std::vector<std::string> titles;
  std::string owns;
  std::string objection;
  std::string proof;
};

struct RouteRuleDef {
  enum class Action : std::uint8_t { disqualify, ignore, queue };
  std::optional<Chunk> code;  // nullopt: `else`
  Action action = Action::ignore;
  std::string queue;
  std::optional<std::int64_t> sla_hours;
  std::string sla_text;  // as written, "24h"
  std::optional<std::string> cadence;
};

// One step of the evaluation order (the IR's topological order without lets, which are
// folded into constants, and without the aggregates, which the VM computes in place).
struct Step {
  enum class Kind : std::uint8_t { criterion, exclusion, tier, bonus };
  Kind kind = Kind::criterion;
  std::uint32_t index = 0;
};

struct DebugInfo {
  std::string source_path;
  std::vector<SourceRef> instructions;  // parallel to Program::code
  std::vector<SourceRef> criteria, exclusions, tiers, bonuses, signals, roles, route;
};

struct Program {
  // --- code section: hashed into the program id ---
  std::string profile;
  std::string version;
  std::string owner;
  Schema schema;
  std::vector<Constant> constants;
  std::vector<ConstSet> sets;
  std::vector<std::vector<std::string>> string_lists;  // for HAS_ANY / HAS_ALL, sorted, unique
  std::vector<Instruction> code;
  std::vector<SignalDef> signals;     // schema.signal_types lists the same names in the same order
  std::vector<CriterionDef> criteria;
  std::vector<ExclusionDef> exclusions;  // checked in this order; the first that holds decides
  std::vector<TierDef> tiers;            // INVARIANT: tiers[i].number == i + 1
  std::vector<BonusDef> bonuses;
  std::vector<RoleDef> roles;
  std::vector<RouteRuleDef> route;       // INVARIANT: the last rule is `else`
  std::vector<Step> order;

  // --- debug section: not hashed ---
  DebugInfo debug;

  // --- derived by prepare(), never serialized ---
  std::string id;  // "sha256:<hex>" of the serialized code section
  std::uint32_t max_stack = 0;  // deepest stack of any chunk, set by the verifier (artifact.hpp seal)
  std::vector<SignalRule> signal_rules;   // parallel to signals
  std::vector<TitleMatcher> role_matchers;  // parallel to roles
  TitleIndex title_index;                   // the exact titles of role_matchers, hashed
  // NAICS prefix tables, parallel to sets (empty unless kind == naics_prefixes): for a
  // code of length L (2..6), bit `code` of tables[L-2] says whether a prefix matches it.
  std::vector<std::vector<std::vector<bool>>> naics_tables;
  // Hashed forms of the texts sets (parallel to sets, empty unless kind == texts) and of
  // the HAS_ANY / HAS_ALL lists (parallel to string_lists).
  std::vector<TextSet> text_sets;
  std::vector<TextSet> list_sets;
  // Window counts: every (signal, window) the program needs, each signal's own window (for
  // its tally) and every COUNT's, gets a slot, so that one pass over a record's events
  // fills them all (vm::Evaluator::count_events). window_slots[t] lists the slots an event
  // of declared type t counts towards (COUNT over every signal included).
  struct WindowSlot {
    std::int32_t window_days = 0;
    std::uint32_t slot = 0;
  };
  std::vector<std::vector<WindowSlot>> window_slots;  // parallel to schema.signal_types
  std::uint32_t window_slot_count = 0;
  std::vector<std::uint32_t> tally_slots;  // parallel to signals: the slot of its own window
  std::vector<std::uint32_t> count_slots;  // parallel to code: a COUNT's slot (0 elsewhere)
  bool tallies_need_ages = false;          // a signal decays: its points depend on each age
  // Chunks of common shapes, decided without the stack machine (runtime/prepare/fast_conditions.hpp).
  std::vector<FastCondition> fast_conditions;
  std::vector<std::int32_t> fast_condition_at;  // parallel to code: index, or -1
};

// The code of the definition a step of `order` runs.
inline const Chunk& step_chunk(const Program& p, const Step& step) {
  switch (step.kind) {
    case Step::Kind::criterion: return p.criteria[step.index].code;
    case Step::Kind::exclusion: return p.exclusions[step.index].code;
    case Step::Kind::tier: return p.tiers[step.index].code;
    case Step::Kind::bonus: break;
  }
  return p.bonuses[step.index].code;
}

// Fills the derived members (signal rules, title matchers, NAICS tables). The id is set
// by whoever serializes or loads the program (runtime/format/artifact.hpp), since it is the hash
// of the serialized code section.
void prepare(Program& program);

}  // namespace icp::vm
