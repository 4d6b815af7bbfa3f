// The text of `icpc explain`, shared with `icpc test` (a failing case shows its trace).
// Input: a program, the record and its audited decision. Output: the verdict, every
// condition with its result and the values it read, signal points, bonuses, committee
// roles, the route rule that fired with file:line and why the rules above it did not, as
// aligned text.
#include "analysis/explain/explain_report.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "analysis/explain/route_misses.hpp"
#include "compiler/render/escape.hpp"
#include "runtime/output/decision_text.hpp"

namespace icp::analysis {
namespace {

enum class Style : std::uint8_t { plain, bold, good, bad, unknown };

// ANSI colours only when asked for (or on a terminal): the plain text must stay stable.
struct Painter {
  bool on = false;
  std::string paint(std::string_view text, Style style) const {
    if (!on || style == Style::plain || text.empty()) return std::string(text);
    static constexpr const char* kCodes[] = {"", "1", "32", "31", "33"};
    return fmt::format("\x1b[{}m{}\x1b[0m", kCodes[static_cast<int>(style)], text);
  }
};

struct Cell {
  std::string text;
  Style style = Style::plain;
  bool right = false;  // right-aligned (numbers)
};

// Rows of cells in aligned columns; notes are free lines printed under their row. A header
// row starts at the margin and its first cell takes the indent's room too.
class Table {
 public:
  struct Row {
    std::vector<Cell> cells;
    std::vector<std::string> notes;
    bool header = false;
  };
  // Cells hold names, labels, conditions as written and values read: escaped for the
  // terminal here, before they are measured (notes when they are drawn).
  Row& add(std::vector<Cell> cells, bool header = false) {
    for (Cell& cell : cells) cell.text = escape::text(cell.text);
    rows_.push_back(Row{std::move(cells), {}, header});
    return rows_.back();
  }
  bool empty() const { return rows_.empty(); }

  std::string render(const Painter& painter, std::size_t indent = 2) const {
    std::vector<std::size_t> widths;
    for (const Row& row : rows_) {
      for (std::size_t c = 0; c < row.cells.size(); ++c) {
        if (widths.size() <= c) widths.push_back(0);
        std::size_t size = display_width(row.cells[c].text);
        if (row.header && c == 0) size = size > indent ? size - indent : 0;
        // A cell wider than kMaxAligned (a generated rule's text) overflows its column
        // instead of padding every other row to its width.
        if (size <= kMaxAligned) widths[c] = std::max(widths[c], size);
      }
    }
    std::string out;
    for (const Row& row : rows_) {
      std::string line(row.header ? 0 : indent, ' ');
      for (std::size_t c = 0; c < row.cells.size(); ++c) {
        const Cell& cell = row.cells[c];
        const std::size_t width = widths[c] + (row.header && c == 0 ? indent : 0);
        const std::size_t pad = width - std::min(width, display_width(cell.text));
        if (c > 0) line += "  ";
        if (cell.right) line.append(pad, ' ');
        line += painter.paint(cell.text, cell.style);
        if (!cell.right && c + 1 < row.cells.size()) line.append(pad, ' ');
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + '\n';
      for (const std::string& note : row.notes) out += std::string(indent + 4, ' ') + escape::text(note) + '\n';
    }
    return out;
  }

 private:
  static constexpr std::size_t kMaxAligned = 400;
  // Code points, not bytes: labels and titles may hold UTF-8.
  static std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  }
  std::vector<Row> rows_;
};

class Explainer {
 public:
  Explainer(const vm::Program& program, const vm::Record& record, const vm::Decision& decision, Painter painter)
      : p_(program), record_(record), d_(decision), painter_(painter) {}

  std::string text() {
    header();
    route();
    section("exclusions (the first that holds excludes)", p_.exclusions, d_.exclusions, d_.audit.exclusions,
            p_.debug.exclusions);
    section("criteria", p_.criteria, d_.criteria, d_.audit.criteria, p_.debug.criteria);
    tiers();
    signals();
    section("bonuses", p_.bonuses, d_.bonuses, d_.audit.bonuses, p_.debug.bonuses);
    score();
    committee();
    return out_;
  }

