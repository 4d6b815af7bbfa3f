// What a change to a profile does to real accounts (`icpc diff`): every account of a sample
// decided by both versions on N threads, aggregated into the impact report, and the example
// accounts decided again with the audit to say why they moved. Input: a Sample and two
// programs. Output: an Impact, the same for any thread count.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "analysis/error.hpp"
#include "analysis/impact/impact.hpp"
#include "analysis/impact/sample.hpp"
#include "icp/date.hpp"
#include "runtime/input/decode_json.hpp"

namespace icp::analysis {

struct ImpactOptions {
  Date as_of;                // the evaluation date of both versions (an account with its own as_of uses that)
  std::size_t threads = 1;   // workers; the report is identical for any number
  std::size_t examples = 3;  // example accounts kept per change, in input order
};

// The whole report: evaluate_sample, aggregate, explain_examples. nullopt with `error` when
// a version has more than kMaxImpactTiers tiers.
std::optional<Impact> run_impact(const Sample& sample, const Version& old_version, const Version& new_version,
                                 const ImpactOptions& options, Error& error);

// Every account through both versions (no audit: only verdict, tier, route and score), in
// input order. Each worker owns its decoders and evaluators and fills its own range.
std::vector<AccountResult> evaluate_sample(const Sample& sample, const vm::Program& old_program,
                                           const vm::Program& new_program, const ImpactOptions& options);

// Decides the examples' accounts again with the audit on and fills their reasons.
void explain_examples(Impact& impact, const Sample& sample, const ImpactOptions& options);

}  // namespace icp::analysis
