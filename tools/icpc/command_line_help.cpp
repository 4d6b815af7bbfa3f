// The command line's manners: `icpc help [CMD]` and `icpc version`, "did you mean" for a
// mistyped command, usage errors that point at the command's own --help and name the option
// a stray argument probably belongs to. Input: the CLI11 app and argv. Output: messages.
#include "tools/icpc/command_line_help.hpp"

#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "compiler/check/suggest.hpp"
#include "compiler/render/escape.hpp"

namespace icp::cli {
namespace {

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  // Hidden commands (an empty group: `manpage`, for the build) are neither listed nor suggested.
  for (const CLI::App* command : app.get_subcommands([](const CLI::App* c) { return !c->get_group().empty(); })) {
    names.push_back(command->get_name());
  }
  return names;
}

// `did you mean` for a word among the command names, as ` (did you mean `x`?)` or "".
std::string suggestion(const CLI::App& app, std::string_view word) {
  const std::vector<std::string> names = command_names(app);
  const std::string hint = did_you_mean(word, names);
  return hint.empty() ? "" : "; " + hint;
}

// The command the user asked for (the first subcommand parsed), or null.
const CLI::App* chosen_command(const CLI::App& app) {
  const std::vector<const CLI::App*> chosen = app.get_subcommands([](const CLI::App* command) { return command->parsed(); });
  return chosen.empty() ? nullptr : chosen.front();
}

// The options of `command` that take a file and were not given, --input first: where a
// stray path most likely belongs.
std::string probable_option(const CLI::App& command) {
  std::string best;
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_positional() || option->count() > 0 || option->get_type_name() != "FILE") continue;
    const std::string name = option->get_name(false, true);
    if (name == "--input") return name;
    if (best.empty()) best = name;
  }
  return best;
}

// The arguments CLI11 could not place, from its message "The following argument(s) were not
// expected: a b": the error carries no list, and the command's own list is emptied by then.
// (CLI11 lists them last first; only a lone one or an option's name is used.)
std::vector<std::string> stray_arguments(std::string_view message) {
  std::vector<std::string> words;
  const std::size_t colon = message.find("expected:");
  if (colon == std::string_view::npos) return words;
  std::string_view rest = message.substr(colon + std::strlen("expected:"));
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    const std::size_t end = rest.find(' ', start);
    words.emplace_back(rest.substr(start, end == std::string_view::npos ? rest.npos : end - start));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end);
  }
  return words;
}

}  // namespace

void add_help_and_version_commands(CLI::App& app, int& exit_code) {
  auto topic = std::make_shared<std::string>();
  CLI::App* help = app.add_subcommand("help", "Print the help of icpc or of one command (`icpc help eval`)");
  help->add_option("command", *topic, "The command to describe; default: icpc itself")->type_name("COMMAND");
  help->callback([&app, topic, &exit_code] {
    if (topic->empty()) {
      // app.help() would describe the command chosen (`help` itself): the formatter, directly.
      std::fputs(app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal).c_str(), stdout);
      return;
    }
    for (const std::string& name : command_names(app)) {
      if (name == *topic && name != "help") {
        std::fputs(app.get_subcommand(name)->help("icpc").c_str(), stdout);
        return;
      }
    }
    print_error(fmt::format("`icpc help`: no command `{}`{}", *topic, suggestion(app, *topic)));
    exit_code = kExitUsage;
  });
  CLI::App* version = app.add_subcommand("version", "Print the version and the reference data (as --version)");
  version->callback([] { std::fputs((version_line() + "\n").c_str(), stdout); });
}

std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-' || argv[1][0] == '\0') return std::nullopt;
  const std::string word = argv[1];
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (command->get_name() == word) return std::nullopt;  // hidden ones too
  }
  return fmt::format("icpc: error: no command `{}`{}\nThe commands are listed by `icpc --help`.\n",
                     escape::text(word), escape::text(suggestion(app, word)));
}

// For arguments the command could not place: the closest option to an unknown `--word`, or
// the option a lone stray value most likely belongs to; "" when there is nothing to say.
std::string stray_hint(const CLI::App& command, const std::vector<std::string>& strays) {
  std::vector<std::string> options;
  for (const CLI::Option* option : command.get_options()) {
    if (!option->get_positional()) options.push_back(option->get_name(false, true));
  }
  for (const std::string& stray : strays) {
    if (!stray.starts_with("--")) continue;
    const std::string name = stray.substr(0, stray.find('='));
    const std::string hint = did_you_mean(name, options);
    return fmt::format("unknown option `{}`{}", name, hint.empty() ? "" : "; " + hint);
  }
  const std::string option = probable_option(command);
  if (strays.size() != 1 || option.empty()) return "";
  return fmt::format("unexpected argument `{}`: did you mean `{} {}`?", strays.front(), option, strays.front());
}

std::string usage_error_message(const CLI::App& app, const CLI::Error& error) {
  const CLI::App* command = chosen_command(app);
  const std::string help = command != nullptr ? fmt::format("icpc {} --help", command->get_name()) : "icpc --help";
  std::string message = error.what();
  if (command != nullptr && dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    const std::string hint = stray_hint(*command, stray_arguments(message));
    if (!hint.empty()) message = hint;
  }
  return fmt::format("icpc: error: {}\nFor more information, try `{}`.\n", escape::text(message), help);
}

}  // namespace icp::cli
