// Differential test of the evaluator's prepared paths: every example profile and the
// benchmark rules, compiled by the compiler, decide thousands of seeded random records
// (values near the program's own constants, missing optional fields, undeclared and future
// events, titles in any case and spacing) exactly as the same program on the stack machine
// alone, audited read by read and unaudited; roles and signal tallies, whose code both
// share, are checked against TitleMatcher and tally_signal instead. Evaluator::evaluate_each
// and evaluate_audited_each (a block of records at a time) must give evaluate()'s decisions,
// record for record.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "compiled_profile.hpp"
#include "differential_paths.hpp"
#include "runtime/vm/vm.hpp"

using namespace icp;
using namespace icp::vm;

namespace {

Program compile_source(const std::string& name, const std::string& text) {
  return test_support::compile_program(name, text);
}

Program compile_file(const std::string& relative) { return test_support::compile_source_tree_file(relative); }

void check_against_stack_machine(const Program& program, int records, bool extremes) {
  REQUIRE_FALSE(program.fast_conditions.empty());  // the comparison must exercise them
  const std::vector<Record> kept = testing::make_records(program, records, extremes);
  const std::array<int, 3> verdicts = testing::check_paths(program, kept);
  // The records must reach more than one verdict, or the comparison says little.
  CHECK(std::count_if(verdicts.begin(), verdicts.end(), [](int n) { return n > 0; }) >= 2);
}

}  // namespace

TEST_CASE("prepared paths decide random records as the stack machine does, on every example") {
  for (const char* file : {"examples/mid-market-security.icp", "examples/plg-smb.icp",
                           "examples/enterprise-platform.icp", "bench/rules.icp"}) {
    CAPTURE(file);
    check_against_stack_machine(compile_file(file), 3000, false);
  }
}

TEST_CASE("prepared paths agree at the ends of the number range: exact, or unknown") {
  const Program program = compile_source("ends.icp", R"(profile "Ends" {
  owner    "ops@example.com"
  reviewed 2026-11-01
}
account {
  employees: int
  headcount: int?
  revenue:   decimal
  margin:    decimal?
}
signal visit weight 922337203685477.5807 within 30d
signal hire  weight 0.0001 within 60d cap 2
bonus surge +922337203685477 when employees > 922337203685476
bonus drag  -922337203685477.5807 when revenue < -922337203685477
criterion big      = employees >= 922337203685477
criterion small    = employees <= -922337203685477
criterion rich     = revenue > 922337203685477.5806
criterion poor     = revenue between -922337203685477.5807 and -922337203685477
criterion scaled   = employees * 1000000000 > 5
criterion summed   = revenue + margin > 0
criterion negated  = -revenue < 922337203685477
criterion quotient = revenue / 3 > 0.3333
criterion product  = margin * 0.5 >= 0.0001
criterion listed   = revenue in [0.5, 922337203685477, -922337203685477]
criterion headed   = headcount > 922337203685476.5
criterion scored   = score > 922337203685476
tier 1 "Top" = big and rich
tier 2 "Mid" = any(scaled, summed, negated, quotient, product, listed, headed)
tier 3 "Low" = small or poor or scored
route {
  when excluded                                -> disqualify
  when tier == 1 and score >= 922337203685477 -> queue "top"
  when tier in [2, 3]                          -> queue "rest"
  else                                         -> ignore
}
)");
  check_against_stack_machine(program, 3000, true);
}
