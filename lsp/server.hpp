// `icpc lsp`: a Language Server Protocol server over a pair of descriptors (stdin and stdout).
// Input: JSON-RPC messages from an editor. Output: responses, and diagnostics published as the
// documents change. Lifecycle per the specification: initialize, shutdown, exit.
#pragma once

#include <string>

namespace icp::lsp {

struct ServerInfo {
  std::string name = "icpc";
  std::string version;
};

// Serves until the `exit` notification or the end of input. Returns the process's exit code:
// 0 when `shutdown` came before `exit`, 1 otherwise (the end of input included).
int run_server(int input, int output, const ServerInfo& info);

}  // namespace icp::lsp
