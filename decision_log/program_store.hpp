// The programs that decided, kept in the log folder (programs/<hex>.icpb), so that a log is
// replayed and explained without the rules' source or their git history. Input: a program's
// artifact bytes, or its id. Output: the file, once per id; a loaded, verified program.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "icp/program.hpp"

namespace icp::decision_log {

// Writes the artifact under its id unless a file of that name is there: to a temporary name,
// fsynced, renamed, and the folder fsynced, so the file is whole or absent after a crash.
// The id is of the artifact's code; two builds of one program differing only in their debug
// section (a moved comment) share it, and the first one kept stays.
// `artifact` is the program's .icpb bytes (icp::Program::to_bytes, vm::serialize).
bool keep_program(const std::filesystem::path& folder, std::string_view program_id, std::string_view artifact,
                  std::string& error);

// Kept programs loaded on first use, each verified (Program::load_file) and checked to be the
// program its file name says.
class ProgramStore {
 public:
  explicit ProgramStore(std::filesystem::path folder) : folder_(std::move(folder)) {}
  // Null with `error` when the file is missing, unreadable, not a valid artifact or of
  // another program.
  const Program* get(std::string_view id, std::string& error);

 private:
  std::filesystem::path folder_;
  std::map<std::string, std::unique_ptr<Program>, std::less<>> loaded_;
  std::map<std::string, std::string, std::less<>> failed_;
};

}  // namespace icp::decision_log
