// `icpc eval RULES(.icp|.icpb) --input FILE|- --as-of DATE [--map MAPPING.toml] [--output FILE]
// [--audit] [--threads N] [--errors FILE] [--log DIR]`: one decision per valid input record, in
// input order, byte-identical for any --threads. Rejected records are reported (line, id, field,
// expected vs found) and the others still go through; exit 1 if any was rejected, or if a
// CSV side-file row was not used. With --log, every decision is also appended to the
// decision log (decision_log/), and a decision that could not be logged stops the run (exit 2).
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "analysis/crm/crm_columns.hpp"
#include "compiler/render/escape.hpp"
#include "decision_log/run_log.hpp"
#include "runtime/api/batch_vm.hpp"  // decide_stream on the vm::Program compiled or loaded here
#include "tools/icpc/commands.hpp"
#include "tools/icpc/eval_support.hpp"
#include "tools/icpc/log_options.hpp"
#include "tools/icpc/progress_bar.hpp"
#include "tools/icpc/rules_source.hpp"
#include "tools/icpc/validation_inputs.hpp"

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
  std::string map;
  bool audit = false;
  std::size_t threads = 1;
  std::string color = "auto";
  LogOptions log;
};

// `.csv` is a CRM export, `.json` one account object (possibly pretty-printed), and
// anything else (stdin included) JSON Lines.
std::string input_format(const EvalOptions& options) {
  if (!options.format.empty()) return options.format;
  if (options.input.ends_with(".csv")) return "csv";
  if (options.input.ends_with(".json")) return "json";
  return "jsonl";
}

// Decisions to --output as they come, and their entries to the decision log (with --log);
// rejections and side-file rows to --errors (or stderr), each as text or JSON. A failed write
// stops the stream: it is kept and thrown again once decide_stream has returned, so main()
// reports it (exit 2); a failed log write stops it too (RunLog::close says why).
class EvalSink final : public BatchSink {
 public:
  EvalSink(OpenFiles& files, std::string input_name, bool json_errors, ProgressBar* bar, decision_log::RunLog* log)
      : files_(files), input_name_(std::move(input_name)), json_errors_(json_errors), bar_(bar), log_(log) {}

  bool on_results(const BatchResults& results) override {
    return guarded([&] {
      files_.output().write(results.decisions);
      for (const RejectedRecord& rejection : results.rejections) {
        append_rejection(input_name_, rejection, json_errors_, errors_);
      }
      drain(0);
    }) && (log_ == nullptr || log_->submit(results));
  }
  bool on_side_file_error(const SideFileError& error) override {
    return guarded([&] {
      append_side_error(error, json_errors_, errors_);
      drain(kDrainBytes);
    });
  }
  void on_progress(std::size_t bytes_read, std::size_t records) override {
    if (bar_ != nullptr) bar_->update(bytes_read, records);
  }
  // After decide_stream: the failed write, if any, or the errors still buffered.
  void finish() {
    if (failure_) std::rethrow_exception(failure_);
    drain(0);
  }

 private:
  // Side-file rows may be many: they are written a buffer at a time.
  static constexpr std::size_t kDrainBytes = std::size_t{1} << 18;
  void drain(std::size_t at_least) {
    if (errors_.empty() || errors_.size() < at_least) return;
    files_.errors().write(errors_);
    errors_.clear();
  }
  template <typename Write>
  bool guarded(Write write) {
    try {
      write();
      return true;
    } catch (const WriteError&) {
      failure_ = std::current_exception();
      return false;
    }
  }

  OpenFiles& files_;
  std::string input_name_;
  bool json_errors_;
  ProgressBar* bar_;
  decision_log::RunLog* log_;
  std::string errors_;
  std::exception_ptr failure_;
};

BatchInput batch_input(const std::string& format, const EvalOptions& options, std::FILE* input) {
  if (format == "json") return BatchInput::json_document(input);
  if (format == "jsonl") return BatchInput::json_lines(input);
  SideFiles side_files;
  if (!options.signals.empty()) side_files.signals = SideFileSource{options.signals, std::nullopt};
  if (!options.contacts.empty()) side_files.contacts = SideFileSource{options.contacts, std::nullopt};
  return BatchInput::csv(input, std::move(side_files));
}

// "N of M records rejected" counts account records only; side-file rows no account used are
// counted per file on their own line. Either makes the exit code 1.
int report(const BatchSummary& summary) {
  if (summary.rejected > 0) fmt::print(stderr, "icpc: {} of {} records rejected\n", summary.rejected, summary.records);
  const std::vector<std::string> lines = unused_side_counts(summary.side_files);
  for (const auto& line : lines) fmt::print(stderr, "icpc: {}\n", escape::text(line));
  return summary.rejected > 0 || !lines.empty() ? kExitProblems : kExitClean;
}

