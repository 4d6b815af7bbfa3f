// Renders a WeeklyQueue (see queue_render.hpp). Input: the queue and its team. Output: CSV,
// JSON, Markdown or HTML bytes; every string from the data is escaped for where it lands.
#include "analysis/queue/queue_render.hpp"

#include <fmt/format.h>

#include "analysis/csv_writer.hpp"
#include "compiler/render/escape.hpp"

namespace icp::analysis {
namespace {

std::string score_text(const QueueAccount& account) { return account.score ? account.score->to_string() : ""; }
std::string tier_text(const QueueAccount& account) { return account.tier > 0 ? fmt::format("{}", account.tier) : ""; }
std::string quoted(std::string_view text) { return "\"" + escape::json(text) + "\""; }

std::string json_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i > 0 ? "," : "") + quoted(items[i]);
  return out + "]";
}

// The members every account carries in the JSON: id, queue, tier, tier_label, score, sla, cadence.
void json_account(const WeeklyQueue& queue, std::size_t index, std::string& out) {
  const QueueAccount& account = queue.accounts[index];
  const QueueAccountInfo& info = queue.info[index];
  out += fmt::format("\"id\":{},\"queue\":{},\"tier\":{},\"tier_label\":{},\"score\":{},\"sla\":{},\"cadence\":{}",
                     quoted(account.id), quoted(account.queue), account.tier > 0 ? tier_text(account) : "null",
                     account.tier > 0 ? quoted(info.tier_label) : "null",
                     account.score ? account.score->to_string() : "null", info.sla.empty() ? "null" : quoted(info.sla),
                     info.cadence.empty() ? "null" : quoted(info.cadence));
}

void json_changes(const QueueChanges& changes, std::string& out) {
  out += fmt::format(",\"changes\":{{\"entered\":{},\"left\":{},\"moved\":[", json_strings(changes.entered),
                     json_strings(changes.left));
  for (std::size_t i = 0; i < changes.moved.size(); ++i) {
    const Move& move = changes.moved[i];
    out += fmt::format("{}{{\"id\":{},\"from\":{},\"to\":{}}}", i > 0 ? "," : "", quoted(move.id), quoted(move.from),
                       quoted(move.to));
  }
  out += "]}";
}

// Per rep: accounts by tier (tier 1..N, then none), for the summary.
std::vector<std::size_t> tier_counts(const WeeklyQueue& queue, std::size_t rep, std::size_t tiers) {
  std::vector<std::size_t> counts(tiers + 1, 0);
  for (const Placement& placement : queue.plan.queues[rep]) {
    const std::int32_t tier = queue.accounts[placement.account].tier;
    ++counts[tier > 0 ? static_cast<std::size_t>(tier - 1) : tiers];
  }
  return counts;
}

std::size_t overflow_of(const WeeklyQueue& queue, std::size_t rep) {
  std::size_t count = 0;
  for (const Overflow& overflow : queue.plan.overflow) count += overflow.rep == rep;
  return count;
}

std::size_t placed(const WeeklyQueue& queue) {
  std::size_t count = 0;
  for (const auto& list : queue.plan.queues) count += list.size();
  return count;
}

std::size_t tier_columns(const WeeklyQueue& queue) {
  std::int32_t most = 0;
  for (const QueueAccount& account : queue.accounts) most = std::max(most, account.tier);
  return static_cast<std::size_t>(most);
}

std::string percent(std::size_t part, std::int64_t whole) {
  if (whole <= 0) return "-";
  return fmt::format("{}%", (static_cast<std::int64_t>(part) * 100 + whole / 2) / whole);
}

// One table as rows of cells (already escaped for the format), the first row the header.
using Table = std::vector<std::vector<std::string>>;

// The first `text_columns` columns are left-aligned, the figures after them right-aligned.
std::string markdown_table(const Table& table, std::size_t text_columns) {
  std::string out;
  for (std::size_t r = 0; r < table.size(); ++r) {
    out += "|";
    for (const auto& cell : table[r]) out += " " + escape::markdown_cell(cell) + " |";
    out += "\n";
    if (r == 0) {
      out += "|";
      for (std::size_t c = 0; c < table[0].size(); ++c) out += c < text_columns ? " --- |" : " ---: |";
      out += "\n";
    }
  }
  return out;
}

