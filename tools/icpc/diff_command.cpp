// `icpc diff OLD NEW --input SAMPLE --as-of DATE` (or `icpc diff --git REV PATH ...`): what a
// change to a profile does to real accounts. Input: two versions of the rules (.icp or .icpb,
// OLD possibly read from git) and a sample of accounts. Output: the impact report of the
// analysis library (analysis/impact/) as text, Markdown or JSON; exit 0 whether or not
// anything changed (1 with --fail-on-change).
#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <memory>

#include <fmt/format.h>

#include "analysis/crm/crm_columns.hpp"
#include "analysis/impact/impact_render.hpp"
#include "analysis/impact/run_impact.hpp"
#include "analysis/impact/sample.hpp"
#include "compiler/render/escape.hpp"
#include "tools/icpc/commands.hpp"
#include "tools/icpc/eval_support.hpp"
#include "tools/icpc/git_show.hpp"
#include "tools/icpc/output_file.hpp"
#include "tools/icpc/overwrite_guard.hpp"
#include "tools/icpc/rules_source.hpp"
#include "tools/icpc/sample_input.hpp"
#include "tools/icpc/validation_inputs.hpp"

namespace icp::cli {
namespace {

struct DiffOptions {
  std::vector<std::string> paths;
  std::string git;
  SampleOptions sample;
  std::string as_of;
  std::string format = "text";
  std::string output;
  std::size_t examples = 3;
  std::size_t threads = 1;
  bool fail_on_change = false;
  std::string color = "auto";
};

// Rules that fail to load are a usage problem for diff (exit 2): there is nothing to compare.
std::optional<Rules> load_version(const std::string& path, const std::string& rev, const std::string& color,
                                  std::string& source) {
  int exit_code = kExitClean;
  std::optional<Rules> rules;
  if (rev.empty()) {
    source = path;
    rules = load_rules(path, color, /*show_warnings=*/false, exit_code);
  } else {
    std::string error;
    std::optional<GitFile> file = git_show(rev, path, error);
    if (!file) {
      print_error(error);
      return std::nullopt;
    }
    source = file->name;
    rules = load_rules_from_bytes(file->name, std::move(file->bytes), color, /*show_warnings=*/false, exit_code);
  }
  if (!rules && exit_code == kExitProblems) print_error(fmt::format("`{}` has errors: nothing to compare", source));
  return rules;
}

// Each rejected account on stderr, as `icpc eval` reports them, saying which version refused it.
void report_rejections(const std::vector<analysis::Rejection>& rejections, const std::string& sample) {
  for (const analysis::Rejection& r : rejections) {
    const std::string who = r.by_old && r.by_new ? "both versions" : r.by_old ? "old" : "new";
    fmt::print(stderr, "{}\n",
               escape::text(fmt::format("{}:{}: record {} rejected by {}: {}", sample, r.line,
                                        r.id.empty() ? std::string("(no readable id)") : fmt::format("`{}`", r.id),
                                        who, r.message)));
  }
}

int run_diff(const DiffOptions& options) {
  if (options.git.empty() && options.paths.size() != 2) {
    print_error("diff needs OLD and NEW rules, or --git REV and the rules' path");
    return kExitUsage;
  }
  std::optional<Date> as_of = parse_as_of(options.as_of);
  if (!as_of) return kExitUsage;
  if (!outputs_apart_from_inputs({{"the old profile", options.git.empty() ? options.paths.front() : ""},
                                  {"the new profile", options.paths.back()},
                                  {"--input", options.sample.input},
                                  {"--signals", options.sample.signals},
                                  {"--contacts", options.sample.contacts},
                                  {"--map", options.sample.map}},
                                 {{"--output", options.output}})) {
    return kExitUsage;
  }
  // With --git and one path, OLD is that path at REV; with two, the first path at REV.
  const std::string& old_path = options.paths.front();
  const std::string& new_path = options.paths.back();
  analysis::Version old_version, new_version;
  std::optional<Rules> old_rules = load_version(old_path, options.git, options.color, old_version.source);
  if (!old_rules) return kExitUsage;
  std::optional<Rules> new_rules = load_version(new_path, "", options.color, new_version.source);
  if (!new_rules) return kExitUsage;
  old_version.program = &old_rules->program;
  new_version.program = &new_rules->program;
  // Checked before the sample is read, naming the file as given (the library checks too).
  for (const auto& [path, program] : {std::pair(old_path, old_version.program), std::pair(new_path, new_version.program)}) {
    if (program->tiers.size() <= analysis::kMaxImpactTiers) continue;
    print_error(fmt::format("`{}` has {} tiers; diff compares profiles of at most {}, as its report has a row and a "
                            "column for each",
                            path, program->tiers.size(), analysis::kMaxImpactTiers));
    return kExitUsage;
  }

  analysis::CrmMapping mapping;
  if (!options.sample.map.empty()) {
    if (!load_mapping(options.sample.map, mapping)) return kExitUsage;
    print_mapping_notes(mapping, {old_version.program, new_version.program});
  }
  analysis::Sample sample;
  if (!read_sample(options.sample, mapping, sample)) return kExitUsage;
  analysis::Error error;
  const analysis::ImpactOptions impact_options{*as_of, std::max<std::size_t>(1, options.threads), options.examples};
  std::optional<analysis::Impact> impact = analysis::run_impact(sample, old_version, new_version, impact_options, error);
  if (!impact) {
    print_error(analysis::to_text(error));
    return kExitUsage;
  }
  report_rejections(impact->rejections, sample.name());
  if (impact->first_future) {
    warn_future_events(impact->future_records, *as_of, *impact->first_future,
                       fmt::format("line {}", impact->first_future->line));
  }

  const analysis::ReportFormat format = options.format == "json"       ? analysis::ReportFormat::json
                                        : options.format == "markdown" ? analysis::ReportFormat::markdown
                                                                       : analysis::ReportFormat::text;
  write_output(options.output, analysis::render_impact(*impact, format));
  return options.fail_on_change && impact->changed_any > 0 ? kExitProblems : kExitClean;
}

}  // namespace

void add_diff_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* diff = app.add_subcommand(
      "diff", "Compare two versions of a profile on a sample of accounts: verdict, tier, route and score changes");
  diff->add_option("rules", options->paths,
                   "OLD and NEW (.icp or .icpb); with --git, PATH alone (OLD is PATH at REV) or OLD-PATH NEW")
      ->required()
      ->expected(1, 2)
      ->type_name("RULES");
  diff->add_option("--git", options->git, "Read OLD from git at this revision (git show REV:PATH), e.g. origin/main")
      ->type_name("REV");
  diff->add_option("--input", options->sample.input, "The sample accounts, as `icpc eval` reads them; - reads stdin")
      ->required()
      ->type_name("FILE");
  diff->add_option("--as-of", options->as_of, "The evaluation date for both versions; default: icp.toml's `as_of`, else today (UTC)")
      ->type_name("YYYY-MM-DD");
  add_sample_options(*diff, options->sample);
  diff->add_option("--format", options->format, "text, markdown (a pull-request comment) or json")
      ->check(CLI::IsMember({"text", "markdown", "json"}).description(""))
      ->type_name("FORMAT")
      ->capture_default_str();
  diff->add_option("--examples", options->examples, "Example accounts shown per change, in input order (0 to 1000)")
      ->check(CLI::Range(0, 1000).description(""))
      ->type_name("N")
      ->capture_default_str();
  diff->add_option("--output", options->output, "Write the report to FILE; default: stdout")->type_name("FILE");
  add_threads_option(*diff, options->threads, "Worker threads; the report is identical for any number");
  diff->add_flag("--fail-on-change", options->fail_on_change,
                 "Exit 1 when any account changes verdict, tier, route or score");
  add_color_option(*diff, options->color, "Colour the diagnostics: auto, always or never");
  diff->footer("Exit codes:\n  0  the report was written, whether or not accounts changed\n  1  with "
               "--fail-on-change: some account changed\n  2  usage error, unreadable file, git failure, rules with "
               "errors, or a failed write");
  diff->callback([options, &exit_code] { exit_code = run_diff(*options); });
}

}  // namespace icp::cli
