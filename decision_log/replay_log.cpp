// Deciding logged entries again (replay_log.hpp). One icp::Session per kept program, as a
// host decides: the same decoder, evaluator and decision writer as `icpc eval`. Input: the
// log. Output: a ReplayReport.
#include "decision_log/replay_log.hpp"

#include <map>
#include <memory>

#include <fmt/format.h>

#include "compiler/render/escape.hpp"
#include "decision_log/program_store.hpp"
#include "icp/session.hpp"

namespace icp::decision_log {

std::string logged_account(EntryParser& parser, const std::string& input) {
  return parser.account_id(input).value_or("");
}

bool replay_log(const std::filesystem::path& folder, const EntryQuery& query, ReplayReport& report, std::string& error) {
  report = ReplayReport{};
  ProgramStore programs(folder);
  std::map<std::string, std::unique_ptr<Session>, std::less<>> sessions;
  EntryParser ids;
  std::string problem;
  const bool read = for_each_entry(
      folder, query,
      [&](const Entry& entry, const EntryPlace& place) {
        ++report.entries;
        ReplayedEntry replayed{entry.seq, place, entry.decision_id, {}};
        if (!entry.redacted.empty()) {
          replayed.account_id = logged_account(ids, entry.input);
          report.not_replayed.push_back(NotReplayed{std::move(replayed), entry.redacted});
          return true;
        }
        auto session = sessions.find(entry.program);
        if (session == sessions.end()) {
          const Program* program = programs.get(entry.program, problem);
          if (program == nullptr) {
            problem = fmt::format("entry {} (`{}`:{}): {}", entry.seq, place.file, place.line, problem);
            return false;
          }
          session = sessions.emplace(entry.program, std::make_unique<Session>(*program)).first;
          report.programs.insert(entry.program);
        }
        const std::optional<Date> as_of = parse_date(entry.as_of);
        if (!as_of) {
          problem = fmt::format("entry {} (`{}`:{}): as_of `{}` is not a date", entry.seq, place.file, place.line,
                                entry.as_of);
          return false;
        }
        ++report.replayed;
        const DecideResult again = session->second->decide(entry.input, *as_of);
        if (again && again.decision->json() == entry.decision) return true;
        replayed.account_id = logged_account(ids, entry.input);
        report.differences.push_back(ReplayDifference{
            std::move(replayed), entry.decision,
            again ? std::string(again.decision->json()) : "rejected: " + again.error.message});
        return true;
      },
      error);
  if (!read) return false;
  if (!problem.empty()) {
    error = problem;
    return false;
  }
  return true;
}

namespace {

std::string describe(const ReplayedEntry& entry) {
  return fmt::format("entry {} (`{}`:{}), decision {}, account `{}`", entry.seq, entry.place.file, entry.place.line,
                     escape::text(entry.decision_id), escape::text(entry.account_id));
}

}  // namespace

std::string render_replay(const ReplayReport& report, const std::string& folder) {
  std::string out = fmt::format("{}: {} entr{} selected, {} replayed with {} program{}: ", folder, report.entries,
                                report.entries == 1 ? "y" : "ies", report.replayed, report.programs.size(),
                                report.programs.size() == 1 ? "" : "s");
  out += report.differences.empty() ? "no difference"
                                    : fmt::format("{} differ{}", report.differences.size(),
                                                  report.differences.size() == 1 ? "s" : "");
  if (!report.not_replayed.empty()) {
    out += fmt::format("; {} not replayed (redacted input)", report.not_replayed.size());
  }
  out += '\n';
  for (const ReplayDifference& difference : report.differences) {
    out += fmt::format("differs: {}\n  logged:   {}\n  replayed: {}\n", describe(difference.entry),
                       escape::text(difference.logged), escape::text(difference.replayed));
  }
  for (const NotReplayed& skipped : report.not_replayed) {
    std::string names;
    for (const std::string& name : skipped.redacted) names += fmt::format("{}`{}`", names.empty() ? "" : ", ", name);
    out += fmt::format("not replayed: {}: its input leaves out {}\n", describe(skipped.entry), escape::text(names));
  }
  return out;
}

}  // namespace icp::decision_log
