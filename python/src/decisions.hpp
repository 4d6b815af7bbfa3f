// icp.Decisions: the results of decide_many, in input order, each a decision or the
// RecordError of a rejected record. Input: a BatchSink's batches (decision lines and
// rejections). Output: a Python sequence whose items are made when read, and the decision
// lines themselves, the bytes `icpc eval` writes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pybind11/pybind11.h>

#include "icp/icp.hpp"
#include "python/src/line_arena.hpp"

namespace icp::python {

namespace py = pybind11;

// A decision line as the dict json.loads gives for it (the one meaning of a decision dict:
// decide, decide_many and decide_frame all make theirs here).
py::object decision_dict(std::string_view line);

class Decisions {
 public:
  // Appends one batch of results (called by the sink, without the GIL).
  void append(const BatchResults& results);
  void add_side_file_error(const SideFileError& error);

  std::size_t size() const { return entries_.size(); }
  std::size_t rejected() const { return rejections_.size(); }
  // The item at `index` (0-based, already in range): a dict, or an icp.RecordError.
  py::object item(std::size_t index) const;
  // Every decision line, '\n'-terminated, rejected records left out: `icpc eval`'s output.
  py::bytes lines() const;
  const std::vector<RejectedRecord>& rejections() const { return rejections_; }
  const std::string& side_file_errors() const { return side_file_errors_; }

 private:
  // One record: its decision line, or (data null) the index of its rejection in rejections_.
  struct Entry {
    const char* data = nullptr;
    std::size_t size = 0;
  };
  // The decision lines, each batch copied once into an arena (never one growing string, which
  // would copy every line again at each doubling).
  LineArena lines_;
  std::vector<Entry> entries_;
  std::vector<RejectedRecord> rejections_;
  std::string side_file_errors_;  // JSON Lines, as `icpc eval --errors` writes them
};

}  // namespace icp::python
