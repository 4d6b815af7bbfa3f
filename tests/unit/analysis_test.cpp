// The analysis library as a service calls it (analysis/analysis.hpp): backtest, nucleus,
// impact and explain on inputs held in memory, with no file system and no terminal. Each
// test compares the in-memory run with the streamed one, or checks a property computed here
// independently (row totals, rejections from a decoder of our own), never a pasted output.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "analysis/analysis.hpp"
#include "compiled_profile.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/json_limits.hpp"
#include "runtime/input/json_lines.hpp"

using namespace icp;
using namespace icp::analysis;

namespace {

std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(ICP_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Compiled under its file name, as icpc compiles it in its own folder: the audit and the
// explanation name the rules by file and line.
vm::Program compile_file(const std::string& relative) {
  const std::string name = relative.substr(relative.rfind('/') + 1);
  return test_support::compile_program(name, read_source_file(relative));
}

// An open file of the source tree, closed at the end of the scope.
struct OpenFile {
  explicit OpenFile(const std::string& relative)
      : file(std::fopen((std::string(ICP_SOURCE_DIR) + "/" + relative).c_str(), "rb")) {
    REQUIRE_MESSAGE(file != nullptr, relative);
  }
  ~OpenFile() { std::fclose(file); }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  std::FILE* file;
};

const std::string kBacktest = "tests/cli/fixtures/backtest/";
const Window kWindow{std::nullopt, std::nullopt, *parse_date("2026-11-22")};

CrmMapping fixture_mapping() {
  Error error;
  std::optional<CrmMapping> mapping =
      parse_mapping(read_source_file(kBacktest + "mapping.toml"), "mapping.toml", error);
  REQUIRE_MESSAGE(mapping, to_text(error));
  return *mapping;
}

std::string backtest_json(const vm::Program& program, const CrmExports& exports) {
  Error error;
  const std::optional<Backtest> report =
      run_backtest({program, exports.mapping, exports.accounts, exports.opportunities, nullptr,
                    exports.window.from, exports.window.to},
                   error);
  REQUIRE_MESSAGE(report, to_text(error));
  return render_backtest_json(*report) + render_backtest_text(*report) + render_backtest_html(*report);
}

}  // namespace

TEST_CASE("analysis: a backtest from text in memory is the backtest from the files, and its rows add up") {
  const vm::Program program = compile_file(kBacktest + "profile.icp");
  const std::string accounts = read_source_file(kBacktest + "crm_accounts.csv");
  const std::string opportunities = read_source_file(kBacktest + "crm_opportunities.csv");
  Error error;
  const std::optional<CrmExports> in_memory = read_exports(
      fixture_mapping(), {"crm_accounts.csv", accounts}, {"crm_opportunities.csv", opportunities}, kWindow, error);
  REQUIRE_MESSAGE(in_memory, to_text(error));
  OpenFile accounts_file(kBacktest + "crm_accounts.csv"), opportunities_file(kBacktest + "crm_opportunities.csv");
  const std::optional<CrmExports> streamed =
      read_exports(fixture_mapping(), {"crm_accounts.csv", {}, accounts_file.file},
                   {"crm_opportunities.csv", {}, opportunities_file.file}, kWindow, error);
  REQUIRE_MESSAGE(streamed, to_text(error));
  CHECK(backtest_json(program, *in_memory) == backtest_json(program, *streamed));

  // Every data row of the opportunities file is analysed, skipped for a reason or bad.
  const std::optional<Backtest> report =
      run_backtest({program, in_memory->mapping, in_memory->accounts, in_memory->opportunities, nullptr,
                    std::nullopt, std::nullopt},
                   error);
  REQUIRE(report);
  std::size_t lines = 0;
  for (char c : opportunities) lines += c == '\n';
  std::size_t accounted = report->group("all").opportunities;
  for (const RejectedAccount& account : report->rejected_accounts) accounted += account.opportunities;
  const SkippedRows& skipped = report->skipped;
  accounted += skipped.open_without_account + skipped.not_engaged + skipped.before_window + skipped.after_window;
  for (const BadRow& row : report->bad_rows) accounted += row.file == "crm_opportunities.csv";
  CHECK(report->opportunity_rows == lines - 1);  // the header is not a row
  CHECK(accounted == report->opportunity_rows);
}

TEST_CASE("analysis: what stops an analysis is an Error value with its place and the mapping's part") {
  const vm::Program program = compile_file(kBacktest + "profile.icp");
  const std::string accounts = read_source_file(kBacktest + "crm_accounts.csv");
  const std::string opportunities = read_source_file(kBacktest + "crm_opportunities.csv");
  Error error;

  SUBCASE("a mapping that does not parse: file, line and column of the offending value") {
    CHECK_FALSE(parse_mapping("[accounts]\nkey = \"company\"\nkye = \"x\"\n", "m.toml", error));
    CHECK(error.file == "m.toml");
    CHECK(error.line == 3);
    CHECK(error.column == 7);
    CHECK(error.message == "unknown key `kye` in [accounts]");
  }
  SUBCASE("the default mapping on another CRM's export: the key column is named") {
    CHECK_FALSE(read_exports(CrmMapping{}, {"a.csv", accounts}, {"o.csv", opportunities}, kWindow, error));
    CHECK(error.file == "a.csv");
    CHECK(error.line == 0);
    CHECK(error.hint == MappingHint::columns);
    CHECK(to_text(error) == "a.csv: no account key column `account` in the header");
  }
  SUBCASE("a required field with no column is an error; a mapped field the profile lacks is a note") {
    CrmMapping mapping = fixture_mapping();
    mapping.fields.clear();  // `employees` now reads a column of that name, which the file lacks
    std::optional<CrmExports> exports =
        read_exports(mapping, {"a.csv", accounts}, {"o.csv", opportunities}, kWindow, error);
    REQUIRE(exports);
    const BacktestInput input{program, exports->mapping, exports->accounts, exports->opportunities, nullptr,
                              std::nullopt, std::nullopt};
    CHECK_FALSE(run_backtest(input, error));
    CHECK(error.file == "a.csv");
    CHECK(error.hint == MappingHint::field_column);
    CHECK(error.message.find("`employees`") != std::string::npos);

    // One mapping serves a project's profiles: a field this profile lacks is a note.
    exports->mapping = fixture_mapping();
    exports->mapping.fields.push_back(FieldMapping{"revenue", "nrr", {}});
    const std::optional<Backtest> noted = run_backtest(input, error);
    REQUIRE(noted);
    CHECK(noted->mapping_notes ==
          std::vector<std::string>{"the mapping maps field `revenue`, which the profile's `account` block does not declare"});
  }
  SUBCASE("a stream that fails mid-way names its input") {
    OpenFile folder("tests/cli/fixtures/backtest");  // opens, but reading it fails (EISDIR)
    AccountTable table;
    CHECK_FALSE(read_accounts({"backtest", {}, folder.file}, CrmMapping{}, table, error));
    CHECK(error.message.starts_with("cannot read `backtest`: "));
  }
}

TEST_CASE("analysis: the nucleus takes retention with its bad rows") {
  const std::string accounts = read_source_file(kBacktest + "crm_accounts.csv");
  const std::string opportunities = read_source_file(kBacktest + "crm_opportunities.csv");
  Error error;
  const std::optional<CrmExports> exports =
      read_exports(fixture_mapping(), {"a.csv", accounts}, {"o.csv", opportunities}, kWindow, error);
  REQUIRE(exports);
  Retention retention;
  REQUIRE(read_retention({"r.csv", "account,net_retention\nBeta,150\nAcme,abc\nNobody,100\n"}, exports->mapping,
                         exports->accounts, retention, error));
  CHECK(retention.values.size() == 1);
  REQUIRE(retention.bad.size() == 2);
  CHECK(retention.bad[0].kind == BadRowKind::bad_retention);
  CHECK(retention.bad[1].kind == BadRowKind::unknown_account);
  const Nucleus without = run_nucleus({exports->mapping, exports->accounts, exports->opportunities, nullptr,
                                       std::nullopt, std::nullopt});
  const Nucleus with = run_nucleus({exports->mapping, exports->accounts, exports->opportunities, &retention,
                                    std::nullopt, std::nullopt});
  CHECK_FALSE(without.has_retention);
  CHECK(with.has_retention);
  // The retention's bad rows come last, after the exports' own.
  REQUIRE(with.bad_rows.size() == without.bad_rows.size() + 2);
  CHECK(with.bad_rows.back().file == "r.csv");
  CHECK(render_nucleus_json(with) != render_nucleus_json(without));
}

namespace {

struct ImpactFixture {
  vm::Program old_program = compile_file("examples/mid-market-security.icp");
  vm::Program new_program = compile_file("tests/cli/fixtures/diff/mid-market-security-v2.icp");
  std::string jsonl = read_source_file("tests/cli/fixtures/diff/accounts.jsonl");
  Version old_version{"old.icp", &old_program};
  Version new_version{"new.icp", &new_program};

