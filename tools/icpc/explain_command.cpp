// `icpc explain RULES --account FILE --as-of DATE`: why one account got its decision, for
// people. Input: a profile (.icp or .icpb) and one account as a JSON object. Output: the
// verdict, every condition with its result and the values it read, signal points, bonuses,
// committee roles and the route rule that fired with file:line, as aligned text on stdout.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "analysis/explain/explain_report.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record_reader.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/eval_support.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/rules_source.hpp"
#include "tools/icpc/standard_streams.hpp"

namespace icp::cli {
namespace {

struct ExplainOptions {
  std::string rules;
  std::string account;
  std::string as_of;
  std::string color = "auto";
};

// Reads the account file ("-" = stdin), whole up to the record limit. Prints the error and
// returns false.
bool read_account(const std::string& path, std::string& text, std::size_t& bytes) {
  std::error_code ec;
  if (path != "-" && std::filesystem::is_directory(path, ec)) {
    print_error(fmt::format("`{}` is a folder, not an account file", path));
    return false;
  }
  std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    print_error(fmt::format("cannot read `{}`: {}", path, std::strerror(errno)));
    return false;
  }
  const bool failed = !vm::read_json_document(file, text, bytes);
  if (file != stdin) std::fclose(file);
  if (failed) print_error(fmt::format("cannot read `{}`", path));
  return !failed;
}

int run_explain(const ExplainOptions& options) {
  int exit_code = kExitClean;
  std::optional<Date> as_of = parse_as_of(options.as_of);
  if (!as_of) return kExitUsage;
  if (!outputs_apart_from_inputs({{"the profile", options.rules}, {"--account", options.account}}, {})) {
    return kExitUsage;
  }
  std::string text;
  std::size_t bytes = 0;
  if (!read_account(options.account, text, bytes)) return kExitUsage;
  std::optional<Rules> rules = load_rules(options.rules, options.color, /*show_warnings=*/false, exit_code);
  if (!rules) return exit_code;
  const vm::Program& program = rules->program;

  vm::DecodeError error;
  const std::optional<std::string> out = analysis::explain_account(
      program, text, *as_of, use_color(options.color, /*to_stdout=*/true), error, bytes);
  if (!out) {
    const std::string name = options.account == "-" ? "<stdin>" : options.account;
    print_error(fmt::format("{}: record {} rejected: {}", name,
                            error.id.empty() ? std::string("(no readable id)") : fmt::format("`{}`", error.id),
                            error.message));
    return kExitProblems;
  }
  write_standard(stdout, *out);
  return kExitClean;
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* explain = app.add_subcommand("explain", "Show why one account gets its decision, for people");
  explain->add_option("rules", options->rules, "The profile: an .icp source or a built .icpb artifact")
      ->required()
      ->type_name("RULES");
  explain->add_option("--account", options->account, "One account as a JSON object; - reads stdin")
      ->required()
      ->type_name("FILE");
  explain->add_option("--as-of", options->as_of, "The evaluation date; default: icp.toml's `as_of`, else today (UTC)")
      ->type_name("YYYY-MM-DD");
  add_color_option(*explain, options->color, "Colour the output: auto, always or never");
  explain->footer("Exit codes:\n  0  the account was explained\n  1  the profile has errors, or the account "
                  "was rejected\n  2  usage error, unreadable file, invalid artifact or a failed write");
  explain->callback([options, &exit_code] { exit_code = run_explain(*options); });
}

}  // namespace icp::cli
