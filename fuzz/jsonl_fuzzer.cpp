// Fuzz harness for JSON account records, as `icpc eval` reads them: the bytes are a JSON
// Lines input, decided through the batch API (icp::decide_stream, as eval runs it) for every
// bundled profile, and also taken whole as one JSON object (`--input-format json`). Checked:
// every line is either decided or rejected with a reason (counts add up), a rejection's
// `--errors` line is valid JSON and stands between decision lines, the batch API decides
// as the evaluator does record by record and reads a stream as it reads the same bytes in
// memory, an accepted record decodes to the same record through simdjson as through the fast
// path, and the decisions pass decide_and_check (both paths, valid JSON lines).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "fuzz/fuzz_support.hpp"
#include "runtime/api/batch_vm.hpp"  // decide_stream on the vm::Program compiled or loaded here
#include "runtime/input/decode_json.hpp"
#include "runtime/input/json_lines.hpp"

namespace icp::fuzz {
namespace {

// A profile with its decoders, built once: decoders keep their buffers from input to input.
struct Decoders {
  explicit Decoders(const Profile& p)
      : profile(p),
        decoder(p.program.schema),
        through_simdjson(p.program.schema),
        checker(p.program) {
    // Ages at the edges of the calendar, on the profile with every feature.
    if (p.name.ends_with("every-feature.icp")) dates = {fixed_as_of(), earliest_as_of(), latest_as_of()};
  }
  const Profile& profile;
  vm::JsonDecoder decoder;
  vm::JsonDecoder through_simdjson;  // for the fast path's differential check
  DecisionChecker checker;
  std::vector<Date> dates = {fixed_as_of()};
  std::vector<std::vector<vm::Record>> records;  // parallel to dates
  std::vector<std::size_t> rejected;             // parallel to dates
  std::vector<std::size_t> rejected_lines;       // at the first date
};

std::vector<std::unique_ptr<Decoders>>& all_decoders() {
  static std::vector<std::unique_ptr<Decoders>> decoders = [] {
    std::vector<std::unique_ptr<Decoders>> built;
    for (const Profile& profile : bundled_profiles()) built.push_back(std::make_unique<Decoders>(profile));
    return built;
  }();
  return decoders;
}

// The same line with one more unknown key whose name holds an escape: the fast path leaves
// every escape to simdjson, and an unknown key changes nothing in the record. Empty when
// the line has no object to extend.
std::string with_escaped_key(std::string_view line) {
  const std::size_t close = line.rfind('}');
  if (close == std::string_view::npos) return {};
  const std::size_t before = line.find_last_not_of(" \t\r\n", close == 0 ? 0 : close - 1);
  if (before == std::string_view::npos || line[before] == '{') return {};
  std::string extended(line.substr(0, close));
  extended += R"(,"\u007a_icp_fuzz_extra":[1,{"x":null}])";
  extended += line.substr(close);
  return extended;
}

void check_fast_path(Decoders& d, std::string_view line, Date as_of, const vm::Record& record) {
  const std::string extended = with_escaped_key(line);
  if (extended.empty()) fail("an accepted record is a JSON object", line);
  vm::Record again;
  vm::DecodeError error;
  if (!d.through_simdjson.decode(extended, as_of, again, error)) {
    fail("the fast path accepts only what simdjson accepts", fmt::format("{}: {}", error.message, line));
  }
  std::string fast, full;
  vm::canonical_json(record, d.decoder.schema(), fast);
  vm::canonical_json(again, d.decoder.schema(), full);
  if (fast != full) fail("the fast path decodes as simdjson does", fmt::format("{}\n  vs\n  {}", fast, full));
}

void check_rejection(const RejectedRecord& rejection) {
  ICP_FUZZ_CHECK(!rejection.message.empty(), "a rejected record says why");
  std::string json;
  append_json(rejection, json);  // what `icpc eval --errors` writes
  check_json(std::string_view(json).substr(0, json.size() - 1), "an `--errors` line");
}

void check_rejection(std::size_t line, const vm::DecodeError& error) {
  check_rejection(RejectedRecord{line, 0, error.id, error.field, error.expected, error.found, error.message});
}

// One line, as each profile's decoder takes it, at each of the profile's dates.
void decode_line(const vm::JsonLine& line) {
  vm::DecodeError error;
  for (const auto& decoders : all_decoders()) {
    Decoders& d = *decoders;
    for (std::size_t k = 0; k < d.dates.size(); ++k) {
      vm::Record& record = d.records[k].emplace_back();
      if (!d.decoder.decode_line(line, d.dates[k], record, error)) {
        d.records[k].pop_back();
        ++d.rejected[k];
        if (k == 0) d.rejected_lines.push_back(line.number);
        check_rejection(line.number, error);
        continue;
      }
      check_fast_path(d, line.text, d.dates[k], record);
    }
  }
}

// What decide_stream gives: the decision lines, and the input's results as one text with each
// rejection's `--errors` line in its place.
class Collected final : public BatchSink {
 public:
  bool on_results(const BatchResults& results) override {
    std::size_t at = 0;
    for (const RejectedRecord& rejection : results.rejections) {
      ICP_FUZZ_CHECK(rejection.offset >= at && rejection.offset <= results.decisions.size() &&
                         (rejection.offset == 0 || results.decisions[rejection.offset - 1] == '\n'),
                     "a rejection stands between decision lines, in input order");
      in_place.append(results.decisions.substr(at, rejection.offset - at));
      at = rejection.offset;
      check_rejection(rejection);
      append_json(rejection, in_place);
      rejected_lines.push_back(rejection.line);
    }
    in_place.append(results.decisions.substr(at));
    decisions.append(results.decisions);
    return true;
  }
  bool on_side_file_error(const SideFileError& error) override { fail("JSON Lines have no side files", error.message); }

