// Test helper: the evaluator's paths compared on seeded random records. Input: a prepared
// Program (and records drawn for its schema by RecordMaker). Output: doctest checks that the
// stack machine, the fast terms (audited and not), the block path and the audited block
// path give one decision, read by read; vm_differential_test and vm_random_programs_test.
#pragma once

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "audit_compare.hpp"
#include "runtime/vm/vm.hpp"

// Three-valued results printed as yes/no/unknown in a failed check, not doctest's {?}.
namespace doctest {
template <>
struct StringMaker<std::vector<icp::vm::Tri>> {
  static String convert(const std::vector<icp::vm::Tri>& values) {
    std::string text = "[";
    for (const icp::vm::Tri t : values) {
      text += text.size() > 1 ? ", " : "";
      text += t == icp::vm::Tri::yes ? "yes" : t == icp::vm::Tri::no ? "no" : "unknown";
    }
    return (text + "]").c_str();
  }
};
}  // namespace doctest

namespace icp::vm::testing {

// Numbers at the ends of the range (docs/evaluation.md, "Numbers"): ints past what an
// expression holds, decimals one unit from each end, and units no decoder makes
// (INT64_MIN) but a Record can hold.
inline constexpr std::int64_t kExtremeInts[] = {0, 1, -1, 5, 100000, 1000000, 922337203685476, 922337203685477,
                                         922337203685478, -922337203685476, -922337203685477, -922337203685478,
                                         INT64_MAX, INT64_MIN};
inline constexpr std::int64_t kExtremeUnits[] = {0, 1, -1, 3333, 5000, 10000, 9223372036854765000, 9223372036854770000,
                                          INT64_MAX - 1, INT64_MAX, -9223372036854770000, INT64_MIN + 1, INT64_MIN};

// Draws records for one program's schema. Raw mt19937_64 outputs only (no std::
// distributions), so the records are the same with every standard library.
class RecordMaker {
 public:
  // `extremes`: every int and decimal is drawn from kExtremeInts / kExtremeUnits.
  RecordMaker(const Program& program, bool extremes, std::uint64_t seed = 20261123)
      : program_(program), extremes_(extremes), random_(seed) {
    for (const Constant& c : program.constants) {
      if (c.type == ValueType::number) numbers_.push_back(c.scalar);
      if (c.type == ValueType::text) texts_.push_back(c.text);
    }
    for (const ConstSet& set : program.sets) texts_.insert(texts_.end(), set.texts.begin(), set.texts.end());
    for (const auto& list : program.string_lists) texts_.insert(texts_.end(), list.begin(), list.end());
    texts_.insert(texts_.end(), {"", "US", "GB", "541511", "5415", "zz", "Okta"});
    for (const RoleDef& role : program.roles) titles_.insert(titles_.end(), role.titles.begin(), role.titles.end());
    titles_.insert(titles_.end(), {"", "Intern", "cfo", " CISO ", "vp finance", "Head of IT Security"});
  }

  void make(Record& r) {
    r.clear(program_.schema.fields.size());
    r.set_id("acc");
    for (std::size_t f = 0; f < program_.schema.fields.size(); ++f) fill(r, f);
    for (std::uint64_t e = 0, n = pick(13); e < n; ++e) {
      const auto type = static_cast<std::int32_t>(pick(program_.schema.signal_types.size() + 1)) - 1;
      r.add_signal(type, static_cast<std::int32_t>(pick(420)) - 20, type < 0 ? "undeclared" : "");
    }
    for (std::uint64_t c = 0, n = pick(7); c < n; ++c) {
      if (pick(8) == 0) {
        r.add_contact(std::nullopt);
      } else {
        r.add_contact(title());
      }
    }
  }

 private:
  std::uint64_t pick(std::size_t n) { return n == 0 ? 0 : random_() % n; }

  // A number near one of the program's constants (units), or anywhere.
  std::int64_t number() {
    const std::int64_t near = numbers_.empty() || pick(4) == 0 ? static_cast<std::int64_t>(pick(200000)) * Decimal::kScale
                                                               : numbers_[pick(numbers_.size())];
    const std::int64_t steps[] = {-Decimal::kScale, -1, 0, 0, 1, Decimal::kScale};
    return near + steps[pick(6)];
  }

