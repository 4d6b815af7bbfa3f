// The impact report from a sample (see run_impact.hpp). Input: a Sample, two programs and
// the options. Output: per-account results, then the aggregated Impact with its examples'
// reasons. Threads split the accounts into fixed ranges, so nothing depends on scheduling.
#include "analysis/impact/run_impact.hpp"

#include <algorithm>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "analysis/impact/impact_reasons.hpp"
#include "runtime/input/future_event.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::analysis {
namespace {

VersionResult decide(vm::Evaluator& evaluator, SampleDecoder& decoder, const vm::Schema& schema,
                     const SampleAccount& account, Date as_of, vm::Record& record) {
  VersionResult result;
  vm::DecodeError error;
  if (!decoder.decode(account, as_of, record, error)) {
    result.id = error.id;
    result.error = error.message;
    return result;
  }
  const vm::Decision& decision = evaluator.evaluate(record, as_of, /*audit=*/false);
  result.id = std::string(record.id());
  if (record.first_future_event() >= 0) {
    result.future.emplace();
    vm::describe_future_event(record, schema, as_of, 0, *result.future);  // the line is the account's
  }
  result.kind = decision.verdict == vm::Verdict::tier     ? OutcomeKind::tier
                : decision.verdict == vm::Verdict::no_fit ? OutcomeKind::no_fit
                                                          : OutcomeKind::excluded;
  result.tier = decision.verdict == vm::Verdict::tier ? decision.fit_tier : 0;
  result.route_rule = decision.route_rule;
  result.score = decision.score;
  return result;
}

void explain_example(Example& example, const Sample& sample, const Version& old_version, const Version& new_version,
                     const ImpactOptions& options, bool with_route) {
  const SampleAccount& account = sample.accounts()[example.account];
  // One version's decoder, evaluator and record, alive while explain_move reads them.
  struct Side {
    Side(const Sample& sample, const vm::Program& program)
        : decoder(sample, program.schema), evaluator(program) {
      audited.program = &program;
    }
    SampleDecoder decoder;
    vm::Evaluator evaluator;
    vm::Record record;
    vm::DecodeError error;
    AuditedSide audited;
  };
  auto side = [&](const vm::Program& program) {
    auto s = std::make_unique<Side>(sample, program);
    const Date as_of = account.as_of.value_or(options.as_of);
    if (s->decoder.decode(account, as_of, s->record, s->error)) {
      s->audited.record = &s->record;
      s->audited.decision = &s->evaluator.evaluate(s->record, as_of, /*audit=*/true);
    } else {
      s->audited.error = s->error.message;
    }
    return s;
  };
  auto old_side = side(*old_version.program);
  auto new_side = side(*new_version.program);
  example.reasons = explain_move(old_side->audited, new_side->audited, with_route);
}

}  // namespace

std::vector<AccountResult> evaluate_sample(const Sample& sample, const vm::Program& old_program,
                                           const vm::Program& new_program, const ImpactOptions& options) {
  const auto& accounts = sample.accounts();
  std::vector<AccountResult> results(accounts.size());
  const std::size_t workers = std::max<std::size_t>(1, std::min(options.threads, accounts.size()));
  auto work = [&](std::size_t worker) {
    SampleDecoder old_decoder(sample, old_program.schema);
    SampleDecoder new_decoder(sample, new_program.schema);
    vm::Evaluator old_evaluator(old_program), new_evaluator(new_program);
    vm::Record record;
    const std::size_t begin = accounts.size() * worker / workers, end = accounts.size() * (worker + 1) / workers;
    for (std::size_t i = begin; i < end; ++i) {
      results[i].line = accounts[i].line;
      const Date as_of = accounts[i].as_of.value_or(options.as_of);
      results[i].old_version = decide(old_evaluator, old_decoder, old_program.schema, accounts[i], as_of, record);
      results[i].new_version = decide(new_evaluator, new_decoder, new_program.schema, accounts[i], as_of, record);
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& thread : pool) thread.join();
  return results;
}

void explain_examples(Impact& impact, const Sample& sample, const ImpactOptions& options) {
  for (Transition& transition : impact.transitions) {
    for (Example& example : transition.examples) {
      explain_example(example, sample, impact.old_version, impact.new_version, options, /*with_route=*/false);
    }
  }
  for (Example& example : impact.score_examples) {
    explain_example(example, sample, impact.old_version, impact.new_version, options, /*with_route=*/false);
  }
  for (RouteChange& change : impact.routes) {
    for (Example& example : change.examples) {
      explain_example(example, sample, impact.old_version, impact.new_version, options, /*with_route=*/true);
    }
  }
}

std::optional<Impact> run_impact(const Sample& sample, const Version& old_version, const Version& new_version,
                                 const ImpactOptions& options, Error& error) {
  for (const Version* version : {&old_version, &new_version}) {
    const std::size_t tiers = version->program->tiers.size();
    if (tiers <= kMaxImpactTiers) continue;
    error = Error{.message = fmt::format("`{}` has {} tiers; an impact report compares profiles of at most {}, as it "
                                         "has a row and a column for each",
                                         version->source, tiers, kMaxImpactTiers)};
    return std::nullopt;
  }
  const std::vector<AccountResult> results =
      evaluate_sample(sample, *old_version.program, *new_version.program, options);
  Impact impact = aggregate(results, old_version, new_version, options.examples);
  impact.sample = sample.name();
  impact.as_of = format_date(options.as_of);
  explain_examples(impact, sample, options);
  return impact;
}

}  // namespace icp::analysis
