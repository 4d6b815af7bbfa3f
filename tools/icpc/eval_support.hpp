// Shared by `eval`, `explain`, `diff` and `backtest`: the --as-of date, the files they read
// and write, the real NAICS/country lists for record validation, side files, and how a
// rejected record or an unused side row is printed (as text, or as the library's JSON).
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "icp/batch.hpp"
#include "icp/date.hpp"
#include "runtime/input/decode_json.hpp"
#include "runtime/input/side_tables.hpp"
#include "tools/icpc/output_file.hpp"
#include "tools/icpc/overwrite_guard.hpp"

namespace icp::cli {

// Below this input size no progress bar is drawn: it would only flicker.
inline constexpr std::size_t kProgressThresholdBytes = std::size_t{8} << 20;

// `--as-of`: YYYY-MM-DD; when empty, the nearest icp.toml's `as_of`, else today's UTC date.
// Prints the error itself (a bad date, an icp.toml that cannot be read).
std::optional<Date> parse_as_of(const std::string& text);

// "FILE:LINE: record `ID` rejected: message" as text, or one JSON object per line
// (icp::append_json).
void append_rejection(std::string_view input, const RejectedRecord& rejection, bool json, std::string& out);

// Records with signal events after the as-of date, which are never counted: on stderr,
// `icpc: warning: 12 records have events after the as-of date 2026-11-23 (they are not
// counted); the first: line 4, acc-000004, signals[2] webinar at 2026-12-01`. Nothing when
// `records` is 0. `where` names the first record ("line 4"); `as_of` is nullopt when each
// record has its own (test cases).
void warn_future_events(std::size_t records, std::optional<Date> as_of, const FutureEvent& first,
                        std::string_view where);

// --signals and --contacts, either may be empty. A file that cannot be read, whose header is
// unusable or that is over the row limit is printed and makes this false (exit 2: nothing
// may be decided without it). Rows reported on their own are left in `errors`.
bool load_side_files(const std::string& signals, const std::string& contacts, vm::SideTables& side,
                     std::vector<vm::SideError>& errors);

// A side-file row that was not used: its message as text, or one JSON object per line with
// the side (`signals` or `contacts`) and the file it comes from (docs/evaluation.md).
void append_side_error(const SideFileError& error, bool json, std::string& out);

// "K of N rows of `FILE` not used", one per side file with unused rows.
std::vector<std::string> unused_side_counts(const std::vector<SideFileUse>& files);
std::vector<std::string> unused_side_counts(const vm::SideTables& side, const std::vector<std::size_t>& unused);

// Input ("-" = stdin), output ("" = stdout) and errors ("" = stderr) streams. The outputs
// are Outputs (output_file.hpp): a named one replaces its file only when commit() succeeds.
class OpenFiles {
 public:
  OpenFiles() = default;
  OpenFiles(const OpenFiles&) = delete;
  OpenFiles& operator=(const OpenFiles&) = delete;
  ~OpenFiles();
  // Prints what could not be opened and returns false. `other_inputs` (the rules, side files)
  // are checked with `input` against the outputs before either output is opened.
  bool open(const std::string& input, const std::string& output, const std::string& errors,
            const std::vector<NamedFile>& other_inputs = {});
  std::FILE* input() const { return input_; }
  Output& output() { return *output_; }
  Output& errors() { return *errors_; }
  std::size_t input_size() const { return input_size_; }  // 0 when unknown (stdin)
  // Finishes writing both outputs, then replaces the named ones. Throws WriteError.
  void commit();

 private:
  std::FILE* input_ = nullptr;
  std::optional<Output> output_;
  std::optional<Output> errors_;
  bool close_input_ = false;
  std::size_t input_size_ = 0;
};

}  // namespace icp::cli
