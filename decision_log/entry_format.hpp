// The decision log's entry: one JSON line per decision, chained to the one before it.
// Input: what a host knows of a decision (EntryFields). Output: a pending entry (its body,
// hashed where it was built), then, on the log's writer, the whole line with its `seq` and
// `prev` and the SHA-256 the next entry will carry. docs/decision-log.md "Entry format".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "decision_log/sha256_state.hpp"

namespace icp::decision_log {

// One decision, in the order its entry writes it:
// {"decision_id","time","request_id",["line"],"profile","program","as_of","input",
//  ["redacted"],"decision","seq","prev"}
struct EntryFields {
  std::string_view decision_id, time, request_id;
  std::optional<std::size_t> line;  // an `icpc eval` run, a batch: the record's line in its input
  std::string_view profile;         // the name the profile is served or run under (its file's stem)
  std::string_view program;         // "sha256:…"
  std::string_view as_of;           // YYYY-MM-DD
  std::string_view input;           // the record as decoded (icp::Decision::append_input_json)
  std::span<const std::string> redacted;  // what `input` leaves out
  std::string_view decision;        // the decision line; an "audit" member is not kept
};

// The decision line without its audit, which is the last member when present: the audit is
// recomputed from the stored program and input (`icpc log show`), and its reads would repeat
// the values of redacted fields. Returns the part to keep; the caller closes it with '}'
// when `cut` is set.
std::string_view decision_without_audit(std::string_view decision, bool& cut);

// Appends one pending entry to `out`: a fixed-size header, then the body (every member
// before `seq`). With `hash`, the body's SHA-256 state travels in the header, so the writer
// hashes only the tail; without, the writer hashes it all.
void append_pending(const EntryFields& fields, bool hash, std::string& out);

// One pending entry of a buffer made by append_pending.
struct PendingEntry {
  std::string_view body;
  bool hashed = false;
  Sha256State state;  // the body's, when hashed
};

// Reads the pending entries of a buffer in order.
class PendingReader {
 public:
  explicit PendingReader(std::string_view buffer) : rest_(buffer) {}
  bool next(PendingEntry& entry);

 private:
  std::string_view rest_;
};

// The writer's step: appends the entry's tail (`,"seq":N,"prev":"sha256:…"}` and '\n') to
// `tail` and returns the SHA-256 of the whole line, body, tail and newline: the body is
// written from where it was built, the tail after it.
Digest finish_tail(const PendingEntry& entry, std::uint64_t seq, const Digest& prev, std::string& tail);
// The same with the whole line appended to `out`.
Digest finish_entry(const PendingEntry& entry, std::uint64_t seq, const Digest& prev, std::string& out);

// The bytes finish_entry adds to a body, at most.
inline constexpr std::size_t kTailBytes = 128;

}  // namespace icp::decision_log
