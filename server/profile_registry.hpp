// The profiles being served and the program each serves now. Input: the served files, and
// reload requests. Output: for a request, the program to decide with (kept by the request
// until it ends, so a swap never pulls it away); for /v1/profiles, each profile's state.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "server/profile_sources.hpp"
#include "server/served_program.hpp"

namespace icp::server {

struct ProfileStatus {
  std::string name, file;
  std::shared_ptr<const ServedProgram> program;  // null until a first good load
  std::string loaded_at;       // RFC 3339, UTC, of the program serving; empty without one
  std::string last_error;      // the last failed load's diagnostics; empty when the last load was good
  std::string last_error_at;   // RFC 3339, UTC
};

struct ReloadResult {
  enum class Outcome { loaded, unchanged, failed };
  std::string name;
  Outcome outcome = Outcome::failed;
  std::string program_id;  // the program serving after the reload (empty: none)
  std::string previous_id;
  std::string error;    // failed: the diagnostics, as icpc check draws them
  std::string summary;  // failed: the first error on one line
};

std::string_view outcome_name(ReloadResult::Outcome outcome);

class ProfileRegistry {
 public:
  explicit ProfileRegistry(ServedFiles files);

  // Called with each new program before it is swapped in (the decision log keeps it, so that
  // no entry names a program the log lacks); false with `error` makes the reload fail, and the
  // program serving stays. Set before the first reload.
  using BeforeServing = std::function<bool(const ServedProgram& program, std::string& error)>;
  void set_before_serving(BeforeServing hook) { before_serving_ = std::move(hook); }

  const ServedFiles& files() const { return files_; }
  bool knows(std::string_view name) const;
  // The program serving `name` now; null when the profile is unknown or never loaded.
  std::shared_ptr<const ServedProgram> program(std::string_view name) const;
  std::vector<ProfileStatus> statuses() const;  // in the profiles' order (by name)
  bool ready() const;                           // every profile has a good program

  // Compiles (or loads) the named profiles as they are on disk, all when `names` is empty,
  // and swaps each good one in atomically; a failure keeps the program serving. One reload
  // runs at a time: a second waits for the first.
  std::vector<ReloadResult> reload(const std::vector<std::string>& names = {});

 private:
  struct Entry {
    ProfileSource source;
    std::atomic<std::shared_ptr<const ServedProgram>> program;
    std::string loaded_at, last_error, last_error_at;  // guarded by status_mutex_
  };
  const Entry* find(std::string_view name) const;
  ReloadResult reload_one(Entry& entry);

  ServedFiles files_;
  BeforeServing before_serving_;
  std::vector<std::unique_ptr<Entry>> entries_;  // parallel to files_.profiles
  mutable std::mutex status_mutex_;
  std::mutex reload_mutex_;
};

// The current UTC time as RFC 3339 with seconds: 2026-11-22T09:30:00Z.
std::string utc_timestamp();

}  // namespace icp::server
