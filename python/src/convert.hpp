// Python values -> the JSON text of an account record, and Python dates -> icp::Date: the type
// conversions of the Python host. Input: a record (a dict or JSON text) or a frame's cells, and
// an as_of. Output: one JSON object appended to a std::string, which a Session decodes exactly
// as it would the same line from a file. Every function here runs with the GIL held.
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>

#include "icp/icp.hpp"

namespace icp::python {

namespace py = pybind11;

// The deepest a record may nest (KEEP IN SYNC: docs/reliability.md "Account records", 64).
// A Python value nested deeper is written only down to one level past it, so the decoder
// rejects the record for its depth, as it would the JSON text, and a cycle ends.
inline constexpr int kMaxRecordDepth = 64;

// `as_of` or `today`: a datetime.date (a datetime or a pandas Timestamp gives its own calendar
// day; no time zone is applied) or an ISO "YYYY-MM-DD" str. Raises ValueError or TypeError
// naming `what`.
Date to_date(py::handle value, std::string_view what);

// A date as the calendar day of a datetime.date.
py::object to_py_date(Date date);

// Whether a cell holds no value: None, a float NaN, pandas' NaT or NA.
bool is_missing(py::handle value);

// Where a value stands in a record, for messages alone: a chain of steps up to the record,
// made into text ("signals[3].at") only when a value is refused, so writing a record builds
// no string per key.
struct ValuePath {
  const ValuePath* parent = nullptr;
  std::string_view key;  // a member's name; empty for an element
  std::size_t index = 0;  // an element's place; kSetMember for a set's (which has none)
  static constexpr std::size_t kSetMember = static_cast<std::size_t>(-1);
  std::string text() const;  // "record" for the record itself
};

// Appends `value` as JSON, mapping Python's types one to one: None null, bool, int, float
// (NaN null; an infinity raises ValueError), str, a Mapping an object (its keys must be str),
// list and tuple arrays, set and frozenset arrays sorted by their JSON text (a set has no
// order, the output must have one), datetime.date "YYYY-MM-DD", decimal.Decimal its text,
// NumPy scalars and arrays as their values. Anything else raises TypeError naming `path`.
void append_value(py::handle value, std::string& out, const ValuePath* path = nullptr, int depth = 0);

// Appends one record: a Mapping through append_value, or JSON text given as str or bytes
// (appended as it is: the decoder judges it).
void append_record(py::handle record, std::string& out);

// Runs `write`; a TypeError or ValueError it raises gets prefix() before its message
// ("record 2: ", "row 5: "), so a message names the record of a batch too.
template <typename Prefix, typename Write>
void with_error_prefix(Prefix prefix, Write write) {
  try {
    write();
  } catch (const py::builtin_exception& error) {
    error.set_error();
    py::error_already_set raised;
    const std::string message = prefix() + py::str(raised.value()).cast<std::string>();
    PyErr_SetString(raised.type().ptr(), message.c_str());
    throw py::error_already_set();
  }
}

// Appends `text` as a JSON string (quotes included), escaping what JSON requires.
void append_json_string(std::string_view text, std::string& out);

// The UTF-8 bytes of a str (raises for lone surrogates) or of a bytes-like object; a view that
// lives as long as `value`.
std::string_view utf8_view(py::handle value);

}  // namespace icp::python
