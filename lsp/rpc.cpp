// JSON-RPC 2.0 messages (rpc.hpp), parsed with simdjson's DOM API (members in any order;
// malformed JSON, a wrong `jsonrpc` or a bad id is classified, never thrown). Output
// messages are written with the project's JsonWriter.
#include "lsp/rpc.hpp"

#include <fmt/format.h>

#include "compiler/render/json_writer.hpp"

namespace icp::lsp {
namespace dom = simdjson::dom;

namespace {

std::optional<dom::element> member_at(std::optional<dom::element> found, std::initializer_list<std::string_view> path) {
  if (!found) return std::nullopt;
  dom::element value = *found;
  for (const std::string_view key : path) {
    dom::object object;
    if (value.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
    if (object.at_key(key).get(value) != simdjson::SUCCESS) return std::nullopt;
  }
  return value;
}

Message invalid(ErrorCode code, std::string problem, std::string id = "null") {
  Message message;
  message.error = code;
  message.problem = std::move(problem);
  message.id = std::move(id);
  return message;
}

}  // namespace

Message classify(dom::parser& parser, const std::string& body) {
  dom::element root;
  if (const auto error = parser.parse(body).get(root); error != simdjson::SUCCESS) {
    return invalid(ErrorCode::parse_error, fmt::format("the message is not JSON: {}", simdjson::error_message(error)));
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return invalid(ErrorCode::invalid_request, "the message is not a JSON object");
  Message message;
  dom::element id;
  const bool has_id = object.at_key("id").get(id) == simdjson::SUCCESS;
  if (has_id && !id.is_string() && !id.is_int64() && !id.is_uint64() && !id.is_null()) {
    return invalid(ErrorCode::invalid_request, "`id` must be a number or a string");
  }
  message.id = has_id ? simdjson::minify(id) : "null";
  std::string_view version;
  if (object.at_key("jsonrpc").get(version) != simdjson::SUCCESS || version != "2.0") {
    return invalid(ErrorCode::invalid_request, "`jsonrpc` must be \"2.0\"", message.id);
  }
  dom::element method;
  if (object.at_key("method").get(method) != simdjson::SUCCESS) {
    const bool response = object.at_key("result").error() == simdjson::SUCCESS || object.at_key("error").error() == simdjson::SUCCESS;
    if (has_id && response) {
      message.kind = Message::Kind::response;
      return message;
    }
    return invalid(ErrorCode::invalid_request, "the message has no `method`", message.id);
  }
  std::string_view name;
  if (method.get_string().get(name) != simdjson::SUCCESS) return invalid(ErrorCode::invalid_request, "`method` must be a string", message.id);
  message.method = std::string(name);
  dom::element params;
  if (object.at_key("params").get(params) == simdjson::SUCCESS) message.params = params;
  message.kind = has_id ? Message::Kind::request : Message::Kind::notification;
  return message;
}

std::string result_message(std::string_view id, std::string_view result_json) {
  render::JsonWriter json(false);
  json.begin_object();
  json.field("jsonrpc", "2.0");
  json.key("id");
  json.raw(id);
  json.key("result");
  json.raw(result_json);
  json.end_object();
  return json.take();
}

std::string error_message(std::string_view id, ErrorCode code, std::string_view message) {
  render::JsonWriter json(false);
  json.begin_object();
  json.field("jsonrpc", "2.0");
  json.key("id");
  json.raw(id);
  json.key("error");
  json.begin_object();
  json.field("code", static_cast<int>(code));
  json.field("message", message);
  json.end_object();
  json.end_object();
  return json.take();
}

std::string notification_message(std::string_view method, std::string_view params_json) {
  render::JsonWriter json(false);
  json.begin_object();
  json.field("jsonrpc", "2.0");
  json.field("method", method);
  json.key("params");
  json.raw(params_json);
  json.end_object();
  return json.take();
}

std::optional<std::string_view> string_at(std::optional<dom::element> value, std::initializer_list<std::string_view> path) {
  const std::optional<dom::element> found = member_at(value, path);
  std::string_view text;
  if (!found || found->get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  return text;
}

std::optional<std::int64_t> integer_at(std::optional<dom::element> value, std::initializer_list<std::string_view> path) {
  const std::optional<dom::element> found = member_at(value, path);
  std::int64_t number = 0;
  if (!found || found->get_int64().get(number) != simdjson::SUCCESS) return std::nullopt;
  return number;
}

}  // namespace icp::lsp
