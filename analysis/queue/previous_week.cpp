// Reads a queue.json back (see previous_week.hpp) with simdjson's DOM parser: the file is a
// team's week, small enough to hold. Input: JSON text. Output: account id -> rep id.
#include "analysis/queue/previous_week.hpp"

#include <string>

#include <fmt/format.h>
#include <simdjson.h>

namespace icp::analysis {

bool read_previous_week(std::string_view json, std::string_view name, PreviousWeek& out, Error& error) {
  auto fail = [&](std::string message) {
    error = Error{.file = std::string(name), .message = std::move(message)};
    return false;
  };
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto problem = parser.parse(json.data(), json.size()).get(root)) {
    return fail(fmt::format("not JSON: {}", simdjson::error_message(problem)));
  }
  simdjson::dom::array reps;
  if (root["reps"].get_array().get(reps)) return fail("expected the queue.json of `icpc queue` (an object with `reps`)");
  for (simdjson::dom::element rep : reps) {
    std::string_view rep_id;
    simdjson::dom::array accounts;
    if (rep["id"].get_string().get(rep_id) || rep["accounts"].get_array().get(accounts)) {
      return fail("each of `reps` must have an `id` and `accounts`");
    }
    for (simdjson::dom::element account : accounts) {
      std::string_view id;
      if (account["id"].get_string().get(id)) return fail(fmt::format("rep `{}`: an account without an `id`", rep_id));
      auto [at, inserted] = out.emplace(std::string(id), std::string(rep_id));
      if (!inserted) return fail(fmt::format("account `{}` is in the queues of `{}` and `{}`", id, at->second, rep_id));
    }
  }
  return true;
}

}  // namespace icp::analysis
