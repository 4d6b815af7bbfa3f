// bench_handwritten: the hand-written C++ implementation of bench/rules.icp, end to end as a
// user would write it: std::getline + simdjson (DOM) into std::string structs, every record
// held in memory, decide each, then write one decision JSON line per account with fmt into an
// std::ofstream. Modes (bench/README.md):
//   --input F --output F [--as-of D]   whole process (stage times on stderr with --stages)
//   --eval-only --input F [--passes K] decode untimed, then time deciding every record (K times)
//   --canonical --input F --output F   the cross-check form (bench/canonical.md)
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "bench/handwritten/rules.hpp"

namespace {

using bench::Account;
using bench::Decision;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One record; simdjson throws on malformed JSON or a wrong type, which rejects the record.
Account parse_account(simdjson::dom::element doc) {
  Account a;
  a.id = std::string(std::string_view(doc["id"]));
  a.employees = std::int64_t(doc["employees"]);
  a.revenue_musd = double(doc["revenue_musd"]);
  a.naics = std::string(std::string_view(doc["naics"]));
  a.country = std::string(std::string_view(doc["country"]));
  a.funding_stage = std::string(std::string_view(doc["funding_stage"]));
  for (simdjson::dom::element t : doc["tech"].get_array()) a.tech.emplace_back(std::string_view(t));
  a.is_customer = bool(doc["is_customer"]);
  for (simdjson::dom::element s : doc["signals"].get_array()) {
    a.signals.push_back({std::string(std::string_view(s["type"])), std::int64_t(s["days_ago"])});
  }
  for (simdjson::dom::element c : doc["contacts"].get_array()) {
    a.contact_titles.emplace_back(std::string_view(c["title"]));
  }
  return a;
}

std::vector<Account> load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  simdjson::dom::parser parser;
  std::vector<Account> accounts;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    try {
      accounts.push_back(parse_account(parser.parse(line)));
    } catch (const simdjson::simdjson_error& e) {
      std::cerr << path << ":" << number << ": " << e.what() << "\n";
    }
  }
  return accounts;
}

std::string_view route_text(bench::Route route) {
  switch (route) {
    case bench::Route::disqualify: return "\"action\":\"disqualify\"";
    case bench::Route::ae_enterprise: return "\"action\":\"queue\",\"queue\":\"ae-enterprise\"";
    case bench::Route::sdr_outbound: return "\"action\":\"queue\",\"queue\":\"sdr-outbound\"";
    case bench::Route::nurture: return "\"action\":\"queue\",\"queue\":\"nurture\"";
    case bench::Route::ignore: break;
  }
  return "\"action\":\"ignore\"";
}

std::string committee_roles(const Decision& d) {
  std::string roles;
  for (int r = 0; r < 2; ++r) {
    if (!d.roles[r]) continue;
    if (!roles.empty()) roles += ',';
    roles += fmt::format("\"{}\"", bench::kRoleNames[r]);
  }
  return roles;
}

// The decision line in the shape of icp's (LANGUAGE.md "Decision and audit record").
void write_decision(std::ostream& out, const Account& a, const Decision& d, std::string_view program,
                    std::string_view as_of) {
  const bool tier = d.verdict == bench::Verdict::tier;
  const char* verdict = tier ? "tier" : d.verdict == bench::Verdict::excluded ? "excluded" : "no_fit";
  out << fmt::format(
      "{{\"id\":\"{}\",\"profile\":\"Benchmark workload\",\"version\":\"1\",\"program\":\"{}\",\"as_of\":\"{}\","
      "\"verdict\":\"{}\",\"tier\":{},\"tier_label\":{},\"excluded_by\":{},\"score\":{},"
      "\"committee\":{{\"coverage\":{},\"roles\":[{}]}},\"route\":{{{},\"rule\":{}}}}}\n",
      a.id, program, as_of, verdict, tier ? fmt::format("{}", d.fit_tier) : "null",
      tier ? fmt::format("\"{}\"", bench::kTierLabels[d.fit_tier - 1]) : "null",
      d.excluded_by >= 0 ? fmt::format("\"{}\"", bench::kExclusionNames[d.excluded_by]) : "null", d.score,
      (d.roles[0] + d.roles[1]) * 50, committee_roles(d), route_text(d.route), d.route_rule);
}

