// The decision log's open entries file, as its writer appends to it: whole pieces written with
// writev(2) straight from where the entries were built, a failed write cut back off, rotation
// to the next numbered file, fsync. Input: iovecs of finished entry lines. Output: bytes in
// decisions-NNNNNN.jsonl files.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace icp::decision_log {

class LogFile {
 public:
  LogFile(std::filesystem::path folder, std::uint64_t number, std::uint64_t size)
      : folder_(std::move(folder)), number_(number), size_(size) {}
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  bool open(std::string& error);  // for appending; created (and its folder synced) when absent
  // Writes every byte of `pieces` (`bytes` in all), or none: a failed write is cut back off
  // (ftruncate to the size before it), so the file keeps only whole entries. `broken` is set
  // when even that failed: the file can no longer be trusted.
  bool append(const std::vector<iovec>& pieces, std::size_t bytes, std::string& error, bool& broken);
  // fsyncs this file, closes it and opens the next number, empty.
  bool rotate(std::string& error);
  bool sync(std::string& error);
  // A descriptor of the file open now, for an fsync on another thread while appends go on
  // (the caller closes it); -1 when none is open.
  int duplicate() const;
  bool close(std::string& error);

  std::uint64_t number() const { return number_; }
  std::uint64_t size() const { return size_; }
  std::string name() const;  // the file's path, for messages

 private:
  std::filesystem::path folder_;
  std::uint64_t number_;
  std::uint64_t size_;
  int fd_ = -1;
  mutable std::mutex fd_mutex_;  // fd_ changes (rotate, close) while duplicate() may read it
};

}  // namespace icp::decision_log
