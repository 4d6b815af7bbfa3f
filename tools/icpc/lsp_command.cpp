// `icpc lsp`: the language server for editors (lsp/, docs/editors.md), speaking LSP over
// standard input and output. Input: the command line (no options but --help). Output: the
// server's exit code: 0 after `shutdown` then `exit`, 1 otherwise, as the protocol says.
#include <unistd.h>

#include "lsp/server.hpp"
#include "tools/icpc/commands.hpp"

namespace icp::cli {

void add_lsp_command(CLI::App& app, int& exit_code) {
  CLI::App* lsp = app.add_subcommand("lsp", "Run the language server for editors (LSP over stdin and stdout)");
  lsp->footer("Diagnostics as `icpc check` gives them, hover, go to definition, completion and formatting;\n"
              "editors start it themselves (docs/editors.md).\n\n"
              "Exit codes:\n"
              "  0  the editor sent `shutdown`, then `exit`\n"
              "  1  `exit` without `shutdown`, or the input ended first\n"
              "  2  usage error");
  lsp->callback([&exit_code] { exit_code = lsp::run_server(STDIN_FILENO, STDOUT_FILENO, lsp::ServerInfo{"icpc", ICP_VERSION}); });
}

}  // namespace icp::cli
