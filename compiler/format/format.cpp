// Declarations in the canonical layout: one per line, two-space indentation inside blocks,
// and the columns of a group (consecutive declarations of one kind, or the entries of a
// block, up to a blank line) aligned as in LANGUAGE.md's example.
// Input: SyntaxTree + source. Output: text, through the Printer of format_doc.
#include "compiler/format/format.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "compiler/format/format_doc.hpp"
#include "compiler/format/format_expr.hpp"
#include "grammar/parse.hpp"

namespace icp::format {
namespace {

using namespace syntax;

// A declaration or block entry: aligned cells, then an expression, then a suffix.
struct Entry {
  Span span;
  struct Cell {
    std::string text;
    bool measured = true;  // counts for the column's width (decimal weights do not)
  };
  std::vector<Cell> cells;
  std::optional<Doc> doc;  // laid out after the cells
  std::string suffix;      // after the doc: an exclusion's reason, a route's action, signal options
  std::size_t gap = 0;     // spaces before the suffix
  bool align_suffix = false;  // route: the suffix goes to the group's arrow column
  std::size_t align_column = 0;

  bool followed() const { return doc.has_value() || !suffix.empty(); }
};

Span span_of(const Declaration& d) {
  return std::visit([](const auto& decl) { return decl.span; }, d);
}

bool is_table(const Declaration& d) {
  return !std::holds_alternative<ProfileDecl>(d) && !std::holds_alternative<AccountDecl>(d) &&
         !std::holds_alternative<RoleDecl>(d) && !std::holds_alternative<RouteDecl>(d);
}

// Width of column i: its widest measured cell among the rows where something follows it.
std::vector<std::size_t> column_widths(const std::vector<Entry>& rows) {
  std::vector<std::size_t> widths;
  for (const Entry& row : rows) {
    if (widths.size() < row.cells.size()) widths.resize(row.cells.size(), 0);
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const bool followed = i + 1 < row.cells.size() || row.followed();
      if (followed && row.cells[i].measured) widths[i] = std::max(widths[i], width(row.cells[i].text));
    }
  }
  return widths;
}

std::string join_cells(const Entry& row, const std::vector<std::size_t>& widths) {
  std::string out;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    out += row.cells[i].text;
    if (i + 1 == row.cells.size() && !row.followed()) break;
    const std::size_t w = width(row.cells[i].text);
    out.append(widths[i] > w ? widths[i] - w : 0, ' ');
    out += ' ';
  }
  return out;
}

class Formatter {
 public:
  Formatter(std::string_view source, const SyntaxTree& tree)
      : source_(source), tree_(tree), docs_(source, tree), printer_(source, tree.comments) {}

  std::string run();

 private:
  Entry entry(const Declaration& d) const;
  Entry signal(const SignalDecl& s) const;
  Entry property(const Property& p) const;
  Entry route_rule(const RouteRule& rule) const;
  void rows(std::vector<Entry> entries, std::size_t indent, bool first);
  void block(const Declaration& d, bool first);
  std::uint32_t brace_after(std::uint32_t from) const;
  Doc prefixed(std::string prefix, ExprId id) const {
    return Doc::concat({Doc::make_text(std::move(prefix)), docs_.doc(id)});
  }

  std::string_view source_;
  const SyntaxTree& tree_;
  ExprDocs docs_;
  Printer printer_;
};

std::string Formatter::run() {
  const auto& decls = tree_.declarations;
  for (std::size_t i = 0; i < decls.size();) {
    std::size_t j = i + 1;
    if (!is_table(decls[i])) {
      block(decls[i], i == 0);
    } else {
      while (j < decls.size() && decls[j].index() == decls[i].index() &&
             !printer_.blank_between(span_of(decls[j - 1]).end, span_of(decls[j]).begin)) {
        ++j;
      }
      std::vector<Entry> group;
      for (std::size_t k = i; k < j; ++k) group.push_back(entry(decls[k]));
      rows(std::move(group), 0, i == 0);
    }
    i = j;
  }
  return printer_.finish();
}

