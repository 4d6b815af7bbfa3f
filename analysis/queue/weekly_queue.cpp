// Decides the accounts and plans the week's queues (see weekly_queue.hpp). Input: a program,
// a team, a Sample, ownership and last week. Output: a WeeklyQueue.
#include "analysis/queue/weekly_queue.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/vm/vm.hpp"

namespace icp::analysis {
namespace {

// A field's value as text, as a territory lists it ("" when missing).
std::string field_text(const vm::Schema& schema, const vm::Record& record, std::size_t field) {
  if (!record.present(field)) return {};
  const vm::FieldSpec& spec = schema.fields[field];
  switch (spec.type) {
    case vm::FieldType::integer: return fmt::format("{}", record.get_int(field));
    case vm::FieldType::boolean: return record.get_bool(field) ? "true" : "false";
    case vm::FieldType::enumeration: return spec.enum_values[record.get_enum(field)];
    case vm::FieldType::string:
    case vm::FieldType::naics:
    case vm::FieldType::country: return std::string(record.get_string(field));
    case vm::FieldType::decimal:
    case vm::FieldType::date:
    case vm::FieldType::string_set: break;  // team.cpp refuses segments on these
  }
  return {};
}

// The first route rule naming each queue: a queue's rank.
std::size_t queue_rank(const vm::Program& program, const std::string& queue) {
  for (std::size_t i = 0; i < program.route.size(); ++i) {
    if (program.route[i].action == vm::RouteRuleDef::Action::queue && program.route[i].queue == queue) return i;
  }
  return program.route.size();
}

// The owner column of a CRM export read through a mapping that names one.
std::optional<std::size_t> owner_column(const Sample& sample, Error& error) {
  const CrmMapping* mapping = sample.mapping();
  if (mapping == nullptr || mapping->account_owner.empty() || !sample.header()) return std::nullopt;
  const vm::CsvRow& header = *sample.header();
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == mapping->account_owner) return i;
  }
  error = Error{.file = sample.name(),
                .message = fmt::format("no column `{}` (the account owner, [accounts] owner)", mapping->account_owner),
                .hint = MappingHint::columns};
  return std::nullopt;
}

class QueueBuilder {
 public:
  QueueBuilder(const QueueInput& input, std::optional<std::size_t> owner_column)
      : input_(input), owner_column_(owner_column), decoder_(input.accounts, input.program.schema),
        evaluator_(input.program) {}

  void add(const SampleAccount& account, WeeklyQueue& out) {
    vm::DecodeError error;
    if (!decoder_.decode(account, input_.as_of, record_, error)) {
      out.rejections.push_back({account.line, error.id, error.message});
      return;
    }
    ++out.decided;
    const vm::Decision& decision = evaluator_.evaluate(record_, input_.as_of, /*audit=*/false);
    const vm::RouteRuleDef& rule = input_.program.route[decision.route_rule];
    if (rule.action != vm::RouteRuleDef::Action::queue) return;
    QueueAccount queued{.id = std::string(record_.id()),
                        .queue = rule.queue,
                        .queue_rank = queue_rank(input_.program, rule.queue),
                        .score = decision.score,
                        .tier = decision.verdict == vm::Verdict::tier ? decision.fit_tier : 0};
    for (std::size_t field : input_.team.segment_fields) {
      queued.segment_values.push_back(field_text(input_.program.schema, record_, field));
    }
    owner_of(account, queued, out);
    QueueAccountInfo info{.line = account.line, .sla = rule.sla_text, .cadence = rule.cadence.value_or("")};
    if (queued.tier > 0) info.tier_label = input_.program.tiers[static_cast<std::size_t>(queued.tier - 1)].label;
    out.accounts.push_back(std::move(queued));
    out.info.push_back(std::move(info));
  }

 private:
  // The accounts export's owner column wins; else the most recent opportunity's owner.
  void owner_of(const SampleAccount& account, QueueAccount& queued, WeeklyQueue& out) {
    std::string name, file = input_.accounts.name();
    std::size_t line = account.line;
    if (owner_column_ && !account.csv_error) {
      const vm::CsvRow& row = input_.accounts.row(account);
      if (*owner_column_ < row.size()) name = std::string(row[*owner_column_]);
    }
    if (name.empty() && input_.ownership != nullptr) {
      const auto found = input_.ownership->by_account.find(queued.id);
      if (found != input_.ownership->by_account.end()) {
        name = found->second.owner;
        file = found->second.file;
        line = found->second.line;
      }
    }
    if (name.empty()) return;
    if (const Rep* rep = input_.team.rep_named(name)) {
      queued.owner = Owner{Owner::Kind::rep, static_cast<std::size_t>(rep - input_.team.reps.data()), name};
      return;
    }
    queued.owner = Owner{Owner::Kind::unknown, 0, name};
    out.unknown_owners.push_back(fmt::format("{}:{}: account `{}`: owner `{}` is no rep of {}", file, line, queued.id,
                                             name, input_.team.file));
  }

  const QueueInput& input_;
  std::optional<std::size_t> owner_column_;
  SampleDecoder decoder_;
  vm::Evaluator evaluator_;
  vm::Record record_;
};

// An id twice would be queued twice: the later rows are rejected, as a CRM key is unique.
void drop_duplicates(WeeklyQueue& out) {
  std::vector<std::size_t> order(out.accounts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return out.accounts[a].id < out.accounts[b].id; });
  std::vector<bool> duplicate(out.accounts.size(), false);
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (out.accounts[order[i]].id != out.accounts[order[i - 1]].id) continue;
    duplicate[order[i]] = true;
    out.rejections.push_back({out.info[order[i]].line, out.accounts[order[i]].id,
                              fmt::format("account `{}` appears twice (first on line {})", out.accounts[order[i]].id,
                                          out.info[order[i - 1]].line)});
  }
  if (std::find(duplicate.begin(), duplicate.end(), true) != duplicate.end()) {
    std::vector<QueueAccount> kept;
    std::vector<QueueAccountInfo> kept_info;
    for (std::size_t i = 0; i < duplicate.size(); ++i) {
      if (duplicate[i]) continue;
      kept.push_back(std::move(out.accounts[i]));
      kept_info.push_back(std::move(out.info[i]));
    }
    out.accounts = std::move(kept);
    out.info = std::move(kept_info);
    std::sort(out.rejections.begin(), out.rejections.end(),
              [](const QueueRejection& a, const QueueRejection& b) { return a.line < b.line; });
  }
}

}  // namespace

std::optional<WeeklyQueue> build_weekly_queue(const QueueInput& input, Error& error) {
  error = Error{};
  const std::optional<std::size_t> owners = owner_column(input.accounts, error);
  if (!error.message.empty()) return std::nullopt;
  WeeklyQueue out{.profile = input.program.profile,
                  .version = input.program.version,
                  .program_id = input.program.id,
                  .team_file = input.team.file,
                  .accounts_file = input.accounts.name(),
                  .week = input.week,
                  .as_of = input.as_of};
  QueueBuilder builder(input, owners);
  for (const SampleAccount& account : input.accounts.accounts()) builder.add(account, out);
  drop_duplicates(out);
  out.plan = plan_queues(input.team, input.week, out.accounts, input.previous);
  return out;
}

}  // namespace icp::analysis
