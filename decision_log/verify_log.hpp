// `icpc log verify`: walks a decision log's chain from its first entry to its last, across
// its files, and names the first break. Input: the log folder. Output: a VerifyReport: intact
// (with the head to anchor elsewhere), or the first break and its kind; a torn tail is a note,
// not a break (docs/decision-log.md "Verify").
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace icp::decision_log {

enum class BreakKind : std::uint8_t {
  edited,           // an entry's bytes changed after it was written (or a line that is no entry)
  deleted,          // entries missing between two that remain
  reordered,        // an entry out of its place (moved, swapped, repeated)
  missing_file,     // a numbered file missing before or between the others
  missing_program,  // a program an entry names is not kept, or its file was changed
};

std::string_view to_string(BreakKind kind);

struct ChainBreak {
  BreakKind kind = BreakKind::edited;
  std::string file;          // where it shows: the file…
  std::uint64_t line = 0;    // …and line (0: the file as a whole)
  std::string message;       // the whole sentence
};

struct VerifyReport {
  std::uint64_t entries = 0, files = 0, programs = 0;
  std::uint64_t head_seq = 0;   // the last entry's seq and SHA-256: record them elsewhere to
  std::string head;             // detect a later change of the end of the log
  std::string first_time, last_time;
  std::optional<ChainBreak> broken;
  std::vector<std::string> notes;  // torn tails (a crash while writing), not tampering
};

// An entry recorded elsewhere (a head verify printed): it must still be in the log, with
// this SHA-256. The chain alone cannot tell a cut or rewritten end of the log; an anchor can.
struct Anchor {
  std::uint64_t seq = 0;
  std::string digest;  // "sha256:<64 hex>"
};
// "N:sha256:<64 hex>"; nullopt when the text is not that.
std::optional<Anchor> parse_anchor(std::string_view text);

// False with `error` when the folder cannot be read or holds no entries file (exit 2).
bool verify_log(const std::filesystem::path& folder, VerifyReport& report, std::string& error,
                const std::vector<Anchor>& anchors = {});

// The report as `icpc log verify` prints it: one line for the verdict, then the notes.
std::string render_verify(const VerifyReport& report, const std::string& folder);

}  // namespace icp::decision_log
