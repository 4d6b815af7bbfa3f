// A decoded record's first signal event dated after the as-of date, described for a warning
// (icp::FutureEvent, icp/batch.hpp). Input: a record whose first_future_event() is set.
// Output: the event's place, type and date, with the record's line and id.
#pragma once

#include <cstddef>

#include "icp/batch.hpp"
#include "runtime/format/schema.hpp"
#include "runtime/input/record.hpp"

namespace icp::vm {

// Requires record.first_future_event() >= 0; `as_of` is the date its ages were computed at.
inline void describe_future_event(const Record& record, const Schema& schema, Date as_of, std::size_t line,
                                  FutureEvent& out) {
  const auto index = static_cast<std::size_t>(record.first_future_event());
  const SignalEvent& event = record.signals()[index];
  out.line = line;
  out.id.assign(record.id());
  out.event = index;
  out.type.assign(record.event_type(event, schema));
  out.at = Date{as_of.days - event.age_days};
}

}  // namespace icp::vm