  ImpactOptions options(std::size_t threads) const {
    return ImpactOptions{*parse_date("2026-11-22"), threads, 3};
  }
  std::string report(const Sample& sample, std::size_t threads) const {
    Error error;
    const std::optional<Impact> impact = run_impact(sample, old_version, new_version, options(threads), error);
    REQUIRE_MESSAGE(impact, to_text(error));
    return render_impact(*impact, ReportFormat::json) + render_impact(*impact, ReportFormat::markdown) +
           render_impact(*impact, ReportFormat::text);
  }
};

}  // namespace

TEST_CASE("analysis: an impact report is the same from text or a stream, on any number of threads") {
  const ImpactFixture fixture;
  Error error;
  Sample in_memory;
  REQUIRE(in_memory.read_json_lines({"accounts.jsonl", fixture.jsonl}, error));
  Sample streamed;
  OpenFile file("tests/cli/fixtures/diff/accounts.jsonl");
  REQUIRE(streamed.read_json_lines({"accounts.jsonl", {}, file.file}, error));
  const std::string one = fixture.report(in_memory, 1);
  CHECK(fixture.report(in_memory, 3) == one);
  CHECK(fixture.report(in_memory, 16) == one);
  CHECK(fixture.report(streamed, 2) == one);
}

TEST_CASE("analysis: an impact report lists the rejected accounts each version's decoder refuses") {
  const ImpactFixture fixture;
  Error error;
  Sample sample;
  REQUIRE(sample.read_json_lines({"accounts.jsonl", fixture.jsonl}, error));
  const std::optional<Impact> impact =
      run_impact(sample, fixture.old_version, fixture.new_version, fixture.options(2), error);
  REQUIRE(impact);
  // Independently: each line through each schema's own decoder.
  std::set<std::pair<std::size_t, int>> expected;  // (line, 1 old / 2 new / 3 both)
  vm::JsonDecoder old_decoder(fixture.old_program.schema), new_decoder(fixture.new_program.schema);
  vm::LineSplitter lines(fixture.jsonl);
  std::size_t accounts = 0;
  for (vm::JsonLine line; lines.next(line);) {
    ++accounts;
    vm::Record record;
    vm::DecodeError decode_error;
    const bool old_ok = old_decoder.decode_line(line, *parse_date("2026-11-22"), record, decode_error);
    const bool new_ok = new_decoder.decode_line(line, *parse_date("2026-11-22"), record, decode_error);
    if (!old_ok || !new_ok) expected.emplace(line.number, int(!old_ok) + 2 * int(!new_ok));
  }
  REQUIRE_FALSE(expected.empty());  // the fixture has rejections to find
  std::set<std::pair<std::size_t, int>> found;
  for (const Rejection& r : impact->rejections) found.emplace(r.line, int(r.by_old) + 2 * int(r.by_new));
  CHECK(found == expected);
  CHECK(impact->accounts == accounts);
  std::size_t cells = 0;
  for (const auto& row : impact->matrix) {
    for (std::size_t count : row) cells += count;
  }
  CHECK(cells == accounts);
}

TEST_CASE("analysis: a CSV sample joins side tables loaded from text and keeps the rows no account used") {
  const ImpactFixture fixture;
  vm::SideTables side;
  std::vector<vm::SideError> side_errors;
  REQUIRE(side.add_signals("signals.csv", "account_id,type,days_ago\nacc-1,exec_hire,30\nnobody,g2_visit,3\n",
                           side_errors));
  Sample sample;
  Error error;
  REQUIRE(sample.read_csv({"sample.csv",
                           "id,employees,revenue_musd,naics,country,funding_stage,tech,is_customer\n"
                           "acc-1,850,120.5,541512,US,series_b,okta,false\n"},
                          std::move(side), error));
  CHECK(sample.accounts().size() == 1);
  REQUIRE(sample.unused_side_rows().size() == 1);
  CHECK(sample.unused_side_rows()[0].account_id == "nobody");
  REQUIRE(sample.unused_side_rows_per_file().size() == 1);
  CHECK(sample.unused_side_rows_per_file()[0] == 1);

  Sample bad_header;
  CHECK_FALSE(bad_header.read_csv({"bad.csv", "id,\"employees\n"}, vm::SideTables{}, error));
  CHECK(error.file == "bad.csv");
  CHECK(error.line == 1);
  CHECK(error.message.starts_with("the header row: "));
}

TEST_CASE("analysis: an impact report refuses a version with more tiers than its matrix allows") {
  const ImpactFixture fixture;
  vm::Program huge = fixture.new_program;
  while (huge.tiers.size() <= kMaxImpactTiers) huge.tiers.push_back(huge.tiers.back());
  Sample sample;
  Error error;
  REQUIRE(sample.read_json_lines({"accounts.jsonl", fixture.jsonl}, error));
  CHECK_FALSE(run_impact(sample, fixture.old_version, Version{"huge.icp", &huge}, fixture.options(1), error));
  CHECK(error.message.starts_with("`huge.icp` has 1001 tiers"));
}

TEST_CASE("analysis: explain one account from its JSON") {
  const vm::Program program = compile_file("tests/cli/fixtures/explain/explain.icp");
  const Date as_of = *parse_date("2026-11-22");
  vm::DecodeError error;
  const std::optional<std::string> text = explain_account(
      program, read_source_file("tests/cli/fixtures/explain/included.json"), as_of, false, error);
  REQUIRE(text);
  // The same text `icpc explain --color never` is expected to print (tests/cli/explain.sh).
  CHECK(*text == read_source_file("tests/cli/fixtures/explain/included.expected.txt"));
  CHECK_FALSE(explain_account(program, read_source_file("tests/cli/fixtures/explain/bad.json"), as_of,
                              false, error));
  CHECK(error.id == "acc-bad");
  CHECK(error.field == "employees");
  // A document cut by the reader is rejected for its size, as icpc does.
  CHECK_FALSE(explain_account(program, "{\"id\":", as_of, false, error, vm::kMaxRecordBytes + 1));
  CHECK(error.message.find("bytes") != std::string::npos);
}
