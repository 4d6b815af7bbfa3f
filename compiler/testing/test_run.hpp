// Running decision test cases: each case's account is decoded exactly as `icpc eval`
// decodes it (runtime/decode_json), evaluated with the audit on, and compared with what
// the case expects. Input: a sealed vm::Program and a parsed TestFile. Output: one Outcome
// per case (mismatches, or why the account was rejected) and the profile's Coverage.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/testing/test_file.hpp"
#include "runtime/format/bytecode.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record.hpp"
#include "runtime/input/record_reader.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::decision_test {

// One expected value that the decision does not match. Values are written as in a test
// file: strings quoted, numbers bare, `none` for an absent value.
struct Mismatch {
  std::string key;  // "verdict", "route.queue"...
  std::string expected;
  std::string actual;
};

struct Outcome {
  enum class Status : std::uint8_t { passed, failed, rejected };
  Status status = Status::passed;
  std::vector<Mismatch> mismatches;  // when failed
  Error rejection;                   // when rejected: the account did not fit the schema
  vm::Record record;                 // the decoded account (passed or failed)
  vm::Decision decision;             // audited (passed or failed)
};

class Runner {
 public:
  // `program` must be sealed and outlive the runner. Account files are read relative to
  // `base` / the test file's folder; an empty `base` is the current folder.
  Runner(const vm::Program& program, std::filesystem::path base);
  Outcome run(const TestFile& file, const Case& test_case);

 private:
  bool load_account(const TestFile& file, const Case& test_case, Outcome& outcome);
  bool load_inline(const TestFile& file, const Case& test_case, Outcome& outcome);
  bool load_file(const TestFile& file, const Case& test_case, Outcome& outcome);
  void compare(const Case& test_case, Outcome& outcome) const;

  // A JSON Lines account file read once per runner, as `icpc eval` reads it (a line over the
  // record limit is cut, never held whole), with the line where each id first appears: a test
  // file of a thousand cases over one accounts file decodes it once, not once per case.
  struct AccountFile {
    bool readable = false;  // else `why` says why
    std::string why;
    std::vector<vm::LineBlock> blocks;  // the lines' bytes; a moved block keeps its buffer
    std::vector<vm::JsonLine> lines;
    std::unordered_map<std::string, std::size_t> first_line;  // id -> index into lines
  };
  const AccountFile& account_file(const std::filesystem::path& path, Date as_of);

  const vm::Program& program_;
  std::filesystem::path base_;
  std::map<std::filesystem::path, AccountFile> account_files_;
  vm::JsonDecoder decoder_;
  vm::Evaluator evaluator_;
};

// Which tiers, exclusions and route rules some evaluated case reached: the tier as the
// verdict, the exclusion as `excluded_by`, the route rule as the one that fired.
class Coverage {
 public:
  explicit Coverage(const vm::Program& program);
  void add(const vm::Decision& decision);
  // "tier 2 \"Near fit\"", "exclusion `sanctioned`", "route rule 4 (line 60: when tier == 3)",
  // in that order; empty when every one was reached.
  std::vector<std::string> unreached() const;
  std::size_t total() const { return tiers_.size() + exclusions_.size() + route_.size(); }

 private:
  const vm::Program& program_;
  std::vector<bool> tiers_, exclusions_, route_;
};

}  // namespace icp::decision_test
