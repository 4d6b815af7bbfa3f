// What bench_constant_rate saw of the server's responses (bench/serve/constant_rate.cpp).
// Input: each response's status, ICP-Program header and body, and each failed exchange.
// Output: the counts load.py reads (statuses, program ids, bodies naming another program
// than their header, wrong lengths, errors by kind), written as JSON members.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace icp::bench {

// Failed exchanges by kind, wrk's five (load.py's failures() reads them by these names).
struct ErrorCounts {
  std::uint64_t connect = 0;  // a connection (or a reconnection) refused or failed
  std::uint64_t read = 0;     // the connection broke while a response was awaited
  std::uint64_t write = 0;    // the connection broke while a request was sent
  std::uint64_t status = 0;   // a response whose status is not 2xx
  std::uint64_t timeout = 0;  // no response within --timeout, or never sent by the end of the drain
};

class ResponseTally {
 public:
  explicit ResponseTally(std::optional<std::uint64_t> expect_bytes) : expect_bytes_(expect_bytes) {}

  // One response. `program_header`: the ICP-Program header's value, if it had one.
  void response(unsigned status, std::optional<std::string_view> program_header, std::string_view body);

  ErrorCounts errors;

  // `"statuses":{...},"programs":{...},"body_program_mismatches":N,"wrong_length":N,"errors":{...}`
  std::string json_members() const;

 private:
  std::optional<std::uint64_t> expect_bytes_;
  std::map<std::string, std::uint64_t, std::less<>> statuses_;
  std::map<std::string, std::uint64_t, std::less<>> programs_;
  std::uint64_t mismatched_ = 0;
  std::uint64_t wrong_length_ = 0;
};

// `text` as a JSON string, quotes included (a header's value may hold anything).
std::string json_quoted(std::string_view text);

}  // namespace icp::bench
