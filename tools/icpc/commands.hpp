// The `icpc` verbs: each file adds one subcommand to the CLI11 app and runs it.
// Input: the parsed command line. Output: text on stdout/stderr and the process exit code.
#pragma once

#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace icp::cli {

// KEEP IN SYNC: the help footers (exit_codes_footer) and tests/cli.
inline constexpr int kExitClean = 0;
inline constexpr int kExitProblems = 1;  // errors, or warnings with `--deny warnings`
inline constexpr int kExitUsage = 2;     // bad command line, unreadable file, bad icp.toml

// Each adds its subcommand to `app`; when it runs, its exit code goes to `exit_code`.
void add_check_command(CLI::App& app, int& exit_code);
void add_dump_command(CLI::App& app, int& exit_code);
void add_build_command(CLI::App& app, int& exit_code);
void add_eval_command(CLI::App& app, int& exit_code);
void add_explain_command(CLI::App& app, int& exit_code);
void add_backtest_command(CLI::App& app, int& exit_code);
void add_nucleus_command(CLI::App& app, int& exit_code);
void add_queue_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);
void add_fmt_command(CLI::App& app, int& exit_code);
void add_test_command(CLI::App& app, int& exit_code);
void add_diff_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);
void add_log_command(CLI::App& app, int& exit_code);
void add_replay_command(CLI::App& app, int& exit_code);
void add_lsp_command(CLI::App& app, int& exit_code);

// The help footer listing the exit codes.
std::string exit_codes_footer();
// `--color auto|always|never` for a stream: auto means "a terminal, and NO_COLOR unset".
bool use_color(std::string_view mode, bool to_stdout);
// Adds `--color WHEN` (auto, always or never; default shown in --help) to a command.
CLI::Option* add_color_option(CLI::App& command, std::string& color, const std::string& description);
// Adds `--manifest FILE` (the icp.toml to use instead of the nearest one) to a command.
CLI::Option* add_manifest_option(CLI::App& command, std::string& manifest);
// --threads N: worker threads, 1 to 256, default 1. The range is in the description, not
// in the type (CLI11 would print `UINT:INT in [1 - 256]`).
CLI::Option* add_threads_option(CLI::App& command, std::size_t& threads, const std::string& description);

// Sizes in bytes, with an optional K, M or G suffix (powers of 1024), as --max-body takes them.
CLI::Validator byte_size();
// `icpc: error: message` on stderr, for problems that are not diagnostics.
void print_error(std::string_view message);
// `icpc: warning: message` on stderr: something the run did that the user did not likely mean.
void print_warning(std::string_view message);
// `icpc: note: message` on stderr: something the user may want to know that changes nothing.
void print_note(std::string_view message);
// What `--version` prints: the icpc and language versions, then the reference data (two lines).
std::string version_line();

}  // namespace icp::cli
