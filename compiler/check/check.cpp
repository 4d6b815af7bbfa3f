// Stage 2, check: declarations. Collects the profile, imports, schema and names of one
// file, then checks every definition and builds the dependency graph. Expressions are
// in check_expr.cpp. Input: SyntaxTree. Output: ir::Program or errors.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "compiler/check/checker.hpp"
#include "compiler/check/reference_data.hpp"
#include "compiler/check/suggest.hpp"
#include "grammar/parse.hpp"

namespace icp::check {
namespace {

// Names the language gives a meaning of its own; a declaration may not take them.
const std::set<std::string, std::less<>> kReservedNames = {
    "and", "or", "not", "in", "between", "has", "true", "false",
    "score", "tier", "excluded", "committee_coverage", "id", "signals", "contacts"};

const std::vector<std::string> kProfileProperties = {"owner", "version", "reviewed", "review_every"};

std::string_view kind_name(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::field: return "field";
    case SymbolKind::let: return "let";
    case SymbolKind::criterion: return "criterion";
    case SymbolKind::signal: return "signal";
    case SymbolKind::role: return "role";
    case SymbolKind::exclusion: return "exclusion";
    case SymbolKind::bonus: return "bonus";
  }
  return "name";
}

}  // namespace

const ir::Let* ModuleCache::Module::member(std::string_view name) const {
  for (const auto& let : lets) {
    if (let.name == name) return &let;
  }
  return nullptr;
}

const ModuleCache::Module* ModuleCache::load(SourceMap& sources, const std::string& name,
                                             DiagnosticSink& sink) {
  if (auto it = modules_.find(name); it != modules_.end()) return &it->second;
  const auto text = reference::stdlib_module_source(name);
  if (!text) return nullptr;
  Module module;
  module.file = sources.add(reference::stdlib_module_path(name), std::string(*text));
  DiagnosticSink module_sink;
  module.tree = grammar::parse(sources, module.file, module_sink);
  if (!module_sink.has_errors()) {
    Checker checker(sources, *this, module.tree, module_sink, /*module_mode=*/true);
    module.lets = checker.run_module();
  }
  module.ok = !module_sink.has_errors();
  sink.append(module_sink);
  return &modules_.emplace(name, std::move(module)).first->second;
}

std::optional<ir::Program> check(SourceMap& sources, ModuleCache& modules,
                                 const syntax::SyntaxTree& tree, DiagnosticSink& sink) {
  Checker checker(sources, modules, tree, sink, /*module_mode=*/false);
  return checker.run();
}

Checker::Checker(SourceMap& sources, ModuleCache& modules, const syntax::SyntaxTree& tree,
                 DiagnosticSink& sink, bool module_mode)
    : sources_(sources), modules_(modules), tree_(tree), sink_(sink), module_mode_(module_mode) {
  program_.file = tree.file;
  program_.exprs.reserve(tree.exprs.size() + 16);  // about one IR node per syntax node: grown once
}

std::vector<ir::Let> Checker::run_module() {
  // Modules are the project's own files (stdlib/), so a test, not a diagnostic, keeps
  // them to `let`s: anything else in them is simply not exported.
  add_aggregate_vertices();
  collect_names();
  for (std::uint32_t i : definition_order(SymbolKind::let)) let(i);
  return program_.lets;
}

std::optional<ir::Program> Checker::run() {
  const std::size_t errors_before = sink_.count(Severity::error);
  add_aggregate_vertices();
  collect_profile();
  collect_imports();
  collect_account();
  collect_names();
  check_signals();
  check_roles();
  for (std::uint32_t i : definition_order(SymbolKind::let)) let(i);
  for (std::uint32_t i : definition_order(SymbolKind::criterion)) check_criterion(i);
  check_conditions();
  check_tiers();
  check_route();
  finish_graph();
  if (sink_.count(Severity::error) > errors_before) return std::nullopt;
  return std::move(program_);
}

void Checker::collect_profile() {
  const auto profiles = declarations_of<syntax::ProfileDecl>(tree_);
  if (profiles.empty()) {
    const auto& file = sources_.file(tree_.file);
    const auto end = static_cast<std::uint32_t>(std::min<std::size_t>(file.text().size(), 1));
    sink_.report(DiagnosticCode::E0101, Span{tree_.file, 0, end}, "this file has no `profile` declaration",
                 "start the file with `profile \"Name\" { owner \"you@example.com\" }`");
    program_.profile.span = Span{tree_.file, 0, 0};
    return;
  }
  for (std::size_t i = 1; i < profiles.size(); ++i) {
    auto& d = sink_.report(DiagnosticCode::E0102, profiles[i]->name_span,
                           fmt::format("a second profile `{}` in one file", profiles[i]->name),
                           "put each profile in its own `.icp` file");
    d.notes.push_back({profiles[0]->name_span, "the file's profile is declared here"});
  }
  check_profile_properties(*profiles.front());
}

