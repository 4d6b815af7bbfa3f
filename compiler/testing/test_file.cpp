// Reads a decision test file with toml++ and checks every key, so that a typo in a test is
// reported where it was written instead of silently testing nothing.
// Input: test file text. Output: TestFile, or Errors with line and column.
#include "compiler/testing/test_file.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "compiler/project/toml_limits.hpp"

#include "compiler/check/suggest.hpp"
#include "compiler/testing/test_account.hpp"
#include "compiler/project/toml_numbers.hpp"
#include "compiler/project/toml_words.hpp"

namespace icp::decision_test {
namespace fs = std::filesystem;
namespace {

// KEEP IN SYNC: the branches of Reader::top_level / Reader::case_key and docs/testing.md.
const std::array<std::string, 3> kFileKeys = {"rules", "as_of", "case"};
const std::array<std::string, 11> kCaseKeys = {"name",        "as_of", "account", "account_file",
                                               "account_id",  "verdict", "tier",  "excluded_by",
                                               "score",       "route", "committee_coverage"};
const std::array<std::string, 5> kRouteKeys = {"action", "queue", "sla", "cadence", "rule"};
const std::array<std::string, 3> kVerdicts = {"tier", "excluded", "no_fit"};
const std::array<std::string, 3> kActions = {"disqualify", "ignore", "queue"};

std::string list_keys(std::span<const std::string> keys) {
  std::string text;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    text += fmt::format("{}`{}`", i == 0 ? "" : i + 1 == keys.size() ? " and " : ", ", keys[i]);
  }
  return text;
}

// Collects errors for one test file; every check reports and carries on.
class Reader {
 public:
  Reader(std::string path, std::string_view text, std::vector<Error>& errors)
      : path_(std::move(path)), text_(text), errors_(errors) {}

  void error(Region where, std::string message, std::string help = {}) {
    errors_.push_back(Error{path_, where, std::move(message), std::move(help)});
  }
  void error(const toml::node& node, std::string message, std::string help = {}) {
    error(region_of(node.source()), std::move(message), std::move(help));
  }

  void unknown_key(const toml::key& key, std::string_view where, std::span<const std::string> keys) {
    std::string help = did_you_mean(key.str(), keys);
    if (help.empty()) help = fmt::format("the keys are {}", list_keys(keys));
    error(region_of(key.source()), fmt::format("unknown key `{}` in {}", key.str(), where), std::move(help));
  }

  std::optional<std::string> string(std::string_view key, const toml::node& node, bool allow_empty = false) {
    const auto* text = node.as_string();
    if (text == nullptr || (!allow_empty && text->get().empty())) {
      error(node, fmt::format("`{}` must be a non-empty string, found {}", key,
                              text == nullptr ? toml_kind_of(node) : "an empty string"));
      return std::nullopt;
    }
    return text->get();
  }

  std::optional<std::string> one_of(std::string_view key, const toml::node& node, std::span<const std::string> words) {
    std::optional<std::string> text = string(key, node);
    if (!text) return std::nullopt;
    if (std::find(words.begin(), words.end(), *text) != words.end()) return text;
    std::string help = did_you_mean(*text, words);
    if (help.empty()) help = fmt::format("use {}", list_keys(words));
    error(node, fmt::format("`{}` cannot be `{}`", key, *text), std::move(help));
    return std::nullopt;
  }

  std::optional<std::int64_t> integer(std::string_view key, const toml::node& node, std::int64_t min,
                                      std::int64_t max) {
    const auto* value = node.as_integer();
    if (value == nullptr || value->get() < min || value->get() > max) {
      error(node, fmt::format("`{}` must be a whole number from {} to {}, found {}", key, min, max,
                              value == nullptr ? std::string(toml_kind_of(node)) : fmt::format("{}", value->get())));
      return std::nullopt;
    }
    return value->get();
  }

  std::optional<Date> date(std::string_view key, const toml::node& node) {
    if (const auto* value = node.as_date()) {
      const toml::date& d = value->get();
      if (is_valid_civil(d.year, d.month, d.day)) return date_from_civil(d.year, d.month, d.day);
    }
    if (const auto* text = node.as_string()) {
      if (auto parsed = parse_date(text->get())) return parsed;
    }
    error(node, fmt::format("`{}` must be a date, found {}", key, toml_kind_of(node)),
          fmt::format("write a calendar date as YYYY-MM-DD, e.g. `{} = 2026-11-22`", key));
    return std::nullopt;
  }

