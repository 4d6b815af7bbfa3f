// Running git without a shell (posix_spawnp) and mapping a user's path to the path git
// wants in `REV:PATH`, which is relative to the repository's root, not the current folder.
#include "tools/icpc/git_show.hpp"

#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "tools/icpc/read_text.hpp"

extern char** environ;

namespace icp::cli {
namespace {

namespace fs = std::filesystem;

// Drains both pipes together, so a child that fills one while we block on the other
// cannot deadlock. What goes past a sink's limit is read and dropped: a blob of gigabytes in
// a repository's history keeps one byte more than the largest rules file icp reads, which
// the parser then refuses (E0008).
void read_both(int out_fd, int err_fd, std::string& out, std::string& err) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  const std::size_t limits[2] = {kMaxReadBytes + 1, std::size_t{1} << 20};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t got = read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        const std::size_t room = limits[i] - std::min(limits[i], sinks[i]->size());
        sinks[i]->append(buffer, std::min(room, static_cast<std::size_t>(got)));
      } else if (got == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

// The path relative to the repository root: `git rev-parse --show-prefix` gives the current
// folder's place in the repository for a relative path; an absolute one is taken relative to
// `--show-toplevel`. Returns nullopt with `error` set when git fails or the path leaves the
// repository.
std::optional<std::string> repository_path(const std::string& path, std::string& error) {
  const bool absolute = fs::path(path).is_absolute();
  CommandResult where = run_command({"git", "rev-parse", absolute ? "--show-toplevel" : "--show-prefix"});
  if (where.status != 0) {
    error = where.status < 0 ? fmt::format("cannot run git: {}", trimmed(where.err))
                             : fmt::format("--git needs a git repository: {}", trimmed(where.err));
    return std::nullopt;
  }
  fs::path relative;
  if (absolute) {
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(trimmed(where.out), ec);
    relative = fs::weakly_canonical(path, ec).lexically_relative(root);
  } else {
    relative = (fs::path(trimmed(where.out)) / path).lexically_normal();
  }
  const std::string text = relative.generic_string();
  if (text.empty() || text == "." || text.starts_with("..")) {
    error = fmt::format("`{}` is not inside the git repository", path);
    return std::nullopt;
  }
  return text;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv) {
  CommandResult result;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0) {
    result.err = std::strerror(errno);
    return result;
  }
  if (pipe(err_pipe) != 0) {
    result.err = std::strerror(errno);
    close(out_pipe[0]);
    close(out_pipe[1]);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  // icpc ignores SIGPIPE and SIGXFSZ (standard_streams.hpp), and an ignored signal survives
  // exec: the child gets the defaults back.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  sigaddset(&default_signals, SIGXFSZ);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    result.err = fmt::format("{}: {}", argv[0], std::strerror(spawned));
    return result;
  }
  read_both(out_pipe[0], err_pipe[0], result.out, result.err);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return result;
}

std::optional<GitFile> git_show(const std::string& rev, const std::string& path, std::string& error) {
  // A revision starting with `-` would reach git as an option.
  if (rev.empty() || rev.front() == '-') {
    error = fmt::format("--git `{}` is not a revision such as origin/main or HEAD~1", rev);
    return std::nullopt;
  }
  std::optional<std::string> in_repo = repository_path(path, error);
  if (!in_repo) return std::nullopt;
  GitFile file{"", rev + ":" + *in_repo};
  // `git show` of a folder prints a tree listing with success: ask the object's type first.
  CommandResult type = run_command({"git", "cat-file", "-t", file.name});
  if (type.status == 0 && trimmed(type.out) != "blob") {
    error = fmt::format("`{}` is a folder at revision `{}`, not a file", *in_repo, rev);
    return std::nullopt;
  }
  CommandResult shown = type.status == 0 ? run_command({"git", "show", file.name}) : type;
  if (shown.status != 0) {
    error = shown.status < 0 ? fmt::format("cannot run git: {}", trimmed(shown.err))
                             : fmt::format("cannot read `{}` at revision `{}` (git show {}): {}", *in_repo, rev,
                                           file.name, trimmed(shown.err));
    return std::nullopt;
  }
  file.bytes = std::move(shown.out);
  return file;
}

}  // namespace icp::cli
