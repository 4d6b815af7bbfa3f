// Counting and the Prometheus text exposition (format 0.0.4): `# HELP` and `# TYPE` per
// family, label values escaped (backslash, double quote, newline), histogram buckets
// cumulative with `le="+Inf"` last, then `_sum` and `_count`. Input: counts. Output: text.
#include "server/metrics.hpp"


#include <fmt/format.h>

namespace icp::server {
namespace {

constexpr std::array<std::string_view, kEndpointCount> kEndpointNames = {
    "decide", "decide_all", "batch", "profiles", "healthz", "readyz", "metrics", "reload", "other"};

std::string label(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

std::string_view endpoint_name(Endpoint endpoint) { return kEndpointNames[static_cast<std::size_t>(endpoint)]; }

Metrics::Metrics() = default;

void Metrics::count_request(Endpoint endpoint, unsigned status, double seconds) {
  Histogram& histogram = latency_[static_cast<std::size_t>(endpoint)];
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  histogram.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  histogram.count.fetch_add(1, std::memory_order_relaxed);
  histogram.sum_nanos.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  const std::lock_guard lock(mutex_);
  ++requests_[{endpoint, status}];
}

void Metrics::count_decision(std::string_view profile, std::string_view verdict, std::string_view action,
                             std::uint64_t n) {
  const std::lock_guard lock(mutex_);
  decisions_[{std::string(profile), std::string(verdict), std::string(action)}] += n;
}

void Metrics::count_rejected(std::string_view profile, std::uint64_t n) {
  const std::lock_guard lock(mutex_);
  rejected_[std::string(profile)] += n;
}

void Metrics::count_reload(std::string_view profile, ReloadResult::Outcome outcome) {
  const std::lock_guard lock(mutex_);
  ++reloads_[{std::string(profile), std::string(outcome_name(outcome))}];
}

std::string Metrics::render(const std::vector<ProfileStatus>& profiles, const LogCounts* log) const {
  std::string out;
  {
    const std::lock_guard lock(mutex_);
    family(out, "icp_http_requests_total", "counter", "HTTP requests answered, by endpoint and status code.");
    for (const auto& [key, n] : requests_) {
      out += fmt::format("icp_http_requests_total{{endpoint=\"{}\",status=\"{}\"}} {}\n", endpoint_name(key.first),
                         key.second, n);
    }
    family(out, "icp_decisions_total", "counter", "Accounts decided, by profile, verdict and route action.");
    for (const auto& [key, n] : decisions_) {
      out += fmt::format("icp_decisions_total{{profile=\"{}\",verdict=\"{}\",action=\"{}\"}} {}\n",
                         label(std::get<0>(key)), label(std::get<1>(key)), label(std::get<2>(key)), n);
    }
    family(out, "icp_rejected_records_total", "counter", "Account records rejected (malformed or off the schema), by profile.");
    for (const auto& [profile, n] : rejected_) {
      out += fmt::format("icp_rejected_records_total{{profile=\"{}\"}} {}\n", label(profile), n);
    }
    family(out, "icp_reloads_total", "counter", "Profile reloads, by profile and outcome (loaded, unchanged, failed).");
    for (const auto& [key, n] : reloads_) {
      out += fmt::format("icp_reloads_total{{profile=\"{}\",outcome=\"{}\"}} {}\n", label(key.first), key.second, n);
    }
  }
  family(out, "icp_request_duration_seconds", "histogram", "Time from a request's last header byte to its response, by endpoint.");
  for (std::size_t e = 0; e < kEndpointCount; ++e) {
    const Histogram& histogram = latency_[e];
    const std::uint64_t count = histogram.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += histogram.buckets[b].load(std::memory_order_relaxed);
      const std::string le = b < kBuckets.size() ? fmt::format("{}", kBuckets[b]) : "+Inf";
      out += fmt::format("icp_request_duration_seconds_bucket{{endpoint=\"{}\",le=\"{}\"}} {}\n", kEndpointNames[e], le,
                         cumulative);
    }
    out += fmt::format("icp_request_duration_seconds_sum{{endpoint=\"{}\"}} {:.9f}\n", kEndpointNames[e],
                       static_cast<double>(histogram.sum_nanos.load(std::memory_order_relaxed)) / 1e9);
    out += fmt::format("icp_request_duration_seconds_count{{endpoint=\"{}\"}} {}\n", kEndpointNames[e], cumulative);
  }
  family(out, "icp_program_info", "gauge", "The program each profile serves (1), labelled with its id, version and owner.");
  for (const ProfileStatus& profile : profiles) {
    if (!profile.program) continue;
    out += fmt::format("icp_program_info{{profile=\"{}\",program=\"{}\",version=\"{}\",owner=\"{}\"}} 1\n",
                       label(profile.name), label(profile.program->id()), label(profile.program->version()),
                       label(profile.program->owner()));
  }
  family(out, "icp_profile_reload_error", "gauge", "1 when the profile's last reload failed (the last good program serves on).");
  for (const ProfileStatus& profile : profiles) {
    out += fmt::format("icp_profile_reload_error{{profile=\"{}\"}} {}\n", label(profile.name),
                       profile.last_error.empty() ? 0 : 1);
  }
  family(out, "icp_open_connections", "gauge", "Client connections open now.");
  out += fmt::format("icp_open_connections {}\n", open_connections_.load(std::memory_order_relaxed));
  family(out, "icp_refused_connections_total", "counter", "Connections refused with 503 at the --max-connections cap.");
  out += fmt::format("icp_refused_connections_total {}\n", refused_connections_.load(std::memory_order_relaxed));
  if (log != nullptr) render_log(*log, out);
  return out;
}

void Metrics::render_log(const LogCounts& log, std::string& out) const {
  family(out, "icp_decision_log_entries_total", "counter", "Decisions written to the decision log.");
  out += fmt::format("icp_decision_log_entries_total {}\n", log.entries);
  family(out, "icp_decision_log_writes_total", "counter", "Groups of entries written at once (group commit).");
  out += fmt::format("icp_decision_log_writes_total {}\n", log.groups);
  family(out, "icp_decision_log_fsyncs_total", "counter", "fsyncs of the decision log's files.");
  out += fmt::format("icp_decision_log_fsyncs_total {}\n", log.fsyncs);
  family(out, "icp_decision_log_failures_total", "counter",
         "Requests answered 503 because their decisions could not be written to the decision log.");
  out += fmt::format("icp_decision_log_failures_total {}\n", log_failures_.load(std::memory_order_relaxed));
}

}  // namespace icp::server
