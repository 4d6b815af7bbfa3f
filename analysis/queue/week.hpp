// ISO 8601 weeks, the unit a sales team plans in (`--week 2026-W49`). Input: the week as
// written, or a date. Output: the week, its Monday and its working days (Monday to Friday).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "icp/date.hpp"

namespace icp::analysis {

struct IsoWeek {
  int year = 0;    // the ISO week-numbering year (2026-W01 may start in December 2025)
  int number = 0;  // 1 to 52, or 53 in long years
  Date monday;

  Date day(int offset) const { return Date{monday.days + offset}; }  // 0 Monday .. 6 Sunday
  friend bool operator==(const IsoWeek&, const IsoWeek&) = default;
};

// "YYYY-Www" (2026-W49); nullopt when malformed or when the year has no such week.
std::optional<IsoWeek> parse_iso_week(std::string_view text);
std::string format_iso_week(const IsoWeek& week);
// The ISO week a date falls in.
IsoWeek iso_week_of(Date date);
// 1 Monday .. 7 Sunday.
int iso_weekday(Date date);

}  // namespace icp::analysis
