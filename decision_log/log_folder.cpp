// The log folder's names, listing, lock and durable file creation (log_folder.hpp).
// Input: paths. Output: file lists, descriptors, errors worded for the user.
#include "decision_log/log_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace icp::decision_log {
namespace {

constexpr std::string_view kPrefix = "decisions-";
constexpr std::string_view kSuffix = ".jsonl";

}  // namespace

std::string entries_file_name(std::uint64_t number) { return fmt::format("{}{:06}{}", kPrefix, number, kSuffix); }

std::optional<std::uint64_t> entries_file_number(std::string_view name) {
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return std::nullopt;
  const std::string_view digits = name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  if (digits.size() < 6 || digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  std::uint64_t number = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), number);
  // One spelling per number: a seventh digit only past 999,999.
  if (number == 0 || entries_file_name(number) != name) return std::nullopt;
  return number;
}

bool list_entries_files(const std::filesystem::path& folder, std::vector<EntriesFile>& files, std::string& error) {
  files.clear();
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) {
    error = fmt::format("`{}` is not a folder", folder.string());
    return false;
  }
  std::filesystem::directory_iterator it(folder, ec);
  if (ec) {
    error = fmt::format("cannot read `{}`: {}", folder.string(), ec.message());
    return false;
  }
  for (const auto& item : it) {
    if (const auto number = entries_file_number(item.path().filename().string())) files.push_back({*number, item.path()});
  }
  std::sort(files.begin(), files.end(), [](const EntriesFile& a, const EntriesFile& b) { return a.number < b.number; });
  return true;
}

std::filesystem::path program_path(const std::filesystem::path& folder, std::string_view program_id) {
  std::string_view hex = program_id;
  if (hex.starts_with("sha256:")) hex.remove_prefix(7);
  return folder / kProgramsFolder / (std::string(hex) + ".icpb");
}

std::optional<FolderLock> FolderLock::acquire(const std::filesystem::path& folder, std::string& error) {
  const std::filesystem::path path = folder / "lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = fmt::format("cannot open `{}`: {}", path.string(), std::strerror(errno));
    return std::nullopt;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int failure = errno;
    ::close(fd);
    error = failure == EWOULDBLOCK
                ? fmt::format("the decision log `{}` is being written by another process (it holds `{}`)",
                              folder.string(), path.string())
                : fmt::format("cannot lock `{}`: {}", path.string(), std::strerror(failure));
    return std::nullopt;
  }
  return FolderLock(fd);
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

int open_for_append(const std::filesystem::path& path, std::string& error) {
  std::error_code ec;
  const bool existed = std::filesystem::exists(path, ec);
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = fmt::format("cannot open `{}` for writing: {}", path.string(), std::strerror(errno));
    return -1;
  }
  if (!existed && !sync_folder(path.parent_path(), error)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool sync_folder(const std::filesystem::path& folder, std::string& error) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    error = fmt::format("cannot sync the folder `{}`: {}", folder.string(), std::strerror(errno));
    if (fd >= 0) ::close(fd);
    return false;
  }
  ::close(fd);
  return true;
}

}  // namespace icp::decision_log
