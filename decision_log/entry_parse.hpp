// Reading the decision log's entries back. Input: one line of a log file (no newline).
// Output: its members (an Entry), or why it is not a log entry. The input and the decision
// are kept as their JSON text, byte for byte, to be decoded and compared.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace icp::decision_log {

struct Entry {
  std::string decision_id, time, request_id;
  std::optional<std::uint64_t> line;
  std::string profile, program, as_of;  // program "sha256:<64 hex>", as_of YYYY-MM-DD
  std::string input;  // a JSON object, as written
  std::vector<std::string> redacted;
  std::string decision;  // a JSON object, as written
  std::uint64_t seq = 0;
  std::string prev;  // "sha256:<64 hex>"
};

class EntryParser {
 public:
  EntryParser();
  ~EntryParser();
  EntryParser(const EntryParser&) = delete;
  EntryParser& operator=(const EntryParser&) = delete;

  // Every member present once, of its type (`prev` and `program` digests, `as_of` a date); no
  // other member. False with `error` (a phrase: "`seq` is missing", "not JSON: …") otherwise.
  // `entry`'s buffers are reused.
  bool parse(std::string_view line, Entry& entry, std::string& error);
  // The `id` of an input object; nullopt when it has none.
  std::optional<std::string> account_id(std::string_view input);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whether `prev` is "sha256:" and 64 lower-case hex digits.
bool is_digest_text(std::string_view text);

}  // namespace icp::decision_log