void Checker::check_profile_properties(const syntax::ProfileDecl& decl) {
  auto& profile = program_.profile;
  profile.name = decl.name;
  profile.span = decl.span;
  profile.reviewed_span = decl.name_span;
  std::map<std::string, Span> seen;
  for (const auto& property : decl.properties) {
    if (auto [it, fresh] = seen.emplace(property.key, property.key_span); !fresh) {
      auto& d = sink_.report(DiagnosticCode::E0105, property.key_span,
                             fmt::format("`{}` is given twice", property.key));
      d.notes.push_back({it->second, "first given here"});
      continue;
    }
    const auto& value = syn(property.value);
    auto expect = [&](syntax::ExprKind kind, const char* what, const char* example) {
      if (value.kind == kind) return true;
      if (value.kind != syntax::ExprKind::error) {
        sink_.report(DiagnosticCode::E0106, value.span,
                     fmt::format("`{}` must be {}", property.key, what),
                     fmt::format("write it as {}", example));
      }
      return false;
    };
    if (property.key == "owner") {
      if (expect(syntax::ExprKind::string, "a string", "`owner \"dana.reyes@example.com\"`")) {
        profile.owner = value.text;
        if (profile.owner.empty()) {
          sink_.report(DiagnosticCode::E0106, value.span, "`owner` is empty",
                       "name the one person who owns this profile");
        }
      }
    } else if (property.key == "version") {
      if (expect(syntax::ExprKind::string, "a string", "`version \"2026.4\"`")) profile.version = value.text;
    } else if (property.key == "reviewed") {
      if (expect(syntax::ExprKind::date, "a date", "`reviewed 2026-10-01`")) {
        profile.reviewed = date_from_civil(value.date.year, value.date.month, value.date.day);
        profile.reviewed_span = value.span;
      }
    } else if (property.key == "review_every") {
      if (expect(syntax::ExprKind::duration, "a duration", "`review_every 90d`")) {
        if (auto days = whole_days({value.duration, value.span}, "`review_every`")) {
          profile.review_every_days = *days;
          profile.review_every_written = true;
        }
      }
    } else {
      sink_.report(DiagnosticCode::E0104, property.key_span,
                   fmt::format("profiles have no property `{}`", property.key),
                   did_you_mean(property.key, kProfileProperties));
    }
  }
  if (!seen.contains("owner")) {
    sink_.report(DiagnosticCode::E0103, decl.name_span,
                 fmt::format("profile `{}` names no owner", decl.name),
                 "add `owner \"name@example.com\"`: one person with authority to kill accounts");
  }
}

void Checker::collect_imports() {
  for (const auto* use : declarations_of<syntax::UseDecl>(tree_)) {
    const std::string dotted = fmt::format("{}", fmt::join(use->path, "."));
    if (use->path.size() != 2 || use->path[0] != "std") {
      std::vector<std::string> known;
      for (auto name : reference::stdlib_module_names()) known.push_back(fmt::format("std.{}", name));
      sink_.report(DiagnosticCode::E0216, use->path_span, fmt::format("no module `{}`", dotted),
                   did_you_mean(dotted, known));
      continue;
    }
    const std::string& name = use->path[1];
    if (auto it = imported_.find(name); it != imported_.end()) {
      auto& d = sink_.report(DiagnosticCode::W0106, use->span, fmt::format("`{}` is imported twice", dotted),
                             "remove this `use`");
      d.notes.push_back({it->second, "first imported here"});
      continue;
    }
    const auto* module = modules_.load(sources_, name, sink_);
    if (module == nullptr) {
      std::vector<std::string> known;
      for (auto known_name : reference::stdlib_module_names()) known.emplace_back(known_name);
      auto match = closest_match(name, known);
      sink_.report(DiagnosticCode::E0216, use->path_span, fmt::format("no module `{}`", dotted),
                   match ? fmt::format("did you mean `std.{}`?", *match) : std::string());
      continue;
    }
    imported_.emplace(name, use->span);
    program_.imports.push_back(ir::Import{name, use->span});
  }
}

