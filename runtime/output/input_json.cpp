// Stage 5, output, for a decision log: a decoded record written back as an account record
// (input_json.hpp). Input: a Record, its Schema, the as_of. Output: JSON text appended.
// Signals are written by age (days_ago), the decoded value itself: an `at` date would be
// recomputed from as_of, and only an event after as_of needs it.
#include "runtime/output/input_json.hpp"

#include <optional>
#include <utility>

#include "runtime/output/json_sink.hpp"

namespace icp::vm {
namespace {

void append_signals(const Record& record, const Schema& schema, Date as_of, JsonSink& out) {
  out.append(",\"signals\":[");
  bool first = true;
  for (const SignalEvent& event : record.signals()) {
    if (!first) out.push_back(',');
    first = false;
    out.append("{\"type\":");
    out.append_string(record.event_type(event, schema));
    if (event.age_days >= 0) {
      out.append(",\"days_ago\":");
      out.append_int(event.age_days);
    } else {
      // The decoder takes a future event only as a date: "at" = as_of + |age|, which is in
      // range because it was read as a date.
      out.append(",\"at\":");
      out.append_string(format_date(Date{as_of.days - event.age_days}));
    }
    out.push_back('}');
  }
  out.push_back(']');
}

void append_contacts(const Record& record, JsonSink& out) {
  out.append(",\"contacts\":[");
  bool first = true;
  for (const Contact& contact : record.contacts()) {
    if (!first) out.push_back(',');
    first = false;
    if (contact.has_title()) {
      out.append("{\"title\":");
      out.append_string(record.view(contact.title));
      out.push_back('}');
    } else {
      out.append("{}");
    }
  }
  out.push_back(']');
}

}  // namespace

InputJsonWriter::InputJsonWriter(const Schema& schema, std::span<const std::string> leave_out)
    : schema_(&schema), leave_field_(schema.fields.size(), false) {
  for (const std::string& name : leave_out) {
    bool applies = false;
    if (name == "signals") {
      applies = !std::exchange(leave_signals_, true);
    } else if (name == "contacts") {
      applies = !std::exchange(leave_contacts_, true);
    } else if (const std::optional<std::size_t> field = schema.field_index(name)) {
      applies = !leave_field_[*field];
      leave_field_[*field] = true;
    }
    if (applies) left_out_.push_back(name);
  }
}

void InputJsonWriter::append(const Record& record, Date as_of, std::string& text) const {
  JsonSink out(text);
  out.append("{\"id\":");
  out.append_string(record.id());
  const std::vector<FieldSpec>& fields = schema_->fields;
  for (std::size_t i = 0; i < fields.size() && i < record.field_count(); ++i) {
    if (leave_field_[i]) continue;
    out.push_back(',');
    out.append_string(fields[i].name);
    out.push_back(':');
    append_canonical_value(record, fields[i], i, out);
  }
  if (!leave_signals_) append_signals(record, *schema_, as_of, out);
  if (!leave_contacts_) append_contacts(record, out);
  out.push_back('}');
}

}  // namespace icp::vm
