// Fuzz harness for JSON account records, as `icpc eval` reads them: the bytes are a JSON
// Lines input, streamed through eval's own reader (record_stream) for every bundled profile,
// and also taken whole as one JSON object (`--input-format json`). Checked: every line is
// either decided or rejected with a reason (counts add up), a rejection's `--errors` line is
// valid JSON, an accepted record decodes to the same record through simdjson as through the
// fast path, and the decisions pass decide_and_check (both paths, valid JSON lines).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "fuzz/fuzz_support.hpp"
#include "runtime/input/decode_json.hpp"
#include "tools/icpc/eval_support.hpp"
#include "tools/icpc/record_stream.hpp"

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

void check_rejection(std::size_t line, const vm::DecodeError& error) {
  ICP_FUZZ_CHECK(!error.message.empty(), "a rejected record says why");
  std::string text, json;
  cli::append_rejection("accounts.jsonl", line, error, /*json=*/false, text);
  cli::append_rejection("accounts.jsonl", line, error, /*json=*/true, json);
  check_json(std::string_view(json).substr(0, json.size() - 1), "an `--errors` line");
}

// One line, as each profile's eval worker takes it, at each of the profile's dates.
void decode_line(const cli::InputLine& line) {
  vm::DecodeError error;
  for (const auto& decoders : all_decoders()) {
    Decoders& d = *decoders;
    for (std::size_t k = 0; k < d.dates.size(); ++k) {
      vm::Record& record = d.records[k].emplace_back();
      if (!d.decoder.decode(line.text, d.dates[k], record, error)) {
        d.records[k].pop_back();
        ++d.rejected[k];
        check_rejection(line.number, error);
        continue;
      }
      check_fast_path(d, line.text, d.dates[k], record);
    }
  }
}

// `icpc eval --input accounts.jsonl` on one thread, for every profile and date at once: the
// reader's 1 MiB batch costs more under ASan than the decisions, so it is read once.
void stream(std::string_view bytes) {
  static cli::Output sink(std::string("/dev/null"));
  for (const auto& d : all_decoders()) {
    d->records.assign(d->dates.size(), {});
    d->rejected.assign(d->dates.size(), 0);
  }
  std::FILE* input = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
  if (input == nullptr) fail("fmemopen opens the input", "");
  auto handle = [](std::size_t, const cli::InputLine& line, std::string&, std::string&) { decode_line(line); };
  cli::StreamStats stats;
  const bool read = cli::stream_records(input, 1, handle, sink, sink, {}, stats);
  std::fclose(input);
  ICP_FUZZ_CHECK(read, "an input in memory reads to its end");
  for (const auto& d : all_decoders()) {
    for (std::size_t k = 0; k < d->dates.size(); ++k) {
      ICP_FUZZ_CHECK(stats.records == d->records[k].size() + d->rejected[k], "every record is decided or rejected");
      d->checker.check(d->records[k], d->dates[k]);
    }
  }
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
