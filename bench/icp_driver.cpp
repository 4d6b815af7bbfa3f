// bench_icp: icp's side of the benchmark through the runtime's own pieces (the artifact
// loader, the JSON decoder and the evaluator), for what `icpc eval` cannot show on its own.
// Input: a built .icpb and accounts as JSON Lines. Modes (bench/README.md):
//   --eval-only [--audit]  decode every record first (untimed), then time evaluating them all
//                          through vm::decide_decoded, the batch API's (and icpc eval's) step
//   --canonical --output F the cross-check form (bench/README.md "Cross-check")
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "icp/date.hpp"
#include "runtime/format/artifact.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/api/batch_worker.hpp"
#include "runtime/vm/vm.hpp"

namespace {

using namespace icp;

struct Options {
  std::string mode;
  std::string rules, input, output = "/dev/null", as_of = "2026-11-23";
  bool audit = false;
  int passes = 1;  // evaluation-only: repeat the timed loop (for profiling the VM alone)
};

bool read_file(const std::string& path, std::string& text) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return false;
  char buffer[1 << 16];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, got);
  const bool ok = std::ferror(file) == 0;
  std::fclose(file);
  return ok;
}

// id, verdict (excluded:<name>, tier, no_fit), tier, score, committee roles, route.
void append_canonical(const vm::Program& program, const vm::Decision& d, std::string& out) {
  std::string verdict = d.verdict == vm::Verdict::tier ? "tier" : "no_fit";
  if (d.excluded_by) verdict = "excluded:" + program.exclusions[*d.excluded_by].name;
  const std::string tier = d.verdict == vm::Verdict::tier ? fmt::format("{}", d.fit_tier) : "-";
  std::string roles;
  for (std::uint32_t r : d.roles_filled) roles += (roles.empty() ? "" : "+") + program.roles[r].name;
  const vm::RouteRuleDef& rule = program.route[d.route_rule];
  std::string route = rule.action == vm::RouteRuleDef::Action::queue ? "queue:" + rule.queue
                      : rule.action == vm::RouteRuleDef::Action::disqualify ? "disqualify"
                                                                            : "ignore";
  fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\n", d.id, verdict, tier,
                 d.score ? d.score->to_string() : "unknown", roles.empty() ? "-" : roles, route);
}

int run(const Options& o) {
  vm::LoadResult loaded = vm::load_file(o.rules);
  if (!loaded) {
    fmt::print(stderr, "bench_icp: {}: {}\n", o.rules, loaded.error.message);
    return 2;
  }
  const std::optional<Date> as_of = parse_date(o.as_of);
  std::string text;
  if (!as_of || !read_file(o.input, text)) {
    fmt::print(stderr, "bench_icp: cannot read {} or bad --as-of\n", o.input);
    return 2;
  }
  const vm::Program& program = *loaded.program;
  vm::JsonDecoder decoder(program.schema);
  std::vector<vm::Record> records;
  vm::LineSplitter lines(text);
  vm::DecodeError error;
  // Each line is decoded into one reused record and kept as a copy, as a service holding
  // records would: a copy allocates each buffer once, at its final size, so a record's
  // buffers sit together instead of among the blocks its growth left behind.
  vm::Record scratch;
  for (vm::JsonLine line; lines.next(line);) {
    if (!decoder.decode(line.text, *as_of, scratch, error)) {
      fmt::print(stderr, "bench_icp: line {}: {}\n", line.number, error.message);
      return 1;
    }
    records.push_back(scratch);
  }
  vm::Evaluator evaluator(program);
  if (o.mode == "canonical") {
    std::string out;
    for (const vm::Record& record : records) append_canonical(program, evaluator.evaluate(record, *as_of, o.audit), out);
    std::FILE* file = std::fopen(o.output.c_str(), "wb");
    if (!file || std::fwrite(out.data(), 1, out.size(), file) != out.size() || std::fclose(file) != 0) return 2;
    return 0;
  }
  const auto start = std::chrono::steady_clock::now();
  std::size_t check = 0;
  for (int pass = 0; pass < o.passes; ++pass) {
    // The batch API's own step (runtime/api/batch_worker.hpp): blocks of evaluate_each
    // without the audit, of evaluate_audited_each with it, as `icpc eval` decides.
    vm::decide_decoded(evaluator, records, *as_of, o.audit,
                       [&](std::size_t, const vm::Decision& d) { check += d.route_rule; });
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("{{\"records\":{},\"seconds\":{:.6f},\"check\":{}}}\n", records.size() * static_cast<std::size_t>(o.passes), seconds, check);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--eval-only") o.mode = "eval-only";
    else if (arg == "--canonical") o.mode = "canonical";
    else if (arg == "--audit") o.audit = true;
    else if (arg == "--rules" && has_value) o.rules = argv[++i];
    else if (arg == "--input" && has_value) o.input = argv[++i];
    else if (arg == "--output" && has_value) o.output = argv[++i];
    else if (arg == "--as-of" && has_value) o.as_of = argv[++i];
    else if (arg == "--passes" && has_value) o.passes = std::max(1, std::atoi(argv[++i]));
    else {
      o.mode.clear();
      break;
    }
  }
  if (o.mode.empty() || o.rules.empty() || o.input.empty()) {
    fmt::print(stderr, "usage: bench_icp --eval-only|--canonical --rules X.icpb --input F [--output F] "
                       "[--as-of D] [--audit] [--passes K]\n");
    return 2;
  }
  return run(o);
}
