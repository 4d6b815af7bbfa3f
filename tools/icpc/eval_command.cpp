// `icpc eval RULES(.icp|.icpb) --input FILE|- --as-of DATE [--output FILE] [--audit]
// [--threads N] [--errors FILE]`: one decision per valid input record, in input order,
// byte-identical for any --threads. Rejected records are reported (line, id, field,
// expected vs found) and the others still go through; exit 1 if any was rejected, or if a
// CSV side-file row was not used.
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "compiler/render/escape.hpp"
#include "runtime/input/csv.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/output/decision_json.hpp"
#include "runtime/input/decode_csv.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record.hpp"
#include "runtime/input/record_reader.hpp"
#include "runtime/output/record_digest.hpp"
#include "runtime/vm/vm.hpp"
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
  std::string format;  // jsonl, json or csv; default from the input's extension
  std::string signals;
  std::string contacts;
  bool audit = false;
  std::size_t threads = 1;
  std::string color = "auto";
};

// `.csv` is a CRM export, `.json` one account object (possibly pretty-printed), and
// anything else (stdin included) JSON Lines.
std::string input_format(const EvalOptions& options) {
  if (!options.format.empty()) return options.format;
  if (options.input.ends_with(".csv")) return "csv";
  if (options.input.ends_with(".json")) return "json";
  return "jsonl";
}

int finish(std::size_t rejected, std::size_t records) {
  if (rejected == 0) return kExitClean;
  fmt::print(stderr, "icpc: {} of {} records rejected\n", rejected, records);
  return kExitProblems;
}

// Each worker owns its decoder, evaluator and buffers: nothing is shared but the program.
struct Worker {
  explicit Worker(const vm::Program& program)
      : decoder(program.schema), evaluator(program), writer(program), digester(program.schema) {}
  vm::JsonDecoder decoder;
  vm::Evaluator evaluator;
  vm::DecisionJsonWriter writer;
  vm::RecordDigester digester;
  vm::Record record;
  vm::DecodeError error;
  std::string digest;
  std::size_t rejected = 0;
};

// Evaluates the decoded record and appends its decision line.
void decide(Worker& worker, Date as_of, bool audit, std::string& out) {
  const vm::Decision& decision = worker.evaluator.evaluate(worker.record, as_of, audit);
  worker.digest.clear();
  if (audit) {
    // The digest of the record as decoded lets a logged decision be replayed and compared.
    worker.digester.append_digest(worker.record, worker.digest);
  }
  worker.writer.append(worker.record, decision, worker.digest, out);
  out += '\n';
}

// Output is written once it holds this much: it streams, whatever the input's size.
constexpr std::size_t kDrainBytes = std::size_t{1} << 18;

void drain(std::string& text, Output& output, std::size_t at_least) {
  if (text.size() < at_least) return;
  output.write(text);
  text.clear();
}

// "N of M records rejected" counts account rows only; side-file rows no account used are
// counted per file on their own line. Either makes the exit code 1.
int finish_csv(std::size_t rejected, std::size_t records, const vm::SideTables& side,
               const std::vector<std::size_t>& unused) {
  if (rejected > 0) fmt::print(stderr, "icpc: {} of {} records rejected\n", rejected, records);
  const std::vector<std::string> lines = unused_side_counts(side, unused);
  for (const auto& line : lines) fmt::print(stderr, "icpc: {}\n", escape::text(line));
  return rejected > 0 || !lines.empty() ? kExitProblems : kExitClean;
}

// Maps the header row's columns. Prints why and returns false when it is unusable (an empty
// file has no header and no records, which is fine).
bool read_csv_header(vm::CsvReader& reader, vm::CsvAccountDecoder& decoder, const std::string& input_name) {
  vm::CsvRow row;
  vm::CsvError csv_error;
  vm::DecodeError error;
  const auto result = reader.next(row, csv_error);
  if (result == vm::CsvReader::Result::error) {
    print_error(fmt::format("{}:{}: the header row: {}", input_name, csv_error.line, csv_error.message));
    return false;
  }
  if (result == vm::CsvReader::Result::row && !decoder.set_header(row, error)) {
    print_error(fmt::format("{}:{}: {}", input_name, row.line(), error.message));
    return false;
  }
  return true;
}

// CSV exports are read as a stream (rows may span lines inside quotes) and evaluated in
// order on one thread; signals and contacts join from side files by account id. A named
// output is replaced only when everything was read (OpenFiles::commit).
int run_csv(const EvalOptions& options, const vm::Program& program, Date as_of, OpenFiles& files) {
  vm::SideTables side;
  std::vector<vm::SideError> side_errors;
  if (!load_side_files(options.signals, options.contacts, side, side_errors)) return kExitUsage;
  const bool json_errors = !options.errors.empty();
  const std::string input_name = options.input == "-" ? "<stdin>" : options.input;
  std::string out, errors;
  for (const auto& error : side_errors) append_side_error(error, json_errors, errors);
  Worker worker(program);
  vm::CsvAccountDecoder decoder(program.schema);
  decoder.set_side_tables(&side);
  vm::CsvReader reader(files.input());
  if (!read_csv_header(reader, decoder, input_name)) return kExitProblems;
  vm::CsvRow row;
  vm::CsvError csv_error;
  std::size_t records = 0, rejected = 0;
  for (auto result = reader.next(row, csv_error); result != vm::CsvReader::Result::end;
       result = reader.next(row, csv_error)) {
    ++records;
    const bool is_row = result == vm::CsvReader::Result::row;
    if (is_row ? decoder.decode(row, as_of, worker.record, worker.error)
               : decoder.reject_row(row, csv_error, worker.error)) {
      decide(worker, as_of, options.audit, out);
      drain(out, files.output(), kDrainBytes);
    } else {
      ++rejected;
      append_rejection(input_name, is_row ? row.line() : csv_error.line, worker.error, json_errors, errors);
      drain(errors, files.errors(), kDrainBytes);
    }
  }
  if (reader.read_failed()) {
    print_error(fmt::format("cannot read `{}`", input_name));
    return kExitUsage;
  }
  drain(out, files.output(), 0);
  const auto unused = side.unused([&](const vm::SideError& error) {
    append_side_error(error, json_errors, errors);
    drain(errors, files.errors(), kDrainBytes);
  });
  drain(errors, files.errors(), 0);
  files.commit();
  return finish_csv(rejected, records, side, unused);
}

