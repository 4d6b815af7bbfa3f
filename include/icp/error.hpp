// The failures of the public API, as values (no exception crosses it): a program that cannot
// be loaded and an account record that is rejected. Input: filled by Program::load and
// Session::decide. Output: read by hosts, which map them to their own errors (an HTTP 400, a
// Python exception, an SQL error).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace icp {

// Why an artifact could not be loaded.
struct LoadError {
  enum class Kind : std::uint8_t {
    io,       // the file could not be opened or read (message gives the system's reason)
    invalid,  // the bytes are not a valid .icpb, or fail the bytecode verifier
  };
  Kind kind = Kind::invalid;
  std::size_t offset = 0;  // the byte of the artifact where the problem lies (0 for io)
  std::string message;     // e.g. "tiers[1].label: not UTF-8"
};

// Why an account record was rejected; every other record still goes through. The same
// checks and words whether the record came as JSON or was built with icp::Record.
struct RecordError {
  std::string record_id;  // the record's `id` when it could be read, else empty
  std::string field;      // a path: "employees", "signals[3].at", "contacts[0].title"; empty
                          // for malformed JSON or a record that is not an object
  std::string expected;   // a short phrase: "an integer"
  std::string found;      // a short phrase: "\"many\"" (a quoted value is cut to 60 bytes)
  std::string message;    // the whole sentence, without the record id:
                          // "`employees`: expected an integer, found \"many\""
};

}  // namespace icp
