// The benchmark rules (bench/rules.icp) written by hand, as a careful C++ engineer would:
// plain structs with std::string fields in, a small Decision struct out, one pass over the
// signals and contacts, no allocation while deciding. The reference point icp is measured
// against (bench/README.md); it must decide exactly what icp decides.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

struct Signal {
  std::string type;
  std::int64_t days_ago = 0;
};

struct Account {
  std::string id;
  std::int64_t employees = 0;
  double revenue_musd = 0;
  std::string naics;
  std::string country;
  std::string funding_stage;
  std::vector<std::string> tech;
  bool is_customer = false;
  std::vector<Signal> signals;
  std::vector<std::string> contact_titles;
};

enum class Verdict : std::uint8_t { excluded, tier, no_fit };
enum class Route : std::uint8_t { disqualify, ae_enterprise, sdr_outbound, nurture, ignore };

inline constexpr std::array<std::string_view, 3> kExclusionNames = {"existing_customer", "too_small", "sanctioned"};
inline constexpr std::array<std::string_view, 3> kTierLabels = {"Perfect fit", "Near fit", "Adjacent"};
inline constexpr std::array<std::string_view, 2> kRoleNames = {"economic_buyer", "technical_evaluator"};

struct Decision {
  Verdict verdict = Verdict::no_fit;
  int excluded_by = -1;  // index into kExclusionNames
  int fit_tier = 0;      // first tier that holds, ignoring exclusions; 0 for none
  std::int64_t score = 0;
  bool roles[2] = {false, false};
  Route route = Route::ignore;
  int route_rule = 5;  // 1-based, as in the route block
};

namespace detail {

inline bool starts_with_any(std::string_view text, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (text.starts_with(p)) return true;
  }
  return false;
}

inline bool equals_any(std::string_view text, std::initializer_list<std::string_view> options) {
  for (std::string_view o : options) {
    if (text == o) return true;
  }
  return false;
}

// Role titles match case-insensitively (ASCII), as icp's patterns do.
inline bool same_title(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

struct SignalCounts {
  int g2_30 = 0, exec_90 = 0, job_60 = 0, download_30 = 0, any_30 = 0;
};

inline SignalCounts count_signals(const Account& a) {
  SignalCounts c;
  for (const Signal& s : a.signals) {
    const std::int64_t age = s.days_ago;
    if (age < 0) continue;
    const std::string_view type = s.type;
    const bool declared = equals_any(type, {"g2_visit", "exec_hire", "job_post", "content_download", "webinar"});
    if (!declared) continue;
    if (age <= 30) ++c.any_30;
    if (type == "g2_visit") {
      c.g2_30 += age <= 30;
    } else if (type == "exec_hire") {
      c.exec_90 += age <= 90;
    } else if (type == "job_post") {
      c.job_60 += age <= 60;
    } else if (type == "content_download") {
      c.download_30 += age <= 30;
    }
  }
  return c;
}

}  // namespace detail

inline Decision decide(const Account& a) {
  using namespace detail;
  Decision d;
  if (a.is_customer) {
    d.excluded_by = 0;
  } else if (a.employees < 50) {
    d.excluded_by = 1;
  } else if (equals_any(a.country, {"RU", "KP", "IR", "CU", "SY"})) {
    d.excluded_by = 2;
  }
  const SignalCounts c = count_signals(a);
  const bool size = a.employees >= 200 && a.employees <= 2000;
  const bool software = starts_with_any(a.naics, {"5112", "5182", "5415"});
  bool stack = false;
  for (const std::string& t : a.tech) stack = stack || equals_any(t, {"okta", "crowdstrike", "zscaler"});
  const bool funded = equals_any(a.funding_stage, {"series_b", "series_c", "growth"});
  const bool hiring = c.exec_90 >= 1;
  const int met = size + software + stack + funded + hiring;
  d.fit_tier = met == 5 ? 1 : met >= 4 ? 2 : (software && a.employees >= 50) ? 3 : 0;
  d.score = 10 * c.g2_30 + 8 * c.exec_90 + 6 * c.job_60 + 2 * std::min(c.download_30, 3) + (c.any_30 >= 3 ? 10 : 0);
  for (const std::string& title : a.contact_titles) {
    d.roles[0] = d.roles[0] || same_title(title, "CFO") || same_title(title, "VP Finance");
    d.roles[1] = d.roles[1] || same_title(title, "CISO") || same_title(title, "Head of Security");
  }
  d.verdict = d.excluded_by >= 0 ? Verdict::excluded : d.fit_tier > 0 ? Verdict::tier : Verdict::no_fit;
  if (d.excluded_by >= 0) {
    d.route = Route::disqualify, d.route_rule = 1;
  } else if (d.fit_tier == 1 && d.score >= 25) {
    d.route = Route::ae_enterprise, d.route_rule = 2;
  } else if (d.fit_tier == 1 || d.fit_tier == 2) {
    d.route = Route::sdr_outbound, d.route_rule = 3;
  } else if (d.fit_tier == 3) {
    d.route = Route::nurture, d.route_rule = 4;
  } else {
    d.route = Route::ignore, d.route_rule = 5;
  }
  return d;
}

}  // namespace bench