 private:
  const vm::SourceRef* ref(const std::vector<vm::SourceRef>& refs, std::size_t i) const {
    return i < refs.size() ? &refs[i] : nullptr;
  }

  std::string tier_name(std::int32_t number) const {
    return fmt::format("tier {} \"{}\"", number, p_.tiers[number - 1].label);
  }

  void header() {
    std::string verdict;
    if (d_.verdict == vm::Verdict::tier) {
      verdict = tier_name(d_.fit_tier);
    } else if (d_.verdict == vm::Verdict::no_fit) {
      verdict = "no tier holds";
    } else {
      const vm::ExclusionDef& exclusion = p_.exclusions[*d_.excluded_by];
      if (d_.fit_tier > 0) verdict = "would be " + tier_name(d_.fit_tier) + ", ";
      verdict += "excluded by " + exclusion.name;
      if (!exclusion.reason.empty()) verdict += " (" + exclusion.reason + ")";
    }
    // The program id is shortened: enough to tell builds apart, short enough to read.
    const std::string program = p_.id.size() > 19 ? p_.id.substr(0, 19) + "…" : p_.id;
    out_ += fmt::format("{} — {} (profile \"{}\" {}, program {}, as of {})\n", escape::text(d_.id),
                        painter_.paint(escape::text(verdict), Style::bold), escape::text(p_.profile),
                        escape::text(p_.version), escape::text(program), format_date(d_.as_of));
  }

  void route() {
    const vm::RouteRuleDef& rule = p_.route[d_.route_rule];
    static constexpr const char* kActions[] = {"disqualify", "ignore", "queue"};
    std::string action = kActions[static_cast<int>(rule.action)];
    if (rule.action == vm::RouteRuleDef::Action::queue) {
      action += fmt::format(" \"{}\"", rule.queue);
      if (rule.sla_hours) action += " sla " + rule.sla_text;
      if (rule.cadence) action += fmt::format(" cadence \"{}\"", *rule.cadence);
    }
    std::string where = fmt::format("rule {}", d_.route_rule + 1);
    const vm::SourceRef* source = ref(p_.debug.route, d_.route_rule);
    if (source && !p_.debug.source_path.empty()) where += fmt::format(" at {}:{}", p_.debug.source_path, source->line);
    std::string condition = rule.code ? (source ? "when " + condition_on_one_line(source->text) : std::string()) : "else";
    out_ += fmt::format("route: {} — {}", painter_.paint(escape::text(action), Style::bold), escape::text(where));
    if (!condition.empty()) out_ += "  " + escape::text(condition);
    out_ += '\n';
    // What the rule that fired read, as the audit's route reads it, then why each rule
    // above it did not fire.
    if (rule.code) {
      std::string read = values(d_.audit.route, true);
      const std::string computed = decision_values(p_, d_, *rule.code);
      if (!computed.empty()) read += (read.empty() ? "" : ", ") + computed;
      if (!read.empty()) out_ += "  read: " + escape::text(read) + '\n';
    }
    for (const std::string& miss : route_misses(p_, record_, d_)) out_ += "  " + escape::text(miss) + '\n';
  }

  Cell result_cell(vm::Tri result, vm::ReadRange range) const {
    if (result == vm::Tri::yes) return {"true", Style::good};
    if (result == vm::Tri::no) return {"false", Style::bad};
    // Why: the fields it read that are missing, or (docs/evaluation.md, "Numbers") ints past
    // what an expression holds.
    std::string missing;
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      const vm::AuditRead& read = d_.audit.reads[i];
      if (read.kind != vm::AuditRead::Kind::field) continue;
      const vm::FieldSpec& field = p_.schema.fields[read.index];
      const char* why = !record_.present(read.index) ? " missing"
                        : field.type == vm::FieldType::integer && !Decimal::from_int(record_.get_int(read.index))
                            ? " out of range"
                            : nullptr;
      if (why != nullptr) missing += (missing.empty() ? "" : ", ") + field.name + why;
    }
    return {missing.empty() ? "unknown" : "unknown (" + missing + ")", Style::unknown};
  }