// The run's decision log, named after the rules' file (`mid-market-security` for
// mid-market-security.icp), as `icpc serve` names a profile. Prints what is wrong.
std::unique_ptr<decision_log::RunLog> open_log(const EvalOptions& options, const vm::Program& program, Date as_of) {
  const std::optional<decision_log::WriterOptions> writer = writer_options(options.log);
  if (!writer) return nullptr;
  std::vector<std::string> notes;
  std::string error;
  std::unique_ptr<decision_log::RunLog> log =
      decision_log::RunLog::open(*writer, program, std::filesystem::path(options.rules).stem().string(), as_of,
                                 options.log.redact, options.threads, notes, error);
  for (const std::string& note : notes) fmt::print(stderr, "icpc: decision log: {}\n", escape::text(note));
  if (!log) print_error(error);
  return log;
}

int run_eval(const EvalOptions& options) {
  int exit_code = kExitClean;
  std::optional<Date> as_of = parse_as_of(options.as_of);
  if (!as_of) return kExitUsage;
  std::optional<Rules> rules = load_rules(options.rules, options.color, /*show_warnings=*/false, exit_code);
  if (!rules) return exit_code;

  OpenFiles files;
  if (!files.open(options.input, options.output, options.errors,
                  {{"the profile", options.rules},
                   {"--signals", options.signals},
                   {"--contacts", options.contacts},
                   {"--map", options.map}})) {
    return kExitUsage;
  }
  const std::string format = input_format(options);
  if (format != "csv" && (!options.signals.empty() || !options.contacts.empty())) {
    print_error("--signals and --contacts join side files to CSV accounts; JSON accounts carry their own");
    return kExitUsage;
  }
  if (format != "csv" && !options.map.empty()) {
    print_error("--map reads the columns of a CSV export; JSON accounts are written in the profile's own field names");
    return kExitUsage;
  }
  analysis::CrmMapping mapping;
  if (!options.map.empty() && !load_mapping(options.map, mapping)) return kExitUsage;
  const analysis::CrmColumns columns(mapping, rules->program.schema);
  if (!options.map.empty()) {
    for (const std::string& note : columns.notes()) print_note(note);
    if (auto note = analysis::history_note(mapping)) print_note(*note);
  }
  // One JSON document is named as given (`-` for stdin), as it always was.
  const std::string input_name = options.input == "-" && format != "json" ? "<stdin>" : options.input;
  std::unique_ptr<ProgressBar> bar;
  if (format == "jsonl" && isatty(STDERR_FILENO) == 1 && files.input_size() >= kProgressThresholdBytes) {
    bar = std::make_unique<ProgressBar>(files.input_size());
  }
  BatchOptions batch{.as_of = *as_of, .audit = options.audit, .threads = options.threads};
  std::unique_ptr<decision_log::RunLog> log;
  if (!options.log.folder.empty()) {
    log = open_log(options, rules->program, *as_of);
    if (!log) return kExitUsage;
    batch.tap = &log->tap();
    batch.leave_out = options.log.redact;
  }
  EvalSink sink(files, input_name, !options.errors.empty(), bar.get(), log.get());
  BatchInput input = batch_input(format, options, files.input());
  if (!options.map.empty()) input.map_columns(&columns);
  const BatchSummary summary = decide_stream(rules->program, input, batch, sink);
  if (std::string error; log && !log->close(error)) {
    print_error(error);
    return kExitUsage;
  }
  sink.finish();
  if (bar) bar->finish();
  switch (summary.failure) {
    case BatchSummary::Failure::none:
    case BatchSummary::Failure::stopped: break;  // stopped: only by a failed write, thrown by finish()
    case BatchSummary::Failure::read:
      print_error(fmt::format("cannot read `{}`", input_name));
      return kExitUsage;
    case BatchSummary::Failure::csv_header:
      print_error(fmt::format("{}:{}: {}", input_name, summary.line, summary.message));
      return kExitProblems;
    case BatchSummary::Failure::side_file:
      print_error(summary.message);
      return kExitUsage;
  }
  files.commit();
  if (summary.first_future) {
    warn_future_events(summary.future_records, *as_of, *summary.first_future,
                       fmt::format("line {}", summary.first_future->line));
  }
  return report(summary);
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
  eval->add_option("--as-of", options->as_of, "The evaluation date; default: icp.toml's `as_of`, else today (UTC). Always written in each decision")
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
  eval->add_option("--map", options->map,
                   "CSV input only: read a CRM export through this column mapping (key, field columns, value maps, "
                   "booleans, dates; docs/backtest.md)")
      ->type_name("MAPPING.toml");
  eval->add_option("--output", options->output, "Where to write decisions; default: stdout")->type_name("FILE");
  eval->add_flag("--audit", options->audit, "Add the audit trace to every decision");
  add_threads_option(*eval, options->threads, "Worker threads; the output is identical for any number");
  eval->add_option("--errors", options->errors,
                   "Write rejected records as JSON Lines to FILE; default: as text on stderr")
      ->type_name("FILE");
  add_color_option(*eval, options->color, "Colour the diagnostics: auto, always or never");
  add_log_options(*eval, options->log, "close");
  eval->footer("Exit codes:\n  0  every record evaluated\n  1  the profile has errors, or some records were rejected "
               "(the others were still evaluated), or side-file rows were not used\n  2  usage error, unreadable "
               "file (side files included), invalid artifact, a failed write, or a decision log that cannot be written");
  eval->callback([options, &exit_code] { exit_code = run_eval(*options); });
}

}  // namespace icp::cli
