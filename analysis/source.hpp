// Where an analysis reads an input from: text in memory (a request body, a test) or an open
// file read as a stream (icpc's files, stdin). Input: a name and the bytes. Output: CSV rows
// through vm::CsvReader, or an Error when the file cannot be read to its end.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "analysis/error.hpp"
#include "runtime/input/csv.hpp"

namespace icp::analysis {

// The library never opens a path: the host opens what it reads (and reports a file it
// cannot open in its own words), so the same calls serve a terminal, a service and tests.
struct Source {
  std::string name;           // names the input in reports and errors: a path, "<stdin>", "accounts.csv"
  std::string_view text;      // the bytes when `file` is null; must outlive the read
  std::FILE* file = nullptr;  // not owned; read in chunks, so memory stays flat in its size
};

// Hands `read` a CSV reader over `source`. False when `read` returns false (it sets
// `error`) or when the file could not be read to its end: "cannot read `NAME`: reason".
bool read_csv(const Source& source, const std::function<bool(vm::CsvReader&)>& read, Error& error);

}  // namespace icp::analysis
