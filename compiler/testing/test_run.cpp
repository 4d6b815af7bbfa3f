// Decodes each case's account, evaluates it with the audit on and compares the decision
// with the expectations; tallies which tiers, exclusions and route rules were reached.
#include "compiler/testing/test_run.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "compiler/check/suggest.hpp"
#include "runtime/input/record_reader.hpp"

namespace icp::decision_test {
namespace fs = std::filesystem;
namespace {

constexpr const char* kVerdictNames[] = {"excluded", "tier", "no_fit"};
constexpr const char* kActionNames[] = {"disqualify", "ignore", "queue"};
constexpr std::string_view kNone = "none";

std::string in_quotes(std::string_view text) { return fmt::format("\"{}\"", text); }

template <typename T>
std::string or_none(const std::optional<T>& value, auto format) {
  return value ? format(*value) : std::string(kNone);
}

// The region of a decoder path such as "signals[2].at", else of its nearest parent
// ("signals[2]", "signals"), else the account table itself.
Region region_for(const Case& test_case, std::string path) {
  while (true) {
    auto it = std::lower_bound(test_case.account_regions.begin(), test_case.account_regions.end(), path,
                               [](const auto& entry, const std::string& key) { return entry.first < key; });
    if (it != test_case.account_regions.end() && it->first == path) return it->second;
    const std::size_t cut = path.find_last_of(".[");
    if (path.empty() || cut == std::string::npos) return test_case.account_where;
    path.resize(cut);
  }
}

// An open account file, closed when done.
struct OpenFile {
  explicit OpenFile(const fs::path& path) : file(std::fopen(path.c_str(), "rb")) {}
  ~OpenFile() {
    if (file != nullptr) std::fclose(file);
  }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  std::FILE* file;
};

}  // namespace

Runner::Runner(const vm::Program& program, fs::path base)
    : program_(program), base_(std::move(base)), decoder_(program.schema), evaluator_(program) {}

Outcome Runner::run(const TestFile& file, const Case& test_case) {
  Outcome outcome;
  if (!load_account(file, test_case, outcome)) {
    outcome.status = Outcome::Status::rejected;
    return outcome;
  }
  outcome.decision = evaluator_.evaluate(outcome.record, test_case.as_of, /*audit=*/true);
  compare(test_case, outcome);
  outcome.status = outcome.mismatches.empty() ? Outcome::Status::passed : Outcome::Status::failed;
  return outcome;
}

bool Runner::load_account(const TestFile& file, const Case& test_case, Outcome& outcome) {
  outcome.rejection.path = file.path;
  outcome.rejection.where = test_case.account_where;
  return test_case.account_file.empty() ? load_inline(file, test_case, outcome) : load_file(file, test_case, outcome);
}

bool Runner::load_inline(const TestFile&, const Case& test_case, Outcome& outcome) {
  // Stricter than JSON input, where CRM exports carry extra columns: in a hand-written
  // test an unknown key is a typo that would leave the field it meant missing.
  std::vector<std::string> known = {"id", "signals", "contacts"};
  for (const vm::FieldSpec& field : program_.schema.fields) known.push_back(field.name);
  for (const auto& [key, where] : test_case.account_keys) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    outcome.rejection.where = where;
    outcome.rejection.message = fmt::format("account of case `{}` rejected: the schema has no field `{}`",
                                            test_case.name, key);
    outcome.rejection.help = did_you_mean(key, known);
    return false;
  }
  vm::DecodeError error;
  if (decoder_.decode(test_case.account_json, test_case.as_of, outcome.record, error)) return true;
  outcome.rejection.where = region_for(test_case, error.field);
  outcome.rejection.message = fmt::format("account of case `{}` rejected: {}", test_case.name, error.message);
  return false;
}

// JSON Lines account files are read as `icpc eval` reads them (runtime/input/record_reader.hpp): a
// line over the record limit is cut, never held whole. A line's id does not depend on the
// date it is read at, so one pass indexes the file for every case: the first line that
// decodes with an id, or fails after reading one.
const Runner::AccountFile& Runner::account_file(const fs::path& path, Date as_of) {
  auto [it, fresh] = account_files_.try_emplace(path);
  AccountFile& file = it->second;
  if (!fresh) return file;
  const OpenFile input(path);
  if (input.file == nullptr) {
    file.why = std::strerror(errno);
    return file;
  }
  vm::LineBlockReader reader(input.file);
  vm::Record record;
  vm::DecodeError error;
  for (std::size_t number = 1; !reader.at_end();) {
    vm::LineBlock& block = file.blocks.emplace_back();
    if (!reader.read(block)) {
      file.why = std::strerror(errno);
      return file;
    }
    vm::LineSplitter lines = block.lines(number);
    for (vm::JsonLine line; lines.next(line);) {
      const bool decoded = decoder_.decode_line(line, as_of, record, error);
      const std::string id = decoded ? std::string(record.id()) : error.id;
      if (!id.empty()) file.first_line.try_emplace(id, file.lines.size());
      file.lines.push_back(line);
    }
    number = lines.next_number();
  }
  file.readable = true;
  return file;
}

