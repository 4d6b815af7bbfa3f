// The C API (include/icp/icp.h) over the public C++ API (icp::Program, icp::Session). Input:
// C handles and buffers. Output: status codes and C strings. Every entry point catches every
// exception, since unwinding into a C (or Go, or Rust) caller is undefined behaviour.
#include "icp/icp.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "icp/date.hpp"
#include "icp/program.hpp"
#include "icp/session.hpp"
#include "runtime/input/json_limits.hpp"

static_assert(ICP_MAX_RECORD_BYTES == icp::vm::kMaxRecordBytes && ICP_MAX_JSON_DEPTH == icp::vm::kMaxJsonDepth,
              "icp.h states the runtime's limits");

struct icp_program {
  icp::Program program;
};

struct icp_evaluator {
  explicit icp_evaluator(const icp::Program& program) : session(program) {}
  icp::Session session;
  std::optional<icp::Decision> decision;  // the last one, if the last call decided
};

namespace {

void set_error(icp_error* err, icp_status code, std::string_view message) {
  if (err == nullptr) return;
  err->code = code;
  const std::size_t n = std::min(message.size(), sizeof err->message - 1);
  std::memcpy(err->message, message.data(), n);
  err->message[n] = '\0';
}

void clear_error(icp_error* err) { set_error(err, ICP_OK, ""); }

// Runs `body`, turning any escaping exception into ICP_ERR_INTERNAL and `fallback`.
template <typename Body, typename Result>
Result guarded(icp_error* err, Result fallback, Body body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    set_error(err, ICP_ERR_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    set_error(err, ICP_ERR_INTERNAL, fmt::format("internal error: {}", e.what()));
  } catch (...) {
    set_error(err, ICP_ERR_INTERNAL, "internal error");
  }
  return fallback;
}

icp_program* loaded(icp::LoadResult result, icp_error* err) {
  if (!result) {
    const icp::LoadError& error = result.error;
    if (error.kind == icp::LoadError::Kind::io) {
      set_error(err, ICP_ERR_IO, error.message);
    } else {
      set_error(err, ICP_ERR_INVALID_PROGRAM,
                fmt::format("invalid program at byte {}: {}", error.offset, error.message));
    }
    return nullptr;
  }
  clear_error(err);
  return new icp_program{std::move(*result.program)};
}

// The evaluator's last decision, or null (the accessors return NULL/0 then).
const icp::Decision* decided(const icp_evaluator* evaluator) {
  if (evaluator == nullptr || !evaluator->decision) return nullptr;
  return &*evaluator->decision;
}

}  // namespace

