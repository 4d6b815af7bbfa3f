// The week's queues as files (docs/queues.md "Outputs"): a CSV per rep and one for the
// overflow, the whole week as JSON (which --previous reads back next week), and a summary in
// Markdown or HTML (per rep: accounts by tier, capacity used, overflow). Input: a WeeklyQueue
// and its Team. Output: bytes, the same for the same inputs.
#pragma once

#include <cstddef>
#include <string>

#include "analysis/queue/team.hpp"
#include "analysis/queue/weekly_queue.hpp"

namespace icp::analysis {

enum class SummaryFormat { markdown, html };

// rank,account,queue,tier,tier_label,score,sla,cadence,assigned_by,week,program: the rep's
// accounts best first (CsvWriter, formula guard on: a rep opens it in a spreadsheet).
std::string render_rep_csv(const WeeklyQueue& queue, std::size_t rep);
// rank,account,queue,tier,tier_label,score,reason,detail,owner,week,program.
std::string render_overflow_csv(const WeeklyQueue& queue, const Team& team);
std::string render_queue_json(const WeeklyQueue& queue, const Team& team);
std::string render_queue_summary(const WeeklyQueue& queue, const Team& team, SummaryFormat format);

}  // namespace icp::analysis
