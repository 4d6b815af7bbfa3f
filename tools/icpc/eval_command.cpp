// `icpc eval RULES(.icp|.icpb) --input FILE|- --as-of DATE [--output FILE] [--audit]
// [--threads N] [--errors FILE]`: one decision per valid input record, in input order,
// byte-identical for any --threads. Rejected records are reported (line, id, field,
// expected vs found) and the others still go through; exit 1 if any was rejected.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "compiler/reference_data.hpp"
#include "runtime/decision.hpp"
#include "runtime/decode_json.hpp"
#include "runtime/record.hpp"
#include "runtime/sha256.hpp"
#include "runtime/vm.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/eval_support.hpp"
#include "tools/icpc/record_stream.hpp"
#include "tools/icpc/rules_source.hpp"

namespace icp::cli {
namespace {

struct EvalOptions {
  std::string rules;
  std::string input = "-";
  std::string as_of;
  std::string output;
  std::string errors;
  bool audit = false;
  std::size_t threads = 1;
  std::string color = "auto";
};

// Each worker owns its decoder, evaluator and buffers: nothing is shared but the program.
struct Worker {
  Worker(const vm::Program& program, vm::CodeTables codes)
      : decoder(program.schema, codes), evaluator(program) {}
  vm::JsonDecoder decoder;
  vm::Evaluator evaluator;
  vm::Record record;
  vm::DecodeError error;
  std::string canonical;
  std::size_t rejected = 0;
};

int run_eval(const EvalOptions& options) {
  int exit_code = kExitClean;
  std::optional<Date> as_of = parse_as_of(options.as_of);
  if (!as_of) return kExitUsage;
  std::optional<Rules> rules = load_rules(options.rules, options.color, /*show_warnings=*/false, exit_code);
  if (!rules) return exit_code;
  const vm::Program& program = rules->program;

  OpenFiles files;
  if (!files.open(options.input, options.output, options.errors)) return kExitUsage;

  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  std::vector<std::unique_ptr<Worker>> workers;
  for (std::size_t i = 0; i < threads; ++i) workers.push_back(std::make_unique<Worker>(program, reference_code_tables()));
  const bool json_errors = !options.errors.empty();
  const std::string input_name = options.input == "-" ? "<stdin>" : options.input;

  auto handle = [&](std::size_t w, const InputLine& line, std::string& out, std::string& errors) {
    Worker& worker = *workers[w];
    if (!worker.decoder.decode(line.text, *as_of, worker.record, worker.error)) {
      ++worker.rejected;
      append_rejection(input_name, line.number, worker.error, json_errors, errors);
      return;
    }
    const vm::Decision& decision = worker.evaluator.evaluate(worker.record, *as_of, options.audit);
    std::string digest;
    if (options.audit) {
      worker.canonical.clear();
      vm::canonical_json(worker.record, program.schema, worker.canonical);
      digest = "sha256:" + sha256_hex(worker.canonical);
    }
    vm::append_decision_json(program, worker.record, decision, digest, out);
    out += '\n';
  };

  std::unique_ptr<ProgressBar> bar;
  if (isatty(STDERR_FILENO) == 1 && files.input_size() >= kProgressThresholdBytes) {
    bar = std::make_unique<ProgressBar>(files.input_size());
  }
  StreamStats stats;
  const bool ok = stream_records(files.input(), threads, handle, files.output(), files.errors(),
                                 [&](const StreamStats& s) { if (bar) bar->update(s); }, stats);
  if (bar) bar->finish(stats);
  if (!ok) {
    print_error(fmt::format("cannot read `{}`", input_name));
    return kExitUsage;
  }
  std::size_t rejected = 0;
  for (const auto& worker : workers) rejected += worker->rejected;
  if (rejected > 0) {
    fmt::print(stderr, "icpc: {} of {} records rejected\n", rejected, stats.records);
    return kExitProblems;
  }
  return kExitClean;
}

}  // namespace

void add_eval_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* eval = app.add_subcommand("eval", "Evaluate accounts (JSON Lines) against a profile: one decision per line");
  eval->add_option("rules", options->rules, "The profile: an .icp source or a built .icpb artifact")
      ->required()
      ->type_name("RULES");
  eval->add_option("--input", options->input, "Accounts as JSON Lines (or one JSON object); - reads stdin")
      ->type_name("FILE")
      ->capture_default_str();
  eval->add_option("--as-of", options->as_of, "The evaluation date; default: today (UTC). Always written in each decision")
      ->type_name("YYYY-MM-DD");
  eval->add_option("--output", options->output, "Where to write decisions; default: stdout")->type_name("FILE");
  eval->add_flag("--audit", options->audit, "Add the audit trace to every decision");
  eval->add_option("--threads", options->threads, "Worker threads; the output is identical for any number")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  eval->add_option("--errors", options->errors,
                   "Write rejected records as JSON Lines to FILE; default: as text on stderr")
      ->type_name("FILE");
  eval->add_option("--color", options->color, "Colour the diagnostics: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}).description(""))
      ->type_name("WHEN")
      ->capture_default_str();
  eval->footer("Exit codes:\n  0  every record evaluated\n  1  the profile has errors, or some records were rejected "
               "(the others were still evaluated)\n  2  usage error, unreadable file or invalid artifact");
  eval->callback([options, &exit_code] { exit_code = run_eval(*options); });
}

}  // namespace icp::cli
