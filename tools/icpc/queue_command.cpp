// `icpc queue RULES --input ACCOUNTS --team team.toml --week 2026-W49 [--map M.toml]
// [--opportunities O.csv] [--previous LAST/queue.json] [--output-dir DIR]`: each rep's ranked
// queue for the week (docs/queues.md). Input: a profile, accounts as eval reads them, the team.
// Output: a CSV per rep, overflow.csv, queue.json and a summary in DIR (or the summary on stdout).
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "analysis/queue/ownership.hpp"
#include "analysis/queue/previous_week.hpp"
#include "analysis/queue/queue_render.hpp"
#include "analysis/queue/team.hpp"
#include "analysis/queue/weekly_queue.hpp"
#include "compiler/render/escape.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/eval_support.hpp"
#include "tools/icpc/output_file.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/read_text.hpp"
#include "tools/icpc/rules_source.hpp"
#include "tools/icpc/sample_input.hpp"
#include "tools/icpc/validation_inputs.hpp"

namespace icp::cli {
namespace {

struct QueueOptions {
  std::string rules;
  SampleOptions accounts;
  std::string team, week, as_of, opportunities, previous, output_dir;
  std::string summary = "markdown";
  std::string color = "auto";
};

// Last week's queue.json is read whole: a team's week is far below this.
constexpr std::size_t kMaxPreviousBytes = std::size_t{256} << 20;

// A whole file of at most `max_bytes` (team.toml, whose TOML limits the reader then applies,
// or last week's queue.json). Prints why it cannot be read.
std::optional<std::string> read_small_file(const std::string& path, std::size_t max_bytes = kMaxReadBytes) {
  std::optional<std::string> text = project::read_at_most(path, max_bytes);
  if (!text) {
    print_error(fmt::format("cannot read `{}`", path));
  } else if (text->size() > max_bytes && max_bytes == kMaxPreviousBytes) {
    print_error(fmt::format("`{}` is larger than {} MiB: not a queue.json of icpc queue", path, max_bytes >> 20));
    return std::nullopt;
  }
  return text;
}

// The files of --output-dir, named after the reps (team.toml checks the ids are file names).
std::vector<std::pair<std::string, std::string>> output_files(const QueueOptions& options,
                                                              const analysis::WeeklyQueue& queue,
                                                              const analysis::Team& team) {
  const std::filesystem::path dir(options.output_dir);
  const bool html = options.summary == "html";
  std::vector<std::pair<std::string, std::string>> files{
      {(dir / "queue.json").string(), analysis::render_queue_json(queue, team)},
      {(dir / (html ? "summary.html" : "summary.md")).string(),
       analysis::render_queue_summary(queue, team, html ? analysis::SummaryFormat::html : analysis::SummaryFormat::markdown)},
      {(dir / "overflow.csv").string(), analysis::render_overflow_csv(queue, team)}};
  for (std::size_t rep = 0; rep < team.reps.size(); ++rep) {
    files.emplace_back((dir / (team.reps[rep].id + ".csv")).string(), analysis::render_rep_csv(queue, rep));
  }
  return files;
}

bool outputs_apart(const QueueOptions& options, const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<NamedFile> outputs;
  for (const auto& [path, bytes] : files) outputs.push_back({"--output-dir", path});
  return outputs_apart_from_inputs({{"the profile", options.rules},
                                    {"--input", options.accounts.input},
                                    {"--signals", options.accounts.signals},
                                    {"--contacts", options.accounts.contacts},
                                    {"--map", options.accounts.map},
                                    {"--team", options.team},
                                    {"--opportunities", options.opportunities},
                                    {"--previous", options.previous}},
                                   outputs);
}

// What the queue could not use, on stderr as eval reports it. True when there was any.
bool report_problems(const analysis::WeeklyQueue& queue, const analysis::Ownership& ownership) {
  for (const analysis::QueueRejection& r : queue.rejections) {
    fmt::print(stderr, "{}\n",
               escape::text(fmt::format("{}:{}: record {} rejected: {}", queue.accounts_file, r.line,
                                        r.id.empty() ? std::string("(no readable id)") : fmt::format("`{}`", r.id),
                                        r.message)));
  }
  for (const std::string& line : ownership.problems) fmt::print(stderr, "{}\n", escape::text(line));
  for (const std::string& line : queue.unknown_owners) print_error(line);
  if (!queue.rejections.empty()) {
    fmt::print(stderr, "icpc: {} of {} records rejected\n", queue.rejections.size(),
               queue.rejections.size() + queue.decided);
  }
  return !queue.rejections.empty() || !ownership.problems.empty() || !queue.unknown_owners.empty();
}

struct Inputs {
  analysis::CrmMapping mapping;
  analysis::Sample accounts;
  analysis::Ownership ownership;
  analysis::PreviousWeek previous;
  bool side_rows_unused = false;
};

// The mapping, the accounts, the opportunities' ownership and last week. Prints and returns
// false on a failure that stops the command (exit 2).
bool read_inputs(const QueueOptions& options, const vm::Program& program, Inputs& in) {
  if (!options.accounts.map.empty()) {
    if (!load_mapping(options.accounts.map, in.mapping)) return false;
    print_mapping_notes(in.mapping, {&program});
  }
  if (!options.opportunities.empty()) {
    if (options.accounts.map.empty()) {
      print_error("--opportunities takes each account's owner from its most recent deal: it needs --map with an "
                  "[opportunities] owner column");
      return false;
    }
    analysis::Error error;
    auto read = [&](const analysis::Source& source) {
      return analysis::read_ownership(source, in.mapping, in.ownership, error);
    };
    if (!read_export(options.opportunities, read, error)) {
      print_analysis_error(error);
      return false;
    }
  }
  if (!options.previous.empty()) {
    const std::optional<std::string> text = read_small_file(options.previous, kMaxPreviousBytes);
    analysis::Error error;
    if (!text || !analysis::read_previous_week(*text, options.previous, in.previous, error)) {
      if (text) print_analysis_error(error);
      return false;
    }
  }
  return read_sample(options.accounts, in.mapping, in.accounts, &in.side_rows_unused);
}

int run_queue(const QueueOptions& options) {
  const std::optional<analysis::IsoWeek> week = analysis::parse_iso_week(options.week);
  if (!week) {
    print_error(fmt::format("--week expects an ISO week such as 2026-W49, found \"{}\"", options.week));
    return kExitUsage;
  }
  std::optional<Date> as_of = week->monday;
  if (!options.as_of.empty() && !(as_of = parse_as_of(options.as_of))) return kExitUsage;
  int exit_code = kExitClean;
  std::optional<Rules> rules = load_rules(options.rules, options.color, /*show_warnings=*/false, exit_code);
  if (!rules) return exit_code;
  const std::optional<std::string> team_text = read_small_file(options.team);
  if (!team_text) return kExitUsage;
  analysis::Error error;
  const std::optional<analysis::Team> team = analysis::parse_team(*team_text, options.team, rules->program, error);
  if (!team) {
    print_analysis_error(error);
    return kExitUsage;
  }
  for (const std::string& note : team->notes) print_note(note);
  Inputs in;
  if (!read_inputs(options, rules->program, in)) return kExitUsage;
  const analysis::QueueInput input{rules->program,
                                   *team,
                                   in.accounts,
                                   *week,
                                   *as_of,
                                   options.opportunities.empty() ? nullptr : &in.ownership,
                                   options.previous.empty() ? nullptr : &in.previous};
  const std::optional<analysis::WeeklyQueue> queue = analysis::build_weekly_queue(input, error);
  if (!queue) {
    print_analysis_error(error);
    return kExitUsage;
  }
  const bool problems = report_problems(*queue, in.ownership) || in.side_rows_unused;
  if (options.output_dir.empty()) {
    write_output("", analysis::render_queue_summary(*queue, *team, options.summary == "html"
                                                                         ? analysis::SummaryFormat::html
                                                                         : analysis::SummaryFormat::markdown));
  } else {
    const auto files = output_files(options, *queue, *team);
    if (!outputs_apart(options, files)) return kExitUsage;
    std::error_code ec;
    std::filesystem::create_directories(options.output_dir, ec);
    if (ec) throw WriteError(fmt::format("cannot create `{}`: {}", options.output_dir, ec.message()));
    write_outputs(files);
  }
  return problems ? kExitProblems : kExitClean;
}

}  // namespace

void add_queue_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<QueueOptions>();
  CLI::App* queue = app.add_subcommand("queue", "Build each rep's ranked queue for a week from the profile's decisions");
  queue->add_option("rules", options->rules, "The profile: an .icp source or a built .icpb artifact")
      ->required()
      ->type_name("RULES");
  queue->add_option("--input", options->accounts.input, "The accounts, as `icpc eval` reads them; - reads stdin")
      ->required()
      ->type_name("FILE");
  queue->add_option("--team", options->team, "The team: reps, queues, capacity, territories, days out (docs/queues.md)")
      ->required()
      ->type_name("TEAM.toml");
  queue->add_option("--week", options->week, "The ISO week the queues are for")->required()->type_name("YYYY-Www");
  queue->add_option("--as-of", options->as_of, "The evaluation date; default: the week's Monday")->type_name("YYYY-MM-DD");
  add_sample_options(*queue, options->accounts);
  queue->add_option("--opportunities", options->opportunities,
                    "The opportunities export: each account's owner is its most recent deal's (--map [opportunities] owner)")
      ->type_name("FILE");
  queue->add_option("--previous", options->previous,
                    "Last week's queue.json: accounts still qualified stay with their rep; entered, left and moved are reported")
      ->type_name("FILE");
  queue->add_option("--output-dir", options->output_dir,
                    "Write a CSV per rep, overflow.csv, queue.json and the summary here; default: the summary on stdout")
      ->type_name("DIR");
  queue->add_option("--summary", options->summary, "markdown or html")
      ->check(CLI::IsMember({"markdown", "html"}).description(""))
      ->type_name("FORMAT")
      ->capture_default_str();
  add_color_option(*queue, options->color, "Colour the profile's diagnostics: auto, always or never");
  queue->footer("Exit codes:\n  0  the queues were written, every account used\n  1  the profile has errors, or records "
                "were rejected, owners are no reps of the team or rows were not used (reported; the rest still "
                "queued)\n  2  usage error, unreadable file, bad team file or mapping, or a failed write");
  queue->callback([options, &exit_code] { exit_code = run_queue(*options); });
}

}  // namespace icp::cli