Entry Formatter::signal(const SignalDecl& s) const {
  Entry e{.span = s.span};
  const bool whole = tree_.expr(s.weight).kind == ExprKind::integer;
  e.cells = {{"signal " + s.name}, {"weight " + docs_.flat(s.weight), whole},
             {fmt::format("within {}{}", s.within.value.amount, s.within.value.unit)}};
  if (s.cap) e.suffix = "cap " + docs_.flat(*s.cap);
  if (s.half_life) {
    if (!e.suffix.empty()) e.suffix += ' ';
    e.suffix += fmt::format("decay half_life {}{}", s.half_life->value.amount, s.half_life->value.unit);
  }
  return e;
}

Entry Formatter::entry(const Declaration& d) const {
  Entry e{.span = span_of(d)};
  if (const auto* use = std::get_if<UseDecl>(&d)) {
    e.cells = {{fmt::format("use {}", fmt::join(use->path, "."))}};
  } else if (const auto* let = std::get_if<LetDecl>(&d)) {
    e.cells = {{"let " + let->name}};
    e.doc = prefixed("= ", let->value);
  } else if (const auto* s = std::get_if<SignalDecl>(&d)) {
    return signal(*s);
  } else if (const auto* bonus = std::get_if<BonusDecl>(&d)) {
    const bool whole = tree_.expr(bonus->points).kind == ExprKind::integer;
    e.cells = {{"bonus " + bonus->name}, {(bonus->negative ? "-" : "+") + docs_.flat(bonus->points), whole}};
    e.doc = prefixed("when ", bonus->condition);
  } else if (const auto* exclude = std::get_if<ExcludeDecl>(&d)) {
    e.cells = {{"exclude " + exclude->name}};
    e.doc = prefixed("when ", exclude->condition);
    if (exclude->reason) {
      // Two spaces, so that the reason stands apart from a condition ending in a string.
      e.suffix = quote(*exclude->reason);
      e.gap = 2;
    }
  } else if (const auto* criterion = std::get_if<CriterionDecl>(&d)) {
    e.cells = {{"criterion " + criterion->name}};
    e.doc = prefixed("= ", criterion->condition);
  } else if (const auto* tier = std::get_if<TierDecl>(&d)) {
    e.cells = {{fmt::format("tier {} {}", tier->number, quote(tier->label))}};
    e.doc = prefixed("= ", tier->condition);
  }
  return e;
}

Entry Formatter::property(const Property& p) const {
  Entry e{.span = join(p.key_span, tree_.expr(p.value).span)};
  e.cells = {{p.key}};
  e.doc = docs_.doc(p.value);
  return e;
}

Entry Formatter::route_rule(const RouteRule& rule) const {
  Entry e{.span = rule.span};
  e.doc = rule.is_else ? Doc::make_text("else") : prefixed("when ", rule.condition);
  const RouteAction& a = rule.action;
  switch (a.kind) {
    case RouteAction::Kind::disqualify: e.suffix = "-> disqualify"; break;
    case RouteAction::Kind::ignore: e.suffix = "-> ignore"; break;
    case RouteAction::Kind::queue:
      e.suffix = "-> queue " + quote(a.queue);
      if (a.sla) e.suffix += fmt::format(" sla {}{}", a.sla->value.amount, a.sla->value.unit);
      if (a.cadence) e.suffix += " cadence " + quote(*a.cadence);
      break;
  }
  e.gap = 2;
  return e;
}