  // "employees = 850, country = \"US\"": the fields (and criteria, unless skipped) it read.
  std::string values(vm::ReadRange range, bool with_criteria) const {
    const std::span<const vm::AuditRead> reads(d_.audit.reads.data() + range.begin, range.end - range.begin);
    return read_values(p_, record_, d_, reads, with_criteria);
  }

  std::string label(const vm::CriterionDef& def) const { return def.name; }
  std::string label(const vm::ExclusionDef& def) const { return def.name; }
  std::string label(const vm::BonusDef& def) const {
    return def.name + (def.points < Decimal{} ? " " : " +") + def.points.to_string();
  }

  template <typename Def>
  void section(std::string_view title, const std::vector<Def>& defs, const std::vector<vm::Tri>& results,
               const std::vector<vm::ReadRange>& ranges, const std::vector<vm::SourceRef>& refs) {
    if (defs.empty()) return;
    Table table;
    for (std::size_t i = 0; i < defs.size(); ++i) {
      const vm::SourceRef* source = ref(refs, i);
      table.add({{label(defs[i])}, result_cell(results[i], ranges[i]), {source ? condition_on_one_line(source->text) : ""},
                 {values(ranges[i], true)}});
    }
    out_ += '\n' + painter_.paint(title, Style::bold) + '\n' + table.render(painter_);
  }

  // Every tier, and under each one above the tier reached (all when none) the criteria it
  // read that did not hold: the near misses.
  void tiers() {
    Table table;
    for (std::size_t i = 0; i < p_.tiers.size(); ++i) {
      const vm::SourceRef* source = ref(p_.debug.tiers, i);
      Table::Row& row = table.add({{fmt::format("{} {}", p_.tiers[i].number, p_.tiers[i].label)},
                                   result_cell(d_.tiers[i], d_.audit.tiers[i]),
                                   {source ? condition_on_one_line(source->text) : ""},
                                   {values(d_.audit.tiers[i], false)}});
      if (d_.fit_tier != 0 && p_.tiers[i].number >= d_.fit_tier) continue;
      const vm::ReadRange range = d_.audit.tiers[i];
      for (std::uint32_t r = range.begin; r < range.end; ++r) {
        const vm::AuditRead& read = d_.audit.reads[r];
        if (read.kind != vm::AuditRead::Kind::criterion || d_.criteria[read.index] == vm::Tri::yes) continue;
        row.notes.push_back("missed " + vm::near_miss_text(p_, record_, d_, read.index));
      }
    }
    if (table.empty()) return;
    out_ += '\n' + painter_.paint("tiers", Style::bold) + '\n' + table.render(painter_);
  }

  static std::string rule_text(const vm::SignalDef& def) {
    std::string text = fmt::format("weight {} within {}d", def.weight.to_string(), def.window_days);
    if (def.cap) text += fmt::format(" cap {}", *def.cap);
    if (def.half_life_days) text += fmt::format(" decay half_life {}d", *def.half_life_days);
    return text;
  }

  void signals() {
    if (p_.signals.empty() && d_.audit.ignored_events.empty()) return;
    Table table;
    auto number = [](auto value) { return Cell{fmt::format("{}", value), Style::plain, true}; };
    table.add({{"signals", Style::bold}, {""}, {"events", Style::plain, true}, {"counted", Style::plain, true},
               {"capped", Style::plain, true}, {"expired", Style::plain, true}, {"points", Style::plain, true}},
              /*header=*/true);
    std::optional<Decimal>& total = signal_points_;
    for (std::size_t i = 0; i < p_.signals.size() && i < d_.audit.signals.size(); ++i) {
      const SignalTally& t = d_.audit.signals[i];
      if (total && t.points) total = total->add(*t.points);
      if (!t.points) total.reset();
      Table::Row& row =
          table.add({{p_.signals[i].name}, {rule_text(p_.signals[i])}, number(t.counted + t.expired + t.future),
                     number(t.counted), number(t.capped_out), number(t.expired),
                     {t.points ? t.points->to_string() : "overflow", Style::plain, true}});
      if (p_.signals[i].half_life_days && t.counted > 0) row.notes.push_back(decayed(i));
    }
    table.add({{"total"}, {""}, {""}, {""}, {""}, {""}, {total ? total->to_string() : "overflow", Style::bold, true}});
    out_ += '\n' + table.render(painter_);
    if (!d_.audit.ignored_events.empty()) out_ += "  ignored: " + escape::text(ignored()) + '\n';
  }