  std::string text() {
    std::string t = texts_[pick(texts_.size())];
    if (pick(4) == 0) t += std::to_string(pick(100));  // a longer code, or a near miss
    return t;
  }

  std::string title() {
    std::string t = titles_[pick(titles_.size())];
    for (char& c : t) {
      if (c == '*') c = "xA "[pick(3)];
      if (c >= 'a' && c <= 'z' && pick(3) == 0) c = static_cast<char>(c - 'a' + 'A');
    }
    return pick(5) == 0 ? "  " + t : t;
  }

  void fill(Record& r, std::size_t f) {
    const FieldSpec& spec = program_.schema.fields[f];
    if (spec.optional && pick(4) == 0) return;  // missing
    switch (spec.type) {
      case FieldType::integer:
        return r.set_int(f, extremes_ ? kExtremeInts[pick(std::size(kExtremeInts))] : number() / Decimal::kScale);
      case FieldType::decimal:
        return r.set_decimal(f, Decimal::from_units(extremes_ ? kExtremeUnits[pick(std::size(kExtremeUnits))] : number()));
      case FieldType::boolean: return r.set_bool(f, pick(2) == 1);
      case FieldType::date: return r.set_date(f, Date{20400 + static_cast<std::int32_t>(pick(1000))});
      case FieldType::enumeration: return r.set_enum(f, static_cast<std::uint32_t>(pick(spec.enum_values.size())));
      case FieldType::string:
      case FieldType::naics:
      case FieldType::country: return r.set_string(f, text());
      case FieldType::string_set:
        r.begin_set(f);
        for (std::uint64_t i = 0, n = pick(5); i < n; ++i) r.add_set_item(text());
        return r.end_set(f);
    }
  }