void Checker::collect_account() {
  auto& fields = program_.fields;
  fields.push_back(ir::Field{"id", ir::Type::of(ir::TypeKind::string), false, {}});
  fields.push_back(ir::Field{"signals", ir::Type::of(ir::TypeKind::error), false, {}});
  fields.push_back(ir::Field{"contacts", ir::Type::of(ir::TypeKind::error), false, {}});
  const auto accounts = declarations_of<syntax::AccountDecl>(tree_);
  for (std::size_t i = 1; i < accounts.size(); ++i) {
    auto& d = sink_.report(DiagnosticCode::E0107, accounts[i]->span, "a second `account` block",
                           "declare every field in one `account` block");
    d.notes.push_back({accounts[0]->span, "the first `account` block is here"});
  }
  if (accounts.empty()) return;
  for (const auto& field : accounts.front()->fields) {
    ir::EnumId enum_id;
    const ir::TypeKind kind = field_type(field.type, enum_id);
    ir::Type type = ir::Type::of(kind);
    type.enum_id = enum_id;
    const auto index = static_cast<std::uint32_t>(fields.size());
    fields.push_back(ir::Field{field.name, type, field.type.optional, field.name_span});
    declare(field.name, field.name_span, SymbolKind::field, index);
  }
}

ir::TypeKind Checker::field_type(const syntax::TypeRef& type, ir::EnumId& enum_id) {
  static const std::vector<std::pair<std::string, ir::TypeKind>> kScalars = {
      {"int", ir::TypeKind::integer}, {"decimal", ir::TypeKind::decimal}, {"string", ir::TypeKind::string},
      {"bool", ir::TypeKind::boolean}, {"date", ir::TypeKind::date}, {"naics", ir::TypeKind::naics},
      {"country", ir::TypeKind::country}};
  for (const auto& [name, kind] : kScalars) {
    if (type.name == name) return kind;
  }
  if (type.name == "enum") {
    std::map<std::string, Span> seen;
    for (std::size_t i = 0; i < type.enum_values.size(); ++i) {
      if (auto [it, fresh] = seen.emplace(type.enum_values[i], type.enum_value_spans[i]); !fresh) {
        auto& d = sink_.report(DiagnosticCode::E0310, type.enum_value_spans[i],
                               fmt::format("enum value `{}` is listed twice", type.enum_values[i]),
                               "remove the second one");
        d.notes.push_back({it->second, "first listed here"});
      }
    }
    if (type.enum_values.empty()) {
      sink_.report(DiagnosticCode::E0310, type.span, "an enum needs at least one value",
                   "list the values: `enum(seed, series_a)`");
      return ir::TypeKind::error;
    }
    enum_id.index = static_cast<std::uint32_t>(program_.enums.size());
    program_.enums.push_back(ir::EnumType{type.enum_values});
    return ir::TypeKind::enumeration;
  }
  if (type.name == "set") {
    if (type.element == "string") return ir::TypeKind::string_set;
    sink_.report(DiagnosticCode::E0219, type.element_span,
                 fmt::format("sets hold strings only, not `{}`", type.element), "write `set<string>`");
    return ir::TypeKind::error;
  }
  static const std::vector<std::string> kTypeNames = {"int", "decimal", "string", "bool", "date",
                                                      "naics", "country", "enum", "set"};
  // Names other languages use for the same types, which edit distance would not find.
  static const std::map<std::string, std::string> kAliases = {
      {"integer", "int"}, {"boolean", "bool"}, {"str", "string"}, {"text", "string"},
      {"number", "decimal"}, {"float", "decimal"}, {"double", "decimal"}, {"money", "decimal"}};
  std::string help = did_you_mean(type.name, kTypeNames);
  if (auto alias = kAliases.find(type.name); alias != kAliases.end()) {
    help = fmt::format("did you mean `{}`?", alias->second);
  }
  if (help.empty()) help = "the types are int, decimal, string, bool, date, naics, country, enum(...) and set<string>";
  sink_.report(DiagnosticCode::E0219, type.name_span, fmt::format("unknown type `{}`", type.name), help);
  return ir::TypeKind::error;
}

