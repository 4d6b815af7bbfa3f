// Which endpoint a request is for. Input: the method and target of a request line.
// Output: a Route (the endpoint, the profile named in the path, the query parameters), or
// the reason there is none (404 for an unknown path, 405 with the methods allowed).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/metrics.hpp"

namespace icp::server {

struct Route {
  Endpoint endpoint = Endpoint::other;
  std::string profile;  // decide and batch: the {profile} segment
  std::vector<std::pair<std::string, std::string>> query;  // percent-decoded, in order
  unsigned status = 200;  // 404 or 405 when there is no route; 400 for a bad query string
  std::string allow;      // 405: the methods the path allows
  std::string error;      // why there is no route
};

// `method` as sent ("GET", "POST"). HEAD is not served: every endpoint has a body to give.
Route route(std::string_view method, std::string_view target);

}  // namespace icp::server
