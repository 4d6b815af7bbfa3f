// Man pages from the help text: `icpc manpage [COMMAND]` (hidden; the build runs it) writes
// icpc(1) or icpc-COMMAND(1) in roff from the same descriptions, options and footers as
// --help, so the two never disagree. Input: the CLI11 app. Output: roff on stdout.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "tools/icpc/command_line_help.hpp"

namespace icp::cli {
namespace {

// Text for roff: backslashes doubled, hyphens as minus signs (so options copy as typed),
// and a line that would start with a control character made literal.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string option_entry(const CLI::Option& option) {
  std::string names = option.get_name(false, true);
  if (option.get_positional()) names = option.get_type_name().empty() ? option.get_name() : option.get_type_name();
  std::string type = option.get_positional() || option.get_type_name().empty() ? "" : " " + option.get_type_name();
  if (option.get_type_size() == 0) type.clear();  // a flag
  std::string description = option.get_description();
  if (!option.get_default_str().empty()) description += fmt::format(" (default: {})", option.get_default_str());
  return fmt::format(".TP\n.B {}{}\n{}\n", roff(names), roff(type), roff(description));
}

std::string page(const CLI::App& command, const std::string& title, const std::string& invocation, bool top) {
  std::string out = fmt::format(".TH {} 1 \"\" \"icpc {}\" \"icpc manual\"\n", upper(title), ICP_VERSION);
  out += fmt::format(".SH NAME\n{} \\- {}\n", roff(title), roff(command.get_description()));
  out += fmt::format(".SH SYNOPSIS\n.B {}\n[OPTIONS]", roff(invocation));
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_positional()) out += " " + roff(option->get_type_name().empty() ? option->get_name() : option->get_type_name());
  }
  out += top ? " COMMAND\n" : "\n";
  out += ".SH OPTIONS\n";
  for (const CLI::Option* option : command.get_options()) out += option_entry(*option);
  if (top) {
    out += ".SH COMMANDS\n";
    for (const CLI::App* sub : command.get_subcommands([](const CLI::App* c) { return !c->get_group().empty(); })) {
      out += fmt::format(".TP\n.B {}\n{} See \\fBicpc\\-{}\\fR(1).\n", roff(sub->get_name()), roff(sub->get_description()),
                         roff(sub->get_name()));
    }
  }
  if (!command.get_footer().empty()) out += fmt::format(".SH NOTES\n.nf\n{}\n.fi\n", roff(command.get_footer()));
  out += top ? ".SH SEE ALSO\nThe documentation in /usr/share/doc/icp/.\n" : ".SH SEE ALSO\n\\fBicpc\\fR(1)\n";
  return out;
}

}  // namespace

void add_manpage_command(CLI::App& app, int& exit_code) {
  auto topic = std::make_shared<std::string>();
  CLI::App* manpage = app.add_subcommand("manpage", "Print the man page of icpc or of one command, in roff");
  manpage->group("");  // for the build (cmake/man_pages.cmake), not listed in --help
  manpage->add_option("command", *topic, "The command; default: icpc itself")->type_name("COMMAND");
  manpage->callback([&app, topic, &exit_code] {
    if (topic->empty()) {
      std::fputs(page(app, "icpc", "icpc", true).c_str(), stdout);
      return;
    }
    for (const CLI::App* command : app.get_subcommands([](const CLI::App* c) { return !c->get_group().empty(); })) {
      if (command->get_name() == *topic) {
        std::fputs(page(*command, "icpc-" + *topic, "icpc " + *topic, false).c_str(), stdout);
        return;
      }
    }
    print_error(fmt::format("`icpc manpage`: no command `{}`", *topic));
    exit_code = kExitUsage;
  });
}

}  // namespace icp::cli
