// Loading, last step: fills a Program's derived members (signal rules with their decay
// tables, role title matchers, NAICS prefix tables). Input: a Program from the lowering
// stage or the .icpb loader. Output: the same Program, ready for vm::Evaluator.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "runtime/bytecode.hpp"

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

}  // namespace

void prepare(Program& program) {
  program.signal_rules.clear();
  for (const SignalDef& signal : program.signals) {
    program.signal_rules.push_back(
        make_signal_rule(signal.weight, signal.window_days, signal.cap, signal.half_life_days));
  }
  program.role_matchers.clear();
  for (const RoleDef& role : program.roles) program.role_matchers.emplace_back(role.titles);
  program.naics_tables.clear();
  program.naics_tables.resize(program.sets.size());
  for (std::size_t i = 0; i < program.sets.size(); ++i) {
    if (program.sets[i].kind == ConstSet::Kind::naics_prefixes) {
      program.naics_tables[i] = naics_tables(program.sets[i]);
    }
  }
}

}  // namespace icp::vm