// The cross-check form every implementation writes: id, verdict, tier, score, committee, route.
void write_canonical(std::ostream& out, const Account& a, const Decision& d) {
  const bool tier = d.verdict == bench::Verdict::tier;
  std::string verdict = tier ? "tier" : "no_fit";
  if (d.excluded_by >= 0) verdict = fmt::format("excluded:{}", bench::kExclusionNames[d.excluded_by]);
  std::string roles;
  for (int r = 0; r < 2; ++r) {
    if (d.roles[r]) roles += fmt::format("{}{}", roles.empty() ? "" : "+", bench::kRoleNames[r]);
  }
  static constexpr const char* kRoutes[] = {"disqualify", "queue:ae-enterprise", "queue:sdr-outbound",
                                            "queue:nurture", "ignore"};
  out << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", a.id, verdict, tier ? fmt::format("{}", d.fit_tier) : "-", d.score,
                     roles.empty() ? "-" : roles, kRoutes[static_cast<int>(d.route)]);
}

struct Options {
  std::string mode = "whole";
  std::string input, output = "/dev/null", as_of = "2026-11-23", program = "sha256:handwritten";
  bool stages = false;
  int passes = 1;  // eval-only: repeat the timed loop
};

int run(const Options& o) {
  auto start = std::chrono::steady_clock::now();
  const std::vector<Account> accounts = load(o.input);
  const double parse_s = seconds_since(start);
  start = std::chrono::steady_clock::now();
  std::vector<Decision> decisions;
  decisions.reserve(accounts.size());
  // --passes K (eval-only) repeats the timed loop, as bench_icp --passes does, so both are
  // measured over the same number of passes with equally warm caches.
  const int passes = o.mode == "eval-only" ? o.passes : 1;
  std::size_t check = 0;
  for (int pass = 0; pass < passes; ++pass) {
    decisions.clear();
    for (const Account& a : accounts) decisions.push_back(bench::decide(a));
    for (const Decision& d : decisions) check += static_cast<std::size_t>(d.route);
  }
  const double eval_s = seconds_since(start);
  if (o.mode == "eval-only") {
    fmt::print("{{\"records\":{},\"seconds\":{:.6f},\"check\":{}}}\n", decisions.size() * static_cast<std::size_t>(passes),
               eval_s, check);
    return 0;
  }
  start = std::chrono::steady_clock::now();
  std::ofstream out(o.output);
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    if (o.mode == "canonical") {
      write_canonical(out, accounts[i], decisions[i]);
    } else {
      write_decision(out, accounts[i], decisions[i], o.program, o.as_of);
    }
  }
  out.close();
  if (o.stages) fmt::print(stderr, "parse {:.3f}s eval {:.3f}s write {:.3f}s\n", parse_s, eval_s, seconds_since(start));
  return out ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--eval-only") o.mode = "eval-only";
    else if (arg == "--canonical") o.mode = "canonical";
    else if (arg == "--stages") o.stages = true;
    else if (arg == "--input" && has_value) o.input = argv[++i];
    else if (arg == "--output" && has_value) o.output = argv[++i];
    else if (arg == "--as-of" && has_value) o.as_of = argv[++i];
    else if (arg == "--program" && has_value) o.program = argv[++i];
    else if (arg == "--passes" && has_value) o.passes = std::max(1, std::atoi(argv[++i]));
    else {
      std::cerr << "usage: bench_handwritten [--eval-only|--canonical] --input F [--output F] [--as-of D] "
                   "[--program ID] [--stages] [--passes K]\n";
      return 2;
    }
  }
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::cerr << "bench_handwritten: " << e.what() << "\n";
    return 2;
  }
}
