// One account explained from its JSON, or picked by id from a sample (JSON Lines or a CSV
// export; see explain_report.hpp). Input: a program, the account or sample and the date.
// Output: explain_report's text, or the decoder's error for a rejected account.
#include "analysis/explain/explain_report.hpp"

#include <fmt/format.h>

#include "runtime/input/future_event.hpp"
#include "runtime/input/json_lines.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::analysis {
namespace {

constexpr std::size_t kIdsNamed = 5;  // in the error for a sample of several accounts

std::string explained(const vm::Program& program, const vm::Record& record, Date as_of, bool color,
                      std::size_t line, std::optional<FutureEvent>* future) {
  if (future != nullptr && record.first_future_event() >= 0) {
    vm::describe_future_event(record, program.schema, as_of, line, future->emplace());
  }
  vm::Evaluator evaluator(program);
  return explain_report(program, record, evaluator.evaluate(record, as_of, /*audit=*/true), color);
}

// "3 accounts (acc-1, acc-2, acc-3)", the first kIdsNamed ids (or lines, for an account
// whose id cannot be read) and "…" after them.
std::string accounts_named(const Sample& sample, SampleDecoder& decoder, Date as_of) {
  const auto& accounts = sample.accounts();
  std::string names;
  vm::Record record;
  vm::DecodeError error;
  for (std::size_t i = 0; i < accounts.size() && i < kIdsNamed; ++i) {
    const bool decoded = decoder.decode(accounts[i], as_of, record, error);
    const std::string_view id = decoded ? record.id() : std::string_view(error.id);
    names += (i == 0 ? "" : ", ") + (id.empty() ? fmt::format("line {} (no readable id)", accounts[i].line)
                                                : std::string(id));
  }
  if (accounts.size() > kIdsNamed) names += ", …";
  return fmt::format("{} account{}{}", accounts.size(), accounts.size() == 1 ? "" : "s",
                     names.empty() ? "" : " (" + names + ")");
}

}  // namespace

std::optional<std::string> explain_account(const vm::Program& program, std::string_view json, Date as_of,
                                           bool color, vm::DecodeError& error, std::size_t json_bytes,
                                           std::optional<FutureEvent>* future) {
  vm::JsonDecoder decoder(program.schema);
  vm::Record record;
  const vm::JsonLine line{json, 1, json_bytes == 0 ? json.size() : json_bytes};
  if (!decoder.decode_line(line, as_of, record, error)) return std::nullopt;
  return explained(program, record, as_of, color, 1, future);
}

std::optional<std::string> explain_sample_account(const vm::Program& program, const Sample& sample, std::string_view id,
                                                  Date as_of, bool color, vm::DecodeError& error, Error& input_error,
                                                  std::optional<FutureEvent>* future) {
  input_error = Error{};
  SampleDecoder decoder(sample, program.schema);
  const std::string_view whole = sample.format() == SampleFormat::csv ? "the export" : "the file";
  if (id.empty() && sample.accounts().size() != 1) {
    input_error = Error{.file = sample.name(),
                        .message = fmt::format("{} holds {}; name the one to explain with --id", whole,
                                               accounts_named(sample, decoder, as_of))};
    return std::nullopt;
  }
  vm::Record record;
  for (const SampleAccount& account : sample.accounts()) {
    const bool decoded = decoder.decode(account, as_of, record, error);
    if (!id.empty() && (decoded ? record.id() : std::string_view(error.id)) != id) continue;
    if (!decoded) return std::nullopt;
    return explained(program, record, as_of, color, account.line, future);
  }
  input_error = Error{.file = sample.name(), .message = fmt::format("no account `{}` in {}", id, whole)};
  return std::nullopt;
}

std::optional<std::string> explain_csv_account(const vm::Program& program, const Source& csv, std::string_view id,
                                               const CrmMapping* mapping, Date as_of, bool color,
                                               vm::DecodeError& error, Error& input_error,
                                               std::optional<FutureEvent>* future) {
  input_error = Error{};
  Sample sample;
  const bool read = mapping != nullptr ? sample.read_csv(csv, vm::SideTables(), *mapping, input_error)
                                       : sample.read_csv(csv, vm::SideTables(), input_error);
  if (!read) return std::nullopt;
  return explain_sample_account(program, sample, id, as_of, color, error, input_error, future);
}

}  // namespace icp::analysis
