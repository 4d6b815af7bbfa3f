// What a host's `--log*` options say, checked once: the fsync policy, the redacted names, and
// the fields every entry of one request shares. Input: option text, a program, a date.
// Output: WriterOptions, RequestFields, or an error worded for the user.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "decision_log/log_tap.hpp"
#include "decision_log/log_writer.hpp"
#include "icp/date.hpp"
#include "icp/program.hpp"
#include "runtime/format/bytecode.hpp"

namespace icp::decision_log {

// `--log-fsync`: "group", "close", or an interval such as "1s", "200ms" (1 ms to 1 hour).
bool parse_fsync(std::string_view text, WriterOptions& options, std::string& error);

// `--log-redact`: names of fields, or "signals", "contacts". Not "id": entries are looked up by
// the account id, and a name must be a field name (letters, digits, `_`).
bool check_redact(std::span<const std::string> names, std::string& error);

// The names of `redact` that `schema` has no field, signal list or contact list for: a name
// that leaves nothing out, most likely misspelt (a redaction that silently logs the field).
std::vector<std::string> unknown_redactions(const vm::Schema& schema, std::span<const std::string> redact);

// The fields of one request's entries: a new request id, `profile`, the program's id, as_of,
// and what `redact` leaves out of this program's inputs.
RequestFields request_fields(const vm::Program& program, std::string profile, Date as_of,
                             std::span<const std::string> redact);
// The same for a program of the public API (a host such as `icpc serve`).
RequestFields request_fields(const Program& program, std::string profile, Date as_of,
                             std::span<const std::string> redact);

}  // namespace icp::decision_log
