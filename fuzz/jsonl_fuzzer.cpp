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

#include "compiler/test_run.hpp"
#include "fuzz/fuzz_support.hpp"
#include "runtime/decode_json.hpp"
#include "tools/icpc/eval_support.hpp"
#include "tools/icpc/record_stream.hpp"

namespace icp::fuzz {
namespace {

// A profile with its decoders, built once: decoders keep their buffers from input to input.
struct Decoders {
  explicit Decoders(const Profile& p)
      : profile(p),
        decoder(p.program.schema, decision_test::reference_codes()),
        through_simdjson(p.program.schema, decision_test::reference_codes()),
        checker(p.program) {
    // Ages at the edges of the calendar, on the profile with every feature.
    if (p.name.ends_with("every-feature.icp")) dates = {fixed_as_of(), earliest_as_of(), latest_as_of()};
  }
  const Profile& profile;
  vm::JsonDecoder decoder;
  vm::JsonDecoder through_simdjson;  // for the fast path's differential check
  DecisionChecker checker;
  std::vector<Date> dates = {fixed_as_of()};
  std::vector<vm::Record> records;
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

// `icpc eval --input accounts.jsonl` on one thread.
void stream(Decoders& d, std::string_view bytes, Date as_of) {
  static std::FILE* const sink = std::fopen("/dev/null", "wb");
  std::FILE* input = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
  if (input == nullptr) fail("fmemopen opens the input", "");
  std::vector<vm::Record>& records = d.records;
  records.clear();
  std::size_t rejected = 0;
  vm::Record record;
  vm::DecodeError error;
  auto handle = [&](std::size_t, const cli::InputLine& line, std::string&, std::string&) {
    if (!d.decoder.decode(line.text, as_of, record, error)) {
      ++rejected;
      check_rejection(line.number, error);
      return;
    }
    check_fast_path(d, line.text, as_of, record);
    records.push_back(record);
  };
  cli::StreamStats stats;
  const bool read = cli::stream_records(input, 1, handle, sink, sink, {}, stats);
  std::fclose(input);
  ICP_FUZZ_CHECK(read, "an input in memory reads to its end");
  ICP_FUZZ_CHECK(stats.records == records.size() + rejected, "every record is decided or rejected");
  d.checker.check(records, as_of);
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace icp::fuzz;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.empty()) return 0;  // fmemopen wants at least one byte; no input, nothing to decide
  for (const auto& decoders : all_decoders()) {
    Decoders& d = *decoders;
    for (const icp::Date as_of : d.dates) {
      stream(d, bytes, as_of);
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