extern "C" {

icp_program* icp_program_load(const char* path, icp_error* err) {
  return guarded(err, static_cast<icp_program*>(nullptr), [&]() -> icp_program* {
    if (path == nullptr) {
      set_error(err, ICP_ERR_ARGUMENT, "path is NULL");
      return nullptr;
    }
    return loaded(icp::Program::load_file(path), err);
  });
}

icp_program* icp_program_load_bytes(const void* bytes, size_t size, icp_error* err) {
  return guarded(err, static_cast<icp_program*>(nullptr), [&]() -> icp_program* {
    if (bytes == nullptr && size != 0) {
      set_error(err, ICP_ERR_ARGUMENT, "bytes is NULL");
      return nullptr;
    }
    const char* data = bytes == nullptr ? "" : static_cast<const char*>(bytes);
    return loaded(icp::Program::load(std::string_view(data, size)), err);
  });
}

void icp_program_free(icp_program* program) { delete program; }

const char* icp_program_id(const icp_program* program) {
  return program == nullptr ? "" : program->program.id().c_str();
}

const char* icp_program_profile(const icp_program* program) {
  return program == nullptr ? "" : program->program.profile().c_str();
}

const char* icp_program_version(const icp_program* program) {
  return program == nullptr ? "" : program->program.version().c_str();
}

icp_evaluator* icp_evaluator_new(const icp_program* program) {
  if (program == nullptr) return nullptr;
  return guarded(nullptr, static_cast<icp_evaluator*>(nullptr),
                 [&] { return new icp_evaluator(program->program); });
}

void icp_evaluator_free(icp_evaluator* evaluator) { delete evaluator; }

icp_status icp_evaluate_json(icp_evaluator* evaluator, const char* json, size_t len,
                             const char* as_of, int audit, icp_error* err) {
  // The last decision is forgotten first, so that no failure (a bad argument included) leaves
  // the previous record's decision to be read as this one's.
  if (evaluator != nullptr) evaluator->decision.reset();
  return guarded(err, ICP_ERR_INTERNAL, [&]() -> icp_status {
    if (evaluator == nullptr || (json == nullptr && len != 0) || as_of == nullptr) {
      set_error(err, ICP_ERR_ARGUMENT, "evaluator, json or as_of is NULL");
      return ICP_ERR_ARGUMENT;
    }
    const std::optional<icp::Date> date = icp::parse_date(as_of);
    if (!date) {
      set_error(err, ICP_ERR_ARGUMENT, fmt::format("as_of `{}` is not a YYYY-MM-DD date", as_of));
      return ICP_ERR_ARGUMENT;
    }
    icp::DecideResult result = evaluator->session.decide(std::string_view(json == nullptr ? "" : json, len), *date,
                                                         audit != 0 ? icp::Audit::on : icp::Audit::off);
    if (!result) {
      const icp::RecordError& error = result.error;
      set_error(err, ICP_ERR_INVALID_RECORD,
                error.record_id.empty() ? error.message
                                        : fmt::format("record `{}`: {}", error.record_id, error.message));
      return ICP_ERR_INVALID_RECORD;
    }
    evaluator->decision = result.decision;
    clear_error(err);
    return ICP_OK;
  });
}

// The views below end in a NUL: Decision's strings are std::strings of the program or the
// session (icp/decision.hpp says so for json()), and the verdict and action are literals.
const char* icp_decision_json(icp_evaluator* evaluator) {
  const icp::Decision* decision = decided(evaluator);
  if (decision == nullptr) return nullptr;
  return guarded(nullptr, static_cast<const char*>(nullptr), [&] { return decision->json().data(); });
}

const char* icp_decision_id(const icp_evaluator* evaluator) {
  const icp::Decision* decision = decided(evaluator);
  return decision == nullptr ? nullptr : decision->account_id().data();
}

const char* icp_decision_verdict(const icp_evaluator* evaluator) {
  const icp::Decision* decision = decided(evaluator);
  return decision == nullptr ? nullptr : icp::to_string(decision->verdict()).data();
}

int icp_decision_tier(const icp_evaluator* evaluator) {
  const icp::Decision* decision = decided(evaluator);
  return decision == nullptr ? 0 : decision->tier().value_or(0);
}

const char* icp_decision_route_action(const icp_evaluator* evaluator) {
  const icp::Decision* decision = decided(evaluator);
  return decision == nullptr ? nullptr : icp::to_string(decision->route_action()).data();
}

const char* icp_decision_queue(const icp_evaluator* evaluator) {
  const icp::Decision* decision = decided(evaluator);
  return decision == nullptr ? nullptr : decision->queue().data();
}

int icp_decision_route_rule(const icp_evaluator* evaluator) {
  const icp::Decision* decision = decided(evaluator);
  return decision == nullptr ? 0 : static_cast<int>(decision->route_rule());
}

const char* icp_version(void) { return ICP_VERSION_STRING; }

const char* icp_status_name(int code) {
  switch (code) {
    case ICP_OK: return "ok";
    case ICP_ERR_IO: return "I/O error";
    case ICP_ERR_INVALID_PROGRAM: return "invalid program";
    case ICP_ERR_INVALID_RECORD: return "invalid record";
    case ICP_ERR_ARGUMENT: return "invalid argument";
    case ICP_ERR_INTERNAL: return "internal error";
    default: return "unknown status";
  }
}

const char* icp_reference_data_version(void) { return icp::reference_data_version().data(); }

}  // extern "C"
