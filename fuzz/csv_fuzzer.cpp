// Fuzz harness for CSV exports with side files, as `icpc eval --input a.csv --signals s
// --contacts c` reads them: the bytes are three files separated by NUL bytes, the accounts
// CSV, the signals side file and the contacts side file (each side file is JSON Lines when
// it starts with `{`, else CSV), so the fuzzer mutates all three. Every bundled profile reads
// the accounts row by row as the batch API does (a bad header stops the file, a refused row
// is a rejected record), then through the batch API itself (icp::decide_stream, as eval runs
// it). Checked: each row is decided or reported (counts add up), every error says why and
// its `--errors` line is valid JSON, the batch API decides and rejects exactly those rows,
// and the decisions pass decide_and_check.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/testing/test_run.hpp"
#include "fuzz/fuzz_support.hpp"
#include "runtime/api/batch_vm.hpp"  // decide_stream on the vm::Program compiled or loaded here
#include "runtime/input/csv.hpp"
#include "runtime/input/decode_csv.hpp"

namespace icp::fuzz {
namespace {

std::string_view side_name(std::string_view content, std::string_view stem) {
  const std::size_t first = content.find_first_not_of(" \t\r\n");
  const bool jsonl = first != std::string_view::npos && content[first] == '{';
  if (stem == "signals") return jsonl ? "signals.jsonl" : "signals.csv";
  return jsonl ? "contacts.jsonl" : "contacts.csv";
}

void check_rejection(const RejectedRecord& rejection) {
  ICP_FUZZ_CHECK(!rejection.message.empty(), "a rejected row says why");
  std::string json;
  append_json(rejection, json);  // what `icpc eval --errors` writes
  check_json(std::string_view(json).substr(0, json.size() - 1), "an `--errors` line");
}

// The rows of the accounts file as the batch API reads them, decoded one by one.
struct Rows {
  bool header_refused = false;
  std::size_t header_line = 0;
  std::size_t count = 0;
  std::vector<vm::Record> records;
  std::vector<std::size_t> rejected_lines;
};

Rows decode_rows(const Profile& profile, std::string_view accounts, const vm::SideTables& side) {
  vm::CsvAccountDecoder decoder(profile.program.schema);
  decoder.set_side_tables(&side);
  vm::CsvReader reader(accounts);
  vm::CsvRow row;
  vm::CsvError csv_error;
  vm::Record record;
  vm::DecodeError error;
  Rows rows;
  auto result = reader.next(row, csv_error);
  if (result == vm::CsvReader::Result::error || (result == vm::CsvReader::Result::row && !decoder.set_header(row, error))) {
    ICP_FUZZ_CHECK(!csv_error.message.empty() || !error.message.empty(), "a refused header says why");
    rows.header_refused = true;
    rows.header_line = result == vm::CsvReader::Result::error ? csv_error.line : row.line();
    return rows;
  }
  for (result = reader.next(row, csv_error); result != vm::CsvReader::Result::end; result = reader.next(row, csv_error)) {
    ++rows.count;
    const bool is_row = result == vm::CsvReader::Result::row;
    if (!is_row) ICP_FUZZ_CHECK(!csv_error.message.empty() && csv_error.line > 0, "a CSV error says where and why");
    if (is_row ? decoder.decode(row, fixed_as_of(), record, error) : decoder.reject_row(row, csv_error, error)) {
      rows.records.push_back(record);
      continue;
    }
    const std::size_t line = is_row ? row.line() : csv_error.line;
    rows.rejected_lines.push_back(line);
    check_rejection(RejectedRecord{line, 0, error.id, error.field, error.expected, error.found, error.message});
  }
  return rows;
}

class Collected final : public BatchSink {
 public:
  bool on_results(const BatchResults& results) override {
    decisions.append(results.decisions);
    for (const RejectedRecord& rejection : results.rejections) {
      check_rejection(rejection);
      rejected_lines.push_back(rejection.line);
    }
    return true;
  }
  bool on_side_file_error(const SideFileError& error) override {
    ICP_FUZZ_CHECK(!error.message.empty(), "a side-file error says why");
    std::string json;
    append_json(error, json);
    check_json(std::string_view(json).substr(0, json.size() - 1), "an `--errors` line of a side file");
    return true;
  }
  std::string decisions;
  std::vector<std::size_t> rejected_lines;
};

// The profile's rows decided one by one, then through the batch API: the same decisions and
// rejections, the same counts.
void decide_rows(const Profile& profile, DecisionChecker& checker, const std::vector<std::string_view>& parts,
                 const vm::SideTables& side, bool side_usable) {
  const Rows rows = decode_rows(profile, parts[0], side);
  ICP_FUZZ_CHECK(rows.count == rows.records.size() + rows.rejected_lines.size(), "every row is decided or rejected");
  checker.check(rows.records, fixed_as_of());
  SideFiles side_files;
  if (parts.size() > 1) side_files.signals = SideFileSource{std::string(side_name(parts[1], "signals")), parts[1]};
  if (parts.size() > 2) side_files.contacts = SideFileSource{std::string(side_name(parts[2], "contacts")), parts[2]};
  const BatchOptions options{.as_of = fixed_as_of(), .audit = false, .threads = 1};
  Collected collected;
  const BatchSummary summary = decide_stream(profile.program, BatchInput::csv(parts[0], side_files), options, collected);
  ICP_FUZZ_CHECK((summary.failure == BatchSummary::Failure::side_file) == !side_usable,
                 "the batch API refuses the side files the tables refuse");
  if (!side_usable) return;
  if (rows.header_refused) {
    ICP_FUZZ_CHECK(summary.failure == BatchSummary::Failure::csv_header && summary.line == rows.header_line,
                   "the batch API refuses the header the decoder refuses, at its line");
    return;
  }
  ICP_FUZZ_CHECK(summary.failure == BatchSummary::Failure::none, "bytes in memory are read to their end");
  ICP_FUZZ_CHECK(summary.records == rows.count, "the batch API counts every row");
  ICP_FUZZ_CHECK(collected.rejected_lines == rows.rejected_lines, "the batch API rejects the rows the decoder rejects");
  std::string expected;
  for (const std::string& line : checker.lines()) expected.append(line).append("\n");
  if (collected.decisions != expected) fail("the batch API decides as the evaluator does", collected.decisions);
}

// One checker per bundled profile, built once (parallel to bundled_profiles()).
std::vector<std::unique_ptr<DecisionChecker>>& checkers() {
  static std::vector<std::unique_ptr<DecisionChecker>> all = [] {
    std::vector<std::unique_ptr<DecisionChecker>> built;
    for (const Profile& profile : bundled_profiles()) built.push_back(std::make_unique<DecisionChecker>(profile.program));
    return built;
  }();
  return all;
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icp;
  const std::vector<std::string_view> parts =
      fuzz::split_parts(std::string_view(reinterpret_cast<const char*>(data), size), '\0', 3);
  vm::SideTables side;
  std::vector<vm::SideError> errors;
  bool usable = true;
  if (parts.size() > 1) usable = side.add_signals(fuzz::side_name(parts[1], "signals"), parts[1], errors);
  if (usable && parts.size() > 2) usable = side.add_contacts(fuzz::side_name(parts[2], "contacts"), parts[2], errors);
  for (const vm::SideError& error : errors) ICP_FUZZ_CHECK(!error.message.empty(), "a side-file error says why");
  const std::vector<fuzz::Profile>& profiles = fuzz::bundled_profiles();
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    fuzz::decide_rows(profiles[i], *fuzz::checkers()[i], parts, side, usable);
  }
  return 0;
}
