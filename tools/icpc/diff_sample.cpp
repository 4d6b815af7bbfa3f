// Reading, decoding and evaluating `icpc diff`'s sample (see diff_sample.hpp). The sample is
// held in memory because the examples are re-evaluated with the audit after aggregation.
#include "tools/icpc/diff_sample.hpp"

#include <algorithm>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "runtime/vm/vm.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/eval_support.hpp"

namespace icp::cli {
namespace {

std::string input_format(const SampleOptions& options) {
  if (!options.format.empty()) return options.format;
  if (options.input.ends_with(".csv")) return "csv";
  if (options.input.ends_with(".json")) return "json";
  return "jsonl";
}

VersionResult decide(vm::Evaluator& evaluator, SampleDecoder& decoder,
                     const SampleAccount& account, Date as_of, vm::Record& record) {
  VersionResult result;
  vm::DecodeError error;
  if (!decoder.decode(account, as_of, record, error)) {
    result.id = error.id;
    result.error = error.message;
    return result;
  }
  const vm::Decision& decision = evaluator.evaluate(record, as_of, /*audit=*/false);
  result.id = std::string(record.id());
  result.kind = decision.verdict == vm::Verdict::tier     ? OutcomeKind::tier
                : decision.verdict == vm::Verdict::no_fit ? OutcomeKind::no_fit
                                                          : OutcomeKind::excluded;
  result.tier = decision.verdict == vm::Verdict::tier ? decision.fit_tier : 0;
  result.route_rule = decision.route_rule;
  result.score = decision.score;
  return result;
}

}  // namespace

bool Sample::read(const SampleOptions& options) {
  name_ = options.input == "-" ? "<stdin>" : options.input;
  format_ = input_format(options);
  if (format_ != "csv" && (!options.signals.empty() || !options.contacts.empty())) {
    print_error("--signals and --contacts join side files to CSV accounts; JSON accounts carry their own");
    return false;
  }
  OpenFiles files;
  if (!files.open(options.input, "", "")) return false;
  if (format_ == "csv") return read_csv(options, files.input());
  return read_json(files.input());
}

// CSV rows as `icpc eval` reads them; the side rows of ids in no row are noted, as eval does.
bool Sample::read_csv(const SampleOptions& options, std::FILE* input) {
  std::vector<vm::SideError> side_errors;
  if (!load_side_files(options.signals, options.contacts, side_, side_errors)) return false;
  for (const auto& error : side_errors) notes_.push_back(error.message);
  vm::CsvReader reader(input);
  vm::CsvRow row;
  vm::CsvError csv_error;
  std::optional<std::size_t> id_column;
  for (auto result = reader.next(row, csv_error); result != vm::CsvReader::Result::end;
       result = reader.next(row, csv_error)) {
    if (!header_) {
      if (result == vm::CsvReader::Result::error) {
        print_error(fmt::format("{}:{}: the header row: {}", name_, csv_error.line, csv_error.message));
        return false;
      }
      header_ = row;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (row[i] == "id") id_column = i;
      }
      continue;
    }
    std::optional<std::size_t> error;
    if (result == vm::CsvReader::Result::error) {
      error = csv_errors_.size();
      csv_errors_.push_back(csv_error);
    } else if (id_column && *id_column < row.size()) {
      side_.note_account(row[*id_column]);
    }
    accounts_.push_back(SampleAccount{error ? csv_error.line : row.line(), {}, rows_.size(), error});
    rows_.push_back(row);
  }
  if (reader.read_failed()) {
    print_error(fmt::format("cannot read `{}`", name_));
    return false;
  }
  const auto unused = side_.unused([&](const vm::SideError& error) { notes_.push_back(error.message); });
  for (const auto& line : unused_side_counts(side_, unused)) notes_.push_back("icpc: " + line);
  return true;
}

bool Sample::read_json(std::FILE* input) {
  if (format_ == "json") {
    std::size_t bytes = 0;
    if (!vm::read_json_document(input, text_, bytes)) {
      print_error(fmt::format("cannot read `{}`", name_));
      return false;
    }
    accounts_.push_back(SampleAccount{1, text_, 0, {}, bytes});
    return true;
  }
  vm::LineBlockReader reader(input);
  std::size_t number = 1;
  while (!reader.at_end()) {
    vm::LineBlock& block = blocks_.emplace_back();  // a moved block keeps its buffer: views stay valid
    if (!reader.read(block)) {
      print_error(fmt::format("cannot read `{}`", name_));
      return false;
    }
    vm::LineSplitter lines = block.lines(number);
    for (vm::JsonLine line; lines.next(line);) {
      accounts_.push_back(SampleAccount{line.number, line.text, 0, {}, line.bytes});
    }
    number = lines.next_number();
  }
  return true;
}