bool Runner::load_file(const TestFile& file, const Case& test_case, Outcome& outcome) {
  const fs::path relative = fs::path(file.path).parent_path() / test_case.account_file;
  auto unreadable = [&](std::string_view why) {
    outcome.rejection.message = fmt::format("cannot read `{}`: {}", relative.generic_string(), why);
    return false;
  };
  vm::DecodeError error;
  auto reject = [&](std::size_t line) {
    outcome.rejection.message = fmt::format(
        "account of case `{}` rejected: {}{}: {}", test_case.name, relative.generic_string(),
        line > 0 ? fmt::format(":{}", line) : std::string(), error.message);
    return false;
  };
  if (!test_case.account_id) {  // the whole file is one JSON object, as for `icpc explain`
    const OpenFile input(base_ / relative);
    std::string text;
    std::size_t bytes = 0;
    if (input.file == nullptr || !vm::read_json_document(input.file, text, bytes)) {
      return unreadable(std::strerror(errno));
    }
    return decoder_.decode_line(vm::JsonLine{text, 1, bytes}, test_case.as_of, outcome.record, error) || reject(0);
  }
  const AccountFile& accounts = account_file(base_ / relative, test_case.as_of);
  if (!accounts.readable) return unreadable(accounts.why);
  if (auto found = accounts.first_line.find(*test_case.account_id); found != accounts.first_line.end()) {
    const vm::JsonLine& line = accounts.lines[found->second];
    if (decoder_.decode_line(line, test_case.as_of, outcome.record, error)) {
      if (outcome.record.id() == *test_case.account_id) return true;
    } else if (error.id == *test_case.account_id) {
      return reject(line.number);
    }
  }
  outcome.rejection.message = fmt::format("`{}` holds no record with id `{}`", relative.generic_string(),
                                          *test_case.account_id);
  return false;
}

void Runner::compare(const Case& test_case, Outcome& outcome) const {
  const Expected& e = test_case.expected;
  const vm::Decision& d = outcome.decision;
  auto check = [&](std::string key, std::string expected, std::string actual) {
    if (expected != actual) outcome.mismatches.push_back(Mismatch{std::move(key), std::move(expected), std::move(actual)});
  };
  auto number = [](auto value) { return fmt::format("{}", value); };
  const bool has_tier = d.verdict == vm::Verdict::tier;
  if (e.verdict) check("verdict", in_quotes(*e.verdict), in_quotes(kVerdictNames[static_cast<int>(d.verdict)]));
  if (e.tier) check("tier", number(*e.tier), has_tier ? number(d.fit_tier) : std::string(kNone));
  if (e.excluded_by) {
    check("excluded_by", in_quotes(*e.excluded_by),
          d.excluded_by ? in_quotes(program_.exclusions[*d.excluded_by].name) : std::string(kNone));
  }
  if (e.score) {
    check("score", e.score->to_string(), d.score ? d.score->to_string() : std::string("unknown (overflow)"));
  }
  if (e.committee_coverage) check("committee_coverage", number(*e.committee_coverage), or_none(d.coverage, number));
  if (!e.route) return;
  const vm::RouteRuleDef& rule = program_.route[d.route_rule];
  const bool queue = rule.action == vm::RouteRuleDef::Action::queue;
  const ExpectedRoute& r = *e.route;
  if (r.action) check("route.action", in_quotes(*r.action), in_quotes(kActionNames[static_cast<int>(rule.action)]));
  if (r.queue) check("route.queue", in_quotes(*r.queue), queue ? in_quotes(rule.queue) : std::string(kNone));
  if (r.sla) check("route.sla", in_quotes(*r.sla), queue && rule.sla_hours ? in_quotes(rule.sla_text) : std::string(kNone));
  if (r.cadence) check("route.cadence", in_quotes(*r.cadence), queue ? or_none(rule.cadence, in_quotes) : std::string(kNone));
  if (r.rule) check("route.rule", number(*r.rule), number(d.route_rule + 1));
}

Coverage::Coverage(const vm::Program& program)
    : program_(program),
      tiers_(program.tiers.size()),
      exclusions_(program.exclusions.size()),
      route_(program.route.size()) {}

void Coverage::add(const vm::Decision& decision) {
  if (decision.verdict == vm::Verdict::tier) tiers_[static_cast<std::size_t>(decision.fit_tier - 1)] = true;
  if (decision.excluded_by) exclusions_[*decision.excluded_by] = true;
  route_[decision.route_rule] = true;
}

std::vector<std::string> Coverage::unreached() const {
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < tiers_.size(); ++i) {
    if (!tiers_[i]) missing.push_back(fmt::format("tier {} \"{}\"", program_.tiers[i].number, program_.tiers[i].label));
  }
  for (std::size_t i = 0; i < exclusions_.size(); ++i) {
    if (!exclusions_[i]) missing.push_back(fmt::format("exclusion `{}`", program_.exclusions[i].name));
  }
  for (std::size_t i = 0; i < route_.size(); ++i) {
    if (route_[i]) continue;
    const vm::SourceRef* ref = i < program_.debug.route.size() ? &program_.debug.route[i] : nullptr;
    const std::string condition = !program_.route[i].code ? "else" : ref ? "when " + ref->text : std::string();
    std::string where = ref && ref->line > 0 ? fmt::format("line {}", ref->line) : std::string();
    if (!condition.empty()) where += (where.empty() ? "" : ": ") + condition;
    missing.push_back(fmt::format("route rule {}{}", i + 1, where.empty() ? "" : " (" + where + ")"));
  }
  return missing;
}

}  // namespace icp::decision_test
