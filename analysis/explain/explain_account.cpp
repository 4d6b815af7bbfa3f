// One account explained from its JSON (see explain_account in explain_report.hpp). Input: a
// program, the account's text and the date. Output: explain_report's text, or the decoder's
// error for a rejected account.
#include "analysis/explain/explain_report.hpp"

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

}  // namespace icp::analysis
