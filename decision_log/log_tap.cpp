// A pending entry per decided record (log_tap.hpp). Input: a DecidedRecord and the request's
// fields. Output: append_pending's bytes. Nothing here allocates per record once `out` has
// grown: the decision id and the time are written into stack buffers.
#include "decision_log/log_tap.hpp"

#include <charconv>
#include <cstring>

#include "decision_log/entry_format.hpp"
#include "decision_log/log_ids.hpp"
#include "runtime/output/input_json.hpp"

namespace icp::decision_log {
std::vector<std::string> redacted_names(const vm::Schema& schema, std::span<const std::string> leave_out) {
  return vm::InputJsonWriter(schema, leave_out).left_out();
}

LogTap::LogTap(RequestFields fields, bool hash, std::optional<std::string> time)
    : fields_(std::move(fields)), hash_(hash), time_(std::move(time)) {}

void LogTap::on_decided(const DecidedRecord& record, std::string& out) {
  char id[128];
  std::string long_id;
  std::string_view decision_id;
  if (fields_.request_id.size() + 22 > sizeof id) {  // not an id of new_request_id's: 36 characters
    long_id = decision_log::decision_id(fields_.request_id, record.line);
    decision_id = long_id;
  } else {
    std::memcpy(id, fields_.request_id.data(), fields_.request_id.size());
    char* end = id + fields_.request_id.size();
    *end++ = '.';
    end = std::to_chars(end, id + sizeof id, record.line).ptr;
    decision_id = std::string_view(id, static_cast<std::size_t>(end - id));
  }
  char time[kTimeTextSize];
  const EntryFields entry{.decision_id = decision_id,
                          .time = time_ ? std::string_view(*time_) : utc_now_text(time),
                          .request_id = fields_.request_id,
                          .line = record.line,
                          .profile = fields_.profile,
                          .program = fields_.program,
                          .as_of = fields_.as_of,
                          .input = record.input,
                          .redacted = fields_.redacted,
                          .decision = record.decision};
  append_pending(entry, hash_, out);
}

}  // namespace icp::decision_log
