// Test helper: random profiles as source text, for the differential test of the evaluator
// on programs nobody wrote. Input: a seed. Output: a profile that compiles (fields of every
// type, optional or not; signals with windows, caps and decay; criteria, exclusions, bonuses,
// tiers and route rules over comparisons, arithmetic, and/or/not, all/any/at_least, set
// membership, has, starts_with, lower, present, count windows, roles, score and tier), and
// the same profile with chosen field reads and counts written as literals (folding).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "icp/date.hpp"

namespace icp::test_support {

// A piece of a condition's text: verbatim, or a read that a rendering may write as a literal.
struct Piece {
  enum class Kind : std::uint8_t { text, field, count };
  Kind kind = Kind::text;
  std::string text;        // as written: the text, the field's name, or the whole count(...)
  std::string name;        // field: its name; count: the signal's name, "signals" for every one
  int window = 0;          // count: days
  bool arithmetic = false;  // an operand of + - * / or unary -
};
using Condition = std::vector<Piece>;

// A read's literal in a rendering, or nullopt to keep the read.
using Binder = std::function<std::optional<std::string>(const Piece&)>;

class RandomProfile {
 public:
  explicit RandomProfile(std::uint64_t seed) : random_(seed) { generate(seed); }

  // The profile's source; with `bind`, every read it answers is written as its literal.
  std::string text(const Binder& bind = {}) const {
    std::string out;
    for (const Line& line : lines_) {
      out += line.head;
      for (const Piece& piece : line.condition) {
        std::optional<std::string> literal;
        if (bind && piece.kind != Piece::Kind::text) literal = bind(piece);
        out += literal ? *literal : piece.text;
      }
      out += line.tail;
      out += '\n';
    }
    return out;
  }

 private:
  enum class Type : std::uint8_t { integer, decimal, boolean, date, enumeration, string, set, naics, country };
  struct Field {
    std::string name;
    Type type;
    bool optional;
  };
  // A line of the source: head, condition, tail (a declaration without condition has
  // only a head).
  struct Line {
    std::string head;
    Condition condition;
    std::string tail;
  };
  // Where a condition is written decides what it may read.
  enum class Place : std::uint8_t { criterion, exclusion, bonus, tier, route };

  std::uint64_t pick(std::uint64_t n) { return n == 0 ? 0 : random_() % n; }
  bool chance(std::uint64_t one_in) { return pick(one_in) == 0; }
  template <typename T, std::size_t N>
  const T& any_of(const T (&items)[N]) {
    return items[pick(N)];
  }

  void generate(std::uint64_t seed) {
    line("profile \"Random " + std::to_string(seed) + "\" {");
    line("  owner \"ops@example.com\"");
    line("  reviewed 2026-11-01");
    line("}");
    declare_fields();
    declare_signals();
    declare_roles();
    const std::uint64_t criteria = 3 + pick(5);
    for (std::uint64_t c = 0; c < criteria; ++c) {
      definition("criterion c" + std::to_string(c) + " = ", Place::criterion);
      ++criteria_;
    }
    for (std::uint64_t e = 0, n = pick(3); e < n; ++e) definition("exclude x" + std::to_string(e) + " when ", Place::exclusion);
    for (std::uint64_t b = 0, n = pick(3); b < n; ++b) {
      const std::string points = std::string(chance(3) ? "-" : "+") + any_of({"5", "2.5", "10", "0.0001", "100"});
      definition("bonus k" + std::to_string(b) + " " + points + " when ", Place::bonus);
    }
    for (std::uint64_t t = 1, n = 1 + pick(3); t <= n; ++t) {
      definition("tier " + std::to_string(t) + " \"T" + std::to_string(t) + "\" = ", Place::tier);
    }
    line("route {");
    for (std::uint64_t r = 0, n = pick(4); r < n; ++r) {
      const std::string action = any_of({" -> disqualify", " -> ignore", " -> queue \"q1\"", " -> queue \"q2\" sla 4h"});
      definition("  when ", Place::route, action);
    }
    line("  else -> ignore");
    line("}");
  }

  void line(std::string text) { lines_.push_back(Line{std::move(text), {}, {}}); }

  void definition(std::string head, Place place, std::string tail = {}) {
    Condition c;
    condition(c, place, 0);
    lines_.push_back(Line{std::move(head), std::move(c), std::move(tail)});
  }

