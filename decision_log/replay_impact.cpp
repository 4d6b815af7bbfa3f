// The impact of other rules on logged traffic (replay_impact.hpp). Entries are grouped by the
// program that decided them; each group becomes an analysis::Sample of logged accounts and
// goes through analysis::run_impact unchanged. Input: the log. Output: Impact reports.
#include "decision_log/replay_impact.hpp"

#include <map>

#include <fmt/format.h>

#include "analysis/impact/run_impact.hpp"
#include "analysis/impact/sample.hpp"
#include "decision_log/log_folder.hpp"
#include "runtime/api/program_core.hpp"

namespace icp::decision_log {
namespace {

// The entries one kept program decided.
struct Group {
  std::string program;
  analysis::Sample sample;
  std::string first_time, last_time, first_as_of, last_as_of;
};

std::string range(const std::string& first, const std::string& last) {
  return first == last ? first : fmt::format("{} to {}", first, last);
}

// Fields the new rules declare that the old program did not: the log never held them.
void note_unlogged_fields(const vm::Program& old_program, const vm::Program& new_program, std::vector<std::string>& notes) {
  for (const vm::FieldSpec& field : new_program.schema.fields) {
    if (old_program.schema.field_index(field.name)) continue;
    notes.push_back(fmt::format("the new rules read `{}`, which {} did not declare: its entries hold no `{}`, so the new "
                                "rules decide them as if it were absent",
                                field.name, old_program.id, field.name));
  }
}

// The selected entries grouped by the program that decided them, in the order the log first
// names each; entries that lost fields to redaction go to `out.not_replayed`.
bool collect(const std::filesystem::path& folder, const EntryQuery& query, std::vector<std::unique_ptr<Group>>& groups,
             ReplayImpact& out, std::string& error) {
  std::map<std::string, Group*, std::less<>> by_program;
  EntryParser ids;
  std::string problem;
  const bool read = for_each_entry(
      folder, query,
      [&](const Entry& entry, const EntryPlace& place) {
        if (!entry.redacted.empty()) {
          out.not_replayed.push_back(NotReplayed{
              ReplayedEntry{entry.seq, place, entry.decision_id, logged_account(ids, entry.input)}, entry.redacted});
          return true;
        }
        const std::optional<Date> as_of = parse_date(entry.as_of);
        if (!as_of) {
          problem = fmt::format("entry {} (`{}`:{}): as_of `{}` is not a date", entry.seq, place.file, place.line,
                                entry.as_of);
          return false;
        }
        auto found = by_program.find(entry.program);
        if (found == by_program.end()) {
          groups.push_back(std::make_unique<Group>());
          Group& group = *groups.back();
          group.program = entry.program;
          group.first_time = entry.time;
          group.first_as_of = group.last_as_of = entry.as_of;
          found = by_program.emplace(entry.program, &group).first;
        }
        Group& group = *found->second;
        group.sample.add_logged(entry.input, entry.seq, *as_of, folder.string());
        group.last_time = entry.time;
        group.last_as_of = std::max(group.last_as_of, entry.as_of);
        group.first_as_of = std::min(group.first_as_of, entry.as_of);
        return true;
      },
      error);
  if (read && !problem.empty()) error = problem;
  return read && problem.empty();
}

}  // namespace

bool replay_impact(const std::filesystem::path& folder, const EntryQuery& query, const vm::Program& new_program,
                   const std::string& new_source, const ReplayImpactOptions& options, ReplayImpact& out,
                   std::string& error) {
  out = ReplayImpact{};
  out.programs = std::make_unique<ProgramStore>(folder);
  std::vector<std::unique_ptr<Group>> groups;
  if (!collect(folder, query, groups, out, error)) return false;
  for (const std::unique_ptr<Group>& group : groups) {
    const Program* kept = out.programs->get(group->program, error);
    if (kept == nullptr) return false;
    const vm::Program& old_program = internal::ProgramAccess::vm_program(*kept);
    const analysis::Version old_version{program_path(folder, group->program).string(), &old_program};
    const analysis::Version new_version{new_source, &new_program};
    const analysis::ImpactOptions impact_options{parse_date(group->first_as_of).value_or(Date{}), options.threads,
                                                 options.examples};
    analysis::Error impact_error;
    std::optional<analysis::Impact> impact =
        analysis::run_impact(group->sample, old_version, new_version, impact_options, impact_error);
    if (!impact) {
      error = impact_error.message;
      return false;
    }
    impact->title = "icpc replay --with";
    impact->position = "entry";
    impact->sample = fmt::format("{} (logged {})", folder.string(), range(group->first_time, group->last_time));
    impact->as_of = range(group->first_as_of, group->last_as_of);
    note_unlogged_fields(old_program, new_program, out.notes);
    out.reports.push_back(std::move(*impact));
  }
  return true;
}

std::string render_replay_impact(const ReplayImpact& impact, analysis::ReportFormat format) {
  std::string out;
  for (const analysis::Impact& report : impact.reports) {
    if (!out.empty() && format != analysis::ReportFormat::json) out += '\n';
    out += analysis::render_impact(report, format);
  }
  return out;
}

}  // namespace icp::decision_log
