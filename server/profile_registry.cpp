// Atomic swaps of served programs, and each profile's load history. Input: reload requests.
// Output: the programs requests decide with; the states /v1/profiles and /metrics show.
#include "server/profile_registry.hpp"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

namespace icp::server {

std::string_view outcome_name(ReloadResult::Outcome outcome) {
  switch (outcome) {
    case ReloadResult::Outcome::loaded: return "loaded";
    case ReloadResult::Outcome::unchanged: return "unchanged";
    case ReloadResult::Outcome::failed: break;
  }
  return "failed";
}

std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                     parts.tm_hour, parts.tm_min, parts.tm_sec);
}

ProfileRegistry::ProfileRegistry(ServedFiles files) : files_(std::move(files)) {
  for (const ProfileSource& source : files_.profiles) {
    auto entry = std::make_unique<Entry>();
    entry->source = source;
    entries_.push_back(std::move(entry));
  }
}

const ProfileRegistry::Entry* ProfileRegistry::find(std::string_view name) const {
  for (const auto& entry : entries_) {
    if (entry->source.name == name) return entry.get();
  }
  return nullptr;
}

bool ProfileRegistry::knows(std::string_view name) const { return find(name) != nullptr; }

std::shared_ptr<const ServedProgram> ProfileRegistry::program(std::string_view name) const {
  const Entry* entry = find(name);
  return entry == nullptr ? nullptr : entry->program.load();
}

std::vector<ProfileStatus> ProfileRegistry::statuses() const {
  std::vector<ProfileStatus> out;
  const std::lock_guard lock(status_mutex_);
  for (const auto& entry : entries_) {
    out.push_back(ProfileStatus{entry->source.name, entry->source.file, entry->program.load(), entry->loaded_at,
                                entry->last_error, entry->last_error_at});
  }
  return out;
}

bool ProfileRegistry::ready() const {
  for (const auto& entry : entries_) {
    if (!entry->program.load()) return false;
  }
  return true;
}

ReloadResult ProfileRegistry::reload_one(Entry& entry) {
  ReloadResult result;
  result.name = entry.source.name;
  const std::shared_ptr<const ServedProgram> serving = entry.program.load();
  if (serving) result.previous_id = serving->id();
  LoadOutcome loaded = load_profile(entry.source);
  const bool is_new = loaded.program && (!serving || serving->id() != loaded.program->id());
  if (std::string error; is_new && before_serving_ && !before_serving_(*loaded.program, error)) {
    loaded.summary = fmt::format("cannot keep its program {} in the decision log: {}", loaded.program->id(), error);
    loaded.error = loaded.summary;
    loaded.program.reset();
  }
  const std::string now = utc_timestamp();
  const std::lock_guard lock(status_mutex_);
  if (!loaded.program) {
    result.outcome = ReloadResult::Outcome::failed;
    result.program_id = result.previous_id;
    result.error = std::move(loaded.error);
    result.summary = std::move(loaded.summary);
    entry.last_error = result.error;
    entry.last_error_at = now;
    return result;
  }
  entry.last_error.clear();
  entry.last_error_at.clear();
  result.program_id = loaded.program->id();
  if (serving && serving->id() == loaded.program->id()) {
    result.outcome = ReloadResult::Outcome::unchanged;  // same program: keep the one serving (and its pool)
    return result;
  }
  result.outcome = ReloadResult::Outcome::loaded;
  entry.loaded_at = now;
  entry.program.store(std::move(loaded.program));
  return result;
}

std::vector<ReloadResult> ProfileRegistry::reload(const std::vector<std::string>& names) {
  const std::lock_guard lock(reload_mutex_);
  std::vector<ReloadResult> results;
  for (const auto& entry : entries_) {
    bool wanted = names.empty();
    for (const std::string& name : names) wanted = wanted || name == entry->source.name;
    if (wanted) results.push_back(reload_one(*entry));
  }
  return results;
}

}  // namespace icp::server
