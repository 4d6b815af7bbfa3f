// Where the batch API's batches come from (private to runtime/api): JSON Lines from a
// stream or from bytes in memory, records a host feeds, CSV rows. Input: a BatchInput.
// Output: Batches of about 1 MiB of input, read on the calling thread, in input order.
#pragma once

#include <cstddef>
#include <memory>

#include "icp/batch.hpp"
#include "runtime/api/batch_worker.hpp"
#include "runtime/input/csv.hpp"

namespace icp::vm {

// About 256 KiB of input per batch (about 500 accounts): large enough that handing a batch
// to a thread is noise (a batch is about 0.3 ms of work), small enough that the batches in
// flight stay in cache and their decision buffers few pages: an audited batch's lines are
// about 7 times its input, and with 1 MiB batches the buffers of the first batches in flight
// (tens of MB, first-touched and grown by copying) cost more CPU than deciding 10,000 accounts.
inline constexpr std::size_t kBatchBytes = std::size_t{256} << 10;

class BatchSource {
 public:
  virtual ~BatchSource() = default;
  // Fills `batch` with the next input (its first_number is the caller's). False on a read
  // error (errno is set). After the last batch at_end() is true; a batch may be empty.
  virtual bool read(Batch& batch) = 0;
  // The lines (or fed records) the batch holds, so that the next batch can be numbered
  // before this one is decided. 0 for CSV, whose reader numbers the rows itself.
  virtual std::size_t numbers_in(const Batch& batch) const = 0;
  bool at_end() const { return at_end_; }

 protected:
  bool at_end_ = false;
};

// JSON Lines or fed records; `csv` reads the rows of CSV input (its header already read).
std::unique_ptr<BatchSource> make_batch_source(const BatchInput& input, CsvReader* csv);

}  // namespace icp::vm
