// The decision log's names for requests, decisions and times. Input: the clock and a random
// source. Output: request ids (UUID version 7), decision ids made from them, and RFC 3339
// UTC times with microseconds, which sort as text in time order.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace icp::decision_log {

// A new request id: a UUID version 7 (RFC 9562): the Unix time in milliseconds, then 74
// random bits, e.g. "0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b". Unique across processes and
// restarts (a collision needs two of 2^74 draws in one millisecond) and sorted by time.
// The random bits come from a generator per thread seeded by the system (getrandom).
std::string new_request_id();

// A decision's id from its request's: the request id alone when the request decided one
// account, else "<request id>.<line>" (a batch, an `icpc eval` run: the record's line) or
// "<request id>.<profile>" (one account decided by every served profile).
std::string decision_id(std::string_view request_id);
std::string decision_id(std::string_view request_id, std::size_t line);
std::string decision_id(std::string_view request_id, std::string_view profile);

// "2026-11-22T09:30:00.123456Z": 27 characters, always microseconds.
std::string utc_time_text(std::chrono::system_clock::time_point time);
inline constexpr std::size_t kTimeTextSize = 27;
// The time now, in that form, written into `buffer` (a view of it). Formatted once a second
// per thread: within a second only the microseconds change, a few digit stores per entry.
std::string_view utc_now_text(char (&buffer)[kTimeTextSize]);

// A bound of a time range as given on the command line: a date (YYYY-MM-DD: the first
// microsecond of that UTC day for a lower bound, the last for an upper one) or an RFC 3339
// time with `Z` or a `+HH:MM`/`-HH:MM` offset and up to 6 fractional digits. Returns the
// bound as utc_time_text writes it, so that entries compare to it as text; nullopt when the
// text is neither.
std::optional<std::string> parse_time_bound(std::string_view text, bool upper);

}  // namespace icp::decision_log
