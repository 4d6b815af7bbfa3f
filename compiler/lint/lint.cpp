// Stage 3, lint: ir::Program -> warnings. This file holds the entry point and the
// hygiene warnings (review dates, unused definitions, zero-weight signals); conditions
// that can never hold are in lint_reachability.cpp.
#include "compiler/lint/lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>

#include "compiler/lint/lint_reachability.hpp"

namespace icp::lint {
namespace {

void check_review(const ir::Profile& profile, Date today, DiagnosticSink& sink) {
  if (!profile.reviewed) {
    // reviewed_span points at the profile header when `reviewed` is absent.
    const Span span = profile.reviewed_span.end > profile.reviewed_span.begin ? profile.reviewed_span : profile.span;
    sink.report(DiagnosticCode::W0102, span, fmt::format("profile `{}` has no `reviewed` date", profile.name),
                "add `reviewed YYYY-MM-DD` with the date of the last review, so an overdue review is caught");
    return;
  }
  const Date due{profile.reviewed->days + profile.review_every_days};
  if (!(due < today)) return;
  sink.report(DiagnosticCode::W0101, profile.reviewed_span,
              fmt::format("profile review is overdue: last reviewed {}, due every {} days (due {})",
                          format_date(*profile.reviewed), profile.review_every_days, format_date(due)),
              "review the profile with its owner, then update `reviewed`");
}

// Every let and module-member name that some constant or role's titles came from. The
// checker keeps the constants it met inside let values in `exprs` too, so a let read only
// by another let counts as used.
std::set<std::string> used_origins(const ir::Program& program) {
  std::set<std::string> used;
  for (const ir::Expr& e : program.exprs) {
    if (e.op == ir::Op::constant && !e.origin.empty()) used.insert(e.origin);
  }
  for (const ir::Role& role : program.roles) {
    if (!role.titles_origin.empty()) used.insert(role.titles_origin);
  }
  return used;
}

void check_unused_lets(const ir::Program& program, const std::set<std::string>& used, DiagnosticSink& sink) {
  for (const ir::Let& let : program.lets) {
    // Module members live in the module's file; whether a module is used is W0105's job.
    if (let.name_span.file != program.file || let.name.starts_with("std.")) continue;
    if (used.contains(let.name)) continue;
    sink.report(DiagnosticCode::W0103, let.name_span, fmt::format("let `{}` is never used", let.name),
                "remove it, or use it in a condition");
  }
}

void check_unused_imports(const ir::Program& program, const std::set<std::string>& used, DiagnosticSink& sink) {
  std::set<std::string> reported;  // a module imported twice (W0106) is reported once
  for (const ir::Import& import : program.imports) {
    const std::string prefix = "std." + import.module + ".";
    auto it = used.lower_bound(prefix);
    if (it != used.end() && it->starts_with(prefix)) continue;
    if (!reported.insert(import.module).second) continue;
    sink.report(DiagnosticCode::W0105, import.span,
                fmt::format("module `std.{}` is imported but never used", import.module),
                fmt::format("remove `use std.{}`", import.module));
  }
}

void check_unused_criteria(const ir::Program& program, DiagnosticSink& sink) {
  std::vector<bool> used(program.criteria.size(), false);
  for (const ir::Expr& e : program.exprs) {
    if (e.op == ir::Op::criterion && e.ref < used.size()) used[e.ref] = true;
  }
  for (std::size_t i = 0; i < program.criteria.size(); ++i) {
    if (used[i]) continue;
    const ir::Criterion& c = program.criteria[i];
    sink.report(DiagnosticCode::W0104, c.name_span, fmt::format("criterion `{}` is never used", c.name),
                "use it in a tier, exclusion, bonus or route rule, or remove it");
  }
}

void check_signals(const ir::Program& program, DiagnosticSink& sink) {
  for (const ir::Signal& s : program.signals) {
    if (s.weight != Decimal{} || s.half_life_days) continue;
    sink.report(DiagnosticCode::W0303, s.name_span,
                fmt::format("signal `{}` has weight 0 and no decay, so it never adds points", s.name),
                "give it a weight or remove it");
  }
}

}  // namespace

void lint(const SourceMap& /*sources*/, const ir::Program& program, const Options& options, DiagnosticSink& sink) {
  check_review(program.profile, options.today, sink);
  const std::set<std::string> used = used_origins(program);
  check_unused_lets(program, used, sink);
  check_unused_criteria(program, sink);
  check_unused_imports(program, used, sink);
  check_signals(program, sink);
  check_reachability(program, sink);
}

}  // namespace icp::lint
