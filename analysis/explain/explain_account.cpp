// One account explained from its JSON, or from its row of a CSV export (see explain_account
// and explain_csv_account in explain_report.hpp). Input: a program, the account and the date.
// Output: explain_report's text, or the decoder's error for a rejected account.
#include "analysis/explain/explain_report.hpp"

#include <fmt/format.h>

#include "analysis/impact/sample.hpp"

#include "runtime/input/json_lines.hpp"
#include "runtime/vm/vm.hpp"

namespace icp::analysis {

std::optional<std::string> explain_account(const vm::Program& program, std::string_view json, Date as_of,
                                           bool color, vm::DecodeError& error,
                                           std::size_t json_bytes) {
  vm::JsonDecoder decoder(program.schema);
  vm::Record record;
  const vm::JsonLine line{json, 1, json_bytes == 0 ? json.size() : json_bytes};
  if (!decoder.decode_line(line, as_of, record, error)) return std::nullopt;
  vm::Evaluator evaluator(program);
  return explain_report(program, record, evaluator.evaluate(record, as_of, /*audit=*/true), color);
}

std::optional<std::string> explain_csv_account(const vm::Program& program, const Source& csv, std::string_view id,
                                               const CrmMapping* mapping, Date as_of, bool color,
                                               vm::DecodeError& error, Error& input_error) {
  input_error = Error{};
  Sample sample;
  const bool read = mapping != nullptr ? sample.read_csv(csv, vm::SideTables(), *mapping, input_error)
                                       : sample.read_csv(csv, vm::SideTables(), input_error);
  if (!read) return std::nullopt;
  if (id.empty() && sample.accounts().size() != 1) {
    input_error = Error{.file = csv.name,
                        .message = fmt::format("the export holds {} accounts; name the one to explain by its id",
                                               sample.accounts().size())};
    return std::nullopt;
  }
  SampleDecoder decoder(sample, program.schema);
  vm::Record record;
  for (const SampleAccount& account : sample.accounts()) {
    const bool decoded = decoder.decode(account, as_of, record, error);
    if (!id.empty() && (decoded ? record.id() : std::string_view(error.id)) != id) continue;
    if (!decoded) return std::nullopt;
    vm::Evaluator evaluator(program);
    return explain_report(program, record, evaluator.evaluate(record, as_of, /*audit=*/true), color);
  }
  input_error = Error{.file = csv.name, .message = fmt::format("no account `{}` in the export", id)};
  return std::nullopt;
}

}  // namespace icp::analysis
