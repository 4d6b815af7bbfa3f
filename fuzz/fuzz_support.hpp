// What every fuzz harness shares: the hard failure of a broken property, splitting one input
// into the parts of a multi-file surface, the bundled profiles compiled once, account records
// made from any schema, and the checks run on every output (valid JSON, both evaluation paths).
// Input: fuzzer bytes and programs. Output: nothing, or an abort that names the property.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/format/bytecode.hpp"
#include "icp/date.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/output/decision_json.hpp"
#include "runtime/input/record.hpp"
#include "runtime/output/record_digest.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::fuzz {

// A property the harness checks does not hold: prints it with the detail, then aborts, so
// libFuzzer saves the input as a crash and the replay test fails on it.
[[noreturn]] void fail(std::string_view property, std::string_view detail);

// ICP_FUZZ_CHECK(cond, "property") fails with the condition's text and place.
#define ICP_FUZZ_CHECK(condition, property)                                                  \
  do {                                                                                       \
    if (!(condition)) ::icp::fuzz::fail(property, #condition " (" __FILE__ ")");            \
  } while (0)

// One input as several files of a surface (CSV accounts, signals and contacts): the parts
// between separator bytes, at most `max_parts` (the last part keeps any further separator).
std::vector<std::string_view> split_parts(std::string_view data, char separator, std::size_t max_parts);

// The date every record harness evaluates at (the examples' decision tests use it), and the
// first and last dates a decision can be written with, where ages are the largest.
Date fixed_as_of();
Date earliest_as_of();
Date latest_as_of();

// A bundled profile compiled as `icpc build` compiles it (the compile API: check, lower, seal).
struct Profile {
  std::string name;  // "examples/mid-market-security.icp"
  vm::Program program;
};
// The examples' profiles and fuzz/profiles/*.icp, compiled on first use. Each must check
// cleanly: the harnesses' records are only as good as the profiles they are decided by.
const std::vector<Profile>& bundled_profiles();
// Any profile of the project tree, compiled on first use and kept; aborts if it has errors.
const vm::Program& compiled_profile(std::string_view relative_path);

// The .icp source text of a program of the project tree, relative to its root.
std::string read_source_file(std::string_view relative_path);

// Records a program can be evaluated on whatever its schema: every field present with
// small values, every field present with large values and many events and contacts, only
// required fields, and the extremes of each type. Signal ages relative to `as_of`.
std::vector<vm::Record> records_for(const vm::Program& program, Date as_of);

// Aborts unless `text` is one well-formed JSON document (simdjson's DOM parser).
void check_json(std::string_view text, std::string_view what);

// Aborts unless `csv` reads back (vm::CsvReader, as icp reads CSV) as `rows` rows, the header
// included, each well-formed with the header's number of cells.
void check_csv_rows(std::string_view csv, std::size_t rows, std::string_view what);

// Evaluates records the way `icpc eval` does (with and without the audit) and checks what
// every program must give: the same decision through Evaluator::evaluate and the block path
// evaluate_each, decision lines that are valid JSON, and DecisionJsonWriter's bytes equal to
// append_decision_json's. Built once per program and kept by the record harnesses, since its
// evaluators and writer cost more to build than a decision.
class DecisionChecker {
 public:
  explicit DecisionChecker(const vm::Program& program);
  void check(const std::vector<vm::Record>& records, Date as_of);
  // The last check's unaudited decision lines (no newline), one per record.
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  std::string line(const vm::Record& record, const vm::Decision& decision);

  const vm::Program& program_;
  vm::Evaluator single_, blocks_;
  vm::DecisionJsonWriter writer_;
  vm::RecordDigester digester_;
  std::vector<vm::Decision> decisions_;
  std::vector<std::string> lines_;
};

// A DecisionChecker for one use, for programs that come from the input.
void decide_and_check(const vm::Program& program, const std::vector<vm::Record>& records, Date as_of);

}  // namespace icp::fuzz
