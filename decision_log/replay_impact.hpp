// `icpc replay DIR --with RULES`: what other rules would have done to the logged traffic, as
// `icpc diff` reports a change (transition matrix, route changes, score shift, example
// accounts with the criterion that moved them), through the same impact library
// (analysis/impact), with the logged inputs as the sample: each decided as of its own date,
// the old side by the program kept in the log. Input: the log, a query, the new program.
// Output: one impact report per kept program that decided the selected entries.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analysis/impact/impact.hpp"
#include "analysis/impact/impact_render.hpp"
#include "decision_log/entry_query.hpp"
#include "decision_log/program_store.hpp"
#include "decision_log/replay_log.hpp"

namespace icp::decision_log {

struct ReplayImpactOptions {
  std::size_t examples = 3;
  std::size_t threads = 1;
};

struct ReplayImpact {
  // Holds the kept programs the reports point to.
  std::unique_ptr<ProgramStore> programs;
  // One per kept program, in the order the log first names them; each compares that program
  // with the new rules over the entries it decided.
  std::vector<analysis::Impact> reports;
  std::vector<NotReplayed> not_replayed;  // inputs that lost fields to redaction: not decided again
  std::vector<std::string> notes;         // fields the new rules read that the log cannot hold
};

// False with `error` when the log cannot be read, a kept program is missing, or a program has
// more tiers than an impact report takes.
bool replay_impact(const std::filesystem::path& folder, const EntryQuery& query, const vm::Program& new_program,
                   const std::string& new_source, const ReplayImpactOptions& options, ReplayImpact& out,
                   std::string& error);

// Each report as `icpc diff` renders it; text and Markdown reports one after another, JSON
// one object per line (a single report is exactly `icpc diff`'s JSON).
std::string render_replay_impact(const ReplayImpact& impact, analysis::ReportFormat format);

}  // namespace icp::decision_log
