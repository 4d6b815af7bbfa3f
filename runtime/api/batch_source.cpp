// The batch sources (batch_source.hpp) and FedRecords (icp/batch.hpp). A stream is read by
// vm::LineBlockReader, so a line over the record limit is never held whole; bytes in memory
// are cut into views at line ends, never copied.
#include "runtime/api/batch_source.hpp"

#include <algorithm>
#include <string_view>

#include "runtime/input/json_limits.hpp"

namespace icp {

void FedRecords::add(std::string_view json) {
  const std::size_t kept = json.size() > vm::kMaxRecordBytes ? vm::kCutRecordPrefixBytes : json.size();
  entries_.push_back(Entry{text_.size(), kept, json.size()});
  text_.append(json.substr(0, kept));
}

bool FedRecords::full() const { return text_.size() >= vm::kBatchBytes; }

void FedRecords::clear() {
  text_.clear();
  entries_.clear();
}

}  // namespace icp

namespace icp::vm {
namespace {

// memchr per line: std::count is not vectorized at -O2 and cost 6% of a batch's CPU.
std::size_t count_newlines(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1)) ++n;
  return n;
}

class StreamLines final : public BatchSource {
 public:
  explicit StreamLines(std::FILE* stream) : reader_(stream, kBatchBytes) {}
  bool read(Batch& batch) override {
    const bool ok = reader_.read(batch.block);
    batch.text = batch.block.text();
    batch.cut = batch.block.cut;
    batch.input_bytes = reader_.bytes_read();
    at_end_ = reader_.at_end() || !ok;
    return ok;
  }
  std::size_t numbers_in(const Batch& batch) const override { return count_newlines(batch.text); }

 private:
  LineBlockReader reader_;
};

// Views of whole lines; a line over kMaxRecordBytes is viewed whole, and the decoder rejects
// it unread, as it does a line the stream reader cut.
class MemoryLines final : public BatchSource {
 public:
  explicit MemoryLines(std::string_view bytes) : bytes_(bytes) {}
  bool read(Batch& batch) override {
    std::size_t end = bytes_.size();
    if (bytes_.size() - begin_ > kBatchBytes) {
      const std::size_t newline = bytes_.find('\n', begin_ + kBatchBytes - 1);
      if (newline != std::string_view::npos) end = newline + 1;
    }
    batch.text = bytes_.substr(begin_, end - begin_);
    batch.cut = {};
    begin_ = end;
    batch.input_bytes = end;
    at_end_ = end == bytes_.size();
    return true;
  }
  std::size_t numbers_in(const Batch& batch) const override { return count_newlines(batch.text); }

 private:
  std::string_view bytes_;
  std::size_t begin_ = 0;
};

class Fed final : public BatchSource {
 public:
  explicit Fed(RecordFeed& feed) : feed_(feed) {}
  bool read(Batch& batch) override {
    batch.fed.clear();
    at_end_ = !feed_.fill(batch.fed);
    for (const FedRecords::Entry& entry : batch.fed.entries()) bytes_ += entry.bytes;
    batch.input_bytes = bytes_;
    return true;
  }
  std::size_t numbers_in(const Batch& batch) const override { return batch.fed.entries().size(); }

 private:
  RecordFeed& feed_;
  std::size_t bytes_ = 0;
};

class CsvRows final : public BatchSource {
 public:
  explicit CsvRows(CsvReader& reader) : reader_(reader) {}
  // Rows until about kBatchBytes of cells, counting each cell's string too (a CRM export
  // may have hundreds of short columns), so that every slot's rows stay near that size.
  bool read(Batch& batch) override {
    batch.row_count = 0;
    for (std::size_t bytes = 0; bytes < kBatchBytes;) {
      if (batch.row_count == batch.rows.size()) batch.rows.emplace_back();
      Batch::Row& row = batch.rows[batch.row_count];
      const CsvReader::Result result = reader_.next(row.cells, row.error);
      if (result == CsvReader::Result::end) {
        at_end_ = true;
        break;
      }
      row.refused = result == CsvReader::Result::error;
      ++batch.row_count;
      bytes += sizeof(Batch::Row);
      for (std::size_t c = 0; c < row.cells.size(); ++c) bytes += row.cells[c].size() + sizeof(std::string);
    }
    batch.input_bytes = reader_.bytes_read();
    return !reader_.read_failed();
  }
  std::size_t numbers_in(const Batch&) const override { return 0; }

 private:
  CsvReader& reader_;
};

}  // namespace

std::unique_ptr<BatchSource> make_batch_source(const BatchInput& input, CsvReader* csv) {
  if (csv != nullptr) return std::make_unique<CsvRows>(*csv);
  if (input.feed() != nullptr) return std::make_unique<Fed>(*input.feed());
  if (input.stream() != nullptr) return std::make_unique<StreamLines>(input.stream());
  return std::make_unique<MemoryLines>(input.bytes());
}

}  // namespace icp::vm
