// Inline test accounts: a [case.account] TOML table -> the JSON text the runtime's decoder
// reads, so inline and file accounts pass the very same schema checks. Input: a toml++
// table. Output: JSON text and where each field path was written. Internal to compiler/
// (it names toml++ types): only test_file.cpp includes it.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "compiler/testing/test_file.hpp"

namespace icp::decision_test {

// A value TOML can hold but JSON accounts cannot (a time, a date-time, an infinite float).
struct AccountValueError {
  Region where;
  std::string message;
  std::string help;
};

// Appends `table` as a JSON object to `json`. Dates become "YYYY-MM-DD" strings; floats
// the text they were written as in `source` (the file toml++ parsed), so the decoder reads
// 0.1 exactly and an `int` field still refuses 12.0; the rest maps one to one. Records each
// path's region. `default_id` is written first when the table has no `id`. Returns false
// (with `error` set) on a value that has no JSON account form.
bool account_to_json(const toml::table& table, std::string_view source, std::string_view default_id,
                     std::string& json, AccountRegions& regions, AccountValueError& error);

Region region_of(const toml::source_region& source);

}  // namespace icp::decision_test
