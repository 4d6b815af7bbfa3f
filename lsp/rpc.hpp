// JSON-RPC 2.0 as LSP uses it: an incoming message classified (request, notification,
// response, or why it is neither), and the replies written. Input: a message body. Output:
// a Message whose params stay a simdjson element, valid while its parser is not reused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace icp::lsp {

// JSON-RPC's and LSP's error codes.
enum class ErrorCode : int {
  parse_error = -32700,
  invalid_request = -32600,
  method_not_found = -32601,
  invalid_params = -32602,
  internal_error = -32603,
  server_not_initialized = -32002,
};

struct Message {
  enum class Kind { request, notification, response, invalid };
  Kind kind = Kind::invalid;
  std::string id;  // the id as JSON ("7", "\"a\""); "null" when there is none
  std::string method;
  std::optional<simdjson::dom::element> params;  // nullopt when absent
  ErrorCode error = ErrorCode::invalid_request;  // for Kind::invalid
  std::string problem;                           // for Kind::invalid
};

Message classify(simdjson::dom::parser& parser, const std::string& body);

std::string result_message(std::string_view id, std::string_view result_json);
std::string error_message(std::string_view id, ErrorCode code, std::string_view message);
std::string notification_message(std::string_view method, std::string_view params_json);

// Members of params by path ({"textDocument", "uri"}); nullopt when one is missing or of
// another type.
std::optional<std::string_view> string_at(std::optional<simdjson::dom::element> value,
                                          std::initializer_list<std::string_view> path);
std::optional<std::int64_t> integer_at(std::optional<simdjson::dom::element> value,
                                       std::initializer_list<std::string_view> path);

}  // namespace icp::lsp