  std::string decisions, in_place;
  std::vector<std::size_t> rejected_lines;
};

BatchSummary decide_all(const Decoders& d, const BatchInput& input, bool audit, Collected& collected) {
  const BatchOptions options{.as_of = d.dates.front(), .audit = audit, .threads = 1};
  return decide_stream(d.profile.program, input, options, collected);
}

// `icpc eval --input accounts.jsonl` for the profile: the same decisions and rejections, in
// the same order, as its decoder and evaluator gave record by record (d.checker's lines).
void check_batch(const Decoders& d, std::string_view bytes, std::size_t lines) {
  Collected collected;
  const BatchSummary summary = decide_all(d, BatchInput::json_lines(bytes), false, collected);
  ICP_FUZZ_CHECK(summary.failure == BatchSummary::Failure::none, "bytes in memory are read to their end");
  ICP_FUZZ_CHECK(summary.records == lines && summary.rejected == d.rejected.front(),
                 "the batch API counts every line, decided or rejected");
  ICP_FUZZ_CHECK(collected.rejected_lines == d.rejected_lines, "the batch API rejects the lines the decoder rejects");
  std::string expected;
  for (const std::string& line : d.checker.lines()) expected.append(line).append("\n");
  if (collected.decisions != expected) fail("the batch API decides as the evaluator does", collected.decisions);
}

// The same bytes as a stream (the reader eval uses on a file or stdin), with the audit.
void check_stream(const Decoders& d, std::string_view bytes) {
  Collected from_memory, from_stream;
  decide_all(d, BatchInput::json_lines(bytes), true, from_memory);
  std::FILE* input = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
  if (input == nullptr) fail("fmemopen opens the input", "");
  const BatchSummary summary = decide_all(d, BatchInput::json_lines(input), true, from_stream);
  std::fclose(input);
  ICP_FUZZ_CHECK(summary.failure == BatchSummary::Failure::none, "an input in memory reads to its end");
  if (from_stream.in_place != from_memory.in_place) fail("a stream and the same bytes decide alike", "");
}

// Every line for every profile and date at once, then each profile through the batch API.
void stream(std::string_view bytes) {
  for (const auto& d : all_decoders()) {
    d->records.assign(d->dates.size(), {});
    d->rejected.assign(d->dates.size(), 0);
    d->rejected_lines.clear();
  }
  std::size_t count = 0;
  vm::LineSplitter lines(bytes);
  for (vm::JsonLine line; lines.next(line);) {
    ++count;
    decode_line(line);
  }
  for (const auto& d : all_decoders()) {
    for (std::size_t k = d->dates.size(); k-- > 0;) {  // the first date last: its lines are kept
      ICP_FUZZ_CHECK(count == d->records[k].size() + d->rejected[k], "every record is decided or rejected");
      d->checker.check(d->records[k], d->dates[k]);
    }
    check_batch(*d, bytes, count);
  }
  check_stream(*all_decoders().front(), bytes);
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icp::fuzz;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.empty()) return 0;  // fmemopen wants at least one byte; no input, nothing to decide
  stream(bytes);
  for (const auto& decoders : all_decoders()) {
    Decoders& d = *decoders;
    for (const icp::Date as_of : d.dates) {
      // `--input-format json`: the whole input as one account object.
      icp::vm::Record record;
      icp::vm::DecodeError error;
      if (d.decoder.decode(bytes, as_of, record, error)) {
        d.checker.check({record}, as_of);
      } else {
        check_rejection(1, error);
      }
    }
  }
  return 0;
}
