// Building responses and reading request details. Input: statuses, bodies, headers and query
// parameters. Output: Beast responses; parsed decision parameters.
#include "server/http_messages.hpp"

#include <cctype>

#include <fmt/format.h>

#include "compiler/project/project.hpp"
#include "compiler/render/escape.hpp"

namespace icp::server {

std::string json_string(std::string_view raw) { return escape::json(raw); }

Response make_response(http::status status, std::string body, std::string_view content_type, unsigned version,
                       bool keep_alive) {
  Response response{status, version};
  response.set(http::field::server, "icpc-serve");
  response.set(http::field::content_type, boost::beast::string_view(content_type.data(), content_type.size()));
  response.keep_alive(keep_alive);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response error_response(http::status status, std::string_view message, unsigned version, bool keep_alive) {
  return make_response(status,
                       fmt::format("{{\"error\":{{\"status\":{},\"message\":\"{}\"}}}}\n", static_cast<unsigned>(status),
                                   json_string(message)),
                       "application/json", version, keep_alive);
}

namespace {

std::string rejection_message(const Rejection& rejection) {
  const std::string id = rejection.id.empty() ? std::string("(no readable id)") : fmt::format("`{}`", rejection.id);
  return fmt::format("record {} rejected: {}", id, rejection.message);
}

std::string optional_json(std::string_view value) {
  return value.empty() ? std::string("null") : fmt::format("\"{}\"", json_string(value));
}

}  // namespace

std::string rejection_json(const Rejection& rejection) {
  return fmt::format(R"({{"record":{},"field":"{}","expected":"{}","found":"{}","message":"{}"}})",
                     optional_json(rejection.id), json_string(rejection.field), json_string(rejection.expected),
                     json_string(rejection.found), json_string(rejection_message(rejection)));
}

Response rejection_response(const Rejection& rejection, std::string_view profile, unsigned version, bool keep_alive) {
  const std::string body = fmt::format(
      R"({{"error":{{"status":400,"message":"{}","profile":"{}","record":{},"field":"{}","expected":"{}","found":"{}"}}}})"
      "\n",
      json_string(rejection_message(rejection)), json_string(profile), optional_json(rejection.id),
      json_string(rejection.field), json_string(rejection.expected), json_string(rejection.found));
  return make_response(http::status::bad_request, body, "application/json", version, keep_alive);
}

bool media_type_is(std::string_view content_type, std::initializer_list<std::string_view> accepted) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  for (const std::string_view candidate : accepted) {
    if (candidate.size() != type.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < type.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(type[i])) == candidate[i];
    }
    if (same) return true;
  }
  return false;
}

std::optional<DecideQuery> decide_query(const Route& route, std::string& error) {
  DecideQuery query{project::utc_today(), false};
  for (const auto& [key, value] : route.query) {
    if (key == "as_of") {
      const std::optional<Date> date = parse_date(value);
      if (!date) {
        error = fmt::format("`as_of` `{}` is not a date such as 2026-11-22", value);
        return std::nullopt;
      }
      query.as_of = *date;
    } else if (key == "audit") {
      if (value != "true" && value != "false") {
        error = fmt::format("`audit` is `true` or `false`, not `{}`", value);
        return std::nullopt;
      }
      query.audit = value == "true";
    } else {
      error = fmt::format("unknown query parameter `{}`: a decision takes `as_of` and `audit`", key);
      return std::nullopt;
    }
  }
  return query;
}

}  // namespace icp::server
