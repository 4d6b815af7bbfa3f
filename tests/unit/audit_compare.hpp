// Test helper: audited decisions on the fast conditions against the stack machine. Input:
// a prepared Program. Output: its copy without fast conditions, and doctest checks that
// two decisions agree on every result and every part of the audit, read by read.
#pragma once

#include <doctest/doctest.h>

#include <cstddef>
#include <span>
#include <vector>

#include "runtime/vm/signal_points.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::vm::testing {

// With no fast condition, every chunk of the copy runs on the stack machine, audited or
// not: the reference the fast path must reproduce.
inline Program stack_machine_only(const Program& program) {
  Program copy = program;
  copy.fast_conditions.clear();
  copy.fast_condition_at.assign(copy.code.size(), -1);
  return copy;
}

inline void check_same_reads(const Audit& a, const Audit& b, std::span<const ReadRange> ra,
                             std::span<const ReadRange> rb) {
  REQUIRE(ra.size() == rb.size());
  for (std::size_t i = 0; i < ra.size(); ++i) {
    CAPTURE(i);
    REQUIRE(ra[i].end - ra[i].begin == rb[i].end - rb[i].begin);
    for (std::uint32_t k = 0; k < ra[i].end - ra[i].begin; ++k) {
      const AuditRead& x = a.reads[ra[i].begin + k];
      const AuditRead& y = b.reads[rb[i].begin + k];
      CHECK(x.kind == y.kind);
      CHECK(x.index == y.index);
      CHECK(x.value == y.value);
    }
  }
}

inline bool same_tally(const SignalTally& a, const SignalTally& b) {
  return a.counted == b.counted && a.capped_out == b.capped_out && a.future == b.future && a.expired == b.expired &&
         a.points == b.points;
}

// `fast` from the prepared program, `slow` from stack_machine_only, both audited.
inline void check_same_audit(const Decision& fast, const Decision& slow) {
  CHECK(fast.criteria == slow.criteria);
  CHECK(fast.exclusions == slow.exclusions);
  CHECK(fast.tiers == slow.tiers);
  CHECK(fast.bonuses == slow.bonuses);
  CHECK(fast.score == slow.score);
  CHECK(fast.route_rule == slow.route_rule);
  const Audit &a = fast.audit, &b = slow.audit;
  CHECK(a.reads.size() == b.reads.size());
  check_same_reads(a, b, a.criteria, b.criteria);
  check_same_reads(a, b, a.exclusions, b.exclusions);
  check_same_reads(a, b, a.tiers, b.tiers);
  check_same_reads(a, b, a.bonuses, b.bonuses);
  check_same_reads(a, b, std::span(&a.route, 1), std::span(&b.route, 1));
  REQUIRE(a.ignored_events.size() == b.ignored_events.size());
  for (std::size_t e = 0; e < a.ignored_events.size(); ++e) {
    CHECK(a.ignored_events[e].event == b.ignored_events[e].event);
    CHECK(a.ignored_events[e].why == b.ignored_events[e].why);
  }
  REQUIRE(a.signals.size() == b.signals.size());
  for (std::size_t s = 0; s < a.signals.size(); ++s) CHECK(same_tally(a.signals[s], b.signals[s]));
}

// The tallies tally_signal computes from the record's ages, type by type: what the audit
// reports whether or not the evaluator keeps the ages.
inline void check_tallies_from_ages(const Program& program, const Record& record, const Audit& audit) {
  REQUIRE(audit.signals.size() == program.signal_rules.size());
  std::vector<std::int32_t> ages, scratch;
  for (std::size_t s = 0; s < program.signal_rules.size(); ++s) {
    ages.clear();
    for (const SignalEvent& event : record.signals()) {
      if (event.type == static_cast<std::int32_t>(s)) ages.push_back(event.age_days);
    }
    CAPTURE(s);
    CHECK(same_tally(audit.signals[s], tally_signal(program.signal_rules[s], ages, scratch)));
  }
}

}  // namespace icp::vm::testing
