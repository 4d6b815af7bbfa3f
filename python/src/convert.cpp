// Python values -> JSON text and Python dates -> icp::Date (convert.hpp). Input: Python
// objects, with the GIL held. Output: JSON appended to a std::string, or a Date; a value JSON
// cannot hold raises TypeError or ValueError naming where it is.
#include "python/src/convert.hpp"

#include <datetime.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace icp::python {
namespace {

// datetime.h's C API is a per-file static pointer, set by PyDateTime_IMPORT.
void import_datetime() {
  if (PyDateTimeAPI == nullptr) {
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == nullptr) throw py::error_already_set();
  }
}

bool type_named(py::handle value, std::string_view name) {
  return std::string_view(Py_TYPE(value.ptr())->tp_name) == name;
}

// pandas' missing markers, told by their type's name so that pandas is never imported here.
bool is_pandas_missing(py::handle value) {
  const std::string_view name = Py_TYPE(value.ptr())->tp_name;
  return name == "NaTType" || name == "NAType" || name.ends_with(".NaTType") || name.ends_with(".NAType");
}

// "a value of type `set`": how a message names what it was given.
std::string describe(py::handle value) {
  return fmt::format("a value of type `{}`", std::string(py::str(py::type::handle_of(value).attr("__qualname__"))));
}

std::string where(const ValuePath* path) { return path == nullptr ? std::string("record") : path->text(); }

void append_float(double value, std::string& out, const ValuePath* path) {
  if (std::isnan(value)) {
    out += "null";
    return;
  }
  if (std::isinf(value)) throw py::value_error(fmt::format("{}: {} is not a JSON number", where(path), value));
  // Python's repr (the shortest text that reads back the same double), as json.dumps writes.
  char* text = PyOS_double_to_string(value, 'r', 0, Py_DTSF_ADD_DOT_0, nullptr);
  if (text == nullptr) throw py::error_already_set();
  out += text;
  PyMem_Free(text);
}

void append_int(py::handle value, std::string& out) {
  int overflow = 0;
  const long long number = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow == 0 && !(number == -1 && PyErr_Occurred())) {
    fmt::format_to(std::back_inserter(out), "{}", number);
    return;
  }
  PyErr_Clear();
  out += std::string(py::str(value));  // beyond 64 bits: its digits, which the decoder rejects by range
}

void append_date(py::handle value, std::string& out) {
  const int year = PyDateTime_GET_YEAR(value.ptr());
  const int month = PyDateTime_GET_MONTH(value.ptr());
  const int day = PyDateTime_GET_DAY(value.ptr());
  fmt::format_to(std::back_inserter(out), "\"{:04}-{:02}-{:02}\"", year, month, day);
}

void append_object(py::handle mapping, std::string& out, const ValuePath* path, int depth) {
  out += '{';
  bool first = true;
  auto member = [&](py::handle key, py::handle item) {
    if (!PyUnicode_Check(key.ptr())) {
      throw py::type_error(fmt::format("{}: keys must be str, found {}", where(path), describe(key)));
    }
    if (!first) out += ',';
    first = false;
    const std::string_view name = utf8_view(key);
    append_json_string(name, out);
    out += ':';
    const ValuePath member_path{path, name};
    append_value(item, out, &member_path, depth + 1);
  };
  if (PyDict_Check(mapping.ptr())) {
    PyObject *key = nullptr, *item = nullptr;
    Py_ssize_t position = 0;
    py::dict dict = py::reinterpret_borrow<py::dict>(mapping);  // holds it while its items are written
    while (PyDict_Next(dict.ptr(), &position, &key, &item)) member(key, item);
  } else {
    py::object items = py::reinterpret_steal<py::object>(PyMapping_Items(mapping.ptr()));
    if (!items) throw py::error_already_set();
    for (py::handle pair : items) member(pair[py::int_(0)], pair[py::int_(1)]);
  }
  out += '}';
}

void append_array(py::handle sequence, std::string& out, const ValuePath* path, int depth) {
  out += '[';
  std::size_t index = 0;
  for (py::handle item : sequence) {
    if (index > 0) out += ',';
    const ValuePath element_path{path, {}, index++};
    append_value(item, out, &element_path, depth + 1);
  }
  out += ']';
}

// A set's items in the order of their JSON text, so the same set always gives the same bytes.
void append_set(py::handle set, std::string& out, const ValuePath* path, int depth) {
  std::vector<std::string> items;
  const ValuePath member_path{path, {}, ValuePath::kSetMember};
  for (py::handle item : set) append_value(item, items.emplace_back(), &member_path, depth + 1);
  std::sort(items.begin(), items.end());
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += items[i];
  }
  out += ']';
}

bool is_container(py::handle value) {
  PyObject* object = value.ptr();
  return PyDict_Check(object) || PyList_Check(object) || PyTuple_Check(object) || PyAnySet_Check(object) ||
         (PyMapping_Check(object) && !PyUnicode_Check(object) && !PyBytes_Check(object));
}

}  // namespace

