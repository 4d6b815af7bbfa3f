// BatchResults::outcomes, the batch API's count of decisions by verdict and route action (a
// host's metrics): over many batches, on one and several threads, with and without the audit,
// the counts add up to what the decision lines themselves say, and only pairs that occur appear.
#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <string>
#include <utility>

#include "compiled_profile.hpp"
#include "icp/batch.hpp"
#include "runtime/format/artifact.hpp"

namespace {

using Pair = std::pair<std::string, std::string>;

// The verdict and route action of every decision line, read back with a string search: the
// independent count the outcomes are checked against.
std::map<Pair, std::size_t> count_lines(const std::string& decisions) {
  auto value_after = [](const std::string& line, const std::string& key) {
    const std::size_t begin = line.find(key);
    REQUIRE(begin != std::string::npos);
    const std::size_t start = begin + key.size();
    return line.substr(start, line.find('"', start) - start);
  };
  std::map<Pair, std::size_t> counts;
  std::istringstream in(decisions);
  for (std::string line; std::getline(in, line);) {
    ++counts[{value_after(line, "\"verdict\":\""), value_after(line, "\"route\":{\"action\":\"")}];
  }
  return counts;
}

struct CountOutcomes final : icp::BatchSink {
  std::string decisions;
  std::map<Pair, std::size_t> outcomes;
  bool zero_seen = false;
  bool on_results(const icp::BatchResults& results) override {
    decisions += results.decisions;
    for (const icp::OutcomeCount& outcome : results.outcomes) {
      outcomes[{std::string(outcome.verdict), std::string(outcome.route_action)}] += outcome.decisions;
      zero_seen = zero_seen || outcome.decisions == 0;
    }
    return true;
  }
  bool on_side_file_error(const icp::SideFileError&) override { return true; }
};

}  // namespace

TEST_CASE("the batch API counts its decisions by verdict and route action, as the lines say") {
  {
    const icp::Program program = icp::Program::load(icp::vm::serialize(icp::test_support::compile_source_tree_file(
                                                        "examples/mid-market-security.icp")))
                                     .program.value();
    // The example accounts (one of them rejected) many times over: several batches.
    const std::string one = icp::test_support::read_source_tree_file("examples/data/mid-market-accounts.jsonl");
    std::string input;
    for (int i = 0; i < 2000; ++i) input += one;
    for (const bool audit : {false, true}) {
      for (const std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
        CAPTURE(audit);
        CAPTURE(threads);
        CountOutcomes sink;
        const icp::BatchOptions options{.as_of = icp::date_from_civil(2026, 11, 22), .audit = audit, .threads = threads};
        const icp::BatchSummary summary = icp::decide_stream(program, icp::BatchInput::json_lines(input), options, sink);
        REQUIRE(summary.failure == icp::BatchSummary::Failure::none);
        const std::map<Pair, std::size_t> expected = count_lines(sink.decisions);
        CHECK(expected.size() >= 2);  // the data reaches more than one outcome
        CHECK(sink.outcomes == expected);
        CHECK_FALSE(sink.zero_seen);
      }
    }
  }
}
