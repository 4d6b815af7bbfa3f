// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian), used for
// `as_of`, signal ages, `reviewed` and `date` fields. No time zones: a date is a day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "icp/export.h"

namespace icp {

struct Date {
  std::int32_t days = 0;
  friend constexpr auto operator<=>(Date, Date) = default;
};

ICP_API bool is_valid_civil(int year, int month, int day);
ICP_API Date date_from_civil(int year, int month, int day);  // requires is_valid_civil
ICP_API void civil_from_date(Date date, int& year, int& month, int& day);
// Parses exactly `YYYY-MM-DD`; nullopt if malformed or not a real date.
ICP_API std::optional<Date> parse_date(std::string_view text);
ICP_API std::string format_date(Date date);

}  // namespace icp
