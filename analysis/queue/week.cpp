// ISO 8601 week arithmetic (see week.hpp). Input: "YYYY-Www" or a date. Output: the week and
// its Monday. Week 1 is the week holding 4 January, so weeks start on Mondays and a year has
// 52 or 53 of them.
#include "analysis/queue/week.hpp"

#include <charconv>

#include <fmt/format.h>

namespace icp::analysis {
namespace {

Date monday_of_week_one(int year) {
  const Date january_4 = date_from_civil(year, 1, 4);
  return Date{january_4.days - (iso_weekday(january_4) - 1)};
}

int weeks_in(int year) { return iso_week_of(date_from_civil(year, 12, 28)).number; }

}  // namespace

int iso_weekday(Date date) {
  // 1970-01-01, day 0, was a Thursday (4).
  const int shifted = static_cast<int>(((static_cast<long long>(date.days) + 3) % 7 + 7) % 7);
  return shifted + 1;
}

IsoWeek iso_week_of(Date date) {
  int year = 0, month = 0, day = 0;
  civil_from_date(date, year, month, day);
  // The Thursday of the date's week decides the week-numbering year.
  const Date thursday{date.days + 4 - iso_weekday(date)};
  civil_from_date(thursday, year, month, day);
  const Date first = monday_of_week_one(year);
  const int number = (thursday.days - first.days) / 7 + 1;
  return IsoWeek{year, number, Date{first.days + (number - 1) * 7}};
}

std::optional<IsoWeek> parse_iso_week(std::string_view text) {
  if (text.size() != 8 || text[4] != '-' || text[5] != 'W') return std::nullopt;
  int year = 0, number = 0;
  const auto digits = [](std::string_view part, int& out) {
    if (part.find_first_not_of("0123456789") != std::string_view::npos) return false;
    return std::from_chars(part.data(), part.data() + part.size(), out).ec == std::errc{};
  };
  if (!digits(text.substr(0, 4), year) || !digits(text.substr(6, 2), number)) return std::nullopt;
  if (year < 1 || number < 1 || number > weeks_in(year)) return std::nullopt;
  return IsoWeek{year, number, Date{monday_of_week_one(year).days + (number - 1) * 7}};
}

std::string format_iso_week(const IsoWeek& week) { return fmt::format("{:04}-W{:02}", week.year, week.number); }

}  // namespace icp::analysis
