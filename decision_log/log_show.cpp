// One logged decision shown and explained (log_show.hpp). Input: an Entry and the programs.
// Output: the entry's facts, then analysis::explain_account's text.
#include "decision_log/log_show.hpp"

#include <fmt/format.h>

#include "analysis/explain/explain_report.hpp"
#include "compiler/render/escape.hpp"
#include "icp/session.hpp"
#include "runtime/api/program_core.hpp"

namespace icp::decision_log {
namespace {

std::string names(const std::vector<std::string>& list) {
  std::string text;
  for (const std::string& name : list) text += fmt::format("{}`{}`", text.empty() ? "" : ", ", name);
  return text;
}

// The explanation, or the sentence saying why there is none.
std::string explanation(const Entry& entry, ProgramStore& programs, bool color) {
  if (!entry.redacted.empty()) {
    return fmt::format("not explained: the logged input leaves out {} (--log-redact), so it cannot be decided again\n",
                       names(entry.redacted));
  }
  std::string error;
  const Program* program = programs.get(entry.program, error);
  if (program == nullptr) return fmt::format("not explained: {}\n", error);
  const std::optional<Date> as_of = parse_date(entry.as_of);
  if (!as_of) return fmt::format("not explained: the entry's as_of `{}` is not a date\n", entry.as_of);
  std::string out;
  Session session(*program);
  if (const DecideResult again = session.decide(entry.input, *as_of); again && again.decision->json() != entry.decision) {
    out += fmt::format("warning: the kept program decides this input differently now:\n  {}\n\n", again.decision->json());
  }
  vm::DecodeError decode_error;
  const std::optional<std::string> text = analysis::explain_account(
      internal::ProgramAccess::vm_program(*program), entry.input, *as_of, color, decode_error);
  if (!text) return fmt::format("not explained: the kept program rejects the logged input: {}\n", decode_error.message);
  return out + *text;
}

}  // namespace

std::string show_entry(const Entry& entry, const EntryPlace& place, ProgramStore& programs, bool color) {
  std::string out = fmt::format("entry {} ({}:{})\n", entry.seq, place.file, place.line);
  out += fmt::format("  decision_id  {}\n", escape::text(entry.decision_id));
  out += fmt::format("  time         {}\n", escape::text(entry.time));
  out += fmt::format("  request_id   {}\n", escape::text(entry.request_id));
  if (entry.line) out += fmt::format("  line         {}\n", *entry.line);
  out += fmt::format("  profile      {}\n", escape::text(entry.profile));
  out += fmt::format("  program      {}\n", escape::text(entry.program));
  out += fmt::format("  as_of        {}\n", escape::text(entry.as_of));
  if (!entry.redacted.empty()) out += fmt::format("  redacted     {}\n", escape::text(names(entry.redacted)));
  out += fmt::format("  decision     {}\n\n", escape::text(entry.decision));
  out += explanation(entry, programs, color);
  return out;
}

}  // namespace icp::decision_log
