// Fuzz harness for exports.toml, as `icpc export` reads it. The bytes are up to three files
// separated by NUL bytes: exports.toml, decision lines (else the export fixture's accounts
// decided by its profile) and an accounts export CSV (else the fixture's). A refused config
// has a located error. One that parses renders every target, with and without the accounts
// export: each either refuses with an error at a line and column of exports.toml, or writes a
// CSV whose every row has the header's cells, one row per account written; exporting the
// same decisions with themselves as --changed-since writes nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/crm/crm_export.hpp"
#include "analysis/crm/crm_mapping.hpp"
#include "analysis/export/decision_lines.hpp"
#include "analysis/export/export_config.hpp"
#include "analysis/export/export_run.hpp"
#include "fuzz/fuzz_support.hpp"
#include "runtime/input/decode_json.hpp"

namespace icp::fuzz {
namespace {

constexpr std::string_view kName = "exports.toml";

// A refusal must say why, at a line and column of exports.toml (`icpc export` prints them).
void check_located(const analysis::Error& error, std::string_view property) {
  if (error.message.empty() || error.file != kName || error.line == 0 || error.column == 0) {
    fail(property, analysis::to_text(error));
  }
}

// The fixture's accounts decided as `icpc eval` writes them (tests/cli/export.sh), once.
const std::string& fixture_decisions() {
  static const std::string lines = [] {
    const vm::Program& program = compiled_profile("tests/cli/fixtures/export/profile.icp");
    vm::JsonDecoder decoder(program.schema);
    std::vector<vm::Record> records;
    const std::string accounts = read_source_file("tests/cli/fixtures/export/accounts.jsonl");
    for (std::size_t at = 0; at < accounts.size();) {
      const std::size_t end = std::min(accounts.find('\n', at), accounts.size());
      vm::Record record;
      vm::DecodeError error;
      if (end > at && decoder.decode(std::string_view(accounts).substr(at, end - at), fixed_as_of(), record, error)) {
        records.push_back(std::move(record));
      }
      at = end + 1;
    }
    DecisionChecker checker(program);
    checker.check(records, fixed_as_of());
    std::string out;
    for (const std::string& line : checker.lines()) out += line + "\n";
    return out;
  }();
  return lines;
}

const analysis::CrmMapping& fixture_mapping() {
  static const analysis::CrmMapping mapping = [] {
    analysis::Error error;
    std::optional<analysis::CrmMapping> parsed =
        analysis::parse_mapping(read_source_file("tests/cli/fixtures/export/mapping.toml"), "mapping.toml", error);
    if (!parsed) fail("the export fixture's mapping parses", error.message);
    return *parsed;
  }();
  return mapping;
}

// The accounts export keyed as icpc keys it: [accounts] key, else the mapping's.
std::optional<analysis::AccountTable> accounts_for(const analysis::ExportConfig& config, std::string_view csv) {
  analysis::CrmMapping keyed = fixture_mapping();
  if (!config.key.empty()) keyed.account_key = config.key;
  analysis::AccountTable table;
  analysis::Error error;
  if (!analysis::read_accounts({"accounts.csv", csv, nullptr}, keyed, table, error)) return std::nullopt;
  return table;
}

void check_result(const analysis::ExportInput& input, const std::optional<analysis::ExportResult>& result,
                  const analysis::Error& error) {
  if (!result) {
    check_located(error, "a target that cannot be written says why at a line and column of exports.toml");
    return;
  }
  ICP_FUZZ_CHECK(result->decisions == input.decisions.lines.size(), "every decision line is read");
  ICP_FUZZ_CHECK(result->written + result->unchanged == result->selected && result->selected <= result->decisions,
                 "each selected account is written or unchanged");
  check_csv_rows(result->csv, result->written + 1, "an export target's CSV");
}

void export_target(const analysis::ExportConfig& config, const analysis::ExportTarget& target,
                   const analysis::DecisionLines& decisions, const analysis::AccountTable* accounts) {
  const std::string owner = config.owner.empty() ? fixture_mapping().account_owner : config.owner;
  analysis::ExportInput input{config, target, decisions, accounts, owner, nullptr};
  analysis::Error error;
  const std::optional<analysis::ExportResult> result = analysis::run_export(input, error);
  check_result(input, result, error);
  if (!result) return;
  // --changed-since the same decisions: nothing moved, so nothing is written and nothing gone.
  input.old = &decisions;
  const std::optional<analysis::ExportResult> again = analysis::run_export(input, error);
  ICP_FUZZ_CHECK(again.has_value(), "a target written once is written again with --changed-since");
  check_result(input, again, error);
  ICP_FUZZ_CHECK(again->written == 0 && again->unchanged == result->selected && again->gone == 0,
                 "--changed-since the same decisions writes nothing");
}

void run(const std::vector<std::string_view>& parts) {
  analysis::Error error;
  const std::optional<analysis::ExportConfig> config = analysis::parse_export_config(parts[0], kName, error);
  if (!config) {
    check_located(error, "a refused exports.toml says why at a line and column of it");
    return;
  }
  ICP_FUZZ_CHECK(!config->targets.empty(), "an exports.toml that parses has a target");
  for (const analysis::ExportTarget& target : config->targets) {
    ICP_FUZZ_CHECK(config->target(target.name) == &target, "a target is found by its name");
    ICP_FUZZ_CHECK(!target.columns.empty(), "a target writes columns");
  }
  static const std::string fixture_accounts = read_source_file("tests/cli/fixtures/export/accounts.csv");
  const std::string_view lines = parts.size() > 1 ? parts[1] : std::string_view(fixture_decisions());
  analysis::DecisionLines decisions;
  ICP_FUZZ_CHECK(analysis::read_decision_lines({"decisions.jsonl", lines, nullptr}, decisions, error),
                 "decision lines in memory are always read");
  const std::optional<analysis::AccountTable> accounts =
      accounts_for(*config, parts.size() > 2 ? parts[2] : std::string_view(fixture_accounts));
  for (const analysis::ExportTarget& target : config->targets) {
    export_target(*config, target, decisions, nullptr);
    if (accounts) export_target(*config, target, decisions, &*accounts);
  }
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  icp::fuzz::run(icp::fuzz::split_parts(bytes, '\0', 3));
  return 0;
}
