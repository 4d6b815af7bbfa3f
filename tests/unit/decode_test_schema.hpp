// The schema and as-of date the record decoder tests share (JSON, its fast path, CSV): one
// field of every type, optional ones included, and two declared signal types.
#pragma once

#include "icp/date.hpp"
#include "runtime/format/schema.hpp"

namespace icp::vm::testing {

inline Schema decode_test_schema() {
  return Schema{
      .fields = {{"employees", FieldType::integer, false, {}},
                 {"revenue", FieldType::decimal, true, {}},
                 {"name", FieldType::string, true, {}},
                 {"public", FieldType::boolean, true, {}},
                 {"founded", FieldType::date, true, {}},
                 {"stage", FieldType::enumeration, true, {"seed", "series_a", "growth"}},
                 {"tags", FieldType::string_set, true, {}},
                 {"naics", FieldType::naics, true, {}},
                 {"country", FieldType::country, true, {}}},
      .signal_types = {"g2_visit", "job_post"},
  };
}

inline const Date kDecodeAsOf = date_from_civil(2026, 11, 22);

}  // namespace icp::vm::testing
