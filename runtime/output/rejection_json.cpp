// Stage 5, output, for what could not be decided: a rejected record and an unused side-file
// row as one JSON object each (icp/batch.hpp append_json), the lines of `icpc eval --errors`
// (docs/evaluation.md). Input: a RejectedRecord or SideFileError. Output: JSON and '\n'.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "icp/batch.hpp"
#include "runtime/input/record.hpp"

namespace icp {
namespace {

// ,"field":...,"expected":...,"found":...,"message":...}\n — the tail both objects share.
void append_tail(std::string_view field, std::string_view expected, std::string_view found, std::string_view message,
                 std::string& out) {
  const std::pair<const char*, std::string_view> fields[] = {
      {"field", field}, {"expected", expected}, {"found", found}, {"message", message}};
  for (const auto& [key, value] : fields) {
    out += fmt::format(",\"{}\":", key);
    vm::append_json_string(value, out);
  }
  out += "}\n";
}

void append_id(std::string_view id, std::string& out) {
  if (id.empty()) {
    out += "null";
  } else {
    vm::append_json_string(id, out);
  }
}

}  // namespace

void append_json(const RejectedRecord& rejection, std::string& out) {
  out += fmt::format("{{\"line\":{},\"id\":", rejection.line);
  append_id(rejection.id, out);
  append_tail(rejection.field, rejection.expected, rejection.found, rejection.message, out);
}

void append_json(const SideFileError& error, std::string& out) {
  out += "{\"side\":";
  vm::append_json_string(error.side, out);
  out += ",\"file\":";
  vm::append_json_string(error.file, out);
  out += fmt::format(",\"line\":{},\"account_id\":", error.line);
  append_id(error.account_id, out);
  append_tail(error.field, error.expected, error.found, error.message, out);
}

}  // namespace icp
