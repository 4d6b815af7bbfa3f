// `icpc diff --git REV`: the old version of a file read from git (`git show REV:PATH`).
// Input: a revision and a path as the user typed it (relative to the current folder, or
// absolute). Output: the file's bytes at that revision, or a precise error message.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace icp::cli {

struct CommandResult {
  int status = -1;  // the exit status, or -1 if the command could not be started
  std::string out;
  std::string err;
};

// Runs `argv[0]` found on PATH with exactly these arguments (posix_spawnp: no shell, so
// nothing in a revision or path is ever interpreted), capturing stdout and stderr.
CommandResult run_command(const std::vector<std::string>& argv);

struct GitFile {
  std::string bytes;
  std::string name;  // "REV:PATH", with PATH relative to the repository's root
};

// Reads PATH as it was at REV. On failure returns nullopt and sets `error` to a sentence
// naming the revision, the path and git's own message.
std::optional<GitFile> git_show(const std::string& rev, const std::string& path, std::string& error);

}  // namespace icp::cli
