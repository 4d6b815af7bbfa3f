// The impact report in three formats (see impact_render.hpp): text tables for a
// terminal, Markdown for a pull-request comment, and JSON with a fixed key order
// (docs/diff.md). Input: an Impact with its examples explained. Output: one string.
#include "analysis/impact/impact_render.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/render/escape.hpp"
#include "runtime/input/record.hpp"

namespace icp::analysis {
namespace {

// The program id is shortened in text and Markdown: enough to tell builds apart.
std::string short_id(const std::string& id) { return id.size() > 19 ? id.substr(0, 19) + "…" : id; }

std::string signed_text(const std::optional<Decimal>& value) {
  if (!value) return "–";
  return (value->units() > 0 ? "+" : "") + value->to_string();
}

std::size_t width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string plural(std::size_t count, std::string_view word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

std::string summary(const Impact& impact) {
  std::string text;
  if (impact.changed_any == 0) {
    text = fmt::format("No account of {} changes verdict, tier, route or score.", impact.accounts);
  } else {
    text = fmt::format("{} of {} change verdict or tier, {} change route and {} change score.", impact.changed_outcome,
                       plural(impact.accounts, "account"), impact.changed_route, impact.changed_score);
  }
  if (impact.old_version.program->id == impact.new_version.program->id) {
    text += " Both versions compile to the same program.";
  }
  return text;
}

// Rows of cells; the first column left-aligned, the others right-aligned unless `left`.
// Cells quote paths, names and route texts: escaped for the terminal before measuring.
std::string text_table(std::vector<std::vector<std::string>> rows, std::size_t left_columns = 1) {
  for (auto& row : rows) {
    for (std::string& cell : row) cell = escape::text(cell);
  }
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], width(row[c]));
    }
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line = "  ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(widths[c] - width(row[c]), ' ');
      if (c > 0) line += "  ";
      line += c < left_columns ? row[c] + pad : pad + row[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

std::vector<std::vector<std::string>> matrix_rows(const Impact& impact, std::string_view corner, std::string_view zero) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{std::string(corner)};
  header.insert(header.end(), impact.outcomes.begin(), impact.outcomes.end());
  header.push_back("total");
  rows.push_back(header);
  std::vector<std::size_t> column_totals(impact.outcomes.size(), 0);
  for (std::size_t r = 0; r < impact.outcomes.size(); ++r) {
    std::vector<std::string> row{impact.outcomes[r]};
    std::size_t total = 0;
    for (std::size_t c = 0; c < impact.outcomes.size(); ++c) {
      const std::size_t count = impact.matrix[r][c];
      row.push_back(count == 0 ? std::string(zero) : std::to_string(count));
      total += count;
      column_totals[c] += count;
    }
    row.push_back(std::to_string(total));
    rows.push_back(row);
  }
  std::vector<std::string> totals{"total"};
  for (std::size_t total : column_totals) totals.push_back(std::to_string(total));
  totals.push_back(std::to_string(impact.accounts));
  rows.push_back(totals);
  return rows;
}

std::string score_caption(const Impact& impact) {
  return fmt::format("score shift (new − old) over {} decided by both with known scores",
                     plural(impact.score.accounts, "account"));
}

std::string transition_title(const Impact& impact, const Transition& t) {
  return fmt::format("{} → {}", impact.outcomes[t.from], impact.outcomes[t.to]);
}

std::string render_text(const Impact& impact) {
  std::string out = fmt::format("{}: {} from {}, as of {}\n", impact.title, plural(impact.accounts, "account"),
                                escape::text(impact.sample), impact.as_of);
  std::vector<std::vector<std::string>> versions;
  for (const Version* v : {&impact.old_version, &impact.new_version}) {
    versions.push_back({v == &impact.old_version ? "old" : "new", v->source, fmt::format("\"{}\"", v->program->profile),
                        v->program->version, short_id(v->program->id)});
  }
  out += text_table(versions, 5) + '\n' + summary(impact) + "\n\n";
  out += "verdicts and tiers (rows: old, columns: new)\n" + text_table(matrix_rows(impact, "old \\ new", "·"));
  if (!impact.routes.empty()) {
    std::vector<std::vector<std::string>> rows{{"old route", "new route", "accounts"}};
    for (const RouteChange& change : impact.routes) rows.push_back({change.from, change.to, std::to_string(change.count)});
    out += "\nroute changes\n" + text_table(rows, 2);
  }
  const ScoreShift& s = impact.score;
  out += '\n' + score_caption(impact) + '\n';
  if (s.accounts > 0) {
    out += fmt::format("  mean {}  p50 {}  p90 {}  min {}  max {}  ({} up, {} down, {} unchanged)\n", signed_text(s.mean),
                       signed_text(s.p50), signed_text(s.p90), signed_text(s.min), signed_text(s.max), s.increased,
                       s.decreased, s.unchanged);
  }
  auto examples = [&out, &impact](const std::string& title, std::size_t count, const std::vector<Example>& list) {
    out += fmt::format("  {} ({})\n", escape::text(title), plural(count, "account"));
    for (const Example& e : list) {
      out += fmt::format("    {} ({} {})\n", e.id.empty() ? "(no readable id)" : escape::text(e.id), impact.position,
                         e.line);
      for (const std::string& reason : e.reasons) out += "      " + escape::text(reason) + '\n';
    }
  };
  if (!impact.transitions.empty()) out += "\nexamples of verdict and tier changes\n";
  for (const Transition& t : impact.transitions) examples(transition_title(impact, t), t.count, t.examples);
  if (!impact.routes.empty()) out += "\nexamples of route changes\n";
  for (const RouteChange& r : impact.routes) examples(r.from + " → " + r.to, r.count, r.examples);
  if (!impact.score_examples.empty()) {
    out += "\nexamples of score changes\n";
    examples("score changed", impact.changed_score, impact.score_examples);
  }
  return out;
}

// Markdown: every string icpc did not write goes through compiler/render/escape.hpp (a code span,
// inert text, or a phrase whose quoted parts are code spans), so account data and names
// cannot add markup, mentions or images to a pull-request comment. Cells are Markdown.
std::string md_table(const std::vector<std::vector<std::string>>& rows, std::size_t left_columns) {
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += '|';
    for (const std::string& cell : rows[r]) out += ' ' + escape::markdown_cell(cell) + " |";
    out += '\n';
    if (r != 0) continue;
    out += '|';
    for (std::size_t c = 0; c < rows[r].size(); ++c) out += c < left_columns ? "---|" : "---:|";
    out += '\n';
  }
  return out;
}

