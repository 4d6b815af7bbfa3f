// `icpc completion bash|zsh|fish`: a completion script for the shell, made from the same
// command and option tables as --help, so a new option completes without another edit.
// Input: the CLI11 app with every command added. Output: the script on stdout.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tools/icpc/command_line_help.hpp"

namespace icp::cli {
namespace {

struct CommandWords {
  std::string name, description;
  std::vector<std::string> options;  // long and short names, as typed
};

std::vector<CommandWords> command_words(const CLI::App& app) {
  std::vector<CommandWords> commands;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App* c) { return !c->get_group().empty(); })) {
    CommandWords words{command->get_name(), command->get_description(), {}};
    for (const CLI::Option* option : command->get_options()) {
      if (option->get_positional()) continue;
      for (const std::string& name : option->get_lnames()) words.options.push_back("--" + name);
      for (const std::string& name : option->get_snames()) words.options.push_back("-" + name);
    }
    commands.push_back(std::move(words));
  }
  return commands;
}

// Single quotes for a shell word: ' closes, \' adds one, ' opens again.
std::string shell_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string bash_script(const std::vector<CommandWords>& commands) {
  std::string names, cases;
  for (const CommandWords& command : commands) {
    names += (names.empty() ? "" : " ") + command.name;
    cases += fmt::format("    {}) words={} ;;\n", command.name, shell_quoted(fmt::format("{}", fmt::join(command.options, " "))));
  }
  return fmt::format(
      "# bash completion for icpc (`icpc completion bash`); source it, or save it as\n"
      "# /usr/share/bash-completion/completions/icpc\n"
      "_icpc() {{\n"
      "  local current=${{COMP_WORDS[COMP_CWORD]}} words\n"
      "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
      "    COMPREPLY=($(compgen -W '{} --help --version' -- \"$current\"))\n"
      "    return\n"
      "  fi\n"
      "  case \"${{COMP_WORDS[1]}}\" in\n"
      "{}"
      "    *) words='' ;;\n"
      "  esac\n"
      "  if [[ $current == -* ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$words\" -- \"$current\"))\n"
      "  else\n"
      "    COMPREPLY=($(compgen -f -- \"$current\"))\n"
      "  fi\n"
      "}}\n"
      "complete -o filenames -F _icpc icpc\n",
      names, cases);
}

std::string zsh_script(const std::vector<CommandWords>& commands) {
  std::string described, cases;
  for (const CommandWords& command : commands) {
    std::string description;  // `name:description` pairs: a colon in the description is escaped
    for (char c : command.description) description += c == ':' ? std::string("\\:") : std::string(1, c);
    described += fmt::format("    {}\n", shell_quoted(command.name + ":" + description));
    std::string specs;
    for (const std::string& option : command.options) specs += " " + shell_quoted(option + "[]");
    cases += fmt::format("    {}) _arguments '*:file:_files'{} ;;\n", command.name, specs);
  }
  return fmt::format(
      "#compdef icpc\n"
      "# zsh completion for icpc (`icpc completion zsh`); save it as _icpc in a folder of $fpath\n"
      "_icpc() {{\n"
      "  local -a commands\n"
      "  commands=(\n{}  )\n"
      "  if (( CURRENT == 2 )); then\n"
      "    _describe 'command' commands\n"
      "    return\n"
      "  fi\n"
      "  shift words; (( CURRENT-- ))\n"
      "  case $words[1] in\n"
      "{}"
      "  esac\n"
      "}}\n"
      "_icpc \"$@\"\n",
      described, cases);
}

std::string fish_script(const std::vector<CommandWords>& commands) {
  std::string script =
      "# fish completion for icpc (`icpc completion fish`); save it as\n"
      "# ~/.config/fish/completions/icpc.fish\n"
      "complete -c icpc -f\n";
  for (const CommandWords& command : commands) {
    script += fmt::format("complete -c icpc -n __fish_use_subcommand -a {} -d {}\n", command.name,
                          shell_quoted(command.description));
    for (const std::string& option : command.options) {
      const bool is_long = option.starts_with("--");
      script += fmt::format("complete -c icpc -n '__fish_seen_subcommand_from {}' -{} {} -F\n", command.name,
                            is_long ? "l" : "s", option.substr(is_long ? 2 : 1));
    }
  }
  return script;
}

}  // namespace

void add_completion_command(CLI::App& app, int& exit_code) {
  auto shell = std::make_shared<std::string>();
  CLI::App* completion = app.add_subcommand("completion", "Print a completion script for bash, zsh or fish");
  completion->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}).description(""))
      ->type_name("SHELL");
  completion->footer(
      "Install: icpc completion bash > /usr/share/bash-completion/completions/icpc\n"
      "         icpc completion zsh > \"${fpath[1]}/_icpc\"\n"
      "         icpc completion fish > ~/.config/fish/completions/icpc.fish");
  completion->callback([&app, shell, &exit_code] {
    const std::vector<CommandWords> commands = command_words(app);
    const std::string script =
        *shell == "bash" ? bash_script(commands) : *shell == "zsh" ? zsh_script(commands) : fish_script(commands);
    std::fputs(script.c_str(), stdout);
    exit_code = kExitClean;
  });
}

}  // namespace icp::cli
