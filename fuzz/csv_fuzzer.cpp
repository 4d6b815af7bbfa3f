// Fuzz harness for CSV exports with side files, as `icpc eval --input a.csv --signals s
// --contacts c` reads them: the bytes are three files separated by NUL bytes, the accounts
// CSV, the signals side file and the contacts side file (each side file is JSON Lines when
// it starts with `{`, else CSV), so the fuzzer mutates all three. Every bundled profile reads
// the accounts as eval's run_csv does. Checked: each row is decided or reported (counts add
// up), every error says why and its `--errors` line is valid JSON, and the decisions pass
// decide_and_check.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "runtime/input/csv.hpp"
#include "runtime/input/decode_csv.hpp"
#include "tools/icpc/eval_support.hpp"

namespace icp::fuzz {
namespace {

std::string_view side_name(std::string_view content, std::string_view stem) {
  const std::size_t first = content.find_first_not_of(" \t\r\n");
  const bool jsonl = first != std::string_view::npos && content[first] == '{';
  if (stem == "signals") return jsonl ? "signals.jsonl" : "signals.csv";
  return jsonl ? "contacts.jsonl" : "contacts.csv";
}

void check_rejection(std::size_t line, const vm::DecodeError& error) {
  ICP_FUZZ_CHECK(!error.message.empty(), "a rejected row says why");
  std::string json;
  cli::append_rejection("accounts.csv", line, error, /*json=*/true, json);
  check_json(std::string_view(json).substr(0, json.size() - 1), "an `--errors` line");
}

// eval's run_csv for one profile: the header maps columns, then each row is decided.
void decide_rows(const Profile& profile, DecisionChecker& checker, std::string_view accounts,
                 const vm::SideTables& side) {
  vm::CsvAccountDecoder decoder(profile.program.schema);
  decoder.set_side_tables(&side);
  vm::CsvReader reader(accounts);
  vm::CsvRow row;
  vm::CsvError csv_error;
  vm::Record record;
  vm::DecodeError error;
  std::vector<vm::Record> records;
  std::size_t rows = 0, rejected = 0;
  bool header = true;
  for (auto result = reader.next(row, csv_error); result != vm::CsvReader::Result::end;
       result = reader.next(row, csv_error)) {
    if (result == vm::CsvReader::Result::error) {
      ICP_FUZZ_CHECK(!csv_error.message.empty() && csv_error.line > 0, "a CSV error says where and why");
      continue;
    }
    if (header) {
      header = false;
      if (!decoder.set_header(row, error)) {
        ICP_FUZZ_CHECK(!error.message.empty(), "a refused header says why");
        return;
      }
      continue;
    }
    ++rows;
    if (!decoder.decode(row, fixed_as_of(), record, error)) {
      ++rejected;
      check_rejection(row.line(), error);
      continue;
    }
    records.push_back(record);
  }
  ICP_FUZZ_CHECK(rows == records.size() + rejected, "every row is decided or rejected");
  checker.check(records, fixed_as_of());
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
  if (parts.size() > 1) side.add_signals(fuzz::side_name(parts[1], "signals"), parts[1], errors);
  if (parts.size() > 2) side.add_contacts(fuzz::side_name(parts[2], "contacts"), parts[2], errors);
  for (const vm::SideError& error : errors) ICP_FUZZ_CHECK(!error.message.empty(), "a side-file error says why");
  const std::vector<fuzz::Profile>& profiles = fuzz::bundled_profiles();
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    fuzz::decide_rows(profiles[i], *fuzz::checkers()[i], parts[0], side);
  }
  return 0;
}