std::string ValuePath::text() const {
  std::vector<const ValuePath*> steps;
  for (const ValuePath* step = this; step != nullptr; step = step->parent) steps.push_back(step);
  std::string text;
  for (auto step = steps.rbegin(); step != steps.rend(); ++step) {
    if (!(*step)->key.empty()) {
      if (!text.empty()) text += '.';
      text += (*step)->key;
    } else if ((*step)->index == kSetMember) {
      text += "[]";
    } else {
      text += fmt::format("[{}]", (*step)->index);
    }
  }
  return text;
}

std::string_view utf8_view(py::handle value) {
  if (PyUnicode_Check(value.ptr())) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
    if (data == nullptr) throw py::error_already_set();  // a lone surrogate: not UTF-8
    return {data, static_cast<std::size_t>(size)};
  }
  if (PyBytes_Check(value.ptr())) {
    return {PyBytes_AS_STRING(value.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(value.ptr()))};
  }
  if (PyByteArray_Check(value.ptr())) {
    return {PyByteArray_AS_STRING(value.ptr()), static_cast<std::size_t>(PyByteArray_GET_SIZE(value.ptr()))};
  }
  throw py::type_error(fmt::format("expected str or bytes, found {}", describe(value)));
}

void append_json_string(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += kHex[byte >> 4];
          out += kHex[byte & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

bool is_missing(py::handle value) {
  if (value.is_none()) return true;
  if (PyFloat_Check(value.ptr())) return std::isnan(PyFloat_AS_DOUBLE(value.ptr()));
  return is_pandas_missing(value);
}

void append_value(py::handle value, std::string& out, const ValuePath* path, int depth) {
  import_datetime();
  PyObject* object = value.ptr();
  // The types JSON records are made of come first: most values are one of them.
  if (depth > kMaxRecordDepth && is_container(value)) {
    out += "[]";  // one level too deep: the decoder rejects the record for its depth
  } else if (object == Py_None) {
    out += "null";
  } else if (PyBool_Check(object)) {
    out += object == Py_True ? "true" : "false";
  } else if (PyLong_Check(object)) {
    append_int(value, out);
  } else if (PyFloat_Check(object)) {
    append_float(PyFloat_AS_DOUBLE(object), out, path);
  } else if (PyUnicode_Check(object)) {
    append_json_string(utf8_view(value), out);
  } else if (PyDict_Check(object)) {
    append_object(value, out, path, depth);
  } else if (PyList_Check(object) || PyTuple_Check(object)) {
    append_array(value, out, path, depth);
  } else if (is_pandas_missing(value)) {  // before dates: pandas' NaT is a datetime
    out += "null";
  } else if (PyDate_Check(object)) {  // datetime and pandas' Timestamp too: their calendar day
    append_date(value, out);
  } else if (PyAnySet_Check(object)) {
    append_set(value, out, path, depth);
  } else if (PyMapping_Check(object) && py::hasattr(value, "items")) {
    append_object(value, out, path, depth);
  } else if (type_named(value, "decimal.Decimal")) {
    out += std::string(py::str(value));
  } else if (type_named(value, "numpy.bool_")) {
    out += PyObject_IsTrue(object) ? "true" : "false";
  } else if (PyIndex_Check(object)) {  // NumPy's integers
    append_int(py::reinterpret_steal<py::object>(PyNumber_Index(object)), out);
  } else if (py::hasattr(value, "tolist")) {  // NumPy arrays and pandas' array types
    append_value(value.attr("tolist")(), out, path, depth);
  } else {
    throw py::type_error(fmt::format("{}: {} has no JSON form (use str, int, float, bool, None, date, list, set "
                                     "or dict)",
                                     where(path), describe(value)));
  }
}

void append_record(py::handle record, std::string& out) {
  if (PyUnicode_Check(record.ptr()) || PyBytes_Check(record.ptr()) || PyByteArray_Check(record.ptr())) {
    out += utf8_view(record);
    return;
  }
  if (!PyMapping_Check(record.ptr()) || PyList_Check(record.ptr()) || PyTuple_Check(record.ptr()) ||
      !py::hasattr(record, "items")) {
    throw py::type_error(fmt::format("a record is a dict or its JSON text (str or bytes), not {}", describe(record)));
  }
  append_value(record, out);
}

Date to_date(py::handle value, std::string_view what) {
  import_datetime();
  if (PyDate_Check(value.ptr()) && !is_pandas_missing(value)) {
    const int year = PyDateTime_GET_YEAR(value.ptr());
    const int month = PyDateTime_GET_MONTH(value.ptr());
    const int day = PyDateTime_GET_DAY(value.ptr());
    return date_from_civil(year, month, day);
  }
  if (PyUnicode_Check(value.ptr())) {
    const std::string_view text = utf8_view(value);
    if (const std::optional<Date> date = parse_date(text)) return *date;
    throw py::value_error(fmt::format("{}: expected a date \"YYYY-MM-DD\", found {}", what,
                                      std::string(py::repr(value))));
  }
  throw py::type_error(fmt::format("{}: expected a datetime.date or a \"YYYY-MM-DD\" str, found {}", what,
                                   describe(value)));
}

py::object to_py_date(Date date) {
  import_datetime();
  int year = 0, month = 0, day = 0;
  civil_from_date(date, year, month, day);
  PyObject* object = PyDate_FromDate(year, month, day);
  if (object == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(object);
}

}  // namespace icp::python
