// Records for any program (fuzz_support.hpp records_for): built in code through Record's
// setters from the program's schema, its constants, lists and role titles, so a fuzzed or
// freshly compiled program meets values that make its conditions both hold and fail.
// Input: a sealed Program and as_of. Output: a handful of records its schema accepts.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include "fuzz/fuzz_support.hpp"

namespace icp::fuzz {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// How one record fills its fields.
enum class Style { small, large, required_only, extremes, constants };

// The i-th constant of `type`, cycling; nullptr when the program has none.
const vm::Constant* constant_of(const vm::Program& program, vm::ValueType type, std::size_t i) {
  std::vector<const vm::Constant*> found;
  for (const vm::Constant& constant : program.constants) {
    if (constant.type == type) found.push_back(&constant);
  }
  return found.empty() ? nullptr : found[i % found.size()];
}

// A title the role's pattern matches: its `*` runs filled in.
std::string title_for(std::string_view pattern) {
  std::string title;
  for (char c : pattern) title += c == '*' ? std::string("x") : std::string(1, c);
  return title;
}

void fill_set(const vm::Program& program, std::size_t field, Style style, vm::Record& record) {
  record.begin_set(field);
  if (style == Style::large || style == Style::constants) {
    for (const auto& list : program.string_lists) {
      for (std::size_t k = 0; k < list.size() && k < 3; ++k) record.add_set_item(list[k]);
    }
    record.add_set_item("okta");
    record.add_set_item("okta");  // duplicates are removed by end_set
  } else if (style == Style::extremes) {
    record.add_set_item("");
    record.add_set_item(std::string(300, 'z'));
  }
  record.end_set(field);
}

// A string, naics or country value: the small and large styles give valid codes, the
// extremes invalid ones (as a service building records in code might) and odd strings.
std::string text_for(const vm::Program& program, std::size_t field, vm::FieldType type, Style style) {
  const bool naics = type == vm::FieldType::naics, country = type == vm::FieldType::country;
  if (style == Style::small) return naics ? "54" : country ? "US" : "";
  if (style == Style::large) return naics ? "541512" : country ? "DE" : "Acme";
  if (style == Style::extremes) {
    if (naics) return "999999";
    if (country) return "ZZ";
    return std::string("quote \" backslash \\ newline \n control \x01 \xC3\xA9 ") + std::string(300, 'x');
  }
  const vm::Constant* constant = constant_of(program, vm::ValueType::text, field);
  return constant != nullptr ? constant->text : "Acme";
}

std::int64_t number_for(const vm::Program& program, std::size_t field, vm::FieldType type, Style style) {
  const std::int64_t scale = type == vm::FieldType::decimal ? 1 : Decimal::kScale;
  switch (style) {
    case Style::small: return 0;
    case Style::large: return type == vm::FieldType::decimal ? 125000 : 1000000;
    case Style::extremes: return field % 2 == 0 ? kMax : kMin;
    case Style::constants:
    case Style::required_only: {
      // Constants are Decimal units; an int field holds the whole number.
      const vm::Constant* constant = constant_of(program, vm::ValueType::number, field);
      return constant != nullptr ? constant->scalar / scale : 1;
    }
  }
  return 0;
}

void fill_field(const vm::Program& program, std::size_t field, Style style, Date as_of, vm::Record& record) {
  const vm::FieldSpec& spec = program.schema.fields[field];
  if (style == Style::required_only && spec.optional) return;
  switch (spec.type) {
    case vm::FieldType::integer: record.set_int(field, number_for(program, field, spec.type, style)); break;
    case vm::FieldType::decimal:
      record.set_decimal(field, Decimal::from_units(number_for(program, field, spec.type, style)));
      break;
    case vm::FieldType::boolean: record.set_bool(field, style == Style::large || field % 2 == 1); break;
    case vm::FieldType::date: {
      const vm::Constant* constant = constant_of(program, vm::ValueType::date, field);
      const Date date = style == Style::extremes    ? (field % 2 == 0 ? latest_as_of() : earliest_as_of())
                        : style == Style::small      ? as_of
                        : constant != nullptr        ? Date{static_cast<std::int32_t>(constant->scalar)}
                                                     : date_from_civil(2020, 1, 1);
      record.set_date(field, date);
      break;
    }
    case vm::FieldType::enumeration:
      if (spec.enum_values.empty()) break;  // only a hostile artifact declares an empty enum
      record.set_enum(field, static_cast<std::uint32_t>(style == Style::small ? 0 : spec.enum_values.size() - 1 -
                                                                                         field % spec.enum_values.size()));
      break;
    case vm::FieldType::string_set: fill_set(program, field, style, record); break;
    case vm::FieldType::string:
    case vm::FieldType::naics:
    case vm::FieldType::country: record.set_string(field, text_for(program, field, spec.type, style)); break;
  }
}

void add_events(const vm::Program& program, Style style, vm::Record& record) {
  const auto types = static_cast<std::int32_t>(program.schema.signal_types.size());
  if (style == Style::small || style == Style::required_only) return;
  if (style == Style::extremes) {
    for (std::int32_t t = 0; t < types; ++t) {
      // Ages as far apart as two decodable dates (years 0 and 9999) can be.
      for (std::int32_t age : {0, -1, 3'652'000, -3'652'000}) {
        record.add_signal(t, age, "");
      }
    }
    record.add_signal(-1, 0, std::string(200, 'u'));
    return;
  }
  for (std::int32_t i = 0; i < 100 && types > 0; ++i) record.add_signal(i % types, i * 7 % 400, "");
  for (std::int32_t t = 0; t < types; ++t) {
    for (std::int32_t age : {0, 1, 13, 14, 29, 30, 31, 89, 90, 91, 365}) record.add_signal(t, age, "");
  }
  record.add_signal(-1, 3, "an_undeclared_type");
}

void add_contacts(const vm::Program& program, Style style, vm::Record& record) {
  if (style == Style::small || style == Style::required_only) return;
  record.add_contact(std::nullopt);
  record.add_contact("");
  record.add_contact("  CFO  ");
  for (const vm::RoleDef& role : program.roles) {
    for (std::size_t k = 0; k < role.titles.size() && k < 3; ++k) record.add_contact(title_for(role.titles[k]));
  }
  if (style == Style::extremes) record.add_contact(std::string(500, '*'));
}

}  // namespace

std::vector<vm::Record> records_for(const vm::Program& program, Date as_of) {
  std::vector<vm::Record> records;
  for (Style style : {Style::small, Style::large, Style::required_only, Style::extremes, Style::constants}) {
    vm::Record& record = records.emplace_back();
    record.clear(program.schema.fields.size());
    record.set_id(style == Style::extremes ? std::string_view("id \"\\\n\x01 \xC3\xA9") : std::string_view("fuzz"));
    for (std::size_t field = 0; field < program.schema.fields.size(); ++field) {
      fill_field(program, field, style, as_of, record);
    }
    add_events(program, style, record);
    add_contacts(program, style, record);
  }
  return records;
}

}  // namespace icp::fuzz