std::string md_examples(const std::string& title, std::size_t count, const std::vector<Example>& list,
                        const std::string& position) {
  std::string out = fmt::format("**{}** ({})\n\n", title, plural(count, "account"));
  for (const Example& e : list) {
    std::string reasons;
    for (const std::string& r : e.reasons) reasons += (reasons.empty() ? "" : "; ") + r;
    out += fmt::format("- {} ({} {}): {}\n", e.id.empty() ? "(no readable id)" : escape::markdown_code(e.id), position,
                       e.line, escape::markdown_phrase(reasons));
  }
  return out + '\n';
}

std::string render_markdown(const Impact& impact) {
  const vm::Program& o = *impact.old_version.program;
  const vm::Program& n = *impact.new_version.program;
  std::string out = fmt::format("### {}: {}\n\n", impact.title, escape::markdown_code(impact.new_version.source));
  out += fmt::format("**{}** (sample {}, {}, as of {})\n\n", summary(impact), escape::markdown_code(impact.sample),
                     plural(impact.accounts, "account"), impact.as_of);
  out += md_table({{"", "old", "new"},
                   {"source", escape::markdown_code(impact.old_version.source),
                    escape::markdown_code(impact.new_version.source)},
                   {"profile", escape::markdown_text(o.profile), escape::markdown_text(n.profile)},
                   {"version", escape::markdown_text(o.version), escape::markdown_text(n.version)},
                   {"program", escape::markdown_code(short_id(o.id)), escape::markdown_code(short_id(n.id))}},
                  3);
  auto rows = matrix_rows(impact, "old ╲ new", "·");
  for (std::size_t r = 1; r < rows.size(); ++r) rows[r][0] = "**" + rows[r][0] + "**";
  out += "\n#### Verdicts and tiers (rows: old, columns: new)\n\n" + md_table(rows, 1);
  if (!impact.routes.empty()) {
    std::vector<std::vector<std::string>> route_rows{{"old route", "new route", "accounts"}};
    for (const RouteChange& c : impact.routes) {
      route_rows.push_back({escape::markdown_code(c.from), escape::markdown_code(c.to), std::to_string(c.count)});
    }
    out += "\n#### Route changes\n\n" + md_table(route_rows, 2);
  }
  const ScoreShift& s = impact.score;
  out += "\n#### Score shift (new − old)\n\n";
  out += md_table({{"accounts", "mean", "p50", "p90", "min", "max", "up", "down", "unchanged"},
                   {std::to_string(s.accounts), signed_text(s.mean), signed_text(s.p50), signed_text(s.p90),
                    signed_text(s.min), signed_text(s.max), std::to_string(s.increased), std::to_string(s.decreased),
                    std::to_string(s.unchanged)}},
                  0);
  if (impact.transitions.empty() && impact.routes.empty() && impact.score_examples.empty()) return out;
  out += "\n<details>\n<summary>Example accounts and why they moved</summary>\n\n";
  for (const Transition& t : impact.transitions) {
    out += md_examples(transition_title(impact, t), t.count, t.examples, impact.position);
  }
  for (const RouteChange& r : impact.routes) {
    out += md_examples(fmt::format("route {} → {}", escape::markdown_code(r.from), escape::markdown_code(r.to)),
                       r.count, r.examples, impact.position);
  }
  if (!impact.score_examples.empty()) {
    out += md_examples("score changed", impact.changed_score, impact.score_examples, impact.position);
  }
  return out + "</details>\n";
}

