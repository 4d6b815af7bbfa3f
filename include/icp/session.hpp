// One thread's way of deciding accounts with a Program. Input: an account record (JSON text
// or an icp::Record) and an as_of date. Output: the Decision, or the RecordError that says
// why the record was rejected.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "icp/date.hpp"
#include "icp/decision.hpp"
#include "icp/error.hpp"
#include "icp/export.h"
#include "icp/program.hpp"
#include "icp/record.hpp"

namespace icp {

// Whether a decision carries its audit trace (every condition's reads, the signal tallies,
// the committee, the input digest): what `icpc eval --audit` writes.
enum class Audit : bool { off, on };

// The reference data every Session validates records with (a `naics` field against NAICS, a
// `country` field against ISO 3166-1 alpha-2), embedded in the library; the same lists as the
// C API's and `icpc eval`'s of the same build. One line for logs and health checks, e.g.
// "NAICS 2022 (U.S. Census Bureau), ISO 3166-1 alpha-2 (Debian iso-codes 4.15.0-1)"; a view
// of a static string, followed by a NUL.
ICP_API std::string_view reference_data_version();

// What decide() gives: the decision, or why the record was rejected.
struct DecideResult {
  std::optional<Decision> decision;
  RecordError error;  // meaningful when decision is empty

  explicit operator bool() const { return decision.has_value(); }
};

// Owns a JSON decoder, an evaluator, a record and output buffers, all reused from one
// decision to the next: once warmed up, deciding an accepted JSON record allocates nothing,
// with or without the audit (tests/alloc checks it on the examples). Not thread-safe: use one
// Session per thread; they may all share one Program, which each keeps alive.
class ICP_API Session {
 public:
  explicit Session(Program program);
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;  // a moved-from Session may only be destroyed or assigned
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Decodes one JSON account record (LANGUAGE.md "Account records") and decides it as of
  // `as_of`, the date signal ages are counted from. A record over 8 MiB, or nesting arrays
  // and objects more than 64 deep, is rejected like any other bad record.
  DecideResult decide(std::string_view json, Date as_of, Audit audit = Audit::off);
  // The same for a record built in code: decides record.to_json(), through the same decoder.
  DecideResult decide(const Record& record, Date as_of, Audit audit = Audit::off);

  const Program& program() const;

 private:
  std::unique_ptr<internal::SessionCore> core_;
};

}  // namespace icp
