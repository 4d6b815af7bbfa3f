// Checking `--log*` options (log_settings.hpp). Input: option text. Output: settings or errors.
#include "decision_log/log_settings.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "decision_log/log_ids.hpp"
#include "runtime/api/program_core.hpp"

namespace icp::decision_log {

bool parse_fsync(std::string_view text, WriterOptions& options, std::string& error) {
  if (text == "group") {
    options.fsync = FsyncPolicy::group;
    return true;
  }
  if (text == "close") {
    options.fsync = FsyncPolicy::close;
    return true;
  }
  std::int64_t amount = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), amount);
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  const std::int64_t millis = unit == "ms" ? amount : unit == "s" ? amount * 1000 : -1;
  if (ec != std::errc() || end == text.data() || millis < 1 || millis > 3600 * 1000) {
    error = fmt::format("--log-fsync `{}` is not `group`, `close` or an interval from 1ms to 3600s such as `1s` or "
                        "`200ms`",
                        text);
    return false;
  }
  options.fsync = FsyncPolicy::interval;
  options.fsync_interval = std::chrono::milliseconds(millis);
  return true;
}

bool check_redact(std::span<const std::string> names, std::string& error) {
  for (const std::string& name : names) {
    if (name == "id") {
      error = "--log-redact cannot leave out `id`: entries are found by the account id";
      return false;
    }
    const bool word = !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
    if (!word) {
      error = fmt::format("--log-redact `{}` is not a field name (a declared field, `signals` or `contacts`)", name);
      return false;
    }
  }
  return true;
}

std::vector<std::string> unknown_redactions(const vm::Schema& schema, std::span<const std::string> redact) {
  const std::vector<std::string> known = redacted_names(schema, redact);
  std::vector<std::string> unknown;
  for (const std::string& name : redact) {
    if (std::find(known.begin(), known.end(), name) == known.end()) unknown.push_back(name);
  }
  return unknown;
}

RequestFields request_fields(const vm::Program& program, std::string profile, Date as_of,
                             std::span<const std::string> redact) {
  return RequestFields{.request_id = new_request_id(),
                       .profile = std::move(profile),
                       .program = program.id,
                       .as_of = format_date(as_of),
                       .redacted = redacted_names(program.schema, redact)};
}

RequestFields request_fields(const Program& program, std::string profile, Date as_of,
                             std::span<const std::string> redact) {
  return request_fields(internal::ProgramAccess::vm_program(program), std::move(profile), as_of, redact);
}

}  // namespace icp::decision_log
