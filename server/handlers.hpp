// The endpoints answered from a whole request: decide one account (by one profile or by
// all), list the profiles, health, readiness, metrics and the admin reload's answer. Input: a request
// read in full (bodies up to --max-body) and its Route. Output: the response to write.
// The batch endpoint streams instead (batch_exchange.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server/http_messages.hpp"
#include "server/server_context.hpp"

namespace icp::server {

// With the decision log on, a decision's pending entries are appended to `pending_log`: the
// caller sends the response once the log's writer has written them (Connection::on_body).
Response handle_request(const Request& request, const Route& route, ServerContext& context, std::string& pending_log);

// The checks a decision request passes before any body is read: a served profile with a good
// program (404, 503), the content type (415), the query (400). `profile` empty: all profiles.
// nullopt when the request may go on.
// POST /v1/admin/reload, whose reload runs on the reload thread (Connection::start_reload):
// the 401 for a request without the admin token (nullopt when it may go on), and the answer
// once the reload is done (200, or 422 when a profile failed).
std::optional<Response> check_admin_request(const Request& request, const ServerContext& context);
Response reload_response(const std::vector<ReloadResult>& results, unsigned version, bool keep_alive);

std::optional<Response> check_decide_request(const http::request_header<>& header, bool keep_alive,
                                             const Route& route, ServerContext& context, bool batch,
                                             std::optional<DecideQuery>& query);

}  // namespace icp::server
