// Private to the check stage: the Checker walks one SyntaxTree and builds one
// ir::Program. check.cpp holds the declarations, check_expr.cpp the expressions,
// check_numbers.cpp constant arithmetic, check_reference.cpp the NAICS/country validation
// of constants.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "compiler/check/check.hpp"
#include "compiler/check/dependency_graph.hpp"
#include "runtime/format/bytecode.hpp"

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

inline constexpr std::size_t kSuggestionBudget = 200000;
// How deep one definition's check may nest another's (see check_order.cpp).
inline constexpr int kMaxNestedChecks = 16;

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

  // --- lazily checked definitions (check_expr.cpp), in dependency order (check_order.cpp) ---
  const ir::Let& let(std::uint32_t index);
  void check_criterion(std::uint32_t index);
  std::vector<std::uint32_t> definition_order(SymbolKind kind) const;
  std::vector<std::uint32_t> named_definitions(syntax::ExprId root, SymbolKind kind) const;
  bool criterion_may_be_unknown(std::uint32_t index);
  const ir::Let& checked_let(std::uint32_t index);
  ir::ExprId check_condition(syntax::ExprId id, const std::string& owner_description);

  // --- expressions (check_expr.cpp) ---
  ir::ExprId check_expr(syntax::ExprId id, const ExprContext& context);
  ir::ExprId check_name(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_module_member(const syntax::Expr& expr);
  ir::ExprId check_list(const syntax::Expr& expr, const ExprContext& context);
  // `and`, `or` and arithmetic nodes are the links of chains: check_expr walks a chain's
  // left spine in a loop and checks each link's right operand here, so a chain of any
  // length costs no stack (check_operators.cpp).
  static bool is_chain_link(const syntax::Expr& expr);
  static ExprContext chain_operand_context(const syntax::Expr& link, const ExprContext& context);
  ir::ExprId check_link(const syntax::Expr& expr, ir::ExprId left, const ExprContext& context);
  ir::ExprId check_operand(syntax::ExprId id, const ExprContext& context);
  ir::ExprId check_comparison(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_arith(const syntax::Expr& expr, ir::ExprId left, ir::ExprId right);
  ir::ExprId check_in(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_between(const syntax::Expr& expr, const ExprContext& context);
  void count_naics_list(const ir::Expr& list);
  ir::ExprId check_has(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_call(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_count(const syntax::Expr& expr, const ExprContext& context);
  ir::ExprId check_literal(const syntax::Expr& expr);
  ir::ExprId check_bool_operand(syntax::ExprId id, const ExprContext& context, std::string_view op);
  ir::ExprId require_bool(ir::ExprId result, std::string_view op);
  ir::ExprId coerce_to_enum(ir::ExprId id, ir::EnumId enum_id, Span use_span);
  bool compatible_for_compare(const ir::Type& left, const ir::Type& right) const;
  bool element_compatible(const ir::Type& value, const ir::Type& list) const;
  std::optional<std::string> null_comparison_help(syntax::BinaryOp op, const syntax::Expr& value,
                                                  const syntax::Expr& null_word, const ExprContext& context) const;
  std::string set_comparison_help(syntax::BinaryOp op, const ir::Expr& left, const ir::Expr& right) const;

  // --- constant numbers (check_numbers.cpp) ---
  std::optional<Decimal> number_of(ir::ExprId id);  // an integer or decimal constant
  ir::ExprId fold_arith(ir::ArithOp op, ir::TypeKind kind, ir::ExprId left, ir::ExprId right, Span span);
  ir::ExprId fold_negate(ir::ExprId operand, Span span);

  // --- reference data (check_reference.cpp) ---
  void validate_codes(ir::ExprId value_side, ir::ExprId constant_side);
  void validate_code(ir::TypeKind kind, const ir::Value& value, Span span);

  // --- suggestions and enum values, linear on generated files (check_expr.cpp) ---
  std::string suggest(std::string_view word, std::span<const std::string> candidates);
  bool can_suggest(std::size_t candidates) const { return candidates <= suggestion_budget_; }
  std::optional<std::int64_t> enum_value(ir::EnumId id, std::string_view name);
  std::string enum_values_text(ir::EnumId id) const;

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
  int nested_checks_ = 0;  // definitions being checked inside another's check
  DependencyGraph graph_;
  std::vector<Vertex> let_vertex_, criterion_vertex_, exclusion_vertex_, bonus_vertex_;
  Vertex score_vertex_ = 0, tier_result_vertex_ = 0, excluded_vertex_ = 0;
  std::optional<Vertex> current_;  // the definition whose expression is being checked
  std::map<std::pair<std::uint32_t, ir::TypeKind>, bool> validated_lets_;
  // Candidate names this file may still compare for "did you mean" (each comparison is an
  // edit distance); past it no suggestion is made, so thousands of unknown names against
  // thousands of declarations stay linear.
  std::size_t suggestion_budget_ = kSuggestionBudget;
  std::vector<std::map<std::string, std::int64_t, std::less<>>> enum_indexes_;  // by EnumId, built on first use
  std::set<std::vector<std::string>> naics_lists_;  // the distinct NAICS lists met (count_naics_list)
  std::set<std::int32_t> every_signal_windows_;     // windows of `count(signals within ...)`
};

}  // namespace icp::check
