// The explanation behind `icpc explain`, reused by `icpc test` to show a failing case's
// trace. Input: a sealed program, one decoded record and its decision, evaluated with the
// audit on. Output: the explanation as aligned text (ANSI colours only when asked for).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/crm/crm_mapping.hpp"
#include "analysis/error.hpp"
#include "analysis/impact/sample.hpp"
#include "analysis/source.hpp"
#include "icp/batch.hpp"
#include "icp/date.hpp"
#include "runtime/format/bytecode.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/record.hpp"
#include "runtime/vm/decision.hpp"

namespace icp::analysis {

std::string explain_report(const vm::Program& program, const vm::Record& record, const vm::Decision& decision,
                           bool color);

// One account as a JSON object, decoded by the program's schema, decided with the audit on
// and explained. `json_bytes` is the object's full length when `json` holds only its first
// bytes (vm::read_json_document cuts one over the record limit); 0 means json.size().
// nullopt with `error` (record, field, expected, found) when the schema rejects the account.
// `future`, when given, is set to the account's first signal event after as_of, if any.
std::optional<std::string> explain_account(const vm::Program& program, std::string_view json, Date as_of,
                                           bool color, vm::DecodeError& error,
                                           std::size_t json_bytes = 0, std::optional<FutureEvent>* future = nullptr);

// One account of a sample (JSON Lines, or a CSV export), explained: the one whose id is `id`
// (the first such), or the only one when `id` is empty. nullopt with `input_error` when `id`
// names no account or, without `id`, the sample holds more or fewer than one (the message
// gives the count and the first ids); nullopt with `error` when the schema rejects that
// account. `future` as explain_account's, with the account's line.
std::optional<std::string> explain_sample_account(const vm::Program& program, const Sample& sample, std::string_view id,
                                                  Date as_of, bool color, vm::DecodeError& error, Error& input_error,
                                                  std::optional<FutureEvent>* future = nullptr);

// One account of a CSV export, read through `mapping` when given (CrmColumns: the key column
// is the id), explained as explain_sample_account explains it; nullopt with `input_error`
// also when the export cannot be read.
std::optional<std::string> explain_csv_account(const vm::Program& program, const Source& csv, std::string_view id,
                                               const CrmMapping* mapping, Date as_of, bool color,
                                               vm::DecodeError& error, Error& input_error,
                                               std::optional<FutureEvent>* future = nullptr);

}  // namespace icp::analysis
