// Entries of served decisions (decision_logging.hpp). Input: deciders and requests. Output:
// pending entries for the log's writer, decision ids for the responses.
#include "server/decision_logging.hpp"

#include <chrono>

#include "decision_log/entry_format.hpp"
#include "decision_log/log_ids.hpp"
#include "decision_log/log_settings.hpp"
#include "decision_log/program_store.hpp"

namespace icp::server {

ServerLog::Request ServerLog::start_request() {
  char time[decision_log::kTimeTextSize];
  return Request{decision_log::new_request_id(), std::string(decision_log::utc_now_text(time))};
}

std::string ServerLog::append(Decider& decider, const Request& request, std::string_view profile,
                              bool per_profile, std::string& pending) const {
  std::string id = per_profile ? decision_log::decision_id(request.id, profile) : decision_log::decision_id(request.id);
  thread_local std::string input;  // reused: a request's input is written, then copied into `pending`
  input.clear();
  const std::span<const std::string> left_out = decider.append_input_json(input, redact_);
  const std::string as_of = format_date(decider.as_of());
  const decision_log::EntryFields entry{.decision_id = id,
                                        .time = request.time,
                                        .request_id = request.id,
                                        .profile = profile,
                                        .program = decider.program_id(),
                                        .as_of = as_of,
                                        .input = input,
                                        .redacted = left_out,
                                        .decision = decider.decision_json()};
  decision_log::append_pending(entry, /*hash=*/true, pending);
  return id;
}

decision_log::LogTap ServerLog::batch_tap(const ServedProgram& program, std::string profile, Date as_of,
                                          const Request& request) const {
  decision_log::RequestFields fields = decision_log::request_fields(program.program(), std::move(profile), as_of, redact_);
  fields.request_id = request.id;
  return decision_log::LogTap(std::move(fields), /*hash=*/true, request.time);
}

void ServerLog::submit(std::string pending, decision_log::LogWriter::Done done) {
  if (!defer_) return writer_->submit_and_write(std::move(pending), std::move(done));
  writer_->submit_for_later(std::move(pending), std::move(done));
  if (write_scheduled_.exchange(true)) return;  // a write is coming: it takes these too
  defer_([this] {
    write_scheduled_ = false;  // before writing: what is queued from now on schedules another
    writer_->write_waiting();
  });
}

std::vector<std::string> ServerLog::unknown_redactions(const std::vector<const ServedProgram*>& programs) const {
  std::vector<std::string> unknown;
  for (const std::string& name : redact_) {
    bool declared = name == "signals" || name == "contacts";
    for (const ServedProgram* program : programs) declared = declared || program->program().schema().field(name) != nullptr;
    if (!declared) unknown.push_back(name);
  }
  return unknown;
}

bool ServerLog::keep(const ServedProgram& program, std::string& error) const {
  return decision_log::keep_program(writer_->folder(), program.id(), program.program().to_bytes(), error);
}

}  // namespace icp::server
