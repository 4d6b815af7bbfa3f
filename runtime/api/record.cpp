// The public Record (include/icp/record.hpp): typed setters that write a JSON account
// object. Input: field names and values, signals, contacts. Output: the JSON text that
// Session::decide hands to the JSON decoder, so nothing here validates anything.
#include "icp/record.hpp"

#include <algorithm>
#include <charconv>

namespace icp {
namespace {

// A JSON string literal of `text`. Only what JSON requires is escaped (the quote, the
// backslash, control characters), and every other byte is written as it is, so that the
// decoder sees exactly what a host's own JSON of the same values would give it: ill-formed
// UTF-8 in particular is rejected there, never replaced here (runtime/input/record.hpp's
// append_json_string replaces it, which is right for output and wrong for input).
void append_string(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      out.append("\\u00");
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

std::string quoted(std::string_view text) {
  std::string out;
  append_string(text, out);
  return out;
}

template <typename Items>
std::string string_array(const Items& items) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out.push_back(',');
    append_string(item, out);
  }
  out.push_back(']');
  return out;
}

void append_int(std::int64_t value, std::string& out) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

void append_element(std::string& list, std::string_view element) {
  if (!list.empty()) list.push_back(',');
  list.append(element);
}

// Sets `field` to `value_json`: in place when it was set before, so that the JSON keeps the
// order of first setting and never holds a key twice.
void set_value(std::vector<std::pair<std::string, std::string>>& fields, std::string_view field,
               std::string value_json) {
  auto same = [&](const auto& entry) { return entry.first == field; };
  if (auto it = std::find_if(fields.begin(), fields.end(), same); it != fields.end()) {
    it->second = std::move(value_json);
  } else {
    fields.emplace_back(std::string(field), std::move(value_json));
  }
}

}  // namespace

Record::Record(std::string_view id) : id_(id) {}

Record& Record::set_int(std::string_view field, std::int64_t value) {
  std::string text;
  append_int(value, text);
  set_value(fields_, field, std::move(text));
  return *this;
}

Record& Record::set_decimal(std::string_view field, Decimal value) {
  set_value(fields_, field, value.to_string());
  return *this;
}

Record& Record::set_bool(std::string_view field, bool value) {
  set_value(fields_, field, value ? "true" : "false");
  return *this;
}

Record& Record::set_date(std::string_view field, Date value) {
  set_value(fields_, field, quoted(format_date(value)));
  return *this;
}

Record& Record::set_string(std::string_view field, std::string_view value) {
  set_value(fields_, field, quoted(value));
  return *this;
}

Record& Record::set_null(std::string_view field) {
  set_value(fields_, field, "null");
  return *this;
}

Record& Record::set_strings(std::string_view field, std::initializer_list<std::string_view> items) {
  set_value(fields_, field, string_array(items));
  return *this;
}

Record& Record::set_strings(std::string_view field, const std::vector<std::string>& items) {
  set_value(fields_, field, string_array(items));
  return *this;
}

Record& Record::add_signal(std::string_view type, Date at) {
  append_element(signals_, "{\"type\":" + quoted(type) + ",\"at\":" + quoted(format_date(at)) + "}");
  return *this;
}

Record& Record::add_signal_days_ago(std::string_view type, std::int64_t days_ago) {
  std::string event = "{\"type\":" + quoted(type) + ",\"days_ago\":";
  append_int(days_ago, event);
  event.push_back('}');
  append_element(signals_, event);
  return *this;
}

Record& Record::add_contact(std::string_view title) {
  append_element(contacts_, "{\"title\":" + quoted(title) + "}");
  return *this;
}

Record& Record::add_untitled_contact() {
  append_element(contacts_, "{}");
  return *this;
}

std::string Record::to_json() const {
  std::string out;
  append_json(out);
  return out;
}

void Record::append_json(std::string& out) const {
  out.append("{\"id\":");
  append_string(id_, out);
  for (const auto& [name, value] : fields_) {
    out.push_back(',');
    append_string(name, out);
    out.push_back(':');
    out.append(value);
  }
  if (!signals_.empty()) {
    out.append(",\"signals\":[").append(signals_).push_back(']');
  }
  if (!contacts_.empty()) {
    out.append(",\"contacts\":[").append(contacts_).push_back(']');
  }
  out.push_back('}');
}

}  // namespace icp
