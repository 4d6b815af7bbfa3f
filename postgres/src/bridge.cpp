// The library side of the wall (bridge.h): loads programs, keeps this backend's cache of them
// by id, and decides records through the public C++ API (icp::Program, icp::Session).
// Input: artifact bytes, JSON text, a day number. Output: statuses and views of the
// decision. No PostgreSQL header here: nothing in this file can ereport.
#include "bridge.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "icp/date.hpp"
#include "icp/decision.hpp"
#include "icp/program.hpp"
#include "icp/session.hpp"

namespace {

// A loaded program and the one Session that decides with it in this backend (a backend is a
// single thread, so one Session per program is enough, and it is reused for every row).
struct Entry {
  explicit Entry(icp::Program loaded) : program(std::move(loaded)), session(program) {}
  icp::Program program;
  icp::Session session;
  std::vector<IcpText> roles;  // the last decision's committee roles, as views
  std::string score;           // the last decision's score, as the JSON writes it
};

}  // namespace

struct IcpCachedProgram {
  std::shared_ptr<Entry> entry;
};

namespace {

// Programs this backend has loaded, most recently used last. The bound keeps a backend that
// lives for months (a pooled connection) from holding every build ever installed; a program
// dropped from the cache stays alive while a running statement holds a reference to it.
constexpr std::size_t kCachedPrograms = 16;

std::vector<std::shared_ptr<Entry>>& cache() {
  // Never destroyed: the backend's exit must not run C++ destructors behind PostgreSQL's back.
  static auto* entries = new std::vector<std::shared_ptr<Entry>>();
  return *entries;
}

// Strings behind the last IcpBridgeError and IcpProgramInfo (a backend is one thread).
struct Scratch {
  std::string message, record_id, field, expected, found;
  std::string id, profile, version, owner;
};

Scratch& scratch() {
  static auto* s = new Scratch();
  return *s;
}

IcpText text(std::string_view view) { return IcpText{view.data(), view.size()}; }
IcpText absent() { return IcpText{nullptr, 0}; }
IcpText optional_text(const std::optional<std::string_view>& view) { return view ? text(*view) : absent(); }

IcpBridgeStatus fail(IcpBridgeStatus status, std::string message, IcpBridgeError* error) {
  Scratch& s = scratch();
  s.message = std::move(message);
  s.record_id.clear(), s.field.clear(), s.expected.clear(), s.found.clear();
  *error = IcpBridgeError{text(s.message), absent(), absent(), absent(), absent()};
  return status;
}

// Runs `body`; an exception becomes a status (bad_alloc: out of memory; anything else: a bug).
template <typename Body>
IcpBridgeStatus guarded(IcpBridgeError* error, Body body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    *error = IcpBridgeError{};  // no message: building one would allocate
    return ICP_BRIDGE_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    try {
      return fail(ICP_BRIDGE_INTERNAL, std::string("internal error in the icp library: ") + e.what(), error);
    } catch (...) {
      *error = IcpBridgeError{};
      return ICP_BRIDGE_OUT_OF_MEMORY;
    }
  } catch (...) {
    *error = IcpBridgeError{};
    return ICP_BRIDGE_INTERNAL;
  }
}

IcpBridgeStatus invalid_program(const icp::LoadError& load, IcpBridgeError* error) {
  return fail(ICP_BRIDGE_INVALID_PROGRAM,
              "invalid program at byte " + std::to_string(load.offset) + ": " + load.message, error);
}

// The sentence `icpc eval` prints for a rejected record, without its "file:line: " prefix.
IcpBridgeStatus rejected(const icp::RecordError& record, IcpBridgeError* error) {
  Scratch& s = scratch();
  const std::string who = record.record_id.empty() ? "(no readable id)" : "`" + record.record_id + "`";
  s.message = "record " + who + " rejected: " + record.message;
  s.record_id = record.record_id, s.field = record.field, s.expected = record.expected, s.found = record.found;
  *error = IcpBridgeError{text(s.message), record.record_id.empty() ? absent() : text(s.record_id), text(s.field),
                          text(s.expected), text(s.found)};
  return ICP_BRIDGE_REJECTED;
}

IcpCachedProgram* reference(const std::shared_ptr<Entry>& entry) { return new IcpCachedProgram{entry}; }

void remember(std::shared_ptr<Entry> entry) {
  auto& entries = cache();
  if (entries.size() == kCachedPrograms) entries.erase(entries.begin());
  entries.push_back(std::move(entry));
}

