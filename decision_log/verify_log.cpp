// Walking the chain (verify_log.hpp). Each entry must carry seq = the previous seq + 1 and
// prev = the SHA-256 of the previous entry's line, newline included (the first: seq 1 and the
// genesis digest), and name a program kept in programs/. At the first entry that does not,
// the two facts tell the kind: a seq that follows with a prev that does not match is an edit
// of the entry before; a seq that jumps is a deletion, unless the missing seqs come later
// (a reordering). Input: the log's files. Output: a VerifyReport.
#include "decision_log/verify_log.hpp"

#include <set>

#include <fmt/format.h>

#include "decision_log/entry_parse.hpp"
#include "decision_log/log_scanner.hpp"
#include "decision_log/program_store.hpp"
#include "decision_log/sha256_state.hpp"

namespace icp::decision_log {
namespace {

// The last whole entry seen.
struct Previous {
  bool any = false;
  std::uint64_t seq = 0;
  Digest hash = kGenesis;
  std::string file;
  std::uint64_t line = 0;
};

std::string place(const std::string& file, std::uint64_t line) { return fmt::format("`{}`:{}", file, line); }

// The index of the first file whose number does not follow the one before it (the first
// must be 1), or files.size().
std::size_t first_gap(const std::vector<EntriesFile>& files) {
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i].number != (i == 0 ? 1 : files[i - 1].number + 1)) return i;
  }
  return files.size();
}

ChainBreak missing_files(const std::vector<EntriesFile>& files, std::size_t gap) {
  const std::uint64_t from = gap == 0 ? 1 : files[gap - 1].number + 1, to = files[gap].number - 1;
  const std::string missing = from == to ? fmt::format("`{}` is", entries_file_name(from))
                                         : fmt::format("`{}` to `{}` are", entries_file_name(from), entries_file_name(to));
  return ChainBreak{BreakKind::missing_file, files[gap].path.filename().string(), 0,
                    fmt::format("{} missing before `{}`", missing, files[gap].path.filename().string())};
}

// After a seq jump from `expected` to `found`: whether an entry with a seq in between comes
// later (a reordering). Reads the rest of the log.
std::optional<std::pair<std::uint64_t, std::string>> later_entry(LogScanner& scanner, std::uint64_t expected,
                                                                std::uint64_t found) {
  EntryParser parser;
  Entry entry;
  std::string problem;
  LogLine line;
  while (scanner.next(line)) {
    if (line.torn || !parser.parse(line.text(), entry, problem)) continue;
    if (entry.seq >= expected && entry.seq < found) return std::pair(entry.seq, place(scanner.name(line.file), line.number));
  }
  return std::nullopt;
}

// The break at `entry` (at file:line) after `previous` (none: the log's first entry), whose
// chain it does not continue.
ChainBreak classify(const Entry& entry, const std::string& file, std::uint64_t line, const Previous& previous,
                    LogScanner& scanner) {
  const bool prev_matches = entry.prev == digest_text(previous.hash);
  const std::uint64_t expected = previous.seq + 1;
  const std::string here = place(file, line);
  const std::string after = previous.any ? fmt::format("entry {} ({})", previous.seq, place(previous.file, previous.line))
                                         : std::string("the start of the log");
  if (!previous.any && entry.seq == 1) {
    return {BreakKind::edited, file, line,
            fmt::format("the first entry ({}) was changed: its prev is not the genesis digest", here)};
  }
  if (prev_matches && entry.seq != expected) {
    return {BreakKind::edited, file, line,
            fmt::format("entry {} ({}) was changed: it carries seq {} where {} follows {}", expected, here, entry.seq,
                        expected, after)};
  }
  if (entry.seq == expected) {
    return {BreakKind::edited, previous.file, previous.line,
            fmt::format("entry {} ({}) was changed after it was written: its SHA-256 is not the prev that entry {} ({}) "
                        "carries",
                        previous.seq, place(previous.file, previous.line), entry.seq, here)};
  }
  if (entry.seq > expected) {
    if (const auto later = later_entry(scanner, expected, entry.seq)) {
      return {BreakKind::reordered, file, line,
              fmt::format("entry {} ({}) follows {}, and entry {} comes later ({}): entries are out of order", entry.seq,
                          here, after, later->first, later->second)};
    }
    const std::string missing = entry.seq - expected == 1 ? fmt::format("entry {} is", expected)
                                                          : fmt::format("entries {} to {} are", expected, entry.seq - 1);
    return {BreakKind::deleted, file, line,
            fmt::format("{} missing between {} and entry {} ({})", missing, after, entry.seq, here)};
  }
  return {BreakKind::reordered, file, line,
          fmt::format("entry {} ({}) comes after entry {}: entries are out of order", entry.seq, here, previous.seq)};
}

}  // namespace

std::string_view to_string(BreakKind kind) {
  switch (kind) {
    case BreakKind::edited: return "edited";
    case BreakKind::deleted: return "deleted";
    case BreakKind::reordered: return "reordered";
    case BreakKind::missing_file: return "missing file";
    case BreakKind::missing_program: return "missing program";
  }
  return "edited";
}

std::optional<Anchor> parse_anchor(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 19) return std::nullopt;
  Anchor anchor;
  for (const char c : text.substr(0, colon)) {
    if (c < '0' || c > '9') return std::nullopt;
    anchor.seq = anchor.seq * 10 + static_cast<std::uint64_t>(c - '0');
  }
  anchor.digest = std::string(text.substr(colon + 1));
  if (anchor.seq == 0 || !is_digest_text(anchor.digest)) return std::nullopt;
  return anchor;
}

