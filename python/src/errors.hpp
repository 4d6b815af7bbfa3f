// The public API's failures as Python exceptions: the classes live in icp/_types.py (so they
// pickle, print and document as Python classes do); this makes and raises them. Input: a
// RecordError, RejectedRecord, LoadError or CompileResult. Output: an exception object, or a
// py::error_already_set thrown with it set.
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <optional>
#include <string>

#include "icp/icp.hpp"

namespace icp::python {

namespace py = pybind11;

// icp._types.<name>: the exception and value classes, imported once.
py::object types_attr(const char* name);

// An icp.RecordError; `line` is the record's place in a batch (None for one record).
py::object make_record_error(const RecordError& error, std::optional<std::size_t> line);
py::object make_record_error(const RejectedRecord& rejection);

[[noreturn]] void raise(py::object exception);
[[noreturn]] void raise_record_error(const RecordError& error);
// icp.LoadError: `source` names the artifact (a path, or "<bytes>").
[[noreturn]] void raise_load_error(const LoadError& error, const std::string& source);
// icp.CompileError, with the rendered text and every diagnostic as an icp.Diagnostic.
[[noreturn]] void raise_compile_error(const CompileResult& result);
// Each warning of a successful compile through Python's warnings module (icp.CompileWarning):
// a notebook shows it, `-W error` or a filter decides whether it fails.
void warn_compile_warnings(const CompileResult& result);

}  // namespace icp::python
