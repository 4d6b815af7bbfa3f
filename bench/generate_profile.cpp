// Benchmark input for `icpc check` and `icpc build`: a large, realistic profile (about 5,000
// lines with the default sizes) on stdout or --output: a wide schema, named lists, signals
// with caps and decay, bonuses, exclusions, thousands of criteria grouped into tiers, a buying
// committee and a route per tier. Seeded (own PRNG), so the same seed gives the same bytes, and
// it checks clean: every declaration is used, no bound contradicts another.
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
  std::uint32_t below(std::uint32_t n) {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return static_cast<std::uint32_t>(((z ^ (z >> 31)) >> 32) * n >> 32);
  }

 private:
  std::uint64_t state_;
};

// The sizes: with these, the profile is about 5,000 lines.
constexpr int kIntFields = 10, kDecimalFields = 5, kStringFields = 5, kBoolFields = 5, kEnumFields = 5,
              kSetFields = 5;
constexpr int kToolLists = 150, kRegionLists = 60, kSignals = 180, kBonuses = 120, kExclusions = 80;
constexpr int kTiers = 150, kCriteriaPerTier = 23, kRoles = 75;
constexpr const char* kCountries[] = {"US", "GB", "DE", "FR", "CA", "AU", "NL", "SE", "JP", "BR", "IN",
                                      "ES", "IT", "IE", "DK", "NO", "FI", "PL", "CH", "AT", "BE", "SG"};

struct Writer {
  std::string text;
  template <typename... Args>
  void line(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(text), format, std::forward<Args>(args)...);
    text += '\n';
  }
};

void write_header_and_schema(Writer& w) {
  w.line("# A generated profile for the compiler benchmark (bench/generate_profile.cpp).");
  w.line("profile \"Generated benchmark profile\" {{");
  w.line("  owner   \"bench@example.com\"");
  w.line("  version \"1\"");
  w.line("  reviewed     2026-01-01");
  w.line("  review_every 3650d");
  w.line("}}\n");
  w.line("account {{");
  for (int i = 0; i < kIntFields; ++i) w.line("  count_{}: int", i);
  for (int i = 0; i < kDecimalFields; ++i) w.line("  amount_{}: decimal?", i);
  for (int i = 0; i < kStringFields; ++i) w.line("  code_{}: string", i);
  for (int i = 0; i < kBoolFields; ++i) w.line("  flag_{}: bool", i);
  for (int i = 0; i < kEnumFields; ++i) w.line("  stage_{}: enum(v0, v1, v2, v3, v4, v5, v6, v7)", i);
  for (int i = 0; i < kSetFields; ++i) w.line("  tags_{}: set<string>", i);
  w.line("  home: country");
  w.line("}}\n");
}

void write_lists(Writer& w, Random& random) {
  for (int i = 0; i < kToolLists; ++i) {
    w.line("let tools_{} = [\"tool{}\", \"tool{}\", \"tool{}\"]", i, random.below(500), 500 + random.below(500),
           1000 + random.below(500));
  }
  w.line("");
  for (int i = 0; i < kRegionLists; ++i) {
    const std::uint32_t a = random.below(11), b = 11 + random.below(11);
    w.line("let region_{} = [\"{}\", \"{}\"]", i, kCountries[a], kCountries[b]);
  }
  w.line("");
}

void write_signals_and_bonuses(Writer& w, Random& random) {
  for (int i = 0; i < kSignals; ++i) {
    const std::uint32_t weight = 1 + random.below(12), window = 7 * (1 + random.below(12));
    switch (i % 3) {
      case 0: w.line("signal event_{} weight {} within {}d", i, weight, window); break;
      case 1: w.line("signal event_{} weight {} within {}d cap {}", i, weight, window, 1 + random.below(5)); break;
      default:
        w.line("signal event_{} weight {}.5 within {}d decay half_life {}d", i, weight, window, 3 + random.below(20));
    }
  }
  w.line("");
  for (int i = 0; i < kBonuses; ++i) {
    w.line("bonus stack_{} +{} when count(event_{} within {}d) >= {}", i, 1 + random.below(10),
           random.below(kSignals), 7 * (1 + random.below(8)), 2 + random.below(3));
  }
  w.line("");
}

