// Each whole-request endpoint, as documented in docs/serve.md "API". Decisions are the bytes
// `icpc eval` writes for the same program, record and as_of, newline included, with the
// program id in an ICP-Program header. Input: a Request and its Route. Output: a Response.
#include "server/handlers.hpp"

#include <fmt/format.h>

namespace icp::server {
namespace {

bool keep_alive(const Request& request, const ServerContext& context) {
  return request.keep_alive() && !context.draining.load();
}

std::string served_names(const ProfileRegistry& registry) {
  std::string names;
  for (const ProfileSource& source : registry.files().profiles) {
    names += fmt::format("{}`{}`", names.empty() ? "" : ", ", source.name);
  }
  return names;
}

Response decide_one(const Request& request, const Route& route, const DecideQuery& query, ServerContext& context,
                    std::string& pending_log) {
  const std::optional<ServerLog::Request> logged =
      context.log != nullptr ? std::optional(ServerLog::start_request()) : std::nullopt;
  const std::shared_ptr<const ServedProgram> program = context.registry.program(route.profile);
  ServedProgram::Lease decider = program->borrow();
  if (!decider->decide(request.body(), query.as_of, query.audit)) {
    context.metrics.count_rejected(route.profile);
    return rejection_response(decider->rejection(), route.profile, request.version(), keep_alive(request, context));
  }
  context.metrics.count_decision(route.profile, decider->verdict(), decider->route_action());
  std::string body(decider->decision_json());
  body += '\n';
  Response response = make_response(http::status::ok, std::move(body), "application/json", request.version(),
                                    keep_alive(request, context));
  response.set("ICP-Program", boost::beast::string_view(program->id()));
  // One decision: its id is the request's, so ICP-Request-Id would repeat it.
  if (logged) response.set("ICP-Decision-Id", context.log->append(*decider, *logged, route.profile, false, pending_log));
  return response;
}

// Every served profile, in name order: each result a decision or the record's rejection by
// that profile (profiles may ask for different fields). 400 only when every profile rejects.
Response decide_all(const Request& request, const DecideQuery& query, ServerContext& context, std::string& pending_log) {
  const std::optional<ServerLog::Request> logged =
      context.log != nullptr ? std::optional(ServerLog::start_request()) : std::nullopt;
  std::string results, programs, decision_ids;
  std::optional<std::pair<Rejection, std::string>> first_rejection;
  bool any_decided = false;
  for (const ProfileSource& source : context.registry.files().profiles) {
    const std::shared_ptr<const ServedProgram> program = context.registry.program(source.name);
    ServedProgram::Lease decider = program->borrow();
    if (!results.empty()) results += ',';
    if (decider->decide(request.body(), query.as_of, query.audit)) {
      any_decided = true;
      context.metrics.count_decision(source.name, decider->verdict(), decider->route_action());
      results += fmt::format(R"({{"profile":"{}","decision":{}}})", json_string(source.name), decider->decision_json());
      if (logged) {
        decision_ids += fmt::format("{}{}={}", decision_ids.empty() ? "" : ", ", source.name,
                                    context.log->append(*decider, *logged, source.name, true, pending_log));
      }
    } else {
      context.metrics.count_rejected(source.name);
      if (!first_rejection) first_rejection.emplace(decider->rejection(), source.name);
      results += fmt::format(R"({{"profile":"{}","rejected":{}}})", json_string(source.name),
                             rejection_json(decider->rejection()));
    }
    programs += fmt::format("{}{}={}", programs.empty() ? "" : ", ", source.name, program->id());
  }
  if (!any_decided) {
    return rejection_response(first_rejection->first, first_rejection->second, request.version(),
                              keep_alive(request, context));
  }
  Response response = make_response(http::status::ok, fmt::format("{{\"results\":[{}]}}\n", results),
                                    "application/json", request.version(), keep_alive(request, context));
  response.set("ICP-Program", programs);
  if (logged) {
    response.set("ICP-Decision-Id", decision_ids);
    response.set("ICP-Request-Id", logged->id);
  }
  return response;
}

Response list_profiles(const Request& request, ServerContext& context) {
  std::string body = "{\"profiles\":[";
  bool first = true;
  const auto optional = [](const std::string& value) {
    return value.empty() ? std::string("null") : fmt::format("\"{}\"", json_string(value));
  };
  for (const ProfileStatus& status : context.registry.statuses()) {
    const ServedProgram* program = status.program.get();
    body += fmt::format(
        R"({}{{"name":"{}","file":"{}","profile":{},"version":{},"owner":{},"program":{},"loaded_at":{},"last_error":{},"last_error_at":{}}})",
        first ? "" : ",", json_string(status.name), json_string(status.file),
        program ? optional(program->profile()) : "null", program ? optional(program->version()) : "null",
        program ? optional(program->owner()) : "null", program ? optional(program->id()) : "null",
        optional(status.loaded_at), optional(status.last_error), optional(status.last_error_at));
    first = false;
  }
  body += "]}\n";
  return make_response(http::status::ok, std::move(body), "application/json", request.version(),
                       keep_alive(request, context));
}

Response readiness(const Request& request, ServerContext& context) {
  std::string waiting;
  for (const ProfileStatus& status : context.registry.statuses()) {
    if (!status.program) waiting += fmt::format("{}\"{}\"", waiting.empty() ? "" : ",", json_string(status.name));
  }
  const bool draining = context.draining.load();
  const bool ready = waiting.empty() && !draining;
  const std::string body = fmt::format(R"({{"ready":{},"draining":{},"waiting_for":[{}]}})"
                                       "\n",
                                       ready, draining, waiting);
  return make_response(ready ? http::status::ok : http::status::service_unavailable, body, "application/json",
                       request.version(), keep_alive(request, context));
}

}  // namespace

std::optional<Response> check_decide_request(const http::request_header<>& header, bool keep_alive,
                                             const Route& route, ServerContext& context, bool batch,
                                             std::optional<DecideQuery>& query) {
  const bool alive = keep_alive && !context.draining.load();
  const unsigned version = header.version();
  if (!route.profile.empty() && !context.registry.knows(route.profile)) {
    return error_response(http::status::not_found,
                          fmt::format("no profile `{}` is served; served: {}", route.profile, served_names(context.registry)),
                          version, alive);
  }
  for (const ProfileSource& source : context.registry.files().profiles) {
    if (!route.profile.empty() && source.name != route.profile) continue;
    if (!context.registry.program(source.name)) {
      return error_response(http::status::service_unavailable,
                            fmt::format("profile `{}` has no good program yet: see GET /v1/profiles", source.name),
                            version, alive);
    }
  }
  const std::string_view type = view(header[http::field::content_type]);
  if (batch && !media_type_is(type, {"application/x-ndjson", "application/jsonl", "application/json-lines",
                                     "application/x-jsonlines"})) {
    return error_response(http::status::unsupported_media_type,
                          fmt::format("a batch is JSON Lines: send `Content-Type: application/x-ndjson`, not `{}`", type),
                          version, alive);
  }
  if (!batch && !media_type_is(type, {"application/json"})) {
    return error_response(http::status::unsupported_media_type,
                          fmt::format("an account is JSON: send `Content-Type: application/json`, not `{}`", type),
                          version, alive);
  }
  std::string error;
  query = decide_query(route, error);
  if (!query) return error_response(http::status::bad_request, error, version, alive);
  return std::nullopt;
}

Response handle_request(const Request& request, const Route& route, ServerContext& context, std::string& pending_log) {
  switch (route.endpoint) {
    case Endpoint::decide:
    case Endpoint::decide_all: {
      std::optional<DecideQuery> query;
      if (std::optional<Response> refused = check_decide_request(request.base(), request.keep_alive(), route, context, false, query)) {
        return std::move(*refused);
      }
      return route.endpoint == Endpoint::decide ? decide_one(request, route, *query, context, pending_log)
                                                : decide_all(request, *query, context, pending_log);
    }
    case Endpoint::profiles: return list_profiles(request, context);
    case Endpoint::healthz:
      return make_response(http::status::ok, "{\"status\":\"ok\"}\n", "application/json", request.version(),
                           keep_alive(request, context));
    case Endpoint::readyz: return readiness(request, context);
    case Endpoint::metrics: {
      std::optional<Metrics::LogCounts> log;
      if (context.log != nullptr) {
        const decision_log::LogWriter::Counters counters = context.log->writer().counters();
        log = Metrics::LogCounts{counters.entries, counters.groups, counters.fsyncs};
      }
      return make_response(http::status::ok, context.metrics.render(context.registry.statuses(), log ? &*log : nullptr),
                           "text/plain; version=0.0.4; charset=utf-8", request.version(), keep_alive(request, context));
    }
    case Endpoint::reload:  // answered from the reload thread: Connection::start_reload
    case Endpoint::batch:
    case Endpoint::other: break;
  }
  return error_response(http::status::not_found, "no such endpoint", request.version(), keep_alive(request, context));
}

std::optional<Response> check_admin_request(const Request& request, const ServerContext& context) {
  if (context.auth.allows(view(request[http::field::authorization]))) return std::nullopt;
  Response response = error_response(http::status::unauthorized, "the admin endpoints need `Authorization: Bearer <token>`",
                                     request.version(), keep_alive(request, context));
  response.set(http::field::www_authenticate, "Bearer");
  return response;
}

Response reload_response(const std::vector<ReloadResult>& results, unsigned version, bool keep_alive) {
  std::string body = "{\"reloads\":[";
  bool failed = false;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const ReloadResult& result = results[i];
    failed = failed || result.outcome == ReloadResult::Outcome::failed;
    body += fmt::format(R"({}{{"profile":"{}","outcome":"{}","program":{},"error":{}}})", i == 0 ? "" : ",",
                        json_string(result.name), outcome_name(result.outcome),
                        result.program_id.empty() ? "null" : fmt::format("\"{}\"", result.program_id),
                        result.error.empty() ? "null" : fmt::format("\"{}\"", json_string(result.error)));
  }
  body += "]}\n";
  // 422: the request was understood, but some profile did not load (its last good program serves on).
  return make_response(failed ? http::status::unprocessable_entity : http::status::ok, std::move(body),
                       "application/json", version, keep_alive);
}

}  // namespace icp::server
