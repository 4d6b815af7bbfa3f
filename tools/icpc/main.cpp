// icpc: the command-line driver. Parses the command line with CLI11 and hands over to
// one verb (check_command.cpp, dump_command.cpp). Usage errors exit 2, never CLI11's
// own codes, so scripts can tell "bad invocation" from "the profile has errors".
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <system_error>

#include <fmt/format.h>

#include "compiler/render/escape.hpp"
#include "runtime/input/reference_codes.hpp"
#include "tools/icpc/command_line_help.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/output_file.hpp"
#include "tools/icpc/standard_streams.hpp"

namespace icp::cli {

std::string exit_codes_footer() {
  return "Exit codes:\n"
         "  0  no errors\n"
         "  1  errors found (or warnings, with --deny warnings)\n"
         "  2  usage error, unreadable file, bad icp.toml or a failed write";
}

CLI::Option* add_color_option(CLI::App& command, std::string& color, const std::string& description) {
  return command.add_option("--color", color, description)
      ->check(CLI::IsMember({"auto", "always", "never"}).description(""))
      ->type_name("WHEN")
      ->capture_default_str();
}

CLI::Validator byte_size() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::size_t multiplier = 1;
        std::string digits = text;
        if (!digits.empty()) {
          switch (digits.back()) {
            case 'K': case 'k': multiplier = std::size_t{1} << 10; break;
            case 'M': case 'm': multiplier = std::size_t{1} << 20; break;
            case 'G': case 'g': multiplier = std::size_t{1} << 30; break;
            default: break;
          }
          if (multiplier != 1) digits.pop_back();
        }
        if (digits.empty() || digits.size() > 12 || digits.find_first_not_of("0123456789") != std::string::npos ||
            std::stoull(digits) == 0) {
          return "`" + text + "` is not a size such as 1048576, 512K or 1M";
        }
        text = std::to_string(std::stoull(digits) * multiplier);
        return {};
      },
      "");
}

CLI::Option* add_manifest_option(CLI::App& command, std::string& manifest) {
  return command
      .add_option("--manifest", manifest,
                  "The icp.toml to use; default: icp.toml in the current folder or the nearest one above")
      ->type_name("FILE");
}

CLI::Option* add_threads_option(CLI::App& command, std::size_t& threads, const std::string& description) {
  return command.add_option("--threads", threads, description + " (1 to 256)")
      ->check(CLI::Range(1, 256).description(""))
      ->type_name("N")
      ->capture_default_str();
}

bool use_color(std::string_view mode, bool to_stdout) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return isatty(to_stdout ? STDOUT_FILENO : STDERR_FILENO) == 1;
}

// Messages quote paths, ids and values: escaped, so one line stays one line and inert.
void print_error(std::string_view message) {
  // Never throws, as it reports failures; a failed stderr is caught by finish_standard_streams.
  const std::string line = fmt::format("icpc: error: {}\n", escape::text(message));
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void print_warning(std::string_view message) {
  const std::string line = fmt::format("icpc: warning: {}\n", escape::text(message));
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void print_note(std::string_view message) {
  const std::string line = fmt::format("icpc: note: {}\n", escape::text(message));
  std::fwrite(line.data(), 1, line.size(), stderr);
}

// The second line names the code lists records are validated with: two builds of one
// version may embed different iso-codes releases, and a decision depends on them.
std::string version_line() {
  return fmt::format("icpc {} (ICP language {})\nreference data: {}", ICP_VERSION, ICP_LANGUAGE_VERSION,
                     vm::reference_data_summary());
}

}  // namespace icp::cli

int main(int argc, char** argv) {
  using namespace icp::cli;
  if (!prepare_standard_streams()) return kExitUsage;
  CLI::App app("icpc: the compiler for ideal customer profiles written in the ICP language", "icpc");
  app.set_version_flag("-V,--version", version_line(), "Print the version and exit");
  app.set_help_flag("-h,--help", "Print this help and exit");
  app.require_subcommand(1);
  app.failure_message([](const CLI::App* failed, const CLI::Error& error) { return usage_error_message(*failed, error); });
  int exit_code = kExitClean;
  add_check_command(app, exit_code);
  add_test_command(app, exit_code);
  add_fmt_command(app, exit_code);
  add_build_command(app, exit_code);
  add_eval_command(app, exit_code);
  add_explain_command(app, exit_code);
  add_diff_command(app, exit_code);
  add_backtest_command(app, exit_code);
  add_nucleus_command(app, exit_code);
  add_queue_command(app, exit_code);
  add_export_command(app, exit_code);
  add_serve_command(app, exit_code);
  add_log_command(app, exit_code);
  add_replay_command(app, exit_code);
  add_lsp_command(app, exit_code);
  add_dump_command(app, exit_code);
  add_help_and_version_commands(app, exit_code);
  add_completion_command(app, exit_code);
  add_manpage_command(app, exit_code);
  app.footer(exit_codes_footer());
  if (const std::optional<std::string> unknown = unknown_command(app, argc, argv)) {
    std::fputs(unknown->c_str(), stderr);
    return finish_standard_streams(kExitUsage);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    errno = 0;
    const int code = app.exit(error);
    exit_code = code == static_cast<int>(CLI::ExitCodes::Success) ? kExitClean : kExitUsage;
    // --version ends with std::endl, whose flush may already have failed: its errno is now.
    if (std::ferror(stdout) != 0) {
      print_error(standard_stream_failure(stdout, errno));
      exit_code = kExitUsage;
    }
  } catch (const WriteError& error) {
    print_error(error.what());
    exit_code = kExitUsage;
  } catch (const std::system_error& error) {
    // fmt::print throws this when a write to stdout or stderr fails.
    if (std::ferror(stdout) != 0 || std::ferror(stderr) != 0) {
      print_error(standard_stream_failure(std::ferror(stdout) != 0 ? stdout : stderr, error.code().value()));
    } else {
      print_error(error.what());
    }
    exit_code = kExitUsage;
  } catch (const std::exception& error) {
    print_error(error.what());
    exit_code = kExitUsage;
  }
  return finish_standard_streams(exit_code);
}