void write_exclusions(Writer& w, Random& random) {
  for (int i = 0; i < kExclusions; ++i) {
    w.line("exclude blocked_{} when flag_{} and stage_{} == v7 and count_{} < {}", i, i % kBoolFields,
           i % kEnumFields, random.below(kIntFields), 1 + random.below(5));
  }
  w.line("");
}

// One criterion of a rotating kind, so every field, list and a spread of operators appear.
std::string criterion_body(int n, Random& random) {
  switch (n % 9) {
    case 0: return fmt::format("count_{} >= {}", random.below(kIntFields), 10 * (1 + random.below(200)));
    case 1: {
      const std::uint32_t low = 10 * random.below(100);
      return fmt::format("count_{} between {} and {}", random.below(kIntFields), low, low + 50 + random.below(5000));
    }
    case 2: return fmt::format("starts_with(code_{}, \"{}\")", random.below(kStringFields), random.below(100));
    case 3: return fmt::format("tags_{} has any tools_{}", random.below(kSetFields), (n / 9) % kToolLists);
    case 4: return fmt::format("stage_{} in [v{}, v{}]", random.below(kEnumFields), random.below(3), 3 + random.below(4));
    case 5: return fmt::format("count(event_{} within {}d) >= {}", random.below(kSignals), 7 * (1 + random.below(8)), 1 + random.below(3));
    case 6: return fmt::format("amount_{} >= {}.25", random.below(kDecimalFields), random.below(1000));
    case 7: return fmt::format("home in region_{}", (n / 9) % kRegionLists);
    default: return fmt::format("not flag_{}", random.below(kBoolFields));
  }
}

void write_criteria_and_tiers(Writer& w, Random& random) {
  for (int t = 0; t < kTiers; ++t) {
    w.line("# tier {} criteria", t + 1);
    for (int c = 0; c < kCriteriaPerTier; ++c) {
      const int n = t * kCriteriaPerTier + c;
      w.line("criterion fit_{} = {}", n, criterion_body(n, random));
    }
  }
  w.line("");
  for (int t = 0; t < kTiers; ++t) {
    std::string names;
    for (int c = 0; c < kCriteriaPerTier; ++c) names += fmt::format(", fit_{}", t * kCriteriaPerTier + c);
    w.line("tier {} \"Segment {}\" = at_least({}{})", t + 1, t + 1, 3 + random.below(4), names);
  }
  w.line("");
}

void write_roles_and_route(Writer& w, Random& random) {
  for (int i = 0; i < kRoles; ++i) {
    w.line("role buyer_{} {{", i);
    w.line("  titles    [\"Head of Function {}*\", \"VP Function {}\"]", i, i);
    w.line("  owns      \"budget line {}\"", random.below(1000));
    w.line("}}");
  }
  w.line("");
  w.line("route {{");
  w.line("  when excluded -> disqualify");
  for (int t = 1; t <= kTiers; ++t) {
    w.line("  when tier == {} and score >= {} -> queue \"segment-{}-hot\" sla 24h", t, 20 + random.below(40), t);
    w.line("  when tier == {} -> queue \"segment-{}\" cadence \"c{}\"", t, t, t % 7);
  }
  w.line("  else -> ignore");
  w.line("}}");
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t seed = 1;
  const char* output = nullptr;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (flag == "--output") output = argv[i + 1];
    else argc = 0;
  }
  if (argc % 2 != 1) {
    std::fputs("usage: bench_generate_profile [--seed S] [--output FILE]\n", stderr);
    return 2;
  }
  Random random(seed);
  Writer w;
  write_header_and_schema(w);
  write_lists(w, random);
  write_signals_and_bonuses(w, random);
  write_exclusions(w, random);
  write_criteria_and_tiers(w, random);
  write_roles_and_route(w, random);
  std::FILE* file = output ? std::fopen(output, "wb") : stdout;
  if (!file || std::fwrite(w.text.data(), 1, w.text.size(), file) != w.text.size()) return 2;
  return (output && std::fclose(file) != 0) ? 2 : 0;
}
