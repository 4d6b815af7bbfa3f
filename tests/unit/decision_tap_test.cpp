// icp::DecisionTap, the ordered batch API's hook for a decision log: every decided record is
// given to it once, in input order within its batch, with its line, its input as decoded and
// its decision line, on any thread count, with and without the audit; what it appends
// reaches the sink with the batch; rejected records are not given to it.
#include <doctest/doctest.h>

#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "compiled_profile.hpp"
#include "icp/batch.hpp"
#include "icp/session.hpp"
#include "runtime/format/artifact.hpp"

namespace {

// Appends "line\tinput\tdecision\n" per record: the inputs and decisions are JSON, so they
// hold no raw tab or newline.
class RecordingTap final : public icp::DecisionTap {
 public:
  void on_decided(const icp::DecidedRecord& record, std::string& out) override {
    out += std::to_string(record.line) + '\t' + std::string(record.input) + '\t' + std::string(record.decision) + '\n';
  }
};

struct Collect final : icp::BatchSink {
  std::string decisions, tapped;
  std::size_t rejected = 0;
  bool on_results(const icp::BatchResults& results) override {
    decisions += results.decisions;
    tapped += results.tapped;
    rejected += results.rejections.size();
    return true;
  }
  bool on_side_file_error(const icp::SideFileError&) override { return true; }
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
  return parts;
}

}  // namespace

TEST_CASE("the batch API gives each decided record to the tap, in order, on any thread count") {
  const icp::Program program =
      icp::Program::load(icp::vm::serialize(icp::test_support::compile_source_tree_file("examples/mid-market-security.icp")))
          .program.value();
  // The example data, many times over (several batches), with its rejected record in place.
  const std::string one = icp::test_support::read_source_tree_file("examples/data/mid-market-accounts.jsonl");
  std::string input;
  for (int i = 0; i < 3000; ++i) input += one;
  const icp::Date as_of = icp::date_from_civil(2026, 11, 22);
  const std::vector<std::string> lines = split(input, '\n');
  for (const bool audit : {false, true}) {
    for (const std::size_t threads : {std::size_t{1}, std::size_t{3}}) {
      CAPTURE(audit);
      CAPTURE(threads);
      RecordingTap tap;
      Collect sink;
      const icp::BatchOptions options{.as_of = as_of, .audit = audit, .threads = threads, .tap = &tap, .leave_out = {"contacts"}};
      const icp::BatchSummary summary = icp::decide_stream(program, icp::BatchInput::json_lines(input), options, sink);
      const std::vector<std::string> decisions = split(sink.decisions, '\n');
      const std::vector<std::string> tapped = split(sink.tapped, '\n');
      REQUIRE(tapped.size() == decisions.size());
      CHECK(decisions.size() + sink.rejected == summary.records);
      icp::Session session(program);
      std::size_t previous_line = 0;
      for (std::size_t i = 0; i < tapped.size(); i += 997) {  // a sample: every record would take long under ASan
        const std::vector<std::string> fields = split(tapped[i], '\t');
        REQUIRE(fields.size() == 3);
        const std::size_t line = std::stoul(fields[0]);
        CHECK(line > previous_line);
        previous_line = line;
        CHECK(fields[2] == decisions[i]);  // the line written, audit included when asked for
        CHECK(fields[1].find("\"contacts\"") == std::string::npos);  // left out
        const icp::DecideResult direct = session.decide(lines[line - 1], as_of, audit ? icp::Audit::on : icp::Audit::off);
        REQUIRE(direct);
        CHECK(std::string(direct.decision->json()) == fields[2]);
        std::string expected_input;
        direct.decision->append_input_json(expected_input, options.leave_out);
        CHECK(expected_input == fields[1]);
      }
    }
  }
}

TEST_CASE("without a tap, results carry nothing tapped") {
  const icp::Program program =
      icp::Program::load(icp::vm::serialize(icp::test_support::compile_source_tree_file("examples/plg-smb.icp")))
          .program.value();
  Collect sink;
  const std::string input = icp::test_support::read_source_tree_file("examples/data/plg-smb-accounts.jsonl");
  icp::decide_stream(program, icp::BatchInput::json_lines(input), icp::BatchOptions{.as_of = icp::date_from_civil(2026, 11, 22)},
                     sink);
  CHECK_FALSE(sink.decisions.empty());
  CHECK(sink.tapped.empty());
}
