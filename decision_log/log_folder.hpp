// The decision log's folder: numbered entries files (decisions-000001.jsonl, …), the programs
// that decided (programs/<hex>.icpb) and a lock file. Input: a folder path. Output: its file
// names, the files present in order, and the folder's lock for one writer at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace icp::decision_log {

// "decisions-000001.jsonl": six digits at least, so names sort as numbers up to 999,999.
std::string entries_file_name(std::uint64_t number);
// The number of an entries file's name; nullopt for any other name.
std::optional<std::uint64_t> entries_file_number(std::string_view name);

struct EntriesFile {
  std::uint64_t number = 0;
  std::filesystem::path path;
};

// The folder's entries files, in number order. False with `error` when the folder cannot be
// read (or is not a folder).
bool list_entries_files(const std::filesystem::path& folder, std::vector<EntriesFile>& files, std::string& error);

inline constexpr std::string_view kProgramsFolder = "programs";
// programs/<64 hex>.icpb for "sha256:<64 hex>".
std::filesystem::path program_path(const std::filesystem::path& folder, std::string_view program_id);

// Held while a log is written: a second writer of the same folder (another `icpc serve`, an
// `icpc eval --log`) is refused rather than interleaving its entries and forking the chain.
// flock(2) on the folder's `lock` file, released when the holder ends, even by kill -9.
class FolderLock {
 public:
  static std::optional<FolderLock> acquire(const std::filesystem::path& folder, std::string& error);
  FolderLock(FolderLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  FolderLock& operator=(FolderLock&&) = delete;
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  ~FolderLock();

 private:
  explicit FolderLock(int fd) : fd_(fd) {}
  int fd_;
};

// Opens `path` for appending (created when absent) and fsyncs its folder when it was created,
// so the new name survives a crash. -1 with `error` on failure.
int open_for_append(const std::filesystem::path& path, std::string& error);
// fsync of a folder, so that files created or renamed in it are durable.
bool sync_folder(const std::filesystem::path& folder, std::string& error);

}  // namespace icp::decision_log
