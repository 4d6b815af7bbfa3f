// Building entries (entry_format.hpp): the body where the decision was made, the tail and the
// chain hash on the log's writer. Input: EntryFields. Output: pending entries; entry lines.
#include "decision_log/entry_format.hpp"

#include <charconv>
#include <cstring>

#include "runtime/input/record.hpp"  // append_json_string: the runtime's JSON escaping

namespace icp::decision_log {
namespace {

// Precedes each body in a pending buffer. Copied in and out with memcpy: the buffer gives no
// alignment.
struct PendingHeader {
  std::uint64_t body_size = 0;
  std::uint64_t hashed = 0;
  Sha256State state;
};

void append_text_member(std::string_view key, std::string_view value, std::string& out) {
  out.append(key);
  vm::append_json_string(value, out);
}

}  // namespace

std::string_view decision_without_audit(std::string_view decision, bool& cut) {
  // Inside a JSON string a quote is always escaped, so `,"audit":{` can only be the member.
  const std::size_t at = decision.find(R"(,"audit":{)");
  cut = at != std::string_view::npos;
  return cut ? decision.substr(0, at) : decision;
}

void append_pending(const EntryFields& fields, bool hash, std::string& out) {
  const std::size_t header_at = out.size();
  out.resize(header_at + sizeof(PendingHeader));
  const std::size_t body_at = out.size();
  append_text_member(R"({"decision_id":)", fields.decision_id, out);
  append_text_member(R"(,"time":)", fields.time, out);
  append_text_member(R"(,"request_id":)", fields.request_id, out);
  if (fields.line) {
    out.append(R"(,"line":)");
    vm::append_json_int(static_cast<std::int64_t>(*fields.line), out);
  }
  append_text_member(R"(,"profile":)", fields.profile, out);
  append_text_member(R"(,"program":)", fields.program, out);
  append_text_member(R"(,"as_of":)", fields.as_of, out);
  out.append(R"(,"input":)");
  out.append(fields.input);
  if (!fields.redacted.empty()) {
    out.append(R"(,"redacted":[)");
    for (std::size_t i = 0; i < fields.redacted.size(); ++i) {
      if (i > 0) out.push_back(',');
      vm::append_json_string(fields.redacted[i], out);
    }
    out.push_back(']');
  }
  out.append(R"(,"decision":)");
  bool cut = false;
  out.append(decision_without_audit(fields.decision, cut));
  if (cut) out.push_back('}');

  PendingHeader header;
  header.body_size = out.size() - body_at;
  header.hashed = hash ? 1 : 0;
  if (hash) header.state.update(std::string_view(out).substr(body_at));
  std::memcpy(out.data() + header_at, &header, sizeof header);
}

bool PendingReader::next(PendingEntry& entry) {
  if (rest_.size() < sizeof(PendingHeader)) return false;
  PendingHeader header;
  std::memcpy(&header, rest_.data(), sizeof header);
  entry.body = rest_.substr(sizeof header, header.body_size);
  entry.hashed = header.hashed != 0;
  entry.state = header.state;
  rest_.remove_prefix(sizeof header + header.body_size);
  return true;
}

Digest finish_tail(const PendingEntry& entry, std::uint64_t seq, const Digest& prev, std::string& tail) {
  const std::size_t tail_at = tail.size();
  char digits[24];
  tail.append(R"(,"seq":)");
  tail.append(digits, std::to_chars(digits, digits + sizeof digits, seq).ptr);
  tail.append(R"(,"prev":")");
  append_digest_text(prev, tail);
  tail.append("\"}\n");
  Sha256State state = entry.hashed ? entry.state : Sha256State();
  if (!entry.hashed) state.update(entry.body);
  state.update(std::string_view(tail).substr(tail_at));
  return state.finish();
}

Digest finish_entry(const PendingEntry& entry, std::uint64_t seq, const Digest& prev, std::string& out) {
  std::string tail;
  const Digest digest = finish_tail(entry, seq, prev, tail);
  out.append(entry.body);
  out.append(tail);
  return digest;
}

}  // namespace icp::decision_log