// One account object, which may span lines (a pretty-printed export), read whole up to the
// record limit (runtime/input/json_limits.hpp).
int run_single(const EvalOptions& options, const vm::Program& program, Date as_of, OpenFiles& files) {
  std::string text;
  std::size_t bytes = 0;
  if (!vm::read_json_document(files.input(), text, bytes)) {
    print_error(fmt::format("cannot read `{}`", options.input));
    return kExitUsage;
  }
  Worker worker(program);
  std::string out, errors;
  const bool ok = worker.decoder.decode_line(vm::JsonLine{text, 1, bytes}, as_of, worker.record, worker.error);
  if (ok) {
    decide(worker, as_of, options.audit, out);
  } else {
    append_rejection(options.input, 1, worker.error, !options.errors.empty(), errors);
  }
  files.output().write(out);
  files.errors().write(errors);
  files.commit();
  return finish(ok ? 0 : 1, 1);
}

int run_eval(const EvalOptions& options) {
  int exit_code = kExitClean;
  std::optional<Date> as_of = parse_as_of(options.as_of);
  if (!as_of) return kExitUsage;
  std::optional<Rules> rules = load_rules(options.rules, options.color, /*show_warnings=*/false, exit_code);
  if (!rules) return exit_code;
  const vm::Program& program = rules->program;

  OpenFiles files;
  if (!files.open(options.input, options.output, options.errors,
                  {{"the profile", options.rules}, {"--signals", options.signals}, {"--contacts", options.contacts}})) {
    return kExitUsage;
  }
  const std::string format = input_format(options);
  if (format != "csv" && (!options.signals.empty() || !options.contacts.empty())) {
    print_error("--signals and --contacts join side files to CSV accounts; JSON accounts carry their own");
    return kExitUsage;
  }
  if (format == "csv") return run_csv(options, program, *as_of, files);
  if (format == "json") return run_single(options, program, *as_of, files);

  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  std::vector<std::unique_ptr<Worker>> workers;
  for (std::size_t i = 0; i < threads; ++i) workers.push_back(std::make_unique<Worker>(program));
  const bool json_errors = !options.errors.empty();
  const std::string input_name = options.input == "-" ? "<stdin>" : options.input;

  auto handle = [&](std::size_t w, const InputLine& line, std::string& out, std::string& errors) {
    Worker& worker = *workers[w];
    if (!worker.decoder.decode_line(line, *as_of, worker.record, worker.error)) {
      ++worker.rejected;
      append_rejection(input_name, line.number, worker.error, json_errors, errors);
      return;
    }
    decide(worker, *as_of, options.audit, out);
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
  files.commit();
  std::size_t rejected = 0;
  for (const auto& worker : workers) rejected += worker->rejected;
  return finish(rejected, stats.records);
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
  eval->add_option("--input-format", options->format,
                   "jsonl (one account per line), json (one account object) or csv (a header row; sets as `;`-separated "
                   "cells); default: from the extension (.csv, .json, else jsonl)")
      ->check(CLI::IsMember({"jsonl", "json", "csv"}).description(""))
      ->type_name("FORMAT");
  eval->add_option("--signals", options->signals,
                   "CSV input only: signal events (account_id, type, at or days_ago) as .csv or .jsonl")
      ->type_name("FILE");
  eval->add_option("--contacts", options->contacts, "CSV input only: contacts (account_id, title) as .csv or .jsonl")
      ->type_name("FILE");
  eval->add_option("--output", options->output, "Where to write decisions; default: stdout")->type_name("FILE");
  eval->add_flag("--audit", options->audit, "Add the audit trace to every decision");
  eval->add_option("--threads", options->threads, "Worker threads; the output is identical for any number")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  eval->add_option("--errors", options->errors,
                   "Write rejected records as JSON Lines to FILE; default: as text on stderr")
      ->type_name("FILE");
  add_color_option(*eval, options->color, "Colour the diagnostics: auto, always or never");
  eval->footer("Exit codes:\n  0  every record evaluated\n  1  the profile has errors, or some records were rejected "
               "(the others were still evaluated), or side-file rows were not used\n  2  usage error, unreadable "
               "file (side files included), invalid artifact or a failed write");
  eval->callback([options, &exit_code] { exit_code = run_eval(*options); });
}

}  // namespace icp::cli
