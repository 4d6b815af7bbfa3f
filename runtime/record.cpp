// The decoded account record's buffers, and its canonical JSON form.
// Input: values from the decoder. Output: typed reads for the VM; canonical text for hashing.
#include "runtime/record.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace icp::vm {

void Record::clear(std::size_t field_count) {
  arena_.clear();
  id_ = {};
  slots_.assign(field_count, Slot{});
  set_items_.clear();
  signals_.clear();
  contacts_.clear();
}

StringRef Record::store(std::string_view bytes) {
  StringRef ref{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(bytes.size())};
  arena_.append(bytes);
  return ref;
}

void Record::set_string(std::size_t field, std::string_view value) {
  slots_[field].present = true;
  slots_[field].text = store(value);
}

void Record::begin_set(std::size_t field) {
  slots_[field].set_begin = static_cast<std::uint32_t>(set_items_.size());
  slots_[field].set_count = 0;
}

void Record::end_set(std::size_t field) {
  // INVARIANT: the items added since begin_set(field) are the tail of set_items_.
  Slot& slot = slots_[field];
  auto first = set_items_.begin() + slot.set_begin;
  auto less = [this](StringRef a, StringRef b) { return view(a) < view(b); };
  auto same = [this](StringRef a, StringRef b) { return view(a) == view(b); };
  std::sort(first, set_items_.end(), less);
  set_items_.erase(std::unique(first, set_items_.end(), same), set_items_.end());
  slot.set_count = static_cast<std::uint32_t>(set_items_.size() - slot.set_begin);
  slot.present = true;
}

void Record::add_signal(std::int32_t type, std::int32_t age_days, std::string_view name) {
  signals_.push_back(SignalEvent{type, age_days, store(name)});
}

void Record::add_contact(std::optional<std::string_view> title) {
  if (title) {
    contacts_.push_back(Contact{true, store(*title)});
  } else {
    contacts_.push_back(Contact{});
  }
}

std::span<const StringRef> Record::get_set(std::size_t field) const {
  const Slot& slot = slots_[field];
  return std::span<const StringRef>(set_items_).subspan(slot.set_begin, slot.set_count);
}

bool Record::set_has(std::size_t field, std::string_view item) const {
  auto items = get_set(field);
  auto it = std::lower_bound(items.begin(), items.end(), item,
                             [this](StringRef a, std::string_view b) { return view(a) < b; });
  return it != items.end() && view(*it) == item;
}

namespace {

// Bytes a JSON string must escape: the quote, the backslash and control characters.
bool needs_escape(char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }

void append_escape(char c, std::string& out) {
  switch (c) {
    case '"': out.append("\\\""); break;
    case '\\': out.append("\\\\"); break;
    case '\n': out.append("\\n"); break;
    case '\r': out.append("\\r"); break;
    case '\t': out.append("\\t"); break;
    case '\b': out.append("\\b"); break;
    case '\f': out.append("\\f"); break;
    default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
  }
}

}  // namespace

void append_json_string(std::string_view text, std::string& out) {
  // Runs of bytes that need no escape (nearly always the whole text) are appended at once:
  // decision lines are mostly names and ids, and per-byte appends dominated writing them.
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!needs_escape(text[i])) continue;
    out.append(text.data() + run, i - run);
    append_escape(text[i], out);
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
  out.push_back('"');
}

namespace {

void append_field_value(const Record& record, const FieldSpec& spec, std::size_t field,
                        std::string& out) {
  if (!record.present(field)) {
    out.append("null");
    return;
  }
  switch (spec.type) {
    case FieldType::integer: fmt::format_to(std::back_inserter(out), "{}", record.get_int(field)); break;
    case FieldType::decimal: out.append(record.get_decimal(field).to_string()); break;
    case FieldType::boolean: out.append(record.get_bool(field) ? "true" : "false"); break;
    case FieldType::date:
      out.push_back('"');
      out.append(format_date(record.get_date(field)));
      out.push_back('"');
      break;
    case FieldType::enumeration: append_json_string(spec.enum_values[record.get_enum(field)], out); break;
    case FieldType::string:
    case FieldType::naics:
    case FieldType::country: append_json_string(record.get_string(field), out); break;
    case FieldType::string_set: {
      out.push_back('[');
      bool first = true;
      for (StringRef item : record.get_set(field)) {
        if (!first) out.push_back(',');
        first = false;
        append_json_string(record.view(item), out);
      }
      out.push_back(']');
      break;
    }
  }
}

void append_signals(const Record& record, const Schema& schema, std::string& out) {
  out.append(",\"signals\":[");
  bool first = true;
  for (const SignalEvent& event : record.signals()) {
    if (!first) out.push_back(',');
    first = false;
    out.append("{\"type\":");
    append_json_string(event.type >= 0 ? std::string_view(schema.signal_types[event.type])
                                       : record.view(event.name),
                       out);
    fmt::format_to(std::back_inserter(out), ",\"age_days\":{}}}", event.age_days);
  }
  out.push_back(']');
}

void append_contacts(const Record& record, std::string& out) {
  out.append(",\"contacts\":[");
  bool first = true;
  for (const Contact& contact : record.contacts()) {
    if (!first) out.push_back(',');
    first = false;
    if (contact.has_title) {
      out.append("{\"title\":");
      append_json_string(record.view(contact.title), out);
      out.push_back('}');
    } else {
      out.append("{}");
    }
  }
  out.push_back(']');
}

}  // namespace

void canonical_json(const Record& record, const Schema& schema, std::string& out) {
  out.clear();
  out.append("{\"id\":");
  append_json_string(record.id(), out);
  for (std::size_t i = 0; i < schema.fields.size() && i < record.field_count(); ++i) {
    out.push_back(',');
    append_json_string(schema.fields[i].name, out);
    out.push_back(':');
    append_field_value(record, schema.fields[i], i, out);
  }
  append_signals(record, schema, out);
  append_contacts(record, out);
  out.push_back('}');
}

}  // namespace icp::vm
