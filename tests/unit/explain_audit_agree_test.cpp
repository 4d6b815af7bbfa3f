// `icpc explain` and `--audit` agree on what each tier and the route rule that fired read
// (issue 19): for the examples and bench/rules.icp, on generated accounts, the fields in
// explain's tiers table and its route `read:` line are the audit's reads, field for field.
// Input: the profiles and accounts built from each schema. Output: doctest checks.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "analysis/explain/explain_report.hpp"
#include "analysis/explain/route_misses.hpp"
#include "compiled_profile.hpp"
#include "runtime/vm/decision.hpp"
#include "runtime/vm/vm.hpp"

namespace icp {
namespace {

using test_support::compile_source_tree_file;

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {  // splitmix64: the same accounts on every platform
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  bool chance(std::size_t percent) { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

// Accounts that reach every kind of read: values from the program's own constants and lists
// (so conditions hold as often as not), missing optional fields, events and titles.
class AccountMaker {
 public:
  explicit AccountMaker(const vm::Program& program) : program_(program) {
    for (const vm::Constant& constant : program.constants) {
      if (constant.type == vm::ValueType::text) texts_.push_back(constant.text);
      if (constant.type == vm::ValueType::number) numbers_.push_back(constant.scalar / Decimal::kScale);
    }
    for (const auto& list : program.string_lists) texts_.insert(texts_.end(), list.begin(), list.end());
    for (const vm::ConstSet& set : program.sets) {
      texts_.insert(texts_.end(), set.texts.begin(), set.texts.end());
      for (std::int64_t scalar : set.scalars) numbers_.push_back(scalar / Decimal::kScale);
    }
    texts_.push_back("other");
    numbers_.push_back(0);
  }

  void make(std::size_t n, Random& random, vm::Record& record) const {
    const vm::Schema& schema = program_.schema;
    record.clear(schema.fields.size());
    record.set_id("gen-" + std::to_string(n));
    for (std::size_t f = 0; f < schema.fields.size(); ++f) {
      const vm::FieldSpec& field = schema.fields[f];
      if (field.optional && random.chance(15)) continue;
      fill(field, f, random, record);
    }
    for (std::size_t e = random.below(6); e > 0 && !schema.signal_types.empty(); --e) {
      const auto type = static_cast<std::int32_t>(random.below(schema.signal_types.size()));
      record.add_signal(type, static_cast<std::int32_t>(random.below(120)) - 5, schema.signal_types[type]);
    }
    for (std::size_t c = random.below(4); c > 0 && !program_.roles.empty(); --c) {
      const vm::RoleDef& role = program_.roles[random.below(program_.roles.size())];
      if (role.titles.empty() || random.chance(20)) {
        record.add_contact("Office Manager");
      } else {
        std::string title = role.titles[random.below(role.titles.size())];
        if (!title.empty() && title.back() == '*') title.back() = ' ';
        record.add_contact(title);
      }
    }
  }

 private:
  void fill(const vm::FieldSpec& field, std::size_t f, Random& random, vm::Record& record) const {
    const std::int64_t number = numbers_[random.below(numbers_.size())] + static_cast<std::int64_t>(random.below(3)) - 1;
    switch (field.type) {
      case vm::FieldType::integer: record.set_int(f, number); break;
      case vm::FieldType::decimal: record.set_decimal(f, Decimal::from_units(number * Decimal::kScale + 5000)); break;
      case vm::FieldType::boolean: record.set_bool(f, random.chance(50)); break;
      case vm::FieldType::date: record.set_date(f, Date{20000 + static_cast<std::int32_t>(random.below(900))}); break;
      case vm::FieldType::enumeration:
        record.set_enum(f, static_cast<std::uint32_t>(random.below(field.enum_values.size())));
        break;
      case vm::FieldType::string_set:
        record.begin_set(f);
        for (std::size_t k = random.below(4); k > 0; --k) record.add_set_item(texts_[random.below(texts_.size())]);
        record.end_set(f);
        break;
      case vm::FieldType::string:
      case vm::FieldType::naics:
      case vm::FieldType::country: record.set_string(f, texts_[random.below(texts_.size())]); break;
    }
  }

  const vm::Program& program_;
  std::vector<std::string> texts_;
  std::vector<std::int64_t> numbers_;
};

// Route rules that read fields, unknowns included (the examples' read only the tier, score
// and exclusion verdict).
constexpr const char* kRouteProfile = R"(profile "Route" {
  owner        "ops@example.com"
  version      "1.0"
  reviewed     2026-11-01
  review_every 90d
}
account {
  employees: int
  country:   string?
}
criterion big = employees >= 100
tier 1 "Fit" = big
route {
  when excluded -> disqualify
  when tier == 1 and employees >= 500 -> queue "ae"
  when country == "US" -> queue "us"
  when tier == 1 and employees between 100 and 499 and country == "GB" -> queue "gb"
  else -> ignore
}
)";

std::string squeeze(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

// "a, b, c": the names in order, for a readable failure.
std::string joined(const std::set<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// The schema fields named in explain's values text ("employees = 850, tech missing, ...").
std::string fields_named(std::string_view values, const vm::Schema& schema) {
  std::set<std::string> names;
  std::size_t start = std::min(values.find_first_not_of(' '), values.size());  // the cell's padding
  while (start < values.size()) {
    std::size_t end = values.find(", ", start);
    if (end == std::string_view::npos) end = values.size();
    const std::string_view item = values.substr(start, end - start);
    const std::size_t cut = std::min(item.find(" = "), item.find(" missing"));
    const std::string name(item.substr(0, cut));
    if (schema.field_index(name)) names.insert(name);
    start = end + 2;
  }
  return joined(names);
}

std::string audit_fields(simdjson::dom::element reads) {
  std::set<std::string> names;
  for (auto field : reads.get_object()) names.insert(std::string(field.key));
  return joined(names);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

void check_agreement(const vm::Program& program, const std::string& name, std::size_t accounts) {
  CAPTURE(name);
  const AccountMaker maker(program);
  Random random(0x19);
  vm::Evaluator evaluator(program);
  vm::Record record;
  simdjson::dom::parser parser;
  const Date as_of = date_from_civil(2026, 11, 22);
  for (std::size_t n = 0; n < accounts; ++n) {
    maker.make(n, random, record);
    const vm::Decision& decision = evaluator.evaluate(record, as_of, /*audit=*/true);
    std::string json;
    vm::append_decision_json(program, record, decision, "", json);
    const simdjson::dom::element audit = parser.parse(json)["audit"];
    const std::vector<std::string> lines = lines_of(analysis::explain_report(program, record, decision, false));
    CAPTURE(json);

    // Tiers: each row's values cell follows its condition as written.
    std::size_t tier = 0;
    bool in_tiers = false;
    for (const std::string& line : lines) {
      if (!in_tiers) {
        in_tiers = line == "tiers";
        continue;
      }
      if (line.empty() || tier == program.tiers.size()) break;
      if (line.starts_with("      ")) continue;  // a near miss, under its tier
      const std::string condition = squeeze(program.debug.tiers[tier].text);
      const std::size_t at = line.find(condition);
      REQUIRE(at != std::string::npos);
      CAPTURE(line);
      const std::string explained = fields_named(line.substr(at + condition.size()), program.schema);
      CHECK(explained == audit_fields(audit["tiers"].at(tier)["reads"]));
      ++tier;
    }
    CHECK(tier == program.tiers.size());

    // The route rule that fired: its `read:` line (absent when it read nothing).
    std::string route_read;
    for (const std::string& line : lines) {
      if (line.starts_with("  read: ")) route_read = fields_named(std::string_view(line).substr(8), program.schema);
    }
    CHECK(route_read == audit_fields(audit["route"]["reads"]));
  }
}

TEST_CASE("explain: the fields each tier and the fired route rule read are the audit's") {
  for (const char* path : {"examples/mid-market-security.icp", "examples/enterprise-platform.icp", "examples/plg-smb.icp",
                           "bench/rules.icp"}) {
    check_agreement(compile_source_tree_file(path), path, 300);
  }
  check_agreement(test_support::compile_program("route.icp", kRouteProfile), "route.icp", 300);
}

TEST_CASE("explain: a condition is cut at its top-level `and` only") {
  using analysis::split_and_terms;
  CHECK(split_and_terms("tier == 1 and score >= 25") == std::vector<std::string>{"tier == 1", "score >= 25"});
  CHECK(split_and_terms("employees between 200 and 2000 and excluded") ==
        std::vector<std::string>{"employees between 200 and 2000", "excluded"});
  CHECK(split_and_terms("(a and b) or c") == std::vector<std::string>{"(a and b) or c"});
  CHECK(split_and_terms("country in [\"US\", \"and\"] and\n   tier == 2") ==
        std::vector<std::string>{"country in [\"US\", \"and\"]", "tier == 2"});
  CHECK(split_and_terms("brand has \"sand\" and x") == std::vector<std::string>{"brand has \"sand\"", "x"});
  CHECK(split_and_terms("not band") == std::vector<std::string>{"not band"});
}

// The route section: each rule above the one that fired, with its first failing term.
TEST_CASE("explain: why the route rules above the one that fired did not fire") {
  const vm::Program program = test_support::compile_program("route.icp", kRouteProfile);
  vm::Record record;
  record.clear(program.schema.fields.size());
  record.set_id("acc-1");
  record.set_int(0, 250);
  vm::Evaluator evaluator(program);
  const vm::Decision& decision = evaluator.evaluate(record, date_from_civil(2026, 11, 22), true);
  REQUIRE(decision.route_rule == 4);
  const std::vector<std::string> misses = analysis::route_misses(program, record, decision);
  REQUIRE(misses.size() == 4);
  CHECK(misses[0] == "rule 1 (line 14) needs excluded; excluded = false");
  CHECK(misses[1] == "rule 2 (line 15) needs employees >= 500; employees = 250");
  CHECK(misses[2] == "rule 3 (line 16) needs country == \"US\"; country missing (unknown)");
  CHECK(misses[3] == "rule 4 (line 17) needs country == \"GB\"; country missing (unknown)");
}

}  // namespace
}  // namespace icp