  void declare_fields() {
    static constexpr Type kTypes[] = {Type::integer, Type::decimal, Type::boolean, Type::date, Type::enumeration,
                                      Type::string,  Type::set,     Type::naics,   Type::country};
    static constexpr const char* kDeclared[] = {"int", "decimal", "bool", "date", "enum(red, green, blue, gold)",
                                                "string", "set<string>", "naics", "country"};
    line("account {");
    for (std::size_t t = 0; t < std::size(kTypes); ++t) {
      const bool core = t <= 2 || kTypes[t] == Type::string;  // numbers, booleans, strings: always
      for (std::uint64_t k = 0, n = pick(3) + (core ? 1 : 0); k < n; ++k) {
        // Every field's name starts with f: no clash with c0 (criteria), s0 (signals) and the rest.
        Field f{std::string("f") + "idbtesgnc"[t] + std::to_string(k), kTypes[t], chance(2)};
        line("  " + f.name + ": " + kDeclared[t] + (f.optional ? "?" : ""));
        fields_.push_back(std::move(f));
      }
    }
    line("}");
  }

  void declare_signals() {
    for (std::uint64_t s = 0, n = 1 + pick(3); s < n; ++s) {
      std::string text = "signal s" + std::to_string(s) + " weight " + any_of({"10", "2.5", "0", "1", "7.25"}) +
                         " within " + std::to_string(1 + pick(120)) + "d";
      if (chance(3)) text += " cap " + std::to_string(1 + pick(4));
      if (chance(3)) text += " decay half_life " + std::to_string(1 + pick(30)) + "d";
      line(std::move(text));
      ++signals_;
    }
  }

  void declare_roles() {
    for (std::uint64_t r = 0, n = pick(3); r < n; ++r) {
      line("role r" + std::to_string(r) + " {");
      line(std::string("  titles ") + any_of({"[\"CFO\", \"VP Finance\"]", "[\"CISO\", \"Head of *Security\"]",
                                              "[\"vp finance*\"]", "[\"Intern\", \"CFO\", \"Head of IT Security\"]"}));
      line("}");
      ++roles_;
    }
  }

  // A condition: a combination while depth allows, else a test.
  void condition(Condition& c, Place place, int depth) {
    if (depth >= 3 || chance(depth == 0 ? 3 : 2)) return test(c, place);
    switch (pick(7)) {
      case 0:
      case 1: return joined(c, place, depth, chance(2) ? " and " : " or ", 2 + pick(2));
      case 2: text(c, "not ("), condition(c, place, depth + 1), text(c, ")"); return;
      case 3: text(c, "all("), joined(c, place, depth, ", ", 2 + pick(3)), text(c, ")"); return;
      case 4: text(c, "any("), joined(c, place, depth, ", ", 2 + pick(3)), text(c, ")"); return;
      case 5: {
        const std::uint64_t n = 2 + pick(3);
        text(c, "at_least(" + std::to_string(1 + pick(n)) + ", ");
        joined(c, place, depth, ", ", n);
        text(c, ")");
        return;
      }
      default:  // at_least over earlier criteria alone: its own fast form
        if (criteria_ < 2) return test(c, place);
        const std::uint64_t n = 2 + pick(3);
        text(c, "at_least(" + std::to_string(1 + pick(n)));
        for (std::uint64_t i = 0; i < n; ++i) text(c, ", c" + std::to_string(pick(criteria_)));
        text(c, ")");
        return;
    }
  }

  void joined(Condition& c, Place place, int depth, const std::string& separator, std::uint64_t n) {
    for (std::uint64_t i = 0; i < n; ++i) {
      if (i > 0) text(c, separator);
      text(c, "(");
      condition(c, place, depth + 1);
      text(c, ")");
    }
  }

  static void text(Condition& c, std::string text) { c.push_back(Piece{Piece::Kind::text, std::move(text), {}, 0, false}); }

  void read(Condition& c, const Field& f, bool arithmetic = false) {
    c.push_back(Piece{Piece::Kind::field, f.name, f.name, 0, arithmetic});
  }

  // A test on one field, a count, a criterion, a role or an aggregate, or a constant.
  void test(Condition& c, Place place) {
    const std::uint64_t roll = pick(20);
    if (roll < 12) return field_test(c, fields_[pick(fields_.size())]);
    if (roll < 15) return count_test(c);
    const bool reads_criteria = place != Place::criterion || criteria_ > 0;
    if (roll < 17 && reads_criteria) return text(c, "c" + std::to_string(pick(criteria_)));
    if (roll == 17 && roles_ > 0) {
      return text(c, chance(2) ? "has_role(r" + std::to_string(pick(roles_)) + ")"
                               : "committee_coverage " + compare_op() + " " + any_of({"50%", "0", "100", "34%"}));
    }
    if (roll == 18 && (place == Place::tier || place == Place::route)) {
      if (place == Place::route && chance(3)) return text(c, "excluded");
      if (place == Place::route && chance(2)) return text(c, chance(2) ? "tier == " + std::to_string(pick(3)) : "tier in [1, 2]");
      return text(c, chance(3) ? "score in [0, 10, 12.5]" : "score " + compare_op() + " " + number());
    }
    if (chance(3)) return text(c, any_of({"id == \"acc\"", "starts_with(id, \"a\")", "id < \"b\""}));
    return text(c, any_of({"true", "false", "1 < 2", "\"a\" == \"b\"", "2.5 between 1 and 3", "not false"}));
  }

