// The server's log: one line on stderr per start, reload, drain and server-side error, with
// a UTC timestamp. Input: a message. Output: `2026-11-22T09:30:00Z icpc serve: message`.
#pragma once

#include <string_view>

namespace icp::server {

// Thread-safe; newlines and control bytes in the message are escaped, so one call is one line.
void log_line(std::string_view message);

}  // namespace icp::server
