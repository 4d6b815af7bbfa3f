// decide_stream (icp/batch.hpp): picks the source for the input's format, loads CSV side
// files and maps the header, runs the ordered pipeline on one worker per thread, and sums up.
// Input: a program, a BatchInput and options. Output: results to the sink, and a BatchSummary.
#include <cerrno>
#include <memory>
#include <optional>
#include <vector>

#include "runtime/api/batch_pipeline.hpp"
#include "runtime/api/batch_vm.hpp"
#include "runtime/api/program_core.hpp"
#include "runtime/api/batch_source.hpp"
#include "runtime/api/batch_worker.hpp"
#include "runtime/input/csv.hpp"
#include "runtime/input/decode_csv.hpp"
#include "runtime/input/json_limits.hpp"
#include "runtime/input/record_reader.hpp"
#include "runtime/input/side_tables.hpp"

namespace icp {

BatchInput BatchInput::json_lines(std::FILE* stream) {
  BatchInput input;
  input.stream_ = stream;
  return input;
}

BatchInput BatchInput::json_lines(std::string_view bytes) {
  BatchInput input;
  input.bytes_ = bytes;
  return input;
}

BatchInput BatchInput::json_document(std::FILE* stream) {
  BatchInput input = json_lines(stream);
  input.format_ = Format::json_document;
  return input;
}

BatchInput BatchInput::json_document(std::string_view bytes) {
  BatchInput input = json_lines(bytes);
  input.format_ = Format::json_document;
  return input;
}

BatchInput BatchInput::csv(std::FILE* stream, SideFiles side_files) {
  BatchInput input = json_lines(stream);
  input.format_ = Format::csv;
  input.side_files_ = std::move(side_files);
  return input;
}

BatchInput BatchInput::csv(std::string_view bytes, SideFiles side_files) {
  BatchInput input = json_lines(bytes);
  input.format_ = Format::csv;
  input.side_files_ = std::move(side_files);
  return input;
}

BatchInput BatchInput::records(RecordFeed& feed) {
  BatchInput input;
  input.format_ = Format::fed;
  input.feed_ = &feed;
  return input;
}

std::size_t BatchSummary::unused_side_rows() const {
  std::size_t rows = 0;
  for (const SideFileUse& file : side_files) rows += file.unused;
  return rows;
}

namespace {

using vm::Batch;
using vm::BatchWorker;
using vm::CountingSink;
using vm::PipelineEnd;
using Workers = std::vector<std::unique_ptr<BatchWorker>>;

Workers make_workers(const vm::Program& program, const BatchOptions& options, const vm::CsvAccountDecoder* csv) {
  Workers workers;
  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  for (std::size_t i = 0; i < threads; ++i) workers.push_back(std::make_unique<BatchWorker>(program, options, csv));
  return workers;
}

void finish(BatchSummary& summary, PipelineEnd end, int read_errno, const CountingSink& sink) {
  summary.records = sink.records();
  summary.rejected = sink.rejected();
  summary.future_records = sink.future_records();
  summary.first_future = sink.first_future();
  if (end == PipelineEnd::read_failed) {
    summary.failure = BatchSummary::Failure::read;
    summary.read_errno = read_errno;
  } else if (end == PipelineEnd::stopped) {
    summary.failure = BatchSummary::Failure::stopped;
  }
}

BatchSummary decide_document(const vm::Program& program, const BatchInput& input, const BatchOptions& options,
                             CountingSink& sink) {
  BatchSummary summary;
  std::string text;
  vm::JsonLine line{input.bytes(), 1, input.bytes().size()};
  if (line.bytes > vm::kMaxRecordBytes) line.text = line.text.substr(0, vm::kCutRecordPrefixBytes);
  if (input.stream() != nullptr) {
    if (!vm::read_json_document(input.stream(), text, line.bytes)) {
      finish(summary, PipelineEnd::read_failed, errno, sink);
      return summary;
    }
    line.text = text;
  }
  BatchWorker worker(program, options, nullptr);
  Batch batch;
  worker.decide_document(line, batch);
  const bool go_on = sink.on_results(batch.results());
  finish(summary, go_on ? PipelineEnd::done : PipelineEnd::stopped, 0, sink);
  return summary;
}

SideFileError public_error(const vm::SideError& error) {
  return SideFileError{error.side,  error.file,     error.line,  error.account_id,
                       error.field, error.expected, error.found, error.message};
}

// Signals, then contacts. False, with the error last in `errors`, if one cannot be used.
bool load_side_files(const SideFiles& files, vm::SideTables& side, std::vector<vm::SideError>& errors) {
  auto load = [&](const std::optional<SideFileSource>& source, bool signals) {
    if (!source) return true;
    if (source->content) {
      return signals ? side.add_signals(source->path, *source->content, errors)
                     : side.add_contacts(source->path, *source->content, errors);
    }
    return signals ? side.load_signals(source->path, errors) : side.load_contacts(source->path, errors);
  };
  return load(files.signals, true) && load(files.contacts, false);
}

// Maps the header row's columns; false, with the failure in `summary`, when it is unusable
// (an empty input has no header and no records, which is fine).
bool read_header(vm::CsvReader& reader, vm::CsvAccountDecoder& decoder, BatchSummary& summary) {
  vm::CsvRow row;
  vm::CsvError csv_error;
  vm::DecodeError error;
  const auto result = reader.next(row, csv_error);
  if (result == vm::CsvReader::Result::error) {
    summary.failure = BatchSummary::Failure::csv_header;
    summary.line = csv_error.line;
    summary.message = "the header row: " + csv_error.message;
    return false;
  }
  if (result == vm::CsvReader::Result::row && !decoder.set_header(row, error)) {
    summary.failure = BatchSummary::Failure::csv_header;
    summary.line = row.line();
    summary.message = error.message;
    return false;
  }
  return true;
}

// Side rows no account used go to the sink after the last record; the sink is not called
// again once it returned false.
bool report_unused(const vm::SideTables& side, CountingSink& sink, BatchSummary& summary) {
  bool go_on = true;
  const std::vector<std::size_t> unused = side.unused([&](const vm::SideError& error) {
    if (go_on) go_on = sink.on_side_file_error(public_error(error));
  });
  for (std::size_t i = 0; i < side.files().size(); ++i) {
    const vm::SideFile& file = side.files()[i];
    summary.side_files.push_back(SideFileUse{file.side, file.name, file.rows, unused[i]});
  }
  return go_on;
}

// Rows are read on the calling thread and decided on the workers; signals and contacts are
// joined by account id from side tables every worker reads.
BatchSummary decide_csv(const vm::Program& program, const BatchInput& input, const BatchOptions& options,
                        CountingSink& sink) {
  BatchSummary summary;
  vm::SideTables side;
  std::vector<vm::SideError> side_errors;
  if (!load_side_files(input.side_files(), side, side_errors)) {
    summary.failure = BatchSummary::Failure::side_file;
    summary.message = side_errors.back().message;
    return summary;
  }
  std::optional<vm::CsvReader> reader;
  if (input.stream() != nullptr) {
    reader.emplace(input.stream());
  } else {
    reader.emplace(input.bytes());
  }
  vm::CsvAccountDecoder decoder(program.schema);
  decoder.set_side_tables(&side);
  decoder.set_column_map(input.column_map());
  if (!read_header(*reader, decoder, summary)) return summary;
  for (const vm::SideError& error : side_errors) {
    if (!sink.on_side_file_error(public_error(error))) {
      finish(summary, PipelineEnd::stopped, 0, sink);
      return summary;
    }
  }
  const Workers workers = make_workers(program, options, &decoder);
  const std::unique_ptr<vm::BatchSource> source = vm::make_batch_source(input, &*reader);
  int read_errno = 0;
  PipelineEnd end = vm::run_pipeline(*source, input.format(), workers, sink, read_errno);
  if (end == PipelineEnd::done && !report_unused(side, sink, summary)) end = PipelineEnd::stopped;
  finish(summary, end, read_errno, sink);
  return summary;
}

}  // namespace

BatchSummary decide_stream(const Program& program, const BatchInput& input, const BatchOptions& options,
                           BatchSink& sink) {
  return decide_stream(internal::ProgramAccess::vm_program(program), input, options, sink);
}

BatchSummary decide_stream(const vm::Program& program, const BatchInput& input, const BatchOptions& options,
                           BatchSink& sink) {
  CountingSink counting(sink);
  switch (input.format()) {
    case BatchInput::Format::json_document: return decide_document(program, input, options, counting);
    case BatchInput::Format::csv: return decide_csv(program, input, options, counting);
    case BatchInput::Format::json_lines:
    case BatchInput::Format::fed: break;
  }
  BatchSummary summary;
  const Workers workers = make_workers(program, options, nullptr);
  const std::unique_ptr<vm::BatchSource> source = vm::make_batch_source(input, nullptr);
  int read_errno = 0;
  const PipelineEnd end = vm::run_pipeline(*source, input.format(), workers, counting, read_errno);
  finish(summary, end, read_errno, counting);
  return summary;
}

}  // namespace icp
