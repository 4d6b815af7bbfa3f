// Matching entries (entry_query.hpp). Input: lines of the log. Output: matching entries.
#include "decision_log/entry_query.hpp"

#include <fmt/format.h>

#include "decision_log/log_scanner.hpp"
#include "runtime/input/record.hpp"  // append_json_string

namespace icp::decision_log {

EntryMatcher::EntryMatcher(EntryQuery query) : query_(std::move(query)) {
  // Entries are written without spaces, keys in a fixed order: the id is at a known key.
  if (!query_.decision_id.empty()) {
    decision_needle_ = R"("decision_id":)";
    vm::append_json_string(query_.decision_id, decision_needle_);
  }
  if (!query_.account_id.empty()) {
    account_needle_ = R"("input":{"id":)";
    vm::append_json_string(query_.account_id, account_needle_);
  }
}

bool EntryMatcher::may_match(std::string_view line) const {
  return (decision_needle_.empty() || line.find(decision_needle_) != std::string_view::npos) &&
         (account_needle_.empty() || line.find(account_needle_) != std::string_view::npos);
}

bool EntryMatcher::matches(const Entry& entry) const {
  if (!query_.decision_id.empty() && entry.decision_id != query_.decision_id) return false;
  if (!query_.account_id.empty() && !entry.input.starts_with(account_needle_.substr(8))) return false;
  if (!query_.from.empty() && entry.time < query_.from) return false;
  if (!query_.to.empty() && entry.time > query_.to) return false;
  if (!query_.profile.empty() && entry.profile != query_.profile) return false;
  return true;
}

bool for_each_entry(const std::filesystem::path& folder, const EntryQuery& query,
                    const std::function<bool(const Entry&, const EntryPlace&)>& each, std::string& error) {
  LogScanner scanner;
  if (!scanner.open(folder, error)) return false;
  if (scanner.files().empty()) {
    error = fmt::format("`{}` holds no decision log: no decisions-NNNNNN.jsonl file", folder.string());
    return false;
  }
  const EntryMatcher matcher(query);
  EntryParser parser;
  Entry entry;
  std::string problem;
  LogLine line;
  while (scanner.next(line)) {
    if (line.torn || !matcher.may_match(line.bytes) || !parser.parse(line.text(), entry, problem)) continue;
    if (!matcher.matches(entry)) continue;
    if (!each(entry, EntryPlace{scanner.name(line.file), line.number})) return true;
  }
  if (!scanner.error().empty()) {
    error = scanner.error();
    return false;
  }
  return true;
}

}  // namespace icp::decision_log
