// The failure value of the analysis library: which input, where in it, what was wrong, and
// which part of the CRM mapping would fix it. Input: what an analysis found. Output: a value
// each host shows in its own words (icpc prints to_text and names `--map` for the hint).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace icp::analysis {

// Where in the CRM mapping (docs/backtest.md "Mapping") the fix lies. The library cannot
// know how a host's users give the mapping (icpc: `--map FILE`; a service: a request
// field), so it says which part, and the host words the hint.
enum class MappingHint : std::uint8_t {
  none,
  columns,            // a column name of [accounts] or [opportunities]
  retention_columns,  // the [retention] key and value columns
  field_column,       // a column mapped to a profile field in [accounts.fields]
};

// Why an analysis could not run at all. Bad rows and rejected records are never Errors:
// the report counts and lists them, and the rest still counts.
struct Error {
  std::string file;        // the input the position is in; empty when the message names it
  std::size_t line = 0;    // 1-based; 0: about the input as a whole
  std::size_t column = 0;  // 1-based, in code points; 0: about the whole line
  std::string message;     // lowercase, names and values in backticks
  MappingHint hint = MappingHint::none;
};

// "FILE:LINE:COLUMN: message", leaving out the parts that are not known. Without the hint,
// which the host words.
std::string to_text(const Error& error);

}  // namespace icp::analysis
