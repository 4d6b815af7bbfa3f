// The rows of a pandas DataFrame -> JSON Lines records, converted by the program's schema: the
// conversions pandas makes necessary and a dict does not (a column of integers with a gap is
// float, NAICS codes read from CSV are integers, a set arrives as a `;`-separated cell).
// Input: column names and their cells as Python lists. Output: one JSON object per row.
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "python/src/convert.hpp"
#include "python/src/program.hpp"

namespace icp::python {
namespace {

// How a column's cells are written: as the field's type asks, as they are (plain), or not at
// all (skip: a column that names no field, which the decoder would ignore, as a CSV's).
enum class CellKind { skip, plain, id, integer, decimal, text, string_set };

CellKind kind_of(const Program& program, const std::string& column) {
  if (column == "id") return CellKind::id;
  if (column == "signals" || column == "contacts") return CellKind::plain;
  const Field* field = program.schema().field(column);
  if (field == nullptr) return CellKind::skip;
  switch (field->type) {
    case FieldType::integer: return CellKind::integer;
    case FieldType::string:
    case FieldType::enumeration:
    case FieldType::naics:
    case FieldType::country: return CellKind::text;
    case FieldType::string_set: return CellKind::string_set;
    case FieldType::decimal: return CellKind::decimal;
    case FieldType::boolean:
    case FieldType::date: return CellKind::plain;
  }
  return CellKind::plain;
}

// A float that holds an integer exactly (pandas makes integer columns with a gap float).
std::optional<long long> integral(py::handle cell) {
  if (!PyFloat_Check(cell.ptr())) return std::nullopt;
  const double value = PyFloat_AS_DOUBLE(cell.ptr());
  if (!std::isfinite(value) || std::trunc(value) != value || std::fabs(value) >= 9.2e18) return std::nullopt;
  return static_cast<long long>(value);
}

// A float of a decimal field as the 4-digit decimal it stands for, when it lies within a few
// units in the last place of one: pandas' default JSON reader (precise_float=False) reads
// 1.39 as 1.3900000000000001. A float farther from every such decimal (1.23456) is left as it
// is, and the decoder rejects it as it would the JSON text: nothing is rounded away.
std::optional<std::string> four_digit_decimal(py::handle cell) {
  if (!PyFloat_Check(cell.ptr())) return std::nullopt;
  const double value = PyFloat_AS_DOUBLE(cell.ptr());
  if (!std::isfinite(value) || std::fabs(value) >= 1e14) return std::nullopt;
  std::string text = fmt::format("{:.4f}", value);
  const double near = std::strtod(text.c_str(), nullptr);
  double step = near;
  for (int ulps = 0; ulps < 4 && step != value; ++ulps) step = std::nextafter(step, value);
  if (step != value) return std::nullopt;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

bool is_int(py::handle cell) { return PyLong_Check(cell.ptr()) && !PyBool_Check(cell.ptr()); }

// A set as a CSV export writes it (docs/evaluation.md "CSV input"): items separated by `;`,
// each trimmed of spaces, empty items dropped.
void append_split_set(std::string_view cell, std::string& out) {
  out += '[';
  bool first = true;
  std::size_t begin = 0;
  while (begin <= cell.size()) {
    std::size_t end = cell.find(';', begin);
    if (end == std::string_view::npos) end = cell.size();
    std::string_view item = cell.substr(begin, end - begin);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) {
      if (!first) out += ',';
      first = false;
      append_json_string(item, out);
    }
    begin = end + 1;
  }
  out += ']';
}

void append_cell(CellKind kind, py::handle cell, std::string& out, const ValuePath& path) {
  if (is_missing(cell)) {
    out += "null";
    return;
  }
  const bool is_text_kind = kind == CellKind::id || kind == CellKind::text;
  if (is_text_kind && is_int(cell)) {
    out += fmt::format("\"{}\"", std::string(py::str(cell)));
  } else if (is_text_kind && integral(cell)) {
    out += fmt::format("\"{}\"", *integral(cell));
  } else if (kind == CellKind::integer && integral(cell)) {
    out += fmt::format("{}", *integral(cell));
  } else if (kind == CellKind::decimal && four_digit_decimal(cell)) {
    out += *four_digit_decimal(cell);
  } else if (kind == CellKind::string_set && PyUnicode_Check(cell.ptr())) {
    append_split_set(utf8_view(cell), out);
  } else {
    append_value(cell, out, &path, 1);
  }
}

py::bytes frame_json_lines(const ProgramHandle& program, const std::vector<std::string>& names, const py::list& columns,
                           std::size_t rows) {
  if (names.size() != columns.size()) throw py::value_error("one list of cells per column name");
  std::vector<CellKind> kinds;
  std::vector<py::list> cells;
  for (std::size_t i = 0; i < names.size(); ++i) {
    kinds.push_back(kind_of(program.program(), names[i]));
    cells.push_back(columns[i].cast<py::list>());
    if (cells.back().size() != rows) throw py::value_error(fmt::format("column `{}`: not {} cells", names[i], rows));
  }
  std::string out;
  for (std::size_t row = 0; row < rows; ++row) {
    out += '{';
    bool first = true;
    with_error_prefix([&] { return fmt::format("row {}: ", row + 1); }, [&] {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (kinds[i] == CellKind::skip) continue;
        if (!first) out += ',';
        first = false;
        append_json_string(names[i], out);
        out += ':';
        append_cell(kinds[i], cells[i][row], out, ValuePath{nullptr, names[i]});
      }
    });
    out += "}\n";
  }
  return py::bytes(out);
}

}  // namespace

void bind_frame(py::module_& module) {
  module.def("_frame_json_lines", &frame_json_lines, py::arg("program"), py::arg("names"), py::arg("columns"),
             py::arg("rows"),
             "Internal (icp._frame): a DataFrame's columns as JSON Lines records, converted by the\n"
             "program's schema.");
}

}  // namespace icp::python
