// `icpc log verify DIR` and `icpc log show DIR (--decision ID | --account ID [--from T] [--to T])`:
// the decision log checked and read (docs/decision-log.md). Input: a log folder written by
// `icpc eval --log` or `icpc serve --log`. Output: verify's verdict (exit 0 intact, 1 broken,
// 2 cannot run); the entries found, each explained from its kept program (exit 0 found, 1 none).
#include <memory>

#include <fmt/format.h>

#include "decision_log/entry_query.hpp"
#include "decision_log/log_ids.hpp"
#include "decision_log/log_show.hpp"
#include "decision_log/verify_log.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/standard_streams.hpp"

namespace icp::cli {
namespace {

struct ShowOptions {
  std::string folder;
  std::string decision, account, from, to, profile;
  std::string color = "auto";
};

int run_verify(const std::string& folder, const std::vector<std::string>& anchor_texts) {
  std::vector<decision_log::Anchor> anchors;
  for (const std::string& text : anchor_texts) {
    const std::optional<decision_log::Anchor> anchor = decision_log::parse_anchor(text);
    if (!anchor) {
      print_error(fmt::format("--anchor `{}` is not SEQ:sha256:<64 hex digits>, as verify prints a head", text));
      return kExitUsage;
    }
    anchors.push_back(*anchor);
  }
  decision_log::VerifyReport report;
  std::string error;
  if (!decision_log::verify_log(folder, report, error, anchors)) {
    print_error(error);
    return kExitUsage;
  }
  write_standard(stdout, decision_log::render_verify(report, folder));
  return report.broken ? kExitProblems : kExitClean;
}

// --from and --to as the log writes times, printing what is wrong.
bool time_bounds(const std::string& from, const std::string& to, decision_log::EntryQuery& query) {
  for (const auto& [text, upper, bound] : {std::tuple(&from, false, &query.from), std::tuple(&to, true, &query.to)}) {
    if (text->empty()) continue;
    const std::optional<std::string> parsed = decision_log::parse_time_bound(*text, upper);
    if (!parsed) {
      print_error(fmt::format("--{} `{}` is not a date (2026-11-17) or a time (2026-11-17T09:30:00Z, with Z or an "
                              "offset such as +01:00)",
                              upper ? "to" : "from", *text));
      return false;
    }
    *bound = *parsed;
  }
  return true;
}

int run_show(const ShowOptions& options) {
  if (options.decision.empty() == options.account.empty()) {
    print_error("log show needs --decision ID or --account ID (one of them)");
    return kExitUsage;
  }
  decision_log::EntryQuery query{.decision_id = options.decision, .account_id = options.account, .profile = options.profile};
  if (!time_bounds(options.from, options.to, query)) return kExitUsage;
  decision_log::ProgramStore programs(options.folder);
  const bool color = use_color(options.color, /*to_stdout=*/true);
  std::size_t found = 0;
  std::string error;
  const bool read = decision_log::for_each_entry(
      options.folder, query,
      [&](const decision_log::Entry& entry, const decision_log::EntryPlace& place) {
        write_standard(stdout, (found++ == 0 ? "" : "\n") + decision_log::show_entry(entry, place, programs, color));
        return true;
      },
      error);
  if (!read) {
    print_error(error);
    return kExitUsage;
  }
  if (found == 0) {
    fmt::print(stderr, "icpc: no entry of `{}` matches\n", options.folder);
    return kExitProblems;
  }
  return kExitClean;
}

}  // namespace

void add_log_command(CLI::App& app, int& exit_code) {
  CLI::App* log = app.add_subcommand("log", "Check and read a decision log (`icpc eval --log`, `icpc serve --log`)");
  log->require_subcommand(1);

  auto folder = std::make_shared<std::string>();
  auto anchors = std::make_shared<std::vector<std::string>>();
  CLI::App* verify = log->add_subcommand(
      "verify", "Walk the log's SHA-256 chain across its files and name the first break (edited, deleted or reordered "
                "entries, a missing file); a torn tail is a note");
  verify->add_option("dir", *folder, "The decision log's folder")->required()->type_name("DIR");
  verify->add_option("--anchor", *anchors,
                     "An entry recorded elsewhere that must still be in the log with this hash: SEQ:sha256:HEX, from "
                     "the head an earlier verify printed")
      ->type_name("SEQ:HASH");
  verify->footer("Exit codes:\n  0  the chain is intact (a torn tail from a crash is noted, not a break)\n  1  the "
                 "chain is broken: the first break is named\n  2  usage error, or the folder holds no readable log");
  verify->callback([folder, anchors, &exit_code] { exit_code = run_verify(*folder, *anchors); });

  auto options = std::make_shared<ShowOptions>();
  CLI::App* show = log->add_subcommand(
      "show", "Print logged decisions, by decision id or by account, each explained from the program that decided it");
  show->add_option("dir", options->folder, "The decision log's folder")->required()->type_name("DIR");
  show->add_option("--decision", options->decision, "The decision id (ICP-Decision-Id)")->type_name("ID");
  show->add_option("--account", options->account, "Every decision of the account with this id")->type_name("ID");
  show->add_option("--from", options->from, "Only entries at or after this time (YYYY-MM-DD: from its start, UTC)")
      ->type_name("TIME");
  show->add_option("--to", options->to, "Only entries at or before this time (YYYY-MM-DD: to its end, UTC)")
      ->type_name("TIME");
  show->add_option("--profile", options->profile, "Only entries of this profile (the name it was served or run under)")
      ->type_name("NAME");
  add_color_option(*show, options->color, "Colour the explanation: auto, always or never");
  show->footer("Exit codes:\n  0  entries were found and printed\n  1  no entry matches\n  2  usage error, or the "
               "folder holds no readable log");
  show->callback([options, &exit_code] { exit_code = run_show(*options); });
}

}  // namespace icp::cli