// One aligned group: the entries' cells share column widths; route arrows share a column
// among the rules that fit on one line (a rule broken by a comment joins them when it can).
void Formatter::rows(std::vector<Entry> entries, std::size_t indent, bool first) {
  const std::vector<std::size_t> widths = column_widths(entries);
  std::size_t arrow_column = 0;
  for (Entry& e : entries) {
    if (!e.align_suffix) continue;
    const std::size_t code = indent + width(join_cells(e, widths)) + (e.doc ? e.doc->flat : 0);
    // On the flat width alone: a comment that breaks the condition must not move the
    // arrow, or formatting twice would differ once the comment has moved.
    e.align_suffix = code + e.gap + width(e.suffix) <= kLineWidth;
    if (e.align_suffix) arrow_column = std::max(arrow_column, code + e.gap);
  }
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const Entry& e = entries[k];
    printer_.begin_element(e.span.begin, indent, indent, first && k == 0);
    printer_.write(join_cells(e, widths));
    if (e.doc) printer_.layout(*e.doc, e.suffix.empty() ? 0 : e.gap + width(e.suffix));
    if (!e.suffix.empty()) {
      const std::size_t column = printer_.column();
      const std::size_t gap = e.align_suffix && arrow_column > column ? arrow_column - column : e.gap;
      printer_.write(std::string(gap, ' ') + e.suffix);
    }
    printer_.end_element(e.span.end, indent);
  }
}

// The `{` that opens a block: the first one after `from` outside comments.
std::uint32_t Formatter::brace_after(std::uint32_t from) const {
  for (std::size_t i = from; i < source_.size(); ++i) {
    if (source_[i] == '#') {
      while (i < source_.size() && source_[i] != '\n') ++i;
    } else if (source_[i] == '{') {
      return static_cast<std::uint32_t>(i);
    }
  }
  return from;
}

void Formatter::block(const Declaration& d, bool first) {
  std::string header;
  std::uint32_t brace = 0;
  std::vector<Entry> entries;
  if (const auto* profile = std::get_if<ProfileDecl>(&d)) {
    header = "profile " + quote(profile->name) + " {";
    brace = brace_after(profile->name_span.end);
    for (const Property& p : profile->properties) entries.push_back(property(p));
  } else if (const auto* role = std::get_if<RoleDecl>(&d)) {
    header = "role " + role->name + " {";
    brace = brace_after(role->name_span.end);
    for (const Property& p : role->properties) entries.push_back(property(p));
  } else if (const auto* account = std::get_if<AccountDecl>(&d)) {
    header = "account {";
    brace = brace_after(account->span.begin + 7);
    for (const FieldDecl& f : account->fields) {
      Entry e{.span = f.span};
      e.cells = {{f.name + ":"}};
      e.doc = docs_.type(f.type);
      entries.push_back(std::move(e));
    }
  } else if (const auto* route = std::get_if<RouteDecl>(&d)) {
    header = "route {";
    brace = brace_after(route->span.begin + 5);
    for (const RouteRule& rule : route->rules) {
      entries.push_back(route_rule(rule));
      entries.back().align_suffix = true;
    }
  }
  const Span span = span_of(d);
  printer_.begin_element(span.begin, 0, 0, first);
  printer_.write(header);
  printer_.end_element(brace + 1, 0);
  for (std::size_t i = 0; i < entries.size();) {
    std::size_t j = i + 1;
    while (j < entries.size() && !printer_.blank_between(entries[j - 1].span.end, entries[j].span.begin)) ++j;
    rows(std::vector<Entry>(entries.begin() + static_cast<std::ptrdiff_t>(i),
                            entries.begin() + static_cast<std::ptrdiff_t>(j)),
         2, i == 0);
    i = j;
  }
  printer_.begin_element(span.end - 1, 0, 2, entries.empty(), /*closing=*/true);
  printer_.write("}");
  printer_.end_element(span.end, 0);
}

}  // namespace

std::string format_tree(std::string_view source, const SyntaxTree& tree) { return Formatter(source, tree).run(); }

Result format_source(std::string path, std::string text) {
  Result result;
  const FileId file = result.sources.add(std::move(path), std::move(text));
  DiagnosticSink sink;
  const SyntaxTree tree = grammar::parse(result.sources, file, sink);
  if (sink.has_errors()) {
    sink.sort();
    result.diagnostics = sink.diagnostics();
    return result;
  }
  result.text = format_tree(result.sources.file(file).text(), tree);
  return result;
}

}  // namespace icp::format
