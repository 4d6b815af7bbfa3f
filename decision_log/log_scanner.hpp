// Reading a decision log's files in order, a line at a time. Input: the log folder.
// Output: each line with the file and line number it is at, the last bytes of a file that
// lack a newline marked torn. Files are mapped, not copied: lines are views.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "decision_log/log_folder.hpp"

namespace icp::decision_log {

struct LogLine {
  std::size_t file = 0;          // index into LogScanner::files()
  std::uint64_t number = 0;      // 1-based, in its file
  std::string_view bytes;        // the line, with its newline unless torn
  bool torn = false;             // a file's last bytes, with no newline: an entry never finished
  std::string_view text() const { return torn ? bytes : bytes.substr(0, bytes.size() - 1); }
};

class LogScanner {
 public:
  LogScanner() = default;
  ~LogScanner();
  LogScanner(const LogScanner&) = delete;
  LogScanner& operator=(const LogScanner&) = delete;

  // Lists the folder's entries files; false with `error` when it cannot be read.
  bool open(const std::filesystem::path& folder, std::string& error);
  const std::vector<EntriesFile>& files() const { return files_; }
  // The next line, in file order then line order. False at the end, or when a file cannot be
  // read (then error() says why). A view stays valid until the scanner moves past its file.
  bool next(LogLine& line);
  const std::string& error() const { return error_; }
  // The file name of files()[index], for messages: "decisions-000002.jsonl".
  std::string name(std::size_t index) const { return files_[index].path.filename().string(); }

 private:
  bool map(std::size_t index);
  void unmap();

  std::vector<EntriesFile> files_;
  std::size_t current_ = 0;  // the file mapped, or the next one to map
  bool mapped_ = false;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t at_ = 0;
  std::uint64_t number_ = 0;
  std::string error_;
};

}  // namespace icp::decision_log
