// Raising the public API's failures as icp's Python exceptions (errors.hpp). Input: the C++
// error values. Output: instances of the classes of icp/_types.py, raised or returned.
#include "python/src/errors.hpp"

#include <fmt/format.h>

namespace icp::python {
namespace {

py::object severity_name(CompileDiagnostic::Severity severity) {
  return py::str(severity == CompileDiagnostic::Severity::error ? "error" : "warning");
}

py::object make_diagnostic(const CompileDiagnostic& d) {
  return types_attr("Diagnostic")(d.file, d.line, d.column, d.end_line, d.end_column, severity_name(d.severity), d.code,
                                  d.message, d.help);
}

// "file:line:col: warning[W0101]: message", the first line `icpc check` prints for it.
std::string headline(const CompileDiagnostic& d) {
  std::string text = d.file;
  if (d.line > 0) text += fmt::format(":{}:{}", d.line, d.column);
  if (!text.empty()) text += ": ";
  text += d.severity == CompileDiagnostic::Severity::error ? "error" : "warning";
  if (!d.code.empty()) text += fmt::format("[{}]", d.code);
  return text + ": " + d.message;
}

}  // namespace

py::object types_attr(const char* name) {
  // Deliberately never freed: a static py::object would be released after the interpreter.
  static py::object* types = new py::object(py::module_::import("icp._types"));
  return types->attr(name);
}

py::object make_record_error(const RecordError& error, std::optional<std::size_t> line) {
  py::object number = line ? py::object(py::int_(*line)) : py::object(py::none());
  return types_attr("RecordError")(error.message, error.record_id, error.field, error.expected, error.found, number);
}

py::object make_record_error(const RejectedRecord& rejection) {
  return types_attr("RecordError")(rejection.message, rejection.id, rejection.field, rejection.expected,
                                   rejection.found, rejection.line);
}

void raise(py::object exception) {
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exception.ptr())), exception.ptr());
  throw py::error_already_set();
}

void raise_record_error(const RecordError& error) { raise(make_record_error(error, std::nullopt)); }

void raise_load_error(const LoadError& error, const std::string& source) {
  const char* kind = error.kind == LoadError::Kind::io ? "io" : "invalid";
  raise(types_attr("LoadError")(error.message, kind, error.offset, source));
}

void raise_compile_error(const CompileResult& result) {
  py::list diagnostics;
  for (const CompileDiagnostic& d : result.diagnostics) diagnostics.append(make_diagnostic(d));
  raise(types_attr("CompileError")(result.rendered, diagnostics));
}

void warn_compile_warnings(const CompileResult& result) {
  const py::object category = types_attr("CompileWarning");
  for (const CompileDiagnostic& d : result.diagnostics) {
    if (d.severity != CompileDiagnostic::Severity::warning) continue;
    const std::string text = headline(d);
    if (PyErr_WarnEx(category.ptr(), text.c_str(), 1) != 0) throw py::error_already_set();
  }
}

}  // namespace icp::python
