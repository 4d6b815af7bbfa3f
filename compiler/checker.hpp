// Private to the check stage: the Checker walks one SyntaxTree and builds one
// ir::Program. check.cpp holds the declarations, check_expr.cpp the expressions,
// check_numbers.cpp constant arithmetic, check_reference.cpp the NAICS/country validation
// of constants.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/check.hpp"
#include "compiler/dependency_graph.hpp"

namespace icp::check {

// The declarations of one kind, in file order.
template <typename T>
std::vector<const T*> declarations_of(const syntax::SyntaxTree& tree) {
  std::vector<const T*> result;
  for (const auto& decl : tree.declarations) {
    if (const auto* typed = std::get_if<T>(&decl)) result.push_back(typed);
  }
  return result;
}

enum class SymbolKind : std::uint8_t { field, let, criterion, signal, role, exclusion, bonus };

struct Symbol {
  SymbolKind kind;
  std::uint32_t index;  // into the Program vector of that kind (fields: FieldId)
  Span span;            // the declaring name
};

// What an expression is checked for: names an enum context can take as values, and
// whether the account may be read (not in `let`).
struct ExprContext {
  ir::EnumId expected_enum;
  bool constant_only = false;
  bool condition_list = false;  // inside all()/any()/at_least(): "unknown criterion"
};

class Checker {
 public:
  Checker(SourceMap& sources, ModuleCache& modules, const syntax::SyntaxTree& tree,
          DiagnosticSink& sink, bool module_mode);

  // Returns the program if no error was reported.
  std::optional<ir::Program> run();
  // Module mode: checks the `let`s only and returns them.
  std::vector<ir::Let> run_module();

 private:
  // --- declarations (check.cpp) ---
  void collect_profile();
  void collect_imports();
  void collect_account();
  void collect_names();
  void declare(const std::string& name, Span span, SymbolKind kind, std::uint32_t index);
  void check_profile_properties(const syntax::ProfileDecl& decl);
  void check_signals();
  void check_roles();
  void check_tiers();
  void check_route();
  void check_conditions();
  ir::RouteAction check_action(const syntax::RouteAction& action);
  std::optional<std::int32_t> whole_days(const syntax::SpannedDuration& duration, const char* what);
  ir::TypeKind field_type(const syntax::TypeRef& type, ir::EnumId& enum_id);
  void add_aggregate_vertices();
  void finish_graph();

  // --- lazily checked definitions (check_expr.cpp) ---
  const ir::Let& let(std::uint32_t index);
  void check_criterion(std::uint32_t index);
  ir::ExprId check_condition(syntax::ExprId id, const std::string& owner_description);

  // --- expressions (check_expr.cpp) ---
  ir::ExprId check_expr(syntax::ExprId id, const ExprContext& context);
  ir::ExprId check_name(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_module_member(const syntax::Expr& expr);
  ir::ExprId check_list(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_binary(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_comparison(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_arith(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_in(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_between(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_has(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_call(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_count(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_literal(const syntax::Expr& expr);
  ir::ExprId check_bool_operand(syntax::ExprId id, const ExprContext& context, std::string_view op);
  ir::ExprId coerce_to_enum(ir::ExprId id, ir::EnumId enum_id, Span use_span);
  bool compatible_for_compare(const ir::Type& left, const ir::Type& right) const;
  bool element_compatible(const ir::Type& value, const ir::Type& list) const;

  // --- constant numbers (check_numbers.cpp) ---
  std::optional<Decimal> number_of(ir::ExprId id);  // an integer or decimal constant
  ir::ExprId fold_arith(ir::ArithOp op, ir::TypeKind kind, ir::ExprId left, ir::ExprId right, Span span);
  ir::ExprId fold_negate(ir::ExprId operand, Span span);
  std::string short_text(Span span) const;

  // --- reference data (check_reference.cpp) ---
  void validate_codes(ir::ExprId value_side, ir::ExprId constant_side);
  void validate_code(ir::TypeKind kind, const ir::Value& value, Span span);

  // --- helpers ---
  ir::ExprId add(ir::Expr expr);
  ir::ExprId error_expr(Span span);
  ir::ExprId constant(ir::Value value, ir::Type type, Span span, std::string origin = {});
  ir::Expr& at(ir::ExprId id) { return program_.exprs[id.index]; }
  const syntax::Expr& syn(syntax::ExprId id) const { return tree_.expr(id); }
  std::string describe(const ir::Type& type) const { return ir::type_name(program_, type); }
  std::vector<std::string> names_for_suggestion() const;
  void depend_on(Vertex target);

  SourceMap& sources_;
  ModuleCache& modules_;
  const syntax::SyntaxTree& tree_;
  DiagnosticSink& sink_;
  bool module_mode_;
  ir::Program program_;
  std::map<std::string, Symbol> symbols_;
  std::map<std::string, Span> imported_;  // module name -> its `use`
  // Syntax of each lazily checked definition, by index.
  std::vector<const syntax::LetDecl*> let_syntax_;
  std::vector<const syntax::CriterionDecl*> criterion_syntax_;
  enum class State : std::uint8_t { pending, in_progress, done };
  std::vector<State> let_state_;
  std::vector<State> criterion_state_;
  std::vector<bool> criterion_may_be_unknown_;
  DependencyGraph graph_;
  std::vector<Vertex> let_vertex_, criterion_vertex_, exclusion_vertex_, bonus_vertex_;
  Vertex score_vertex_ = 0, tier_result_vertex_ = 0, excluded_vertex_ = 0;
  std::optional<Vertex> current_;  // the definition whose expression is being checked
  std::map<std::pair<std::uint32_t, ir::TypeKind>, bool> validated_lets_;
};

}  // namespace icp::check
