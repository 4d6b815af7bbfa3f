// The endpoint table: /v1/decide, /v1/decide/{profile}, /v1/decide/{profile}/batch,
// /v1/profiles, /v1/admin/reload, /healthz, /readyz, /metrics. Input: method and target.
// Output: a Route. KEEP IN SYNC: docs/serve.md "API".
#include "server/router.hpp"

#include <fmt/format.h>

namespace icp::server {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding, `+` as a space (HTML forms); false on a bad escape.
bool decode(std::string_view in, std::string& out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] != '%') {
      out += in[i];
    } else {
      if (i + 2 >= in.size()) return false;
      const int high = hex_value(in[i + 1]);
      const int low = hex_value(in[i + 2]);
      if (high < 0 || low < 0) return false;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return true;
}

bool parse_query(std::string_view query, Route& route) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string key, value;
    if (!decode(pair.substr(0, eq), key) ||
        (eq != std::string_view::npos && !decode(pair.substr(eq + 1), value))) {
      route.status = 400;
      route.error = "the query string has a bad percent-escape";
      return false;
    }
    route.query.emplace_back(std::move(key), std::move(value));
  }
  return true;
}

struct Match {
  Endpoint endpoint;
  std::string_view method;
  std::string profile;
};

// The path's endpoint, or nullopt-like `other` for an unknown path.
Match match_path(std::string_view path) {
  if (path == "/v1/decide") return {Endpoint::decide_all, "POST", {}};
  if (path == "/v1/profiles") return {Endpoint::profiles, "GET", {}};
  if (path == "/v1/admin/reload") return {Endpoint::reload, "POST", {}};
  if (path == "/healthz") return {Endpoint::healthz, "GET", {}};
  if (path == "/readyz") return {Endpoint::readyz, "GET", {}};
  if (path == "/metrics") return {Endpoint::metrics, "GET", {}};
  constexpr std::string_view kDecide = "/v1/decide/";
  if (!path.starts_with(kDecide)) return {Endpoint::other, {}, {}};
  std::string_view rest = path.substr(kDecide.size());
  Endpoint endpoint = Endpoint::decide;
  if (rest.ends_with("/batch")) {
    rest.remove_suffix(6);
    endpoint = Endpoint::batch;
  }
  std::string profile;
  if (rest.empty() || rest.find('/') != std::string_view::npos || !decode(rest, profile)) {
    return {Endpoint::other, {}, {}};
  }
  return {endpoint, "POST", std::move(profile)};
}

}  // namespace

Route route(std::string_view method, std::string_view target) {
  Route out;
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  Match match = match_path(path);
  if (match.endpoint == Endpoint::other) {
    out.status = 404;
    out.error = fmt::format("no endpoint at `{}`", path);
    return out;
  }
  out.endpoint = match.endpoint;
  out.profile = std::move(match.profile);
  if (method != match.method) {
    out.status = 405;
    out.allow = std::string(match.method);
    out.error = fmt::format("`{}` takes {}, not {}", path, match.method, method);
    return out;
  }
  if (question != std::string_view::npos) parse_query(target.substr(question + 1), out);
  return out;
}

}  // namespace icp::server
