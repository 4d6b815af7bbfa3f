// Keeping and loading the log's programs (program_store.hpp). Input: icp::Program values, or
// ids. Output: programs/<hex>.icpb files; loaded programs.
#include "decision_log/program_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "decision_log/log_folder.hpp"

namespace icp::decision_log {
namespace {

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

bool keep_program(const std::filesystem::path& folder, std::string_view program_id, std::string_view bytes,
                  std::string& error) {
  const std::filesystem::path path = program_path(folder, program_id);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return true;
  const std::filesystem::path programs = path.parent_path();
  std::filesystem::create_directories(programs, ec);
  if (ec) {
    error = fmt::format("cannot create `{}`: {}", programs.string(), ec.message());
    return false;
  }
  const std::filesystem::path temporary = programs / fmt::format(".{}.{}.tmp", path.filename().string(), ::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  bool ok = fd >= 0 && write_all(fd, bytes) && ::fsync(fd) == 0;
  const int failure = errno;
  if (fd >= 0) ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = fmt::format("cannot write `{}`: {}", path.string(), std::strerror(ok ? errno : failure));
    std::filesystem::remove(temporary, ec);
    return false;
  }
  return sync_folder(programs, error);
}

const Program* ProgramStore::get(std::string_view id, std::string& error) {
  if (const auto found = loaded_.find(id); found != loaded_.end()) return found->second.get();
  if (const auto found = failed_.find(id); found != failed_.end()) {
    error = found->second;
    return nullptr;
  }
  const std::filesystem::path path = program_path(folder_, id);
  const LoadResult result = Program::load_file(path.string());
  std::string problem;
  if (!result.program) {
    problem = result.error.kind == LoadError::Kind::io
                  ? fmt::format("program {} is not in the log: `{}`: {}", id, path.string(), result.error.message)
                  : fmt::format("program {} in `{}` is not a valid artifact: {}", id, path.string(), result.error.message);
  } else if (result.program->id() != id) {
    problem = fmt::format("`{}` holds program {}, not {}: the file was changed", path.string(), result.program->id(), id);
  }
  if (!problem.empty()) {
    error = problem;
    failed_.emplace(std::string(id), std::move(problem));
    return nullptr;
  }
  auto program = std::make_unique<Program>(*result.program);
  const Program* kept = program.get();
  loaded_.emplace(std::string(id), std::move(program));
  return kept;
}

}  // namespace icp::decision_log
