// Where a decision log left off, for the writer that continues it. Input: the folder's
// entries files. Output: the last whole entry's seq and SHA-256 (the next entry's `prev`),
// and the file to append to: the last one, or a new one after a torn tail (docs/decision-log.md
// "Reopening"). Nothing already written is changed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "decision_log/log_folder.hpp"
#include "decision_log/sha256_state.hpp"

namespace icp::decision_log {

struct LogTail {
  std::uint64_t next_seq = 1;
  Digest prev = kGenesis;
  std::uint64_t file_number = 1;  // the file to append to
  std::uint64_t file_bytes = 0;   // its size now (0 for a new file)
  std::vector<std::string> notes; // what the host should print (a torn tail left in place)
};

// Reads the end of each file from the last back to the first whole line. A last file that
// does not end in a newline holds a torn entry (a crash mid-write): it stays as it is, and the
// tail names the next file, whose first entry chains to the last whole one. nullopt with
// `error` when the last whole line is not an entry (the log was damaged: run verify).
std::optional<LogTail> find_tail(const std::vector<EntriesFile>& files, std::string& error);

// The last line of `path` that ends in a newline (newline included), or empty; `torn` is the
// number of bytes after it (a torn entry when not 0); `size` is the file's size.
bool read_last_line(const std::filesystem::path& path, std::string& line, std::uint64_t& torn, std::uint64_t& size,
                    std::string& error);

}  // namespace icp::decision_log
