// What bench_constant_rate saw of the server's responses: the checks decide.lua makes under
// wrk (bench/serve/wrk/decide.lua), for every response. Input: status, header, body.
// Output: counts, as JSON members of the BENCH-SERVE line.
#include "bench/serve/response_tally.hpp"

#include <fmt/format.h>

namespace icp::bench {

namespace {

constexpr std::string_view kNoHeader = "(none)";  // decide.lua's name for a missing header

// The first `"program":"…"` of a decision body, as decide.lua's pattern finds it.
std::optional<std::string_view> body_program(std::string_view body) {
  constexpr std::string_view key = R"("program":")";
  const std::size_t at = body.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t from = at + key.size();
  const std::size_t to = body.find('"', from);
  if (to == std::string_view::npos) return std::nullopt;
  return body.substr(from, to - from);
}

void count(std::map<std::string, std::uint64_t, std::less<>>& counts, std::string_view key) {
  const auto it = counts.find(key);
  if (it != counts.end()) {
    ++it->second;
  } else {
    counts.emplace(std::string(key), 1);
  }
}

std::string json_counts(const std::map<std::string, std::uint64_t, std::less<>>& counts) {
  std::string out = "{";
  for (const auto& [key, n] : counts) {
    if (out.size() > 1) out += ',';
    out += fmt::format("{}:{}", json_quoted(key), n);
  }
  return out + "}";
}

}  // namespace

void ResponseTally::response(unsigned status, std::optional<std::string_view> program_header, std::string_view body) {
  count(statuses_, fmt::format("{}", status));
  if (status / 100 != 2) ++errors.status;
  const std::string_view program = program_header.value_or(kNoHeader);
  count(programs_, program);
  if (!body.empty() && body_program(body) != program) ++mismatched_;
  if (expect_bytes_ && body.size() != *expect_bytes_) ++wrong_length_;
}

std::string ResponseTally::json_members() const {
  return fmt::format(
      R"("statuses":{},"programs":{},"body_program_mismatches":{},"wrong_length":{},)"
      R"("errors":{{"connect":{},"read":{},"write":{},"status":{},"timeout":{}}})",
      json_counts(statuses_), json_counts(programs_), mismatched_, wrong_length_, errors.connect, errors.read,
      errors.write, errors.status, errors.timeout);
}

std::string json_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x7f) {
      // Controls, and bytes past ASCII as the code point of their value (Latin-1): the line
      // stays valid JSON in UTF-8 whatever a server put in a header.
      out += fmt::format("\\u{:04x}", byte);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace icp::bench