SampleDecoder::SampleDecoder(const Sample& sample, const vm::Schema& schema) : sample_(sample) {
  if (sample.format_ != "csv") {
    json_.emplace(schema);
    return;
  }
  csv_.emplace(schema);
  csv_->set_side_tables(&sample.side_);
  vm::DecodeError error;
  if (sample.header_ && !csv_->set_header(*sample.header_, error)) {
    error.message = fmt::format("the header (line {}) does not fit: {}", sample.header_->line(), error.message);
    header_error_ = error;
  }
}

bool SampleDecoder::decode(const SampleAccount& account, Date as_of, vm::Record& out, vm::DecodeError& error) {
  if (account.csv_error) {
    return csv_->reject_row(sample_.rows_[account.row], sample_.csv_errors_[*account.csv_error], error);
  }
  if (json_) return json_->decode_line(vm::JsonLine{account.json, account.line, account.json_bytes}, as_of, out, error);
  if (header_error_) {
    error = *header_error_;
    return false;
  }
  return csv_->decode(sample_.rows_[account.row], as_of, out, error);
}

std::vector<AccountResult> evaluate_sample(const Sample& sample, const vm::Program& old_program,
                                           const vm::Program& new_program, Date as_of, std::size_t threads) {
  const auto& accounts = sample.accounts();
  std::vector<AccountResult> results(accounts.size());
  const std::size_t workers = std::max<std::size_t>(1, std::min(threads, accounts.size()));
  auto work = [&](std::size_t worker) {
    // Each worker owns its decoders and evaluators and writes only its own range of results.
    SampleDecoder old_decoder(sample, old_program.schema), new_decoder(sample, new_program.schema);
    vm::Evaluator old_evaluator(old_program), new_evaluator(new_program);
    vm::Record record;
    const std::size_t begin = accounts.size() * worker / workers, end = accounts.size() * (worker + 1) / workers;
    for (std::size_t i = begin; i < end; ++i) {
      results[i].line = accounts[i].line;
      results[i].old_version = decide(old_evaluator, old_decoder, accounts[i], as_of, record);
      results[i].new_version = decide(new_evaluator, new_decoder, accounts[i], as_of, record);
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& thread : pool) thread.join();
  return results;
}

namespace {

void explain_example(Example& example, const Sample& sample, const Version& old_version, const Version& new_version,
                     Date as_of, bool with_route) {
  const SampleAccount& account = sample.accounts()[example.account];
  // One version's decoder, evaluator and record, alive while explain_move reads them.
  struct Side {
    Side(const Sample& sample, const vm::Program& program) : decoder(sample, program.schema), evaluator(program) {
      audited.program = &program;
    }
    SampleDecoder decoder;
    vm::Evaluator evaluator;
    vm::Record record;
    vm::DecodeError error;
    AuditedSide audited;
  };
  auto side = [&](const vm::Program& program) {
    auto s = std::make_unique<Side>(sample, program);
    if (s->decoder.decode(account, as_of, s->record, s->error)) {
      s->audited.record = &s->record;
      s->audited.decision = &s->evaluator.evaluate(s->record, as_of, /*audit=*/true);
    } else {
      s->audited.error = s->error.message;
    }
    return s;
  };
  auto old_side = side(*old_version.program);
  auto new_side = side(*new_version.program);
  example.reasons = explain_move(old_side->audited, new_side->audited, with_route);
}

}  // namespace

void explain_examples(Impact& impact, const Sample& sample, Date as_of) {
  for (Transition& transition : impact.transitions) {
    for (Example& example : transition.examples) {
      explain_example(example, sample, impact.old_version, impact.new_version, as_of, /*with_route=*/false);
    }
  }
  for (Example& example : impact.score_examples) {
    explain_example(example, sample, impact.old_version, impact.new_version, as_of, /*with_route=*/false);
  }
  for (RouteChange& change : impact.routes) {
    for (Example& example : change.examples) {
      explain_example(example, sample, impact.old_version, impact.new_version, as_of, /*with_route=*/true);
    }
  }
}

}  // namespace icp::cli