  // "decayed: 2d old 0.4102, 9d old 0.2051": what each event that earns points is worth,
  // freshest first as the points are summed (docs/evaluation.md).
  std::string decayed(std::size_t signal) const {
    std::vector<std::int32_t> ages;
    for (const vm::SignalEvent& event : record_.signals()) {
      if (event.type == static_cast<std::int32_t>(signal) && event.age_days >= 0 &&
          event.age_days <= p_.signals[signal].window_days) {
        ages.push_back(event.age_days);
      }
    }
    std::sort(ages.begin(), ages.end());
    const std::optional<std::int64_t> cap = p_.signals[signal].cap;
    if (cap && ages.size() > static_cast<std::size_t>(*cap)) ages.resize(static_cast<std::size_t>(*cap));
    std::string text = "decayed:";
    for (std::size_t e = 0; e < ages.size(); ++e) {
      text += fmt::format("{} {}d old {}", e == 0 ? "" : ",", ages[e],
                          decayed_points(p_.signal_rules[signal], ages[e]).to_string());
    }
    return text;
  }

  std::string ignored() const {
    std::string text;
    for (const vm::IgnoredEvent& ignored : d_.audit.ignored_events) {
      const vm::SignalEvent& event = record_.signals()[ignored.event];
      if (!text.empty()) text += ", ";
      text += std::string(record_.event_type(event, p_.schema));
      if (ignored.why == vm::IgnoredEvent::Why::future) {
        text += fmt::format(" in the future ({})", format_date(Date{d_.as_of.days - event.age_days}));
      } else {
        text += fmt::format(" {}d ago (undeclared type)", event.age_days);
      }
    }
    return text;
  }

  void score() {
    out_ += '\n';
    if (!d_.score) {
      out_ += "score unknown (the points overflowed)\n";
      return;
    }
    out_ += painter_.paint("score " + d_.score->to_string(), Style::bold);
    // The breakdown is shown only when it adds up, so it can never contradict the score.
    std::optional<Decimal> bonuses = Decimal{};
    for (std::size_t i = 0; i < p_.bonuses.size() && bonuses; ++i) {
      if (d_.bonuses[i] == vm::Tri::yes) bonuses = bonuses->add(p_.bonuses[i].points);
    }
    if (signal_points_ && bonuses && signal_points_->add(*bonuses) == d_.score) {
      out_ += fmt::format(" = signal points {} + bonuses {}", signal_points_->to_string(), bonuses->to_string());
    }
    out_ += '\n';
  }

  void committee() {
    if (p_.roles.empty()) return;
    out_ += '\n' + painter_.paint(fmt::format("committee {}% ({} of {} roles)", d_.coverage.value_or(0),
                                       d_.roles_filled.size(), p_.roles.size()),
                           Style::bold) +
            '\n';
    Table table;
    for (std::size_t r = 0; r < p_.roles.size(); ++r) {
      const std::optional<vm::RoleMatch>& match = r < d_.audit.roles.size() ? d_.audit.roles[r] : std::nullopt;
      std::string found;
      if (match) {
        found = fmt::format("\"{}\" matched `{}`", record_.view(record_.contacts()[match->contact].title),
                            p_.role_matchers[r].patterns()[match->pattern].text());
      } else {
        found = "not filled (titles";
        for (const std::string& title : p_.roles[r].titles) found += fmt::format(" `{}`", title);
        found += ")";
      }
      table.add({{p_.roles[r].name}, {found, match ? Style::plain : Style::bad}});
    }
    out_ += table.render(painter_);
  }

  const vm::Program& p_;
  const vm::Record& record_;
  const vm::Decision& d_;
  Painter painter_;
  std::optional<Decimal> signal_points_ = Decimal{};  // the signals' total, nullopt on overflow
  std::string out_;
};

}  // namespace

std::string explain_report(const vm::Program& program, const vm::Record& record, const vm::Decision& decision,
                           bool color) {
  return Explainer(program, record, decision, Painter{color}).text();
}

}  // namespace icp::analysis
