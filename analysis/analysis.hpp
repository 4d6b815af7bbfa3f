// The analysis library's entry point for a host (icpc, a service): backtest and nucleus over
// CRM exports, the impact of a profile change on a sample, the explanation of one account,
// weekly queues and the import files of downstream systems (docs/analysis.md).
// Input: programs, inputs as text or open streams (Source), options as values. Output:
// report values, which the renderers turn into text, JSON, Markdown or HTML.
//
// Nothing here opens a path, prints or exits: the host opens its inputs, shows an Error in
// its own words (to_text, plus its wording of the MappingHint) and writes the rendered bytes
// where it likes. The same inputs give the same bytes, whatever the thread count.
//
// A backtest of a profile against two CSV exports held in memory:
//
//   analysis::Error error;
//   std::optional<analysis::CrmMapping> mapping = analysis::parse_mapping(toml_text, "mapping.toml", error);
//   std::optional<analysis::CrmExports> exports = analysis::read_exports(
//       *mapping, {"accounts.csv", accounts_csv}, {"opportunities.csv", opportunities_csv},
//       analysis::Window{.from = {}, .to = {}, .today = today}, error);
//   std::optional<analysis::Backtest> report = analysis::run_backtest(
//       {program, exports->mapping, exports->accounts, exports->opportunities, /*side=*/nullptr,
//        exports->window.from, exports->window.to},
//       error);
//   std::string json = analysis::render_backtest_json(*report);
//
// The nucleus of the same exports: analysis::run_nucleus({exports->mapping, exports->accounts,
// exports->opportunities, /*retention=*/nullptr, from, to}), rendered by render_nucleus_*.
//
// The impact of a new version on a sample of JSON Lines accounts, on four threads:
//
//   analysis::Sample sample;
//   sample.read_json_lines({"sample.jsonl", jsonl_text}, error);
//   std::optional<analysis::Impact> impact = analysis::run_impact(
//       sample, {"old.icp", &old_program}, {"new.icp", &new_program},
//       {.as_of = as_of, .threads = 4, .examples = 3}, error);
//   std::string markdown = analysis::render_impact(*impact, analysis::ReportFormat::markdown);
//
// Why one account gets its decision:
//
//   vm::DecodeError rejected;
//   std::optional<std::string> text = analysis::explain_account(program, account_json, as_of,
//                                                                /*color=*/false, rejected);
//
// Records are checked against the NAICS 2022 and ISO 3166-1 lists the runtime carries
// (runtime/input/reference_codes.hpp), as icpc eval does. docs/analysis.md describes the API.
#pragma once

#include "analysis/backtest/backtest_analysis.hpp"
#include "analysis/backtest/backtest_render.hpp"
#include "analysis/backtest/nucleus_analysis.hpp"
#include "analysis/backtest/nucleus_render.hpp"
#include "analysis/crm/crm_columns.hpp"
#include "analysis/crm/crm_export.hpp"
#include "analysis/crm/crm_mapping.hpp"
#include "analysis/error.hpp"
#include "analysis/explain/explain_report.hpp"
#include "analysis/export/decision_lines.hpp"
#include "analysis/export/export_config.hpp"
#include "analysis/export/export_run.hpp"
#include "analysis/impact/impact.hpp"
#include "analysis/impact/impact_render.hpp"
#include "analysis/impact/run_impact.hpp"
#include "analysis/impact/sample.hpp"
#include "analysis/queue/ownership.hpp"
#include "analysis/queue/previous_week.hpp"
#include "analysis/queue/queue_plan.hpp"
#include "analysis/queue/queue_render.hpp"
#include "analysis/queue/team.hpp"
#include "analysis/queue/weekly_queue.hpp"
#include "analysis/source.hpp"