void fill(Entry& entry, const icp::Decision& decision, bool want_json, IcpDecisionFields* out) {
  out->json = want_json ? text(decision.json()) : absent();
  out->account_id = text(decision.account_id());
  out->program_id = text(decision.program_id());
  out->verdict = text(icp::to_string(decision.verdict()));
  const std::optional<std::int32_t> tier = decision.tier();
  out->has_tier = tier.has_value();
  out->tier = tier.value_or(0);
  out->tier_label = optional_text(decision.tier_label());
  out->excluded_by = optional_text(decision.excluded_by());
  const std::optional<icp::Decimal> score = decision.score();
  if (score) entry.score = score->to_string();
  out->score = score ? text(entry.score) : absent();
  const std::optional<std::int64_t> coverage = decision.committee_coverage();
  out->has_coverage = coverage.has_value();
  out->coverage = coverage.value_or(0);
  entry.roles.clear();
  for (std::size_t i = 0; i < decision.committee_role_count(); ++i) entry.roles.push_back(text(decision.committee_role(i)));
  out->role_count = entry.roles.size();
  out->roles = entry.roles.data();
  out->route_rule = decision.route_rule();
  out->route_action = text(icp::to_string(decision.route_action()));
  out->queue = decision.route_action() == icp::RouteAction::queue ? text(decision.queue()) : absent();
  out->sla = optional_text(decision.sla());
  out->cadence = optional_text(decision.cadence());
}

}  // namespace

extern "C" {

IcpBridgeStatus icp_bridge_inspect(const void* bytes, size_t size, IcpProgramInfo* info, IcpBridgeError* error) {
  return guarded(error, [&] {
    const icp::LoadResult loaded = icp::Program::load(std::string_view(static_cast<const char*>(bytes), size));
    if (!loaded) return invalid_program(loaded.error, error);
    Scratch& s = scratch();
    s.id = loaded.program->id(), s.profile = loaded.program->profile();
    s.version = loaded.program->version(), s.owner = loaded.program->owner();
    *info = IcpProgramInfo{text(s.id), text(s.profile), text(s.version), text(s.owner)};
    return ICP_BRIDGE_OK;
  });
}

IcpCachedProgram* icp_bridge_cached(const char* id, size_t id_size) {
  try {
    auto& entries = cache();
    const std::string_view wanted(id, id_size);
    const auto found = std::find_if(entries.begin(), entries.end(),
                                    [&](const std::shared_ptr<Entry>& e) { return e->program.id() == wanted; });
    if (found == entries.end()) return nullptr;
    std::rotate(found, found + 1, entries.end());  // now the most recently used
    return reference(entries.back());
  } catch (...) {
    return nullptr;  // out of memory: the caller loads the program again, and reports that
  }
}

IcpBridgeStatus icp_bridge_load(const char* expected_id, size_t id_size, const void* bytes, size_t size,
                                IcpCachedProgram** program, IcpBridgeError* error) {
  *program = nullptr;
  return guarded(error, [&] {
    icp::LoadResult loaded = icp::Program::load(std::string_view(static_cast<const char*>(bytes), size));
    if (!loaded) return invalid_program(loaded.error, error);
    const std::string_view expected(expected_id, id_size);
    if (loaded.program->id() != expected) {
      return fail(ICP_BRIDGE_INVALID_PROGRAM,
                  "the artifact is program `" + loaded.program->id() + "`, not `" + std::string(expected) + "`", error);
    }
    auto entry = std::make_shared<Entry>(std::move(*loaded.program));
    remember(entry);
    *program = reference(entry);
    return ICP_BRIDGE_OK;
  });
}

void icp_bridge_release(IcpCachedProgram* program) { delete program; }

IcpText icp_bridge_program_id(const IcpCachedProgram* program) { return text(program->entry->program.id()); }

IcpBridgeStatus icp_bridge_decide(IcpCachedProgram* program, const char* json, size_t size, int32_t as_of_days,
                                  int want_json, int audit, IcpDecisionFields* fields, IcpBridgeError* error) {
  return guarded(error, [&] {
    if (as_of_days < icp_bridge_first_day() || as_of_days > icp_bridge_last_day()) {
      return fail(ICP_BRIDGE_BAD_DATE, "as_of is outside 0001-01-01 to 9999-12-31", error);
    }
    Entry& entry = *program->entry;
    const icp::DecideResult result = entry.session.decide(std::string_view(json, size), icp::Date{as_of_days},
                                                          audit != 0 ? icp::Audit::on : icp::Audit::off);
    if (!result) return rejected(result.error, error);
    fill(entry, *result.decision, want_json != 0, fields);
    return ICP_BRIDGE_OK;
  });
}

size_t icp_bridge_cache_size(void) { return cache().size(); }
IcpText icp_bridge_cache_id(size_t index) { return text(cache()[index]->program.id()); }

int32_t icp_bridge_first_day(void) { return icp::date_from_civil(1, 1, 1).days; }
int32_t icp_bridge_last_day(void) { return icp::date_from_civil(9999, 12, 31).days; }

}  // extern "C"
