// Benchmark input: N accounts of the reference workload (bench/WORKLOAD.md
// "Accounts") as JSON Lines on stdout or --output. Same N and seed give the same bytes: the
// generator uses its own PRNG (splitmix64) and integer arithmetic wherever it can, never
// std::*_distribution, whose output differs between standard libraries.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>((next() >> 32) * n >> 32); }
  bool chance(std::uint32_t percent) { return below(100) < percent; }

 private:
  std::uint64_t state_;
};

constexpr std::array<std::string_view, 3> kSoftwareNaics = {"5112", "5182", "5415"};
constexpr std::array<std::string_view, 12> kOtherNaics = {"3341", "5413", "5416", "5221", "6211", "4541",
                                                          "5239", "5121", "6221", "4236", "3254", "5311"};
constexpr std::array<std::string_view, 5> kSanctioned = {"RU", "KP", "IR", "CU", "SY"};
// Percent of the non-sanctioned 97%: US 42, GB 12, DE 10, IN 10, FR 8, CA 8, AU/NL/SE/JP/BR 2 each.
struct CountryShare {
  std::string_view code;
  std::uint32_t percent;
};
constexpr std::array<CountryShare, 11> kCountries = {{{"US", 42}, {"GB", 12}, {"DE", 10}, {"IN", 10},
                                                      {"FR", 8}, {"CA", 8}, {"AU", 2}, {"NL", 2},
                                                      {"SE", 2}, {"JP", 2}, {"BR", 2}}};
constexpr std::array<std::string_view, 7> kStages = {"seed", "series_a", "series_b", "series_c",
                                                     "growth", "public", "bootstrapped"};
constexpr std::array<std::string_view, 20> kTech = {
    "okta",   "crowdstrike", "zscaler", "salesforce", "hubspot", "snowflake", "aws",
    "gcp",    "azure",       "datadog", "slack",      "zoom",    "jira",      "github",
    "gitlab", "marketo",     "workday", "netsuite",   "stripe",  "twilio"};
constexpr std::array<std::string_view, 5> kSignalTypes = {"g2_visit", "exec_hire", "job_post",
                                                          "content_download", "webinar"};
constexpr std::array<std::string_view, 12> kTitles = {
    "CFO",        "VP Finance", "CISO", "Head of Security", "Security Engineer", "IT Manager",
    "Procurement Manager", "CEO", "CTO", "VP Engineering", "Marketing Manager", "Office Manager"};

std::string_view pick_country(Random& random) {
  if (random.chance(3)) return kSanctioned[random.below(kSanctioned.size())];
  std::uint32_t roll = random.below(100);
  for (const auto& share : kCountries) {
    if (roll < share.percent) return share.code;
    roll -= share.percent;
  }
  return kCountries.back().code;
}

void append_tech(Random& random, std::string& out) {
  std::array<std::uint32_t, kTech.size()> order{};
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  const std::uint32_t count = random.below(7);
  out += "\"tech\":[";
  for (std::uint32_t i = 0; i < count; ++i) {  // a partial Fisher-Yates shuffle: distinct picks
    std::swap(order[i], order[i + random.below(static_cast<std::uint32_t>(order.size()) - i)]);
    fmt::format_to(std::back_inserter(out), "{}\"{}\"", i == 0 ? "" : ",", kTech[order[i]]);
  }
  out += "]";
}

void append_account(Random& random, std::uint64_t number, std::string& out) {
  // Log-uniform over 5..50000, rounded to the nearest integer.
  const auto employees = static_cast<std::int64_t>(std::llround(5.0 * std::pow(10000.0, random.unit())));
  const auto revenue_cents = static_cast<std::int64_t>(
      std::llround(static_cast<double>(employees) * (0.05 + 0.35 * random.unit()) * 100.0));
  const bool software = random.chance(30);
  const std::string_view prefix =
      software ? kSoftwareNaics[random.below(kSoftwareNaics.size())] : kOtherNaics[random.below(kOtherNaics.size())];
  const std::uint32_t suffix = random.below(100);
  const std::string_view country = pick_country(random);
  const std::string_view stage = kStages[random.below(kStages.size())];
  fmt::format_to(std::back_inserter(out),
                 "{{\"id\":\"acc-{:06d}\",\"employees\":{},\"revenue_musd\":{}.{:02d},\"naics\":\"{}{:02d}\","
                 "\"country\":\"{}\",\"funding_stage\":\"{}\",",
                 number, employees, revenue_cents / 100, revenue_cents % 100, prefix, suffix, country, stage);
  append_tech(random, out);
  fmt::format_to(std::back_inserter(out), ",\"is_customer\":{},\"signals\":[", random.chance(5) ? "true" : "false");
  const std::uint32_t signals = random.below(13);
  for (std::uint32_t i = 0; i < signals; ++i) {
    const std::string_view type = kSignalTypes[random.below(kSignalTypes.size())];
    const double u = random.unit();
    const auto days_ago = static_cast<std::int64_t>(std::floor(366.0 * u * u));
    fmt::format_to(std::back_inserter(out), "{}{{\"type\":\"{}\",\"days_ago\":{}}}", i == 0 ? "" : ",", type,
                   days_ago);
  }
  out += "],\"contacts\":[";
  const std::uint32_t contacts = random.below(9);
  for (std::uint32_t i = 0; i < contacts; ++i) {
    fmt::format_to(std::back_inserter(out), "{}{{\"title\":\"{}\"}}", i == 0 ? "" : ",",
                   kTitles[random.below(kTitles.size())]);
  }
  out += "]}\n";
}

int usage() {
  std::fputs("usage: bench_generate_accounts N [--seed S] [--output FILE]\n", stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  char* end = nullptr;
  const std::uint64_t count = std::strtoull(argv[1], &end, 10);
  if (*end != '\0') return usage();
  std::uint64_t seed = 1;
  const char* output = nullptr;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--seed") {
      seed = std::strtoull(argv[i + 1], &end, 10);
    } else if (flag == "--output") {
      output = argv[i + 1];
    } else {
      return usage();
    }
  }
  if (argc % 2 != 0) return usage();
  std::FILE* file = output ? std::fopen(output, "wb") : stdout;
  if (!file) {
    std::fprintf(stderr, "bench_generate_accounts: cannot write %s\n", output);
    return 2;
  }
  Random random(seed);
  std::string out;
  for (std::uint64_t i = 1; i <= count; ++i) {
    append_account(random, i, out);
    if (out.size() > (1u << 20) || i == count) {
      std::fwrite(out.data(), 1, out.size(), file);
      out.clear();
    }
  }
  if (output && std::fclose(file) != 0) return 2;
  return 0;
}
