// `icpc eval`'s input side: JSON Lines read in bounded batches; with N > 1 threads, N
// workers evaluate whole batches while the caller reads ahead and writes the finished
// batches back in input order. Memory stays flat in the input size, and the output bytes
// do not depend on N.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "runtime/input/json_lines.hpp"
#include "tools/icpc/output_file.hpp"

namespace icp::cli {

// A line without its ending, its 1-based number and full length; a line over the record
// limit holds only its first bytes (decode it with JsonDecoder::decode_line).
using InputLine = vm::JsonLine;

// Called on worker `worker` (0..threads-1) for each non-blank line; appends the line's
// output to `out` and any rejection to `errors`. Workers never share state.
using LineHandler =
    std::function<void(std::size_t worker, const InputLine& line, std::string& out, std::string& errors)>;

struct StreamStats {
  std::size_t records = 0;
  std::size_t bytes = 0;
};

// Reads `input` to its end. `progress` is called between batches with the bytes read so far
// (for the progress bar). Returns false on a read error (errno is set). A failed write to
// `output` or `errors` throws WriteError and stops the reading there.
bool stream_records(std::FILE* input, std::size_t threads, const LineHandler& handle, Output& output,
                    Output& errors, const std::function<void(const StreamStats&)>& progress, StreamStats& stats);

// A one-line progress bar on stderr with rate and ETA (total_bytes 0 = unknown size).
class ProgressBar {
 public:
  explicit ProgressBar(std::size_t total_bytes);
  void update(const StreamStats& stats);
  void finish(const StreamStats& stats);

 private:
  std::size_t total_bytes_;
  double started_ = 0;
  double last_draw_ = 0;
};

}  // namespace icp::cli