std::string html_table(const Table& table) {
  std::string out = "<table>\n";
  for (std::size_t r = 0; r < table.size(); ++r) {
    out += "<tr>";
    for (const auto& cell : table[r]) out += fmt::format("<{0}>{1}</{0}>", r == 0 ? "th" : "td", cell);
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

class Summary {
 public:
  Summary(const WeeklyQueue& queue, const Team& team, SummaryFormat format)
      : queue_(queue), team_(team), markdown_(format == SummaryFormat::markdown) {}

  std::string render() {
    heading(fmt::format("Queues for {}", format_iso_week(queue_.week)));
    paragraph(fmt::format("Profile {} version {} ({}), decided as of {}; team {}, accounts {}.",
                          text("\"" + queue_.profile + "\""), text(queue_.version), code(queue_.program_id),
                          format_date(queue_.as_of), code(queue_.team_file), code(queue_.accounts_file)));
    paragraph(fmt::format("{} accounts decided, {} rejected; {} routed to a queue: {} placed, {} in overflow.",
                          queue_.decided, queue_.rejections.size(), queue_.accounts.size(), placed(queue_),
                          queue_.plan.overflow.size()));
    heading("Reps");
    table(rep_table(), 3);
    heading("Overflow");
    if (queue_.plan.overflow.empty()) {
      paragraph("Every account routed to a queue was placed.");
    } else {
      table(overflow_table(), 4);
    }
    if (queue_.plan.changes) changes(*queue_.plan.changes);
    return markdown_ ? out_ : page();
  }

 private:
  std::string text(std::string_view raw) const { return markdown_ ? escape::markdown_text(raw) : escape::html(raw); }
  std::string code(std::string_view raw) const {
    return markdown_ ? escape::markdown_code(raw) : "<code>" + escape::html(raw) + "</code>";
  }
  void heading(const std::string& title) {
    out_ += markdown_ ? fmt::format("{} {}\n\n", out_.empty() ? "#" : "##", title)
                      : fmt::format("<h{0}>{1}</h{0}>\n", out_.empty() ? 1 : 2, title);
  }
  void paragraph(const std::string& body) { out_ += markdown_ ? body + "\n\n" : "<p>" + body + "</p>\n"; }
  void table(const Table& rows, std::size_t text_columns) {
    out_ += markdown_ ? markdown_table(rows, text_columns) + "\n" : html_table(rows);
  }

  Table rep_table() const {
    const std::size_t tiers = tier_columns(queue_);
    Table rows{{"rep", "manager", "queues", "capacity", "available", "assigned", "used"}};
    for (std::size_t t = 1; t <= tiers; ++t) rows[0].push_back(fmt::format("tier {}", t));
    rows[0].insert(rows[0].end(), {"no tier", "overflow"});
    for (std::size_t r = 0; r < team_.reps.size(); ++r) {
      const Rep& rep = team_.reps[r];
      std::string queues;
      for (const auto& name : rep.queues) queues += (queues.empty() ? "" : ", ") + name;
      const std::size_t assigned = queue_.plan.queues[r].size();
      std::vector<std::string> row{text(rep.name), text(rep.manager), text(queues), fmt::format("{}", rep.capacity),
                                   fmt::format("{}", queue_.plan.available[r]), fmt::format("{}", assigned),
                                   percent(assigned, queue_.plan.available[r])};
      for (std::size_t count : tier_counts(queue_, r, tiers)) row.push_back(fmt::format("{}", count));
      row.push_back(fmt::format("{}", overflow_of(queue_, r)));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Table overflow_table() const {
    Table rows{{"account", "queue", "reason", "detail", "tier", "score"}};
    for (const Overflow& overflow : queue_.plan.overflow) {
      const QueueAccount& account = queue_.accounts[overflow.account];
      rows.push_back({text(account.id), text(account.queue), std::string(overflow_reason_name(overflow.reason)),
                      markdown_ ? escape::markdown_phrase(overflow.detail) : escape::html(overflow.detail),
                      tier_text(account), score_text(account)});
    }
    return rows;
  }

  void changes(const QueueChanges& changes) {
    heading("Since last week");
    auto list = [&](const std::vector<std::string>& ids) {
      std::string joined;
      for (const auto& id : ids) joined += (joined.empty() ? "" : ", ") + text(id);
      return ids.empty() ? std::string("none") : joined;
    };
    std::string moved;
    for (const Move& move : changes.moved) {
      moved += fmt::format("{}{} ({} → {})", moved.empty() ? "" : ", ", text(move.id), text(move.from), text(move.to));
    }
    const std::string separator = markdown_ ? "\n\n" : "<br>\n";
    paragraph(fmt::format("Entered ({}): {}{}Left ({}): {}{}Moved ({}): {}", changes.entered.size(), list(changes.entered),
                          separator, changes.left.size(), list(changes.left), separator, changes.moved.size(),
                          moved.empty() ? "none" : moved));
  }

  std::string page() const {
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Queues for {}</title>\n"
        "<style>body{{font-family:system-ui,sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse;"
        "margin:1em 0}}th,td{{border:1px solid #ccc;padding:.3em .6em;text-align:right}}th:first-child,"
        "td:first-child{{text-align:left}}code{{font-size:.9em}}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
        format_iso_week(queue_.week), out_);
  }

  const WeeklyQueue& queue_;
  const Team& team_;
  bool markdown_;
  std::string out_;
};

}  // namespace

std::string render_rep_csv(const WeeklyQueue& queue, std::size_t rep) {
  CsvWriter csv(CsvStyle{.guard_formulas = true});
  csv.row({"rank", "account", "queue", "tier", "tier_label", "score", "sla", "cadence", "assigned_by", "week", "program"});
  const std::string week = format_iso_week(queue.week);
  std::size_t rank = 0;
  for (const Placement& placement : queue.plan.queues[rep]) {
    const QueueAccount& account = queue.accounts[placement.account];
    const QueueAccountInfo& info = queue.info[placement.account];
    csv.row({fmt::format("{}", ++rank), account.id, account.queue, tier_text(account), info.tier_label,
             score_text(account), info.sla, info.cadence, std::string(assigned_by_name(placement.by)), week,
             queue.program_id});
  }
  return csv.bytes();
}

std::string render_overflow_csv(const WeeklyQueue& queue, const Team& team) {
  CsvWriter csv(CsvStyle{.guard_formulas = true});
  csv.row({"rank", "account", "queue", "tier", "tier_label", "score", "reason", "detail", "owner", "week", "program"});
  const std::string week = format_iso_week(queue.week);
  std::size_t rank = 0;
  for (const Overflow& overflow : queue.plan.overflow) {
    const QueueAccount& account = queue.accounts[overflow.account];
    const std::string owner = account.owner.kind == Owner::Kind::rep ? team.reps[account.owner.rep].id
                                                                      : account.owner.name;
    csv.row({fmt::format("{}", ++rank), account.id, account.queue, tier_text(account),
             queue.info[overflow.account].tier_label, score_text(account),
             std::string(overflow_reason_name(overflow.reason)), overflow.detail, owner, week, queue.program_id});
  }
  return csv.bytes();
}

std::string render_queue_json(const WeeklyQueue& queue, const Team& team) {
  std::string out = fmt::format(
      "{{\"week\":{},\"as_of\":{},\"profile\":{},\"version\":{},\"program\":{},\"team\":{},\"accounts\":{},"
      "\"decided\":{},\"rejected\":{},\"queued\":{},\"reps\":[",
      quoted(format_iso_week(queue.week)), quoted(format_date(queue.as_of)), quoted(queue.profile),
      quoted(queue.version), quoted(queue.program_id), quoted(queue.team_file), quoted(queue.accounts_file),
      queue.decided, queue.rejections.size(), queue.accounts.size());
  for (std::size_t r = 0; r < team.reps.size(); ++r) {
    const Rep& rep = team.reps[r];
    out += fmt::format("{}{{\"id\":{},\"name\":{},\"capacity\":{},\"available\":{},\"assigned\":{},\"accounts\":[",
                       r > 0 ? "," : "", quoted(rep.id), quoted(rep.name), rep.capacity, queue.plan.available[r],
                       queue.plan.queues[r].size());
    std::size_t rank = 0;
    for (const Placement& placement : queue.plan.queues[r]) {
      out += fmt::format("{}{{\"rank\":{},", rank > 0 ? "," : "", rank + 1);
      ++rank;
      json_account(queue, placement.account, out);
      out += fmt::format(",\"assigned_by\":{}}}", quoted(assigned_by_name(placement.by)));
    }
    out += "]}";
  }
  out += "],\"overflow\":[";
  for (std::size_t i = 0; i < queue.plan.overflow.size(); ++i) {
    const Overflow& overflow = queue.plan.overflow[i];
    out += i > 0 ? ",{" : "{";
    json_account(queue, overflow.account, out);
    out += fmt::format(",\"reason\":{},\"detail\":{}}}", quoted(overflow_reason_name(overflow.reason)),
                       quoted(overflow.detail));
  }
  out += "]";
  if (queue.plan.changes) {
    json_changes(*queue.plan.changes, out);
  } else {
    out += ",\"changes\":null";
  }
  return out + "}\n";
}

std::string render_queue_summary(const WeeklyQueue& queue, const Team& team, SummaryFormat format) {
  return Summary(queue, team, format).render();
}

}  // namespace icp::analysis
