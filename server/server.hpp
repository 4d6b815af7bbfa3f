// `icpc serve`: the routing service. Input: ServeOptions (the command line). Output: HTTP
// answers until SIGTERM or SIGINT, after which the requests in flight finish and it returns.
// Returns the process exit code: 0 after a drain, 2 when it cannot start (a path, the
// listen address, the admin token file), with the reason on stderr.
#pragma once

#include "server/serve_options.hpp"

namespace icp::server {

int run_server(const ServeOptions& options);

}  // namespace icp::server
