// The HTTP messages the server writes, and the pieces of requests it reads. Input: a status
// and a body, or a request's headers. Output: Beast responses with the server's headers;
// JSON error bodies ({"error":{"status":...,"message":...}}), rejected records included.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>

#include "icp/date.hpp"
#include "server/router.hpp"
#include "server/served_program.hpp"

namespace icp::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Beast's string_view (boost::string_view in Boost 1.74) as the standard one.
inline std::string_view view(boost::beast::string_view text) { return {text.data(), text.size()}; }

// The bytes between the quotes of a JSON string.
std::string json_string(std::string_view raw);

Response make_response(http::status status, std::string body, std::string_view content_type, unsigned version,
                       bool keep_alive);
// {"error":{"status":S,"message":"..."}} as application/json.
Response error_response(http::status status, std::string_view message, unsigned version, bool keep_alive);
// 400 for a record that was not decided: the message `icpc eval` prints ("record `ID`
// rejected: `field`: expected ..., found ..."), with record, field, expected and found.
Response rejection_response(const Rejection& rejection, std::string_view profile, unsigned version, bool keep_alive);
// The rejection as a JSON object: {"record":..,"field":..,"expected":..,"found":..,"message":..}.
std::string rejection_json(const Rejection& rejection);

// Whether the Content-Type's media type (parameters aside, any case) is one of `accepted`.
bool media_type_is(std::string_view content_type, std::initializer_list<std::string_view> accepted);

// The query parameters of a decision: `as_of` (YYYY-MM-DD; default today, UTC) and `audit`
// (true or false). nullopt with `error` for a bad value or an unknown parameter.
struct DecideQuery {
  Date as_of;
  bool audit = false;
};
std::optional<DecideQuery> decide_query(const Route& route, std::string& error);

}  // namespace icp::server