  // "34.4102", 34.4102 or 34: compared exactly, so at most 4 decimal places. A float is read
  // from its text as written, never from the double toml++ made of it.
  std::optional<Decimal> score(const toml::node& node) {
    std::string text;
    std::optional<Decimal> value;
    if (const auto* s = node.as_string()) {
      text = s->get();
      value = Decimal::parse(text);
    } else if (const auto* i = node.as_integer()) {
      text = fmt::format("{}", i->get());
      value = Decimal::from_int(i->get());
    } else if (const auto* f = node.as_floating_point()) {
      const auto written = written_float(node, text_);
      text = written.value_or(fmt::format("{}", f->get()));
      if (written) value = exact_decimal_of(*written);
    }
    if (value) return value;
    error(node, fmt::format("`score` must be a number with at most 4 decimal places, found {}",
                            text.empty() ? std::string(toml_kind_of(node)) : fmt::format("`{}`", text)),
          "write it as in the decision record, e.g. `score = \"34.4102\"`");
    return std::nullopt;
  }

  std::optional<ExpectedRoute> route(const toml::node& node) {
    ExpectedRoute route;
    if (node.is_string()) {  // `route = "disqualify"`: the action alone
      route.action = one_of("route", node, kActions);
      return route.action ? std::optional(route) : std::nullopt;
    }
    const toml::table* table = node.as_table();
    if (table == nullptr || table->empty()) {
      error(node, fmt::format("`route` must be an action or a table of route keys, found {}",
                              table ? "an empty table" : toml_kind_of(node)),
            "write e.g. `route = { action = \"queue\", queue = \"ae-enterprise\", sla = \"24h\" }`");
      return std::nullopt;
    }
    const std::size_t before = errors_.size();
    for (auto&& [key, value] : *table) {
      const std::string_view name = key.str();
      if (name == "action") route.action = one_of("route.action", value, kActions);
      else if (name == "queue") route.queue = string("route.queue", value);
      else if (name == "sla") route.sla = string("route.sla", value);
      else if (name == "cadence") route.cadence = string("route.cadence", value);
      else if (name == "rule") route.rule = integer("route.rule", value, 1, 1'000'000);
      else unknown_key(key, "`route`", kRouteKeys);
    }
    return errors_.size() == before ? std::optional(route) : std::nullopt;
  }

  std::optional<Case> test_case(const toml::table& table, std::optional<Date> file_as_of);
  void expectation(std::string_view name, const toml::node& node, Case& c);
  void account(const toml::node& node, Case& c);

 private:
  std::string path_;
  std::string_view text_;  // the file's text: floats are read as written
  std::vector<Error>& errors_;
};

void Reader::expectation(std::string_view name, const toml::node& node, Case& c) {
  Expected& e = c.expected;
  if (name == "verdict") e.verdict = one_of(name, node, kVerdicts);
  else if (name == "tier") e.tier = integer(name, node, 1, 1'000'000);
  else if (name == "excluded_by") e.excluded_by = string(name, node);
  else if (name == "score") e.score = score(node);
  else if (name == "route") e.route = route(node);
  else if (name == "committee_coverage") e.committee_coverage = integer(name, node, 0, 100);
}

void Reader::account(const toml::node& node, Case& c) {
  const toml::table* table = node.as_table();
  c.account_where = region_of(node.source());
  if (table == nullptr) {
    error(node, fmt::format("`account` must be a table of the account's fields, found {}", toml_kind_of(node)),
          "write `[case.account]` followed by lines such as `employees = 850`");
    return;
  }
  for (auto&& [key, value] : *table) c.account_keys.emplace_back(key.str(), region_of(key.source()));
  AccountValueError problem;
  // LANGUAGE.md: every record has an id; a test's reads better without one.
  if (!account_to_json(*table, text_, c.name, c.account_json, c.account_regions, problem)) {
    error(problem.where, problem.message, problem.help);
  }
}

std::optional<Case> Reader::test_case(const toml::table& table, std::optional<Date> file_as_of) {
  Case c;
  c.where = region_of(table.source());
  const std::size_t before = errors_.size();
  if (const toml::node* name = table.get("name")) c.name = string("name", *name).value_or("");
  else error(c.where, "a case needs a `name`", "add `name = \"what this case shows\"`");
  std::optional<Date> as_of = file_as_of;
  const toml::node* account_node = nullptr;
  for (auto&& [key, node] : table) {
    const std::string_view name = key.str();
    if (name == "name") continue;
    if (name == "as_of") as_of = date(name, node);
    else if (name == "account") account_node = &node;
    else if (name == "account_file") c.account_file = string(name, node).value_or("");
    else if (name == "account_id") c.account_id = string(name, node);
    else if (std::find(kCaseKeys.begin(), kCaseKeys.end(), name) != kCaseKeys.end()) expectation(name, node, c);
    else unknown_key(key, "a case", kCaseKeys);
  }
  if (account_node) account(*account_node, c);  // after the loop: the default id is the case name
  if (const toml::node* file = table.get("account_file")) c.account_where = region_of(file->source());
  if (!as_of && !table.contains("as_of")) {
    error(c.where, "a case needs an `as_of` date", "add `as_of = 2026-11-22` to the case or at the top of the file");
  }
  if (as_of) c.as_of = *as_of;
  if (account_node && table.contains("account_file")) {
    error(c.account_where, "a case gives both `account` and `account_file`", "keep one of the two");
  } else if (!account_node && !table.contains("account_file")) {
    error(c.where, "a case needs an account", "add a `[case.account]` table or `account_file = \"data/x.json\"`");
  }
  if (c.account_id && !table.contains("account_file")) {
    error(region_of(table.get("account_id")->source()), "`account_id` picks a record of an `account_file`",
          "use it with `account_file`, or drop it");
  }
  const Expected& e = c.expected;
  if (!e.verdict && !e.tier && !e.excluded_by && !e.score && !e.route && !e.committee_coverage &&
      errors_.size() == before) {
    error(c.where, fmt::format("case `{}` expects nothing", c.name),
          "add any of `verdict`, `tier`, `excluded_by`, `score`, `route` and `committee_coverage`");
  }
  if (errors_.size() != before) return std::nullopt;
  return c;
}

}  // namespace