  const Program& program_;
  bool extremes_;
  std::mt19937_64 random_;
  std::vector<std::int64_t> numbers_;
  std::vector<std::string> texts_, titles_;
};

// Both evaluators share the committee code (the title index), so the roles are checked
// against each role's TitleMatcher directly: the first contact whose title matches, with
// the first of the role's patterns that matches it.
inline void check_roles_by_matcher(const Program& program, const Record& record, const Decision& decision) {
  REQUIRE(decision.audit.roles.size() == program.roles.size());
  std::vector<std::uint32_t> filled;
  for (std::size_t role = 0; role < program.roles.size(); ++role) {
    std::optional<RoleMatch> expected;
    const std::span<const Contact> contacts = record.contacts();
    for (std::size_t c = 0; c < contacts.size() && !expected; ++c) {
      if (!contacts[c].has_title()) continue;
      const auto pattern = program.role_matchers[role].first_match(record.view(contacts[c].title));
      if (pattern) expected = RoleMatch{static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(*pattern)};
    }
    const std::optional<RoleMatch>& got = decision.audit.roles[role];
    CAPTURE(role);
    REQUIRE(got.has_value() == expected.has_value());
    if (got) CHECK((got->contact == expected->contact && got->pattern == expected->pattern));
    if (expected) filled.push_back(static_cast<std::uint32_t>(role));
  }
  CHECK(decision.roles_filled == filled);
}

inline void check_same_decision(const Decision& got, const Decision& expected) {
  CHECK(got.id == expected.id);
  CHECK(got.as_of == expected.as_of);
  CHECK(got.verdict == expected.verdict);
  CHECK(got.fit_tier == expected.fit_tier);
  CHECK(got.excluded_by == expected.excluded_by);
  CHECK(got.score == expected.score);
  CHECK(got.coverage == expected.coverage);
  CHECK(got.roles_filled == expected.roles_filled);
  CHECK(got.route_rule == expected.route_rule);
  CHECK(got.criteria == expected.criteria);
  CHECK(got.exclusions == expected.exclusions);
  CHECK(got.tiers == expected.tiers);
  CHECK(got.bonuses == expected.bonuses);
  CHECK_FALSE(got.audited);
}

// evaluate_each, on the prepared program (fast conditions over whole blocks) and on the
// stack-machine-only copy (every condition record by record inside the block), against
// evaluate() one record at a time.
inline void check_blocks(const Program& program, const Program& stack_only, std::span<const Record> records,
                  const std::vector<Decision>& expected) {
  for (const Program* p : {&program, &stack_only}) {
    Evaluator blocks(*p);
    std::size_t next = 0;
    blocks.evaluate_each(records, Date{20000}, [&](std::size_t index, const Decision& decision) {
      REQUIRE(index == next++);
      CAPTURE(index);
      check_same_decision(decision, expected[index]);
    });
    CHECK(next == records.size());
    auto none = [&](std::size_t, const Decision&) { FAIL("no record, no call"); };
    blocks.evaluate_each(records.first(0), Date{20000}, none);
    blocks.evaluate_audited_each(records.first(0), Date{20000}, none);
  }
}

// evaluate_audited_each (a block of audited decisions, then each handed over) against
// evaluate(record, as_of, true) on its own evaluator, compared as whole decision lines; and
// the same evaluator's evaluate() and evaluate_each afterwards, unaffected by it.
inline void check_audited_blocks(const Program& program, std::span<const Record> records,
                          const std::vector<Decision>& expected) {
  Evaluator blocks(program), single(program);
  std::string got, want;
  std::size_t next = 0;
  blocks.evaluate_audited_each(records, Date{20000}, [&](std::size_t index, const Decision& decision) {
    REQUIRE(index == next++);
    CAPTURE(index);
    CHECK(decision.audited);
    got.clear();
    want.clear();
    append_decision_json(program, records[index], decision, "", got);
    append_decision_json(program, records[index], single.evaluate(records[index], Date{20000}, true), "", want);
    CHECK(got == want);
  });
  CHECK(next == records.size());
  REQUIRE_FALSE(records.empty());
  check_same_decision(blocks.evaluate(records[0], Date{20000}, false), expected[0]);
  blocks.evaluate_each(records, Date{20000}, [&](std::size_t index, const Decision& decision) {
    check_same_decision(decision, expected[index]);
  });
}

// Every path against the stack machine alone (stack_machine_only), record by record and
// read by read: the prepared program's evaluate() with and without the audit, then
// evaluate_each on both programs and evaluate_audited_each, against evaluate(). Returns
// how many records reached each verdict.
inline std::array<int, 3> check_paths(const Program& program, std::span<const Record> records) {
  const Program stack_only = testing::stack_machine_only(program);
  Evaluator fast(program), slow(stack_only);
  std::vector<Decision> expected;
  std::array<int, 3> verdicts{};
  for (std::size_t i = 0; i < records.size(); ++i) {
    CAPTURE(i);
    const Record& r = records[i];
    expected.push_back(fast.evaluate(r, Date{20000}, false));
    const Decision plain = fast.evaluate(r, Date{}, false);
    const Decision audited = fast.evaluate(r, Date{}, true);
    const Decision& reference = slow.evaluate(r, Date{}, true);
    testing::check_same_audit(audited, reference);
    CHECK(audited.roles_filled == reference.roles_filled);
    CHECK(audited.coverage == reference.coverage);
    check_roles_by_matcher(program, r, audited);
    testing::check_tallies_from_ages(program, r, audited.audit);  // tallies too share their code
    CHECK(plain.criteria == reference.criteria);
    CHECK(plain.exclusions == reference.exclusions);
    CHECK(plain.tiers == reference.tiers);
    CHECK(plain.bonuses == reference.bonuses);
    CHECK(plain.score == reference.score);
    CHECK(plain.fit_tier == reference.fit_tier);
    CHECK(plain.excluded_by == reference.excluded_by);
    CHECK(plain.roles_filled == reference.roles_filled);
    CHECK(plain.coverage == reference.coverage);
    CHECK(plain.route_rule == reference.route_rule);
    ++verdicts[static_cast<std::size_t>(reference.verdict)];
  }
  if (records.empty()) return verdicts;
  check_blocks(program, stack_only, records, expected);
  check_audited_blocks(program, records, expected);
  return verdicts;
}

inline std::vector<Record> make_records(const Program& program, int count, bool extremes,
                                        std::uint64_t seed = 20261123) {
  RecordMaker maker(program, extremes, seed);
  std::vector<Record> records(static_cast<std::size_t>(count));
  for (Record& r : records) maker.make(r);
  return records;
}

}  // namespace icp::vm::testing
