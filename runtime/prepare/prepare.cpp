// Loading, last step: fills a Program's derived members (signal rules with their decay
// tables, role title matchers, NAICS prefix tables). Input: a Program from the lowering
// stage or the .icpb loader. Output: the same Program, ready for vm::Evaluator.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>

#include "runtime/format/bytecode.hpp"

namespace icp::vm {

namespace {

constexpr std::size_t kMinNaicsLength = 2;
constexpr std::size_t kMaxNaicsLength = 6;

bool all_digits(const std::string& text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

std::uint64_t power_of_ten(std::size_t exponent) {
  std::uint64_t result = 1;
  for (std::size_t i = 0; i < exponent; ++i) result *= 10;
  return result;
}

// tables[L-2] has 10^L bits; bit c is set when a prefix in the list is a prefix of the
// L-digit code c (leading zeros included), so the VM answers `in` with one lookup.
std::vector<std::vector<bool>> naics_tables(const ConstSet& set) {
  std::vector<std::vector<bool>> tables;
  for (std::size_t length = kMinNaicsLength; length <= kMaxNaicsLength; ++length) {
    std::vector<bool> bits(power_of_ten(length), false);
    for (const std::string& prefix : set.texts) {
      // A longer prefix (or one with non-digits) can never be a prefix of a valid code.
      if (!all_digits(prefix) || prefix.size() > length) continue;
      std::uint64_t value = std::stoull(prefix);
      // The codes it starts are one run of bits; std::fill sets a vector<bool> run a word at a time.
      const auto span = static_cast<std::ptrdiff_t>(power_of_ten(length - prefix.size()));
      const auto first = bits.begin() + static_cast<std::ptrdiff_t>(value) * span;
      std::fill(first, first + span, true);
    }
    tables.push_back(std::move(bits));
  }
  return tables;
}

// Assigns a slot to every distinct (signal, window) pair; kAllSignals stands for "every
// declared type", and a signal index past the declared types gets a slot nothing fills.
class WindowSlots {
 public:
  explicit WindowSlots(Program& program) : p_(program) {
    p_.window_slots.assign(p_.schema.signal_types.size(), {});
    p_.window_slot_count = 0;
  }

  // A map, and one type's list touched unless the COUNT is over every signal: a program of
  // thousands of signals and COUNTs prepares in n log n (the verifier bounds the product
  // of every-signal windows and declared types, kMaxWindowEntries).
  std::uint32_t slot(std::uint16_t signal, std::int32_t window_days) {
    const auto [it, fresh] = slots_.try_emplace(std::pair(signal, window_days), p_.window_slot_count);
    if (!fresh) return it->second;
    const std::uint32_t slot = p_.window_slot_count++;
    if (signal == kAllSignals) {
      for (auto& slots : p_.window_slots) slots.push_back({window_days, slot});
    } else if (signal < p_.window_slots.size()) {
      p_.window_slots[signal].push_back({window_days, slot});
    }
    return slot;
  }

 private:
  Program& p_;
  std::map<std::pair<std::uint16_t, std::int32_t>, std::uint32_t> slots_;
};

void prepare_window_counts(Program& program) {
  WindowSlots slots(program);
  program.tally_slots.clear();
  program.tallies_need_ages = false;
  for (std::size_t s = 0; s < program.signals.size(); ++s) {
    const SignalDef& signal = program.signals[s];
    const auto index = static_cast<std::uint16_t>(std::min<std::size_t>(s, kAllSignals - 1));
    program.tally_slots.push_back(slots.slot(index, signal.window_days));
    program.tallies_need_ages = program.tallies_need_ages || signal.half_life_days.has_value();
  }
  program.count_slots.assign(program.code.size(), 0);
  for (std::size_t pc = 0; pc < program.code.size(); ++pc) {
    const Instruction& in = program.code[pc];
    if (in.op != Opcode::COUNT) continue;
    // As the VM always did: a window past int32 counts every non-future event.
    const auto days = static_cast<std::int32_t>(std::min<std::uint32_t>(in.y, std::numeric_limits<std::int32_t>::max()));
    program.count_slots[pc] = slots.slot(in.x, days);
  }
}

}  // namespace

void prepare(Program& program) {
  prepare_window_counts(program);
  prepare_fast_conditions(program);
  program.signal_rules.clear();
  for (const SignalDef& signal : program.signals) {
    program.signal_rules.push_back(
        make_signal_rule(signal.weight, signal.window_days, signal.cap, signal.half_life_days));
  }
  program.role_matchers.clear();
  for (const RoleDef& role : program.roles) program.role_matchers.emplace_back(role.titles);
  program.title_index = TitleIndex(program.role_matchers);
  program.naics_tables.clear();
  program.naics_tables.resize(program.sets.size());
  for (std::size_t i = 0; i < program.sets.size(); ++i) {
    if (program.sets[i].kind == ConstSet::Kind::naics_prefixes) {
      program.naics_tables[i] = naics_tables(program.sets[i]);
    }
  }
  program.text_sets.clear();
  for (const ConstSet& set : program.sets) {
    program.text_sets.push_back(set.kind == ConstSet::Kind::texts ? TextSet(set.texts) : TextSet());
  }
  program.list_sets.clear();
  for (const std::vector<std::string>& list : program.string_lists) program.list_sets.emplace_back(list);
}

}  // namespace icp::vm
