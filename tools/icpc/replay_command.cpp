// `icpc replay DIR [--from T] [--to T] [--profile NAME]`: every logged decision decided again
// with its kept program, input and as_of, and each difference reported (there must be none).
// With `--with RULES`: the impact those rules would have had on the logged traffic, as `icpc
// diff` reports it (text, markdown, json). Entries whose input lost fields to --log-redact are
// named, never decided again. Input: a decision log. Output: the report on stdout (or --output).
#include <memory>

#include <fmt/format.h>

#include "compiler/render/escape.hpp"
#include "decision_log/log_ids.hpp"
#include "decision_log/replay_impact.hpp"
#include "decision_log/replay_log.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/output_file.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/rules_source.hpp"
#include "tools/icpc/standard_streams.hpp"

namespace icp::cli {
namespace {

struct ReplayOptions {
  std::string folder;
  std::string from, to, profile;
  std::string with;
  std::string format = "text";
  std::string output;
  std::size_t examples = 3;
  std::size_t threads = 1;
  std::string color = "auto";
};

// The query, printing what is wrong with --from or --to.
std::optional<decision_log::EntryQuery> query_of(const ReplayOptions& options) {
  decision_log::EntryQuery query{.profile = options.profile};
  for (const auto& [text, upper, bound] :
       {std::tuple(&options.from, false, &query.from), std::tuple(&options.to, true, &query.to)}) {
    if (text->empty()) continue;
    const std::optional<std::string> parsed = decision_log::parse_time_bound(*text, upper);
    if (!parsed) {
      print_error(fmt::format("--{} `{}` is not a date (2026-11-17) or a time (2026-11-17T09:30:00Z, with Z or an "
                              "offset such as +01:00)",
                              upper ? "to" : "from", *text));
      return std::nullopt;
    }
    *bound = *parsed;
  }
  return query;
}

int replay_decisions(const ReplayOptions& options, const decision_log::EntryQuery& query) {
  decision_log::ReplayReport report;
  std::string error;
  if (!decision_log::replay_log(options.folder, query, report, error)) {
    print_error(error);
    return kExitUsage;
  }
  write_output(options.output, decision_log::render_replay(report, options.folder));
  return report.differences.empty() ? kExitClean : kExitProblems;
}

int replay_with(const ReplayOptions& options, const decision_log::EntryQuery& query) {
  int exit_code = kExitClean;
  std::optional<Rules> rules = load_rules(options.with, options.color, /*show_warnings=*/false, exit_code);
  if (!rules) {
    if (exit_code == kExitProblems) print_error(fmt::format("`{}` has errors: nothing to compare", options.with));
    return kExitUsage;
  }
  decision_log::ReplayImpact impact;
  std::string error;
  const decision_log::ReplayImpactOptions impact_options{options.examples, std::max<std::size_t>(1, options.threads)};
  if (!decision_log::replay_impact(options.folder, query, rules->program, options.with, impact_options, impact, error)) {
    print_error(error);
    return kExitUsage;
  }
  for (const std::string& note : impact.notes) fmt::print(stderr, "icpc: note: {}\n", escape::text(note));
  for (const analysis::Impact& report : impact.reports) {
    for (const analysis::Rejection& r : report.rejections) {
      const std::string who = r.by_old && r.by_new ? "both versions" : r.by_old ? "the kept program" : "the new rules";
      fmt::print(stderr, "{}\n",
                 escape::text(fmt::format("{}: entry {}: record {} rejected by {}: {}", options.folder, r.line,
                                          r.id.empty() ? std::string("(no readable id)") : fmt::format("`{}`", r.id),
                                          who, r.message)));
    }
  }
  for (const decision_log::NotReplayed& skipped : impact.not_replayed) {
    std::string names;
    for (const std::string& name : skipped.redacted) names += fmt::format("{}`{}`", names.empty() ? "" : ", ", name);
    fmt::print(stderr, "{}\n",
               escape::text(fmt::format("icpc: not replayed: entry {} (`{}`:{}), account `{}`: its input leaves out {}",
                                        skipped.entry.seq, skipped.entry.place.file, skipped.entry.place.line,
                                        skipped.entry.account_id, names)));
  }
  if (impact.reports.empty()) {
    fmt::print(stderr, "icpc: no entry of `{}` to replay\n", options.folder);
    return kExitProblems;
  }
  const analysis::ReportFormat format = options.format == "json"       ? analysis::ReportFormat::json
                                        : options.format == "markdown" ? analysis::ReportFormat::markdown
                                                                       : analysis::ReportFormat::text;
  write_output(options.output, decision_log::render_replay_impact(impact, format));
  return kExitClean;
}

int run_replay(const ReplayOptions& options) {
  if (!outputs_apart_from_inputs({{"--with", options.with}}, {{"--output", options.output}})) return kExitUsage;
  const std::optional<decision_log::EntryQuery> query = query_of(options);
  if (!query) return kExitUsage;
  return options.with.empty() ? replay_decisions(options, *query) : replay_with(options, *query);
}

}  // namespace

void add_replay_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReplayOptions>();
  CLI::App* replay = app.add_subcommand(
      "replay", "Decide a decision log's entries again and report any difference; with --with, the impact of other "
                "rules on the logged traffic");
  replay->add_option("dir", options->folder, "The decision log's folder")->required()->type_name("DIR");
  replay->add_option("--from", options->from, "Only entries at or after this time (YYYY-MM-DD: from its start, UTC)")
      ->type_name("TIME");
  replay->add_option("--to", options->to, "Only entries at or before this time (YYYY-MM-DD: to its end, UTC)")
      ->type_name("TIME");
  replay->add_option("--profile", options->profile, "Only entries of this profile (the name it was served or run under)")
      ->type_name("NAME");
  replay->add_option("--with", options->with,
                     "Decide the logged inputs with these rules (.icp or .icpb) and report the impact as `icpc diff` does")
      ->type_name("RULES");
  replay->add_option("--format", options->format, "With --with: text, markdown or json")
      ->check(CLI::IsMember({"text", "markdown", "json"}).description(""))
      ->type_name("FORMAT")
      ->capture_default_str();
  replay->add_option("--examples", options->examples, "With --with: example accounts shown per change (0 to 1000)")
      ->check(CLI::Range(0, 1000).description(""))
      ->type_name("N")
      ->capture_default_str();
  add_threads_option(*replay, options->threads, "With --with: worker threads; the report is identical for any number");
  replay->add_option("--output", options->output, "Write the report to FILE; default: stdout")->type_name("FILE");
  add_color_option(*replay, options->color, "Colour the diagnostics: auto, always or never");
  replay->footer("Exit codes:\n  0  no entry decides differently (with --with: the report was written)\n  1  some "
                 "entry decides differently (with --with: no entry to replay)\n  2  usage error, an unreadable log or "
                 "rules, a kept program missing, or a failed write");
  replay->callback([options, &exit_code] { exit_code = run_replay(*options); });
}

}  // namespace icp::cli
