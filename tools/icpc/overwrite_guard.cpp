// Same-file detection by device and inode (stat follows symbolic links; hard links share an
// inode), for named files and for descriptors 0-2.
#include "tools/icpc/overwrite_guard.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "tools/icpc/commands.hpp"

namespace icp::cli {
namespace {

struct FileIdentity {
  dev_t device;
  ino_t inode;
  bool operator==(const FileIdentity&) const = default;
};

std::optional<FileIdentity> regular_file(int status_result, const struct stat& status) {
  if (status_result != 0 || !S_ISREG(status.st_mode)) return std::nullopt;
  return FileIdentity{status.st_dev, status.st_ino};
}

// The file behind a name, or behind descriptor `fd` for "-" (standard input or output).
std::optional<FileIdentity> identity(const std::string& path, int fd) {
  struct stat status {};
  if (path == "-") return regular_file(fstat(fd, &status), status);
  return regular_file(stat(path.c_str(), &status), status);
}

std::string describe(const NamedFile& file) {
  if (file.path == "-") return std::string(file.role);
  if (file.role.starts_with('-')) return fmt::format("`{} {}`", file.role, file.path);
  return fmt::format("{} `{}`", file.role, file.path);
}

// An output: the file it names now (if any), and its path with links and `..` resolved, so
// two outputs naming one file not yet created are caught too.
struct WrittenFile {
  NamedFile file;
  std::optional<FileIdentity> id;
  std::string resolved;
};

}  // namespace

bool outputs_apart_from_inputs(const std::vector<NamedFile>& inputs, const std::vector<NamedFile>& outputs) {
  std::vector<std::pair<NamedFile, FileIdentity>> read;
  for (const NamedFile& input : inputs) {
    if (input.path.empty()) continue;
    const NamedFile named = input.path == "-" ? NamedFile{"standard input", "-"} : input;
    if (auto id = identity(input.path, STDIN_FILENO)) read.emplace_back(named, *id);
  }
  std::vector<WrittenFile> written;
  for (const NamedFile& output : outputs) {
    if (output.path.empty() || output.path == "-") continue;
    std::error_code ec;
    const std::string resolved = std::filesystem::weakly_canonical(output.path, ec).string();
    written.push_back({output, identity(output.path, -1), ec ? output.path : resolved});
  }
  // The shell opened these before icpc started: `>` has already emptied an input named there.
  written.push_back({NamedFile{"standard output", "-"}, identity("-", STDOUT_FILENO), ""});
  written.push_back({NamedFile{"standard error", "-"}, identity("-", STDERR_FILENO), ""});
  for (std::size_t i = 0; i < written.size(); ++i) {
    const WrittenFile& output = written[i];
    for (const auto& [input, id] : read) {
      if (output.id != id) continue;
      print_error(fmt::format("{} and {} are the same file: writing the output would destroy the input{}",
                              describe(output.file), describe(input),
                              output.file.path == "-" ? " (the shell's `>` empties it before icpc starts)" : ""));
      return false;
    }
    for (std::size_t j = 0; j < i; ++j) {
      // Standard output and error sharing a file (`>log 2>&1`), or a named output writing
      // to one of them (`--errors /dev/stderr`), is the user's choice, not a clash.
      if (output.file.path == "-" || written[j].file.path == "-") continue;
      if ((output.id && output.id == written[j].id) || output.resolved == written[j].resolved) {
        print_error(fmt::format("{} and {} are the same file: one output would overwrite the other",
                                describe(written[j].file), describe(output.file)));
        return false;
      }
    }
  }
  return true;
}

}  // namespace icp::cli
