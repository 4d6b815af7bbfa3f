// icp.Decisions (decisions.hpp): decide_many's results kept as the decision lines and the
// rejections, in input order, and a dict or RecordError made for an item only when it is read
// (so a batch costs no Python object per record until the caller asks for one).
// Input: BatchResults. Output: a Python sequence, and the lines as bytes.
#include "python/src/decisions.hpp"

#include <algorithm>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "python/src/errors.hpp"
#include "python/src/program.hpp"

namespace icp::python {

py::object decision_dict(std::string_view line) {
  // Deliberately never freed: a static py::object would be released after the interpreter.
  static py::object* loads = new py::object(py::module_::import("json").attr("loads"));
  py::object text = py::reinterpret_steal<py::object>(
      PyUnicode_DecodeUTF8(line.data(), static_cast<Py_ssize_t>(line.size()), "strict"));
  if (!text) throw py::error_already_set();
  return (*loads)(text);
}

void Decisions::append(const BatchResults& results) {
  const std::string_view text = results.decisions.empty() ? std::string_view() : lines_.append(results.decisions);
  std::size_t position = 0;
  std::size_t next_rejection = 0;
  // A rejection stands just before the decision line starting at its offset.
  while (position < text.size() || next_rejection < results.rejections.size()) {
    if (next_rejection < results.rejections.size() && results.rejections[next_rejection].offset <= position) {
      entries_.push_back({nullptr, rejections_.size()});
      rejections_.push_back(results.rejections[next_rejection++]);
      continue;
    }
    const void* newline = std::memchr(text.data() + position, '\n', text.size() - position);
    const std::size_t end = newline != nullptr ? static_cast<std::size_t>(static_cast<const char*>(newline) - text.data())
                                               : text.size();
    entries_.push_back({text.data() + position, end - position});
    position = end + 1;
  }
}

py::bytes Decisions::lines() const {
  py::bytes bytes = py::reinterpret_steal<py::bytes>(PyBytes_FromStringAndSize(nullptr, static_cast<Py_ssize_t>(lines_.size())));
  if (!bytes) throw py::error_already_set();
  char* out = PyBytes_AS_STRING(bytes.ptr());
  lines_.for_each([&](std::string_view text) { out = std::copy(text.begin(), text.end(), out); });
  return bytes;
}

void Decisions::add_side_file_error(const SideFileError& error) { append_json(error, side_file_errors_); }

py::object Decisions::item(std::size_t index) const {
  const Entry& entry = entries_[index];
  if (entry.data == nullptr) return make_record_error(rejections_[entry.size]);
  return decision_dict(std::string_view(entry.data, entry.size));
}

namespace {

using DecisionsPtr = std::shared_ptr<Decisions>;

struct DecisionsIterator {
  DecisionsPtr decisions;
  std::size_t next = 0;
};

std::size_t checked_index(const Decisions& self, std::ptrdiff_t index) {
  const auto size = static_cast<std::ptrdiff_t>(self.size());
  if (index < 0) index += size;
  if (index < 0 || index >= size) throw py::index_error("Decisions index out of range");
  return static_cast<std::size_t>(index);
}

py::list lines_as_dicts(const std::string& lines) {
  py::list items;
  std::size_t position = 0;
  while (position < lines.size()) {
    const std::size_t end = lines.find('\n', position);
    items.append(decision_dict(std::string_view(lines).substr(position, end - position)));
    position = end + 1;
  }
  return items;
}

}  // namespace

void bind_decisions(py::module_& module) {
  py::class_<DecisionsIterator>(module, "_DecisionsIterator")
      .def("__iter__", [](DecisionsIterator& self) -> DecisionsIterator& { return self; })
      .def("__next__", [](DecisionsIterator& self) {
        if (self.next >= self.decisions->size()) throw py::stop_iteration();
        return self.decisions->item(self.next++);
      });

  py::class_<Decisions, DecisionsPtr>(module, "Decisions",
                                      "The results of Program.decide_many, in input order: for each record its\n"
                                      "decision (a dict, as Program.decide returns) or, for a rejected record, an\n"
                                      "icp.RecordError in its place. A sequence: len(), indexing (negative too),\n"
                                      "slices and iteration; each item is made when read.")
      .def("__len__", &Decisions::size)
      .def("__getitem__",
           [](const Decisions& self, std::ptrdiff_t index) { return self.item(checked_index(self, index)); })
      .def("__getitem__",
           [](const Decisions& self, const py::slice& slice) {
             std::size_t start = 0, stop = 0, step = 0, length = 0;
             if (!slice.compute(self.size(), &start, &stop, &step, &length)) throw py::error_already_set();
             py::list items;
             for (std::size_t i = 0; i < length; ++i, start += step) items.append(self.item(start));
             return items;
           })
      .def("__iter__", [](const DecisionsPtr& self) { return DecisionsIterator{self, 0}; })
      .def_property_readonly(
          "decided", [](const Decisions& self) { return self.size() - self.rejected(); },
          "How many records were decided.")
      .def_property_readonly("rejected", &Decisions::rejected, "How many records were rejected.")
      .def_property_readonly(
          "errors",
          [](const Decisions& self) {
            py::list errors;
            for (const RejectedRecord& rejection : self.rejections()) errors.append(make_record_error(rejection));
            return errors;
          },
          "The rejected records' icp.RecordError values, in input order (each with its .line).")
      .def_property_readonly(
          "side_file_errors",
          [](const Decisions& self) { return lines_as_dicts(self.side_file_errors()); },
          "CSV input with side files: the side-file rows not used, as the dicts `icpc eval\n"
          "--errors` writes (side, file, line, account_id, field, expected, found, message).")
      .def(
          "json_lines", &Decisions::lines,
          "The decision lines, each ending in a line break, rejected records left out: byte for\n"
          "byte what `icpc eval` writes for the same program, input and as_of.")
      .def("__repr__", [](const Decisions& self) {
        return fmt::format("<icp.Decisions: {} records, {} rejected>", self.size(), self.rejected());
      });
}

}  // namespace icp::python
