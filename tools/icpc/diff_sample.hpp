// `icpc diff`'s input side: the sample of accounts, held in memory (JSON Lines, one JSON
// object, or CSV with signal/contact side files, exactly as `icpc eval` reads them; a JSON
// record over the size limit is kept as its first bytes only), decoded by each version's own
// schema, and evaluated by both versions on N threads. Output: one AccountResult per account
// in input order, the same for any thread count.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "runtime/input/csv.hpp"
#include "icp/date.hpp"
#include "runtime/input/decode_csv.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record_reader.hpp"
#include "tools/icpc/impact.hpp"

namespace icp::cli {

struct SampleOptions {
  std::string input;     // "-" = stdin
  std::string format;    // jsonl, json or csv; empty: from the extension, as eval does
  std::string signals;   // CSV side files
  std::string contacts;
};

// One account of the sample. A CSV row the reader refused is still an account, rejected by
// both versions, so the counts match `icpc eval`'s.
struct SampleAccount {
  std::size_t line = 0;
  std::string_view json;                  // JSON Lines / JSON: the account's text (or its first bytes)
  std::size_t row = 0;                    // CSV: index into the rows
  std::optional<std::size_t> csv_error;  // CSV: index into the reader's errors, if refused
  std::size_t json_bytes = 0;             // JSON: its full length (over the record limit when cut)
};

class Sample {
 public:
  // Reads and splits the input. Prints the error and returns false when it, a side file or
  // a CSV header cannot be read.
  bool read(const SampleOptions& options);
  const std::vector<SampleAccount>& accounts() const { return accounts_; }
  // Side-file rows no account used, and how many per file (reported, not accounts).
  const std::vector<std::string>& notes() const { return notes_; }
  const std::string& name() const { return name_; }

 private:
  friend class SampleDecoder;
  bool read_json(std::FILE* input);  // JSON Lines or one JSON object
  bool read_csv(const SampleOptions& options, std::FILE* input);
  std::string name_;
  std::string format_;
  std::string text_;
  std::vector<vm::LineBlock> blocks_;  // JSON Lines, as read: the accounts point into them
  std::vector<SampleAccount> accounts_;
  std::vector<vm::CsvRow> rows_;
  std::vector<vm::CsvError> csv_errors_;
  std::optional<vm::CsvRow> header_;
  vm::SideTables side_;
  std::vector<std::string> notes_;
};

// Decodes the sample's accounts with one version's schema. One per thread and version.
class SampleDecoder {
 public:
  SampleDecoder(const Sample& sample, const vm::Schema& schema);
  // On failure `error` says why; error.id is set when the id could be read.
  bool decode(const SampleAccount& account, Date as_of, vm::Record& out, vm::DecodeError& error);

 private:
  const Sample& sample_;
  std::optional<vm::JsonDecoder> json_;
  std::optional<vm::CsvAccountDecoder> csv_;
  std::optional<vm::DecodeError> header_error_;  // this schema cannot read the CSV header
};

// Every account through both versions (no audit: only verdict, tier, route and score).
std::vector<AccountResult> evaluate_sample(const Sample& sample, const vm::Program& old_program,
                                           const vm::Program& new_program, Date as_of, std::size_t threads);

// Re-evaluates the examples' accounts with the audit on and fills their reasons.
void explain_examples(Impact& impact, const Sample& sample, Date as_of);

}  // namespace icp::cli