void Checker::declare(const std::string& name, Span span, SymbolKind kind, std::uint32_t index) {
  if (kReservedNames.contains(name)) {
    sink_.report(DiagnosticCode::E0202, span, fmt::format("`{}` is a reserved name", name),
                 "choose another name");
    return;
  }
  auto [it, fresh] = symbols_.emplace(name, Symbol{kind, index, span});
  if (!fresh) {
    auto& d = sink_.report(DiagnosticCode::E0201, span,
                           fmt::format("`{}` is declared twice", name),
                           "rename one of them");
    d.notes.push_back({it->second.span, fmt::format("first declared here as a {}", kind_name(it->second.kind))});
  }
}

void Checker::collect_names() {
  for (const auto& decl : tree_.declarations) {
    if (const auto* let = std::get_if<syntax::LetDecl>(&decl)) {
      const auto index = static_cast<std::uint32_t>(program_.lets.size());
      program_.lets.push_back(ir::Let{let->name, {}, {}, {}, let->name_span, let->span});
      let_syntax_.push_back(let);
      let_state_.push_back(State::pending);
      let_vertex_.push_back(graph_.add(ir::Node{ir::Node::Kind::let, index}, fmt::format("let {}", let->name), let->name_span));
      declare(let->name, let->name_span, SymbolKind::let, index);
    } else if (const auto* criterion = std::get_if<syntax::CriterionDecl>(&decl)) {
      const auto index = static_cast<std::uint32_t>(program_.criteria.size());
      program_.criteria.push_back(ir::Criterion{criterion->name, {}, criterion->name_span, criterion->span});
      criterion_syntax_.push_back(criterion);
      criterion_state_.push_back(State::pending);
      criterion_may_be_unknown_.push_back(false);
      criterion_vertex_.push_back(graph_.add(ir::Node{ir::Node::Kind::criterion, index},
                                             fmt::format("criterion {}", criterion->name), criterion->name_span));
      declare(criterion->name, criterion->name_span, SymbolKind::criterion, index);
    } else if (const auto* signal = std::get_if<syntax::SignalDecl>(&decl)) {
      const auto index = static_cast<std::uint32_t>(program_.signals.size());
      program_.signals.push_back(ir::Signal{signal->name, {}, 0, {}, {}, signal->name_span, signal->span});
      declare(signal->name, signal->name_span, SymbolKind::signal, index);
    } else if (const auto* role = std::get_if<syntax::RoleDecl>(&decl)) {
      const auto index = static_cast<std::uint32_t>(program_.roles.size());
      ir::Role ir_role;
      ir_role.name = role->name;
      ir_role.name_span = role->name_span;
      ir_role.span = role->span;
      program_.roles.push_back(std::move(ir_role));
      declare(role->name, role->name_span, SymbolKind::role, index);
    } else if (const auto* exclusion = std::get_if<syntax::ExcludeDecl>(&decl)) {
      const auto index = static_cast<std::uint32_t>(program_.exclusions.size());
      program_.exclusions.push_back(ir::Exclusion{exclusion->name, {}, exclusion->reason.value_or(""),
                                                  exclusion->name_span, exclusion->span});
      exclusion_vertex_.push_back(graph_.add(ir::Node{ir::Node::Kind::exclusion, index},
                                             fmt::format("exclusion {}", exclusion->name), exclusion->name_span));
      declare(exclusion->name, exclusion->name_span, SymbolKind::exclusion, index);
    } else if (const auto* bonus = std::get_if<syntax::BonusDecl>(&decl)) {
      const auto index = static_cast<std::uint32_t>(program_.bonuses.size());
      program_.bonuses.push_back(ir::Bonus{bonus->name, {}, {}, bonus->name_span, bonus->span});
      bonus_vertex_.push_back(graph_.add(ir::Node{ir::Node::Kind::bonus, index}, fmt::format("bonus {}", bonus->name),
                                         bonus->name_span));
      declare(bonus->name, bonus->name_span, SymbolKind::bonus, index);
    }
  }
}

std::optional<std::int32_t> Checker::whole_days(const syntax::SpannedDuration& duration, const char* what) {
  const std::int64_t hours = duration.value.hours();
  if (hours % 24 != 0) {
    sink_.report(DiagnosticCode::E0306, duration.span,
                 fmt::format("{} must be a whole number of days, not `{}{}`", what, duration.value.amount,
                             duration.value.unit),
                 fmt::format("write `{}d`", (hours + 23) / 24));
    return std::nullopt;
  }
  // INVARIANT: at most DurationLiteral::kMaxDays, which the parser enforces (E0005).
  return static_cast<std::int32_t>(hours / 24);
}

}  // namespace icp::check
