// Which files `icpc serve` serves, and loading one of them. Input: the command line's paths
// (an icp.toml project as `icpc check` reads it, .icp sources, built .icpb artifacts).
// Output: one ProfileSource per profile, addressed by its file's stem, and for each load a
// ServedProgram or the diagnostics that say why there is none.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/served_program.hpp"

namespace icp::server {

struct ProfileSource {
  std::string name;      // the file's stem: examples/plg-smb.icp -> plg-smb
  std::string file;      // the path as read (relative paths stay relative)
  std::string manifest;  // the icp.toml compiled under (.icp only); empty: none
  bool artifact = false;  // a built .icpb, loaded and verified rather than compiled
};

struct ServedFiles {
  std::vector<ProfileSource> profiles;  // sorted by name: the order POST /v1/decide answers in
  std::string manifest;                 // the project's icp.toml, watched too; empty: none
};

// Resolves the paths: none -> the icp.toml of the current folder or the nearest above; a
// folder -> its icp.toml's `files` when it has one, else every *.icp below it; icp.toml ->
// its `files`; a .icp or .icpb file as given (a .icp compiled under `manifest` when given,
// else under the project's). nullopt with `error` set when a path cannot be used, two files
// share a stem, or there are more profiles than icp.toml's `max_profiles` (default 3).
std::optional<ServedFiles> resolve_served_files(const std::vector<std::string>& paths, const std::string& manifest,
                                                std::string& error);

struct LoadOutcome {
  std::shared_ptr<const ServedProgram> program;  // null when the file failed to load
  std::string error;     // every diagnostic as `icpc check` draws them (no colour); empty on success
  std::string summary;   // the first error on one line, for the log
  std::size_t warnings = 0;
};

// Reads and compiles (or loads and verifies) the profile as it is on disk now.
LoadOutcome load_profile(const ProfileSource& source);

}  // namespace icp::server