  void count_test(Condition& c) {
    const bool every = chance(3);
    const std::string name = every ? "signals" : "s" + std::to_string(pick(signals_));
    const int window = 1 + static_cast<int>(pick(150));
    const std::string read = "count(" + name + " within " + std::to_string(window) + "d)";
    c.push_back(Piece{Piece::Kind::count, read, name, window, false});
    text(c, " " + compare_op() + " " + std::to_string(pick(5)));
  }

  void field_test(Condition& c, const Field& f) {
    if (f.optional && chance(8)) return text(c, "present(" + f.name + ")");
    switch (f.type) {
      case Type::integer:
      case Type::decimal: return number_test(c, f);
      case Type::boolean:
        switch (pick(4)) {
          case 0: text(c, "not "); return read(c, f);
          case 1: read(c, f); return text(c, chance(2) ? " == true" : " != false");
          default: return read(c, f);
        }
      case Type::date:
        read(c, f);
        if (chance(3)) return text(c, " between " + date() + " and " + date());
        return text(c, " " + compare_op() + " " + date());
      case Type::enumeration:
        read(c, f);
        if (chance(3)) return text(c, " in [red, gold]");
        return text(c, std::string(chance(2) ? " == " : " != ") + any_of({"red", "green", "blue", "gold"}));
      case Type::string: return string_test(c, f);
      case Type::set:
        read(c, f);
        if (chance(3)) return text(c, " has \"" + word() + "\"");
        return text(c, std::string(chance(2) ? " has any [\"" : " has all [\"") + word() + "\", \"" + word() + "\"]");
      case Type::naics:
        read(c, f);
        return text(c, any_of({" in [5415, 54]", " == 541511", " == \"5415\"", " in [3254, 541511, 52]"}));
      case Type::country:
        read(c, f);
        return text(c, any_of({" in [\"US\", \"GB\"]", " == \"DE\"", " != \"US\"", " in [\"FR\"]"}));
    }
  }

  void number_test(Condition& c, const Field& f) {
    const Field& other = number_field();
    switch (pick(8)) {
      case 0: read(c, f); return text(c, " between " + number() + " and " + number());
      case 1: read(c, f); return text(c, " in [" + number() + ", " + number() + ", " + number() + "]");
      case 2: text(c, number() + " " + compare_op() + " "); return read(c, f);  // constant first
      case 3:
        read(c, f, true);
        text(c, std::string(" ") + any_of({"+", "-", "*", "/"}) + " ");
        if (chance(2)) {
          read(c, other, true);
        } else {
          text(c, any_of({"2", "4", "0.5", "3", "1000"}));
        }
        return text(c, " " + compare_op() + " " + number());
      case 4: text(c, "-"), read(c, f, true), text(c, " " + compare_op() + " " + number()); return;
      default: read(c, f); return text(c, " " + compare_op() + " " + number());
    }
  }

  void string_test(Condition& c, const Field& f) {
    switch (pick(6)) {
      case 0: read(c, f); return text(c, " in [\"" + word() + "\", \"" + word() + "\"]");
      case 1: text(c, "starts_with("), read(c, f); return text(c, ", \"" + word().substr(0, 2) + "\")");
      case 2:  // starts_with over one field, joined by `or`: its own fast form
        text(c, "starts_with("), read(c, f), text(c, ", \"" + word().substr(0, 1) + "\") or starts_with(");
        read(c, f);
        return text(c, ", \"" + word().substr(0, 3) + "\")");
      case 3: text(c, "lower("), read(c, f); return text(c, ") == \"okta\"");
      default: read(c, f); return text(c, " " + compare_op() + " \"" + word() + "\"");
    }
  }

  const Field& number_field() {
    std::vector<const Field*> numbers;
    for (const Field& f : fields_) {
      if (f.type == Type::integer || f.type == Type::decimal) numbers.push_back(&f);
    }
    return *numbers[pick(numbers.size())];
  }

  std::string compare_op() { return any_of({"==", "!=", "<", "<=", ">", ">="}); }
  std::string number() {
    return any_of({"0", "1", "5", "50", "200", "1000", "12.5", "0.0001", "99.9999", "-3", "2000", "150.25"});
  }
  std::string word() { return any_of({"alpha", "beta", "okta", "Okta", "zscaler", "b", "gamma"}); }
  std::string date() { return format_date(Date{20400 + static_cast<std::int32_t>(pick(1000))}); }

  std::mt19937_64 random_;
  std::vector<Line> lines_;
  std::vector<Field> fields_;
  std::uint64_t signals_ = 0, roles_ = 0, criteria_ = 0;
};

}  // namespace icp::test_support
