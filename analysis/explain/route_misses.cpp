// Route rules that did not fire, explained term by term (route_misses.hpp). Input: a program,
// a record and its decision. Output: for each rule above the one that fired, the first term
// that failed and the values it read.
#include "analysis/explain/route_misses.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "runtime/output/decision_text.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::analysis {
std::string condition_on_one_line(std::string_view text) {
  constexpr std::size_t kShownCodePoints = 400;
  std::string out;
  std::size_t code_points = 0;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    const bool starts_code_point = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_code_point && code_points == kShownCodePoints) return out + "…";
    code_points += starts_code_point ? 1 : 0;
    out += space ? ' ' : c;
  }
  return out;
}

namespace {

// A condition on one line (condition_on_one_line), without a trailing space.
std::string squeeze(std::string_view text) {
  std::string out = condition_on_one_line(text);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

// The term that kept a rule from firing: the first false one (a false term decides an `and`),
// else the first unknown one.
std::optional<std::size_t> failing_term(const std::vector<vm::Evaluator::ConditionTerm>& terms) {
  for (std::size_t k = 0; k < terms.size(); ++k) {
    if (terms[k].result == vm::Tri::no) return k;
  }
  for (std::size_t k = 0; k < terms.size(); ++k) {
    if (terms[k].result == vm::Tri::unknown) return k;
  }
  return std::nullopt;
}

std::string miss_line(const vm::Program& program, const vm::Record& record, const vm::Decision& decision,
                      std::uint32_t rule, vm::Evaluator& evaluator) {
  const vm::SourceRef* source = rule < program.debug.route.size() ? &program.debug.route[rule] : nullptr;
  std::string line = fmt::format("rule {}", rule + 1);
  if (source != nullptr && source->line > 0) line += fmt::format(" (line {})", source->line);
  const vm::Chunk code = *program.route[rule].code;  // INVARIANT: only the last rule may be `else`
  const std::vector<vm::Evaluator::ConditionTerm> terms = evaluator.condition_terms(code);
  const std::optional<std::size_t> failing = failing_term(terms);
  // The terms as written, when they match the code's (a constant term the compiler dropped
  // makes them differ: then the whole condition is shown).
  std::vector<std::string> texts = source != nullptr ? split_and_terms(source->text) : std::vector<std::string>{};
  if (!failing || texts.size() != terms.size()) {
    const std::string whole = source != nullptr ? squeeze(source->text) : std::string("its condition");
    std::vector<vm::AuditRead> reads;  // every term's, each read once
    for (const auto& term : terms) {
      for (const vm::AuditRead& read : term.reads) {
        const bool seen = std::any_of(reads.begin(), reads.end(), [&](const vm::AuditRead& r) {
          return r.kind == read.kind && r.index == read.index;
        });
        if (!seen) reads.push_back(read);
      }
    }
    std::string values = read_values(program, record, decision, reads, true);
    const std::string computed = decision_values(program, decision, code);
    if (!computed.empty()) values += (values.empty() ? "" : ", ") + computed;
    return line + " needs " + whole + (values.empty() ? "" : "; " + values);
  }
  const vm::Evaluator::ConditionTerm& term = terms[*failing];
  std::string values = read_values(program, record, decision, term.reads, true);
  const std::string computed = decision_values(program, decision, term.code);
  if (!computed.empty()) values += (values.empty() ? "" : ", ") + computed;
  line += " needs " + texts[*failing];
  if (!values.empty()) line += "; " + values;
  if (term.result == vm::Tri::unknown) line += " (unknown)";
  return line;
}

}  // namespace

std::string read_values(const vm::Program& program, const vm::Record& record, const vm::Decision& decision,
                        std::span<const vm::AuditRead> reads, bool with_criteria) {
  std::string text;
  for (const vm::AuditRead& read : reads) {
    if (read.kind == vm::AuditRead::Kind::criterion && !with_criteria) continue;
    if (!text.empty()) text += ", ";
    if (read.kind == vm::AuditRead::Kind::criterion) {
      const vm::Tri value = decision.criteria[read.index];
      text += program.criteria[read.index].name + " = " +
              (value == vm::Tri::yes ? "true" : value == vm::Tri::no ? "false" : "unknown");
    } else if (read.kind != vm::AuditRead::Kind::field) {
      text += vm::computed_read_text(program, decision, read);  // count, has_role, committee_coverage
    } else if (!record.present(read.index)) {
      text += program.schema.fields[read.index].name + " missing";
    } else {
      text += program.schema.fields[read.index].name + " = ";
      vm::append_field_value(program, record, read.index, text);
    }
  }
  return text;
}

std::string decision_values(const vm::Program& program, const vm::Decision& decision, vm::Chunk code) {
  std::string text;
  bool tier = false, score = false, excluded = false;
  for (std::uint32_t pc = code.begin; pc < code.end; ++pc) {
    std::string value;
    switch (program.code[pc].op) {
      case vm::Opcode::LOAD_TIER:
        if (std::exchange(tier, true)) continue;
        value = fmt::format("tier = {}", decision.fit_tier);
        break;
      case vm::Opcode::LOAD_SCORE:
        if (std::exchange(score, true)) continue;
        value = decision.score ? "score = " + decision.score->to_string() : "score unknown (the points overflowed)";
        break;
      case vm::Opcode::LOAD_EXCLUDED:
        if (std::exchange(excluded, true)) continue;
        value = decision.excluded_by ? "excluded = true" : "excluded = false";
        break;
      default: continue;
    }
    text += (text.empty() ? "" : ", ") + value;
  }
  return text;
}

std::vector<std::string> split_and_terms(std::string_view condition) {
  std::vector<std::string> terms;
  std::size_t depth = 0, start = 0;
  bool in_between = false;  // `x between A and B`: the next top-level `and` is its own
  for (std::size_t i = 0; i < condition.size();) {
    const char c = condition[i];
    if (c == '"') {  // a string: skipped whole, escapes included
      for (++i; i < condition.size() && condition[i] != '"'; ++i) i += condition[i] == '\\' ? 1 : 0;
      ++i;
      continue;
    }
    if (c == '#') {  // a comment, to the end of its line
      while (i < condition.size() && condition[i] != '\n') ++i;
      continue;
    }
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    if (!word_char(c)) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < condition.size() && word_char(condition[end])) ++end;
    const std::string_view word = condition.substr(i, end - i);
    if (depth == 0 && word == "between") in_between = true;
    if (depth == 0 && word == "and") {
      if (in_between) {
        in_between = false;
      } else {
        terms.push_back(squeeze(condition.substr(start, i - start)));
        start = end;
      }
    }
    i = end;
  }
  terms.push_back(squeeze(condition.substr(start)));
  return terms;
}

std::vector<std::string> route_misses(const vm::Program& program, const vm::Record& record,
                                      const vm::Decision& decision) {
  std::vector<std::string> lines;
  if (decision.route_rule == 0) return lines;
  vm::Evaluator evaluator(program);
  evaluator.evaluate(record, decision.as_of, /*audit=*/true);
  for (std::uint32_t rule = 0; rule < decision.route_rule && rule < program.route.size(); ++rule) {
    if (!program.route[rule].code) continue;
    lines.push_back(miss_line(program, record, decision, rule, evaluator));
  }
  return lines;
}

}  // namespace icp::analysis