namespace {

// One walk over a log: each line checked against the entry before it.
class ChainWalk {
 public:
  ChainWalk(const std::filesystem::path& folder, LogScanner& scanner, const std::vector<Anchor>& anchors,
            VerifyReport& report)
      : scanner_(scanner), anchors_(anchors), report_(report), store_(folder), gap_(first_gap(scanner.files())) {}

  // False at the first break (in report_.broken).
  bool step(const LogLine& line) {
    const std::string file = scanner_.name(line.file);
    if (line.file >= gap_) return broken(missing_files(scanner_.files(), gap_));
    if (line.torn) {
      note_torn(line, file);
      return true;
    }
    if (!parser_.parse(line.text(), entry_, problem_)) {
      return broken({BreakKind::edited, file, line.number,
                     fmt::format("{} is not a log entry ({}): it was changed after it was written", place(file, line.number),
                                 problem_)});
    }
    const Digest& expected_prev = previous_.any ? previous_.hash : kGenesis;
    if (entry_.seq != previous_.seq + 1 || entry_.prev != digest_text(expected_prev)) {
      return broken(classify(entry_, file, line.number, previous_, scanner_));
    }
    if (programs_.insert(entry_.program).second && store_.get(entry_.program, problem_) == nullptr) {
      return broken({BreakKind::missing_program, file, line.number,
                     fmt::format("entry {} ({}) was decided by {}, but {}", entry_.seq, place(file, line.number),
                                 entry_.program, problem_)});
    }
    previous_ = Previous{true, entry_.seq, sha256_digest(line.bytes), file, line.number};
    for (const Anchor& anchor : anchors_) {
      if (anchor.seq != entry_.seq || anchor.digest == digest_text(previous_.hash)) continue;
      return broken({BreakKind::edited, file, line.number,
                     fmt::format("entry {} ({}) is not the entry anchored: its SHA-256 is {}, the anchor's {}", entry_.seq,
                                 place(file, line.number), digest_text(previous_.hash), anchor.digest)});
    }
    if (report_.entries++ == 0) report_.first_time = entry_.time;
    report_.last_time = entry_.time;
    return true;
  }

  // After the last line: a gap after the last file read, an anchor past the end; the head.
  void finish() {
    if (!report_.broken && gap_ < scanner_.files().size()) broken(missing_files(scanner_.files(), gap_));
    for (const Anchor& anchor : anchors_) {
      if (report_.broken || anchor.seq <= previous_.seq) continue;
      broken({BreakKind::deleted, previous_.file, previous_.line,
              fmt::format("entry {}, anchored, is not in the log: it ends at entry {}", anchor.seq, previous_.seq)});
    }
    report_.programs = programs_.size();
    report_.head_seq = previous_.seq;
    report_.head = digest_text(previous_.hash);
  }

 private:
  bool broken(ChainBreak found) {
    report_.broken = std::move(found);
    return false;
  }

  void note_torn(const LogLine& line, const std::string& file) {
    const bool last = line.file + 1 == scanner_.files().size();
    report_.notes.push_back(fmt::format(
        "torn tail: `{}` ends in {} bytes of an entry that was never finished (a crash while writing); {}", file,
        line.bytes.size(), last ? "it is not an entry and not tampering" : "the log went on in the next file"));
  }

  LogScanner& scanner_;
  const std::vector<Anchor>& anchors_;
  VerifyReport& report_;
  ProgramStore store_;
  std::size_t gap_;
  EntryParser parser_;
  Entry entry_;
  std::set<std::string, std::less<>> programs_;
  Previous previous_;
  std::string problem_;
};

}  // namespace

bool verify_log(const std::filesystem::path& folder, VerifyReport& report, std::string& error,
                const std::vector<Anchor>& anchors) {
  report = VerifyReport{};
  LogScanner scanner;
  if (!scanner.open(folder, error)) return false;
  if (scanner.files().empty()) {
    error = fmt::format("`{}` holds no decision log: no decisions-NNNNNN.jsonl file", folder.string());
    return false;
  }
  report.files = scanner.files().size();
  ChainWalk walk(folder, scanner, anchors, report);
  LogLine line;
  while (scanner.next(line) && walk.step(line)) {
  }
  if (!scanner.error().empty()) {
    error = scanner.error();
    return false;
  }
  walk.finish();
  return true;
}

std::string render_verify(const VerifyReport& report, const std::string& folder) {
  std::string out;
  if (report.broken) {
    out += fmt::format("{}: broken ({}): {}\n", folder, to_string(report.broken->kind), report.broken->message);
  } else if (report.entries == 0) {
    out += fmt::format("{}: intact: no entries in {} file{}\n", folder, report.files, report.files == 1 ? "" : "s");
  } else {
    out += fmt::format("{}: intact: {} entr{} in {} file{}, {} program{}, from {} to {}; head: entry {} {}\n", folder,
                       report.entries, report.entries == 1 ? "y" : "ies", report.files, report.files == 1 ? "" : "s",
                       report.programs, report.programs == 1 ? "" : "s", report.first_time, report.last_time,
                       report.head_seq, report.head);
  }
  for (const std::string& note : report.notes) out += fmt::format("note: {}\n", note);
  return out;
}

}  // namespace icp::decision_log
