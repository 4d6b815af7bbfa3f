// An account record built in code, for hosts whose records are not JSON text (a dataframe
// row, an SQL row, a struct). Input: field name -> value, signals, contacts. Output: the
// JSON object those calls describe, which Session::decide decodes with the very decoder
// JSON records go through: the same checks, the same errors, the same decisions.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "icp/date.hpp"
#include "icp/decimal.hpp"
#include "icp/export.h"

namespace icp {

// Building a record checks nothing: it writes what it is given. Session::decide then
// validates it against the program's schema exactly as it would the JSON text to_json()
// returns (a string where an integer is declared, an unknown enum value, a missing required
// field: each is a RecordError naming the field, what was expected and what was found).
//
// Each setter writes the field's JSON value as LANGUAGE.md "Types" spells it: set_int an
// integer, set_decimal a number in its shortest exact text, set_bool true/false, set_date
// "YYYY-MM-DD", set_string a string (also for enum values, NAICS and country codes),
// set_strings an array of strings, set_null null (a missing optional field). Setting a
// field again replaces its value in place. The setters return *this, so calls chain:
//
//   icp::Record r("acc-1");
//   r.set_int("employees", 850).set_string("country", "US").set_strings("tech", {"okta"});
//   r.add_signal("g2_visit", *icp::parse_date("2026-11-20")).add_contact("CFO");
class ICP_API Record {
 public:
  explicit Record(std::string_view id);

  Record& set_int(std::string_view field, std::int64_t value);
  Record& set_decimal(std::string_view field, Decimal value);
  Record& set_bool(std::string_view field, bool value);
  Record& set_date(std::string_view field, Date value);
  Record& set_string(std::string_view field, std::string_view value);
  Record& set_strings(std::string_view field, std::initializer_list<std::string_view> items);
  Record& set_strings(std::string_view field, const std::vector<std::string>& items);
  Record& set_null(std::string_view field);

  // A signal event, dated ({"type", "at"}) or aged relative to the decision's as_of
  // ({"type", "days_ago"}).
  Record& add_signal(std::string_view type, Date at);
  Record& add_signal_days_ago(std::string_view type, std::int64_t days_ago);
  // A contact with a title ({"title"}), or one without ({}).
  Record& add_contact(std::string_view title);
  Record& add_untitled_contact();

  // The record as one JSON object: "id" first, then the fields in the order first set,
  // then "signals" and "contacts" when there are any. Strings are escaped as JSON requires
  // and otherwise written as given, so bytes that are not UTF-8 are rejected by decide()
  // as they would be in a JSON line.
  std::string to_json() const;
  void append_json(std::string& out) const;  // the same, appended

 private:
  std::string id_;
  std::vector<std::pair<std::string, std::string>> fields_;  // name, value as JSON
  std::string signals_;   // the events as JSON, comma-separated
  std::string contacts_;  // the contacts as JSON, comma-separated
};

}  // namespace icp