// ---- JSON: keys in a fixed order, documented in docs/diff.md ----

void json_string(std::string_view text, std::string& out) { vm::append_json_string(text, out); }

void json_decimal(const std::optional<Decimal>& value, std::string& out) {
  out += value ? value->to_string() : "null";
}

void json_version(const Version& v, std::string& out) {
  out += "{\"source\":";
  json_string(v.source, out);
  out += ",\"profile\":";
  json_string(v.program->profile, out);
  out += ",\"version\":";
  json_string(v.program->version, out);
  out += ",\"program\":";
  json_string(v.program->id, out);
  out += '}';
}

void json_examples(const std::vector<Example>& list, std::string& out) {
  out += "\"examples\":[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    out += i ? ",{\"id\":" : "{\"id\":";
    if (list[i].id.empty()) out += "null";
    else json_string(list[i].id, out);
    out += fmt::format(",\"line\":{},\"reasons\":[", list[i].line);
    for (std::size_t r = 0; r < list[i].reasons.size(); ++r) {
      if (r) out += ',';
      json_string(list[i].reasons[r], out);
    }
    out += "]}";
  }
  out += ']';
}

std::string render_json(const Impact& impact) {
  std::string out = "{\"old\":";
  json_version(impact.old_version, out);
  out += ",\"new\":";
  json_version(impact.new_version, out);
  out += ",\"sample\":";
  json_string(impact.sample, out);
  out += fmt::format(",\"as_of\":\"{}\",\"accounts\":{}", impact.as_of, impact.accounts);
  out += fmt::format(",\"changed\":{{\"any\":{},\"outcome\":{},\"route\":{},\"score\":{}}}", impact.changed_any,
                     impact.changed_outcome, impact.changed_route, impact.changed_score);
  out += fmt::format(",\"rejected\":{{\"old\":{},\"new\":{}}},\"outcomes\":[", impact.rejected_old, impact.rejected_new);
  for (std::size_t i = 0; i < impact.outcomes.size(); ++i) {
    if (i) out += ',';
    json_string(impact.outcomes[i], out);
  }
  out += "],\"matrix\":[";
  for (std::size_t r = 0; r < impact.matrix.size(); ++r) {
    out += r ? ",[" : "[";
    for (std::size_t c = 0; c < impact.matrix[r].size(); ++c) out += fmt::format("{}{}", c ? "," : "", impact.matrix[r][c]);
    out += ']';
  }
  out += "],\"transitions\":[";
  for (std::size_t i = 0; i < impact.transitions.size(); ++i) {
    const Transition& t = impact.transitions[i];
    out += i ? ",{\"old\":" : "{\"old\":";
    json_string(impact.outcomes[t.from], out);
    out += ",\"new\":";
    json_string(impact.outcomes[t.to], out);
    out += fmt::format(",\"count\":{},", t.count);
    json_examples(t.examples, out);
    out += '}';
  }
  out += "],\"routes\":[";
  for (std::size_t i = 0; i < impact.routes.size(); ++i) {
    const RouteChange& r = impact.routes[i];
    out += i ? ",{\"old\":" : "{\"old\":";
    json_string(r.from, out);
    out += ",\"new\":";
    json_string(r.to, out);
    out += fmt::format(",\"count\":{},", r.count);
    json_examples(r.examples, out);
    out += '}';
  }
  const ScoreShift& s = impact.score;
  out += fmt::format("],\"score\":{{\"accounts\":{},\"increased\":{},\"decreased\":{},\"unchanged\":{}", s.accounts,
                     s.increased, s.decreased, s.unchanged);
  for (const auto& [key, value] : {std::pair{"mean", &s.mean}, std::pair{"p50", &s.p50}, std::pair{"p90", &s.p90},
                                   std::pair{"min", &s.min}, std::pair{"max", &s.max}}) {
    out += fmt::format(",\"{}\":", key);
    json_decimal(*value, out);
  }
  out += ',';
  json_examples(impact.score_examples, out);
  return out + "}}\n";
}

}  // namespace

std::string render_impact(const Impact& impact, ReportFormat format) {
  switch (format) {
    case ReportFormat::text: return render_text(impact);
    case ReportFormat::markdown: return render_markdown(impact);
    case ReportFormat::json: return render_json(impact);
  }
  return {};
}

}  // namespace icp::analysis
