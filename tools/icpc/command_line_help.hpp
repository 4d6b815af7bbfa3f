// The command line's manners (command_line_help.cpp): help and version as commands, a
// suggestion for a mistyped command, and usage errors that point at the command's own help.
// Input: the CLI11 app with every command added. Output: subcommands and messages.
#pragma once

#include <optional>
#include <string>

#include "tools/icpc/commands.hpp"

namespace icp::cli {

// `icpc help [COMMAND]` (the same text as `icpc COMMAND --help`) and `icpc version`.
void add_help_and_version_commands(CLI::App& app, int& exit_code);
// `icpc completion bash|zsh|fish` (shell_completion.cpp).
void add_completion_command(CLI::App& app, int& exit_code);
// `icpc manpage [COMMAND]`, hidden: roff for the build's man pages (man_pages.cpp).
void add_manpage_command(CLI::App& app, int& exit_code);

// Before parsing: when argv[1] is a word that names no command, the whole error message
// ("no command `chek`; did you mean `check`?"), else nullopt (CLI11 parses as usual).
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv);

// A usage error as printed: the message, a hint for a stray argument that an option of the
// command probably takes (`icpc eval rules data.jsonl` -> `--input data.jsonl`), and a
// pointer to the help of the command in use (`icpc eval --help`).
std::string usage_error_message(const CLI::App& app, const CLI::Error& error);

}  // namespace icp::cli
