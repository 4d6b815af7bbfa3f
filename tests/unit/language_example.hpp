// LANGUAGE.md's "A complete example", byte for byte, shared by the unit tests that parse or
// format it (examples/mid-market-security.icp is the same text, but tests must not depend on
// the working directory).
#pragma once

namespace icp::testing {

inline constexpr const char* kLanguageExample = R"ICP(# icp/mid-market-security.icp
profile "Mid-market security" {
  owner        "dana.reyes@example.com"   # one named owner, with authority to kill accounts
  version      "2026.4"
  reviewed     2026-10-01
  review_every 90d                        # `icpc check` warns once the review is overdue
}

use std.geo                               # stdlib modules: region and country sets
use std.naics                             # NAICS 2022 sector groups

account {
  employees:     int
  revenue_musd:  decimal?                 # `?` = optional: may be missing in the record
  naics:         naics                    # a NAICS 2022 code, checked against the real list
  country:       country                  # ISO 3166-1 alpha-2, checked
  funding_stage: enum(seed, series_a, series_b, series_c, growth, public, bootstrapped)
  tech:          set<string>
  is_customer:   bool
}

let security_tools = ["okta", "crowdstrike", "zscaler"]

signal g2_visit         weight 10 within 30d
signal exec_hire        weight 8  within 90d
signal job_post         weight 6  within 60d
signal content_download weight 2  within 30d cap 3
signal webinar          weight 0.5 within 14d decay half_life 7d

bonus surge +10 when count(signals within 30d) >= 3

exclude existing_customer when is_customer
exclude too_small         when employees < 50  "v1 ICP is mid-market"
exclude sanctioned        when country in std.geo.sanctioned

criterion size     = employees between 200 and 2000
criterion software = naics in std.naics.software
criterion stack    = tech has any security_tools
criterion funded   = funding_stage in [series_b, series_c, growth]
criterion hiring   = count(exec_hire within 90d) >= 1

tier 1 "Perfect fit" = all(size, software, stack, funded, hiring)
tier 2 "Near fit"    = at_least(4, size, software, stack, funded, hiring)
tier 3 "Adjacent"    = software and employees >= 50

role economic_buyer {
  titles    ["CFO", "VP Finance", "Chief Financial Officer"]
  owns      "unit economics"
  objection "payback period"
  proof     "3-year TCO model"
}
role technical_evaluator {
  titles ["CISO", "Head of Security*", "VP Security"]
}

route {
  when excluded                   -> disqualify
  when tier == 1 and score >= 25  -> queue "ae-enterprise" sla 24h
  when tier in [1, 2]             -> queue "sdr-outbound" cadence "mm-v3"
  when tier == 3                  -> queue "nurture"
  else                            -> ignore
}
)ICP";

}  // namespace icp::testing