std::optional<TestFile> parse(std::string_view text, const std::string& path, std::vector<Error>& errors) {
  const std::size_t before = errors.size();
  Reader reader(path, text, errors);
  if (auto problem = toml_limits::check(text)) {
    const bool size = text.size() > toml_limits::kMaxBytes;
    errors.push_back(Error{path, Region{problem->begin, problem->end}, problem->message, problem->help,
                           size ? DiagnosticCode::E0008 : DiagnosticCode::E0602});
    return std::nullopt;
  }
  toml::table table;
  try {
    table = toml::parse(text, path);
  } catch (const toml::parse_error& failure) {
    reader.error(region_of(failure.source()), fmt::format("invalid TOML: {}", failure.description()));
    return std::nullopt;
  }
  TestFile file;
  file.path = path;
  file.rules = default_rules(path);
  std::optional<Date> as_of;
  if (const toml::node* node = table.get("as_of")) as_of = reader.date("as_of", *node);
  if (const toml::node* node = table.get("rules")) {
    if (auto rules = reader.string("rules", *node)) file.rules = (fs::path(path).parent_path() / *rules).lexically_normal();
    file.rules_where = region_of(node->source());
  }
  const toml::array* cases = nullptr;
  for (auto&& [key, node] : table) {
    const std::string_view name = key.str();
    if (name == "case") {
      cases = node.as_array();
      if (cases == nullptr || !cases->is_array_of_tables()) {
        reader.error(node, "`case` must be an array of tables", "start each case with a `[[case]]` line");
        cases = nullptr;
      }
    } else if (name != "rules" && name != "as_of") {
      reader.unknown_key(key, "a test file", kFileKeys);
    }
  }
  if (cases == nullptr || cases->empty()) {
    if (errors.size() == before) reader.error(Region{{1, 1}, {1, 1}}, "the test file has no cases", "add a `[[case]]` table");
    return std::nullopt;
  }
  std::map<std::string, Region> names;
  for (const toml::node& node : *cases) {
    std::optional<Case> c = reader.test_case(*node.as_table(), as_of);
    if (!c) continue;
    if (auto [it, inserted] = names.emplace(c->name, c->where); !inserted) {
      reader.error(c->where, fmt::format("a second case is named `{}`", c->name),
                   fmt::format("the first is at line {}; give each case its own name", it->second.begin.line));
      continue;
    }
    file.cases.push_back(std::move(*c));
  }
  if (errors.size() == before) return file;
  std::stable_sort(errors.begin() + static_cast<std::ptrdiff_t>(before), errors.end(), [](const Error& a, const Error& b) {
    return std::tuple(a.where.begin.line, a.where.begin.column) < std::tuple(b.where.begin.line, b.where.begin.column);
  });
  return std::nullopt;
}

fs::path default_rules(const fs::path& test_path) {
  std::string name = test_path.filename().string();
  if (name.ends_with(kSuffix)) name.resize(name.size() - kSuffix.size());
  else name = test_path.stem().string();
  return (test_path.parent_path() / (name + ".icp")).lexically_normal();
}

bool is_test_path(std::string_view path) { return path.ends_with(kSuffix); }

}  // namespace icp::decision_test
