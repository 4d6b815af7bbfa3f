// The batch API counts the decided records that have a signal event after the as-of date and
// names the first (issue 19): the same count and first record for any thread count, with and
// without the audit, across batches, for JSON Lines, one JSON document and CSV with a signals
// side file; rejected records are not counted. Input: the mid-market example. Output: checks.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "compiled_profile.hpp"
#include "icp/batch.hpp"
#include "icp/session.hpp"
#include "runtime/format/artifact.hpp"

namespace {

struct Collect final : icp::BatchSink {
  std::size_t future_records = 0, calls_with_first = 0;
  bool on_results(const icp::BatchResults& results) override {
    future_records += results.future_records;
    calls_with_first += results.first_future != nullptr ? 1 : 0;
    CHECK((results.future_records > 0) == (results.first_future != nullptr));
    return true;
  }
  bool on_side_file_error(const icp::SideFileError&) override { return true; }
};

icp::Program example() {
  return icp::Program::load(
             icp::vm::serialize(icp::test_support::compile_source_tree_file("examples/mid-market-security.icp")))
      .program.value();
}

std::string account(std::size_t n, std::string_view signals, std::string_view employees = "850") {
  return "{\"id\":\"acc-" + std::to_string(n) + "\",\"employees\":" + std::string(employees) +
         ",\"revenue_musd\":120.5,\"naics\":\"541512\",\"country\":\"US\",\"funding_stage\":\"series_b\","
         "\"tech\":[\"okta\"],\"is_customer\":false,\"signals\":[" +
         std::string(signals) + "]}\n";
}

}  // namespace

TEST_CASE("the batch API counts records with events after the as-of date, the first named, on any thread count") {
  const icp::Program program = example();
  const icp::Date as_of = icp::date_from_civil(2026, 11, 22);
  // 40,000 records (several batches of about 1 MiB): every 997th has an event after as_of,
  // the first one is record 1,500 (a rejected record with one, before it, is not counted).
  std::string input;
  std::size_t expected = 0;
  for (std::size_t n = 1; n <= 40000; ++n) {
    if (n == 700) {
      input += account(n, R"({"type":"g2_visit","at":"2027-01-01"})", "\"many\"");
    } else if (n >= 1500 && n % 997 == 1500 % 997) {
      input += account(n, R"({"type":"g2_visit","days_ago":3},{"type":"webinar","at":"2026-12-01"})");
      ++expected;
    } else {
      input += account(n, R"({"type":"g2_visit","days_ago":3})");
    }
  }
  for (const bool audit : {false, true}) {
    for (const std::size_t threads : {std::size_t{1}, std::size_t{2}, std::size_t{4}}) {
      CAPTURE(audit);
      CAPTURE(threads);
      Collect sink;
      const icp::BatchOptions options{.as_of = as_of, .audit = audit, .threads = threads};
      const icp::BatchSummary summary = icp::decide_stream(program, icp::BatchInput::json_lines(input), options, sink);
      CHECK(summary.rejected == 1);
      CHECK(summary.future_records == expected);
      CHECK(sink.future_records == expected);
      CHECK(sink.calls_with_first >= 1);
      REQUIRE(summary.first_future);
      CHECK(summary.first_future->line == 1500);
      CHECK(summary.first_future->id == "acc-1500");
      CHECK(summary.first_future->event == 1);
      CHECK(summary.first_future->type == "webinar");
      CHECK(icp::format_date(summary.first_future->at) == "2026-12-01");
    }
  }
  // Past every event: nothing to report.
  Collect sink;
  const icp::BatchSummary later = icp::decide_stream(
      program, icp::BatchInput::json_lines(input), icp::BatchOptions{.as_of = icp::date_from_civil(2027, 2, 1)}, sink);
  CHECK(later.future_records == 0);
  CHECK_FALSE(later.first_future);
}

TEST_CASE("a JSON document and CSV rows report their events after the as-of date too") {
  const icp::Program program = example();
  const icp::Date as_of = icp::date_from_civil(2026, 11, 22);
  Collect document_sink;
  const icp::BatchSummary document =
      icp::decide_stream(program, icp::BatchInput::json_document(account(7, R"({"type":"job_post","at":"2026-11-23"})")),
                         icp::BatchOptions{.as_of = as_of}, document_sink);
  CHECK(document.future_records == 1);
  REQUIRE(document.first_future);
  CHECK(document.first_future->line == 1);
  CHECK(document.first_future->type == "job_post");
  CHECK(icp::format_date(document.first_future->at) == "2026-11-23");

  const std::string csv =
      "id,employees,revenue_musd,naics,country,funding_stage,tech,is_customer\n"
      "c-1,850,120.5,541512,US,series_b,okta,false\n"
      "c-2,850,120.5,541512,US,series_b,okta,false\n";
  const std::string signals = "account_id,type,at\nc-2,g2_visit,2026-11-01\nc-2,exec_hire,2026-12-24\n";
  icp::SideFiles side;
  side.signals = icp::SideFileSource{"signals.csv", signals};
  for (const std::size_t threads : {std::size_t{1}, std::size_t{3}}) {
    Collect sink;
    const icp::BatchSummary summary = icp::decide_stream(program, icp::BatchInput::csv(std::string_view(csv), side),
                                                         icp::BatchOptions{.as_of = as_of, .threads = threads}, sink);
    CHECK(summary.future_records == 1);
    REQUIRE(summary.first_future);
    CHECK(summary.first_future->line == 3);
    CHECK(summary.first_future->id == "c-2");
    CHECK(summary.first_future->event == 1);
    CHECK(summary.first_future->type == "exec_hire");
  }
}
