// The harnesses' shared pieces (fuzz_support.hpp): failure, input splitting, the bundled
// profiles, records made from a schema, and the output checks every decision goes through.
#include "fuzz/fuzz_support.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <span>

#include <fmt/format.h>

#include "compiler/compile/compile.hpp"
#include "runtime/input/csv.hpp"
#include "runtime/output/decision_json.hpp"
#include "runtime/output/record_digest.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::fuzz {
namespace {

// KEEP IN SYNC: fuzz/profiles/ (the profiles written for the record harnesses).
constexpr std::string_view kBundledSources[] = {
    "examples/mid-market-security.icp", "examples/enterprise-platform.icp", "examples/plg-smb.icp",
    "examples/crm-sample/crm-hardware.icp", "fuzz/profiles/every-feature.icp",
};

vm::Program compile(std::string_view relative_path) {
  project::Options options;
  options.today = fixed_as_of();
  compiler::Compilation compiled = compiler::compile_inputs(
      {project::Input{std::string(relative_path), read_source_file(relative_path)}}, options);
  if (!compiled.failures.empty()) fail("a bundled profile seals", compiled.failures.front().message);
  if (!compiled.programs.at(0)) fail("a bundled profile checks cleanly", relative_path);
  return std::move(*compiled.programs[0]);
}

}  // namespace

void fail(std::string_view property, std::string_view detail) {
  std::fflush(stdout);
  fmt::print(stderr, "\nicp fuzz: property broken: {}\n  {}\n", property, detail);
  std::fflush(stderr);
  std::abort();
}

std::vector<std::string_view> split_parts(std::string_view data, char separator, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const std::size_t at = data.find(separator);
    if (at == std::string_view::npos) break;
    parts.push_back(data.substr(0, at));
    data.remove_prefix(at + 1);
  }
  parts.push_back(data);
  return parts;
}

Date fixed_as_of() { return date_from_civil(2026, 11, 22); }
Date earliest_as_of() { return date_from_civil(0, 1, 1); }
Date latest_as_of() { return date_from_civil(9999, 12, 31); }

std::string read_source_file(std::string_view relative_path) {
  const std::string path = fmt::format("{}/{}", ICP_SOURCE_DIR, relative_path);
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("the project's source tree is readable", path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::vector<Profile>& bundled_profiles() {
  static const std::vector<Profile> profiles = [] {
    std::vector<Profile> compiled;
    for (std::string_view path : kBundledSources) compiled.push_back(Profile{std::string(path), compile(path)});
    return compiled;
  }();
  return profiles;
}

const vm::Program& compiled_profile(std::string_view relative_path) {
  static std::map<std::string, vm::Program, std::less<>> cache;
  auto it = cache.find(relative_path);
  if (it == cache.end()) it = cache.emplace(std::string(relative_path), compile(relative_path)).first;
  return it->second;
}

void check_json(std::string_view text, std::string_view what) {
  // One parser per thread: libFuzzer runs one input at a time, the replay likewise.
  static thread_local simdjson::dom::parser parser;
  const simdjson::padded_string padded(text);
  simdjson::dom::element element;
  if (const auto error = parser.parse(padded).get(element); error != simdjson::SUCCESS) {
    fail(fmt::format("{} is valid JSON", what),
         fmt::format("{}: {}", simdjson::error_message(error), text.substr(0, 2000)));
  }
}

void check_csv_rows(std::string_view csv, std::size_t rows, std::string_view what) {
  vm::CsvReader reader(csv);
  vm::CsvRow row;
  vm::CsvError error;
  std::size_t read = 0, header = 0;
  for (vm::CsvReader::Result result; (result = reader.next(row, error)) != vm::CsvReader::Result::end;) {
    if (result == vm::CsvReader::Result::error) {
      fail(fmt::format("{} is well-formed CSV", what), fmt::format("{}: {}", error.message, csv.substr(0, 2000)));
    }
    if (read++ == 0) header = row.size();
    if (row.size() != header) {
      fail(fmt::format("each row of {} has its header's {} cells", what, header),
           fmt::format("line {} has {}: {}", row.line(), row.size(), csv.substr(0, 2000)));
    }
  }
  if (read != rows) {
    fail(fmt::format("{} has a row per line written", what),
         fmt::format("{} rows written, {} read back: {}", rows, read, csv.substr(0, 2000)));
  }
}

namespace {

bool same_decision(const vm::Decision& a, const vm::Decision& b) {
  return a.id == b.id && a.verdict == b.verdict && a.fit_tier == b.fit_tier && a.excluded_by == b.excluded_by &&
         a.score == b.score && a.coverage == b.coverage && a.roles_filled == b.roles_filled &&
         a.route_rule == b.route_rule && a.criteria == b.criteria && a.exclusions == b.exclusions &&
         a.tiers == b.tiers && a.bonuses == b.bonuses;
}

}  // namespace

DecisionChecker::DecisionChecker(const vm::Program& program)
    : program_(program), single_(program), blocks_(program), writer_(program), digester_(program.schema) {}

// The decision line as icpc eval writes it (an audited one with the record's input digest),
// checked against the reference writer and as JSON.
std::string DecisionChecker::line(const vm::Record& record, const vm::Decision& decision) {
  std::string digest, fast, reference;
  if (decision.audited) digester_.append_digest(record, digest);
  writer_.append(record, decision, digest, fast);
  vm::append_decision_json(program_, record, decision, digest, reference);
  if (fast != reference) {
    fail("DecisionJsonWriter writes append_decision_json's bytes", fmt::format("{}\n  vs\n  {}", fast, reference));
  }
  check_json(fast, decision.audited ? "an audited decision line" : "a decision line");
  return fast;
}

void DecisionChecker::check(const std::vector<vm::Record>& records, Date as_of) {
  decisions_.clear();
  lines_.clear();
  for (const vm::Record& record : records) {
    line(record, single_.evaluate(record, as_of, /*audit=*/true));
    decisions_.push_back(single_.evaluate(record, as_of, /*audit=*/false));
    lines_.push_back(line(record, decisions_.back()));
  }
  std::size_t calls = 0;
  std::string block_line;
  blocks_.evaluate_each(std::span<const vm::Record>(records), as_of, [&](std::size_t i, const vm::Decision& d) {
    ++calls;
    if (i >= records.size() || !same_decision(d, decisions_[i])) {
      fail("evaluate and evaluate_each decide alike", fmt::format("record {} of {}", i, records.size()));
    }
    block_line.clear();
    writer_.append(records[i], d, "", block_line);
    if (block_line != lines_[i]) {
      fail("evaluate and evaluate_each write alike", fmt::format("{}\n  vs\n  {}", block_line, lines_[i]));
    }
  });
  ICP_FUZZ_CHECK(calls == records.size(), "evaluate_each decides every record once");
}

void decide_and_check(const vm::Program& program, const std::vector<vm::Record>& records, Date as_of) {
  DecisionChecker(program).check(records, as_of);
}

}  // namespace icp::fuzz
