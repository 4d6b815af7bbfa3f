// Fuzz harness for the decision log's files, as `icpc log verify`, `icpc log show` and
// `icpc replay` read them. The bytes are an entries file, then optionally a NUL byte and a kept
// program (an artifact holds NUL bytes: it is the last part, which keeps them), laid out as a
// log folder in a scratch folder of this process: decisions-000001.jsonl and, named by the
// program its first entry names, programs/<hex>.icpb. Verify always runs and gives one of the
// documented verdicts, a break at a line of the entries file; replay and show never crash; a
// log verify calls intact replays every entry it counted (each decided again or named as
// redacted), and show finds and explains each.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "decision_log/entry_parse.hpp"
#include "decision_log/entry_query.hpp"
#include "decision_log/log_folder.hpp"
#include "decision_log/log_show.hpp"
#include "decision_log/program_store.hpp"
#include "decision_log/replay_log.hpp"
#include "decision_log/verify_log.hpp"
#include "fuzz/fuzz_support.hpp"

namespace icp::fuzz {
namespace {
namespace fs = std::filesystem;

// Entries shown per input: each is explained, which costs a decision with its audit.
constexpr std::size_t kMaxShown = 16;

fs::path scratch_path() { return fs::temp_directory_path() / fmt::format("icp-fuzz-decision-log-{}", ::getpid()); }

// This process's scratch log folder, removed when it ends. The exit handler makes the path
// again: it runs after the static below is destroyed (it was registered before that static
// was constructed).
const fs::path& scratch_folder() {
  static const fs::path folder = [] {
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(scratch_path(), ignored);
    });
    return scratch_path();
  }();
  return folder;
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) fail("the scratch log folder is writable", path.string());
}

// The program the first line names, when it parses as an entry with a well-formed id.
std::string first_program(std::string_view entries) {
  decision_log::EntryParser parser;
  decision_log::Entry entry;
  std::string problem;
  const std::string_view first = entries.substr(0, entries.find('\n'));
  if (!parser.parse(first, entry, problem) || !decision_log::is_digest_text(entry.program)) {
    return "sha256:" + std::string(64, '0');
  }
  return entry.program;
}

void lay_out(const std::vector<std::string_view>& parts) {
  const fs::path& folder = scratch_folder();
  std::error_code ignored;
  fs::remove_all(folder, ignored);
  fs::create_directories(folder / decision_log::kProgramsFolder);
  write_file(folder / decision_log::entries_file_name(1), parts[0]);
  if (parts.size() > 1) write_file(decision_log::program_path(folder, first_program(parts[0])), parts[1]);
}

std::size_t lines_in(std::string_view text) {
  std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return lines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

decision_log::VerifyReport verify(std::string_view entries) {
  decision_log::VerifyReport report;
  std::string error;
  ICP_FUZZ_CHECK(decision_log::verify_log(scratch_folder(), report, error),
                 "verify runs on any folder with an entries file");
  const std::string text = decision_log::render_verify(report, "log");
  if (!report.broken) {
    ICP_FUZZ_CHECK(text.starts_with("log: intact: "), "an intact log is reported intact");
    ICP_FUZZ_CHECK(report.entries == 0 || decision_log::is_digest_text(report.head),
                   "an intact log's head is a digest");
    return report;
  }
  const decision_log::ChainBreak& found = *report.broken;
  ICP_FUZZ_CHECK(found.kind <= decision_log::BreakKind::missing_program, "a break is of a documented kind");
  ICP_FUZZ_CHECK(text.starts_with(fmt::format("log: broken ({}): ", decision_log::to_string(found.kind))),
                 "a broken log is reported with its kind");
  ICP_FUZZ_CHECK(!found.message.empty(), "a break is described");
  ICP_FUZZ_CHECK(found.file == decision_log::entries_file_name(1), "a break is in the log's entries file");
  ICP_FUZZ_CHECK(found.line >= 1 && found.line <= lines_in(entries), "a break is at a line of the entries file");
  return report;
}

void replay(const decision_log::VerifyReport& verified) {
  decision_log::ReplayReport report;
  std::string error;
  const bool replayed = decision_log::replay_log(scratch_folder(), {}, report, error);
  if (verified.broken) {
    ICP_FUZZ_CHECK(replayed || !error.empty(), "a replay that cannot run says why");
  } else {
    ICP_FUZZ_CHECK(replayed, "a log verify calls intact replays");
    ICP_FUZZ_CHECK(report.entries == verified.entries, "replay reads every entry verify counted");
    ICP_FUZZ_CHECK(report.replayed + report.not_replayed.size() == report.entries,
                   "each entry is replayed or named as redacted");
  }
  if (!replayed) return;
  for (const decision_log::ReplayDifference& difference : report.differences) {
    ICP_FUZZ_CHECK(difference.logged != difference.replayed, "a difference differs");
  }
  decision_log::render_replay(report, "log");
}

// `icpc log show`: every entry explained, and each found again by its decision id.
void show(const decision_log::VerifyReport& verified) {
  decision_log::ProgramStore programs(scratch_folder());
  std::vector<std::string> ids;
  std::string error;
  std::size_t shown = 0;
  const bool read = decision_log::for_each_entry(
      scratch_folder(), {},
      [&](const decision_log::Entry& entry, const decision_log::EntryPlace& place) {
        ICP_FUZZ_CHECK(decision_log::is_digest_text(entry.program) && decision_log::is_digest_text(entry.prev),
                       "an entry names its program and the entry before by digest");
        const std::string text = decision_log::show_entry(entry, place, programs, shown % 2 == 1);
        ICP_FUZZ_CHECK(text.starts_with(fmt::format("entry {} (", entry.seq)), "a shown entry starts with its place");
        if (!entry.decision_id.empty()) ids.push_back(entry.decision_id);
        return ++shown < kMaxShown;
      },
      error);
  ICP_FUZZ_CHECK(read, "show reads any folder with an entries file");
  ICP_FUZZ_CHECK(!verified.broken ? shown == std::min<std::uint64_t>(verified.entries, kMaxShown) : true,
                 "show finds every entry of an intact log");
  for (const std::string& id : ids) {
    decision_log::for_each_entry(
        scratch_folder(), {.decision_id = id},
        [&](const decision_log::Entry& entry, const decision_log::EntryPlace&) {
          ICP_FUZZ_CHECK(entry.decision_id == id, "a lookup by decision id finds only that decision");
          return true;
        },
        error);
  }
}

void run(const std::vector<std::string_view>& parts) {
  lay_out(parts);
  const decision_log::VerifyReport verified = verify(parts[0]);
  replay(verified);
  show(verified);
}

}  // namespace
}  // namespace icp::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  icp::fuzz::run(icp::fuzz::split_parts(bytes, '\0', 2));
  return 0;
}
