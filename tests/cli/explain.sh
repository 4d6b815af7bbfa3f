# `icpc explain` as a user runs it: the whole text for an included account, an excluded one,
# one with unknowns (a missing optional field), one with capped, expired, decayed, future and
# undeclared signals, one routed below a rule it nearly met; from source and from a built
# .icpb; bad account files and their exits.
# The expected texts are fixtures/explain/*.expected.txt; to update them after reviewing a
# change: ICP_UPDATE_EXPECTED=1 sh tests/cli/explain.sh build/tools/icpc/icpc tests/cli/fixtures
. "$(dirname "$0")/lib/common.sh"
for file in explain.icp included.json excluded.json unknowns.json signals.json route.json bad.json; do
  fixture "explain/$file" "$file"
done

# expect_text NAME: stdout equals fixtures/explain/NAME.expected.txt byte for byte.
expect_text() {
  expected="$FIXTURES/explain/$1.expected.txt"
  if [ "${ICP_UPDATE_EXPECTED:-}" = 1 ]; then cp "$SCRATCH/out" "$expected"; fi
  if ! cmp -s "$SCRATCH/out" "$expected"; then
    diff -u "$expected" "$SCRATCH/out" | head -40
    fail "explain of $1 differs from explain/$1.expected.txt"
  fi
}

for account in included excluded unknowns signals route; do
  run explain explain.icp --account "$account.json" --as-of 2026-11-22 --color never
  expect_status 0
  expect_text "$account"
done

# The points the output promises, spelled out, so a careless --update cannot lose them.
run explain explain.icp --account included.json --as-of 2026-11-22
expect_out 'acc-in — tier 1 "Ideal"'
expect_out 'route: queue "ae-strategic" sla 24h cadence "exec-v2" — rule 2 at explain.icp:49'
expect_out 'count(demo_request within 30d) = 1'
expect_out 'has_role(data_leader) = true'
expect_out '"VP Data Platform" matched `VP Data*`'
run explain explain.icp --account excluded.json --as-of 2026-11-22
expect_out 'would be tier 2 "Good", excluded by too_small (below the mid-market floor)'
expect_out 'route: disqualify — rule 1 at explain.icp:48  when excluded'
run explain explain.icp --account unknowns.json --as-of 2026-11-22
expect_out 'revenue   unknown (revenue_musd missing)'
run explain explain.icp --account signals.json --as-of 2026-11-22
expect_out 'decayed: 0d old 4, 7d old 2, 10d old 1.486'
expect_out 'ignored: demo_request in the future (2026-12-01), podcast 1d ago (undeclared type)'
expect_out 'churned -15'
expect_out 'score 12.486 = signal points 17.486 + bonuses -5'
# The route section: what the rule that fired read, and why each rule above it did not fire
# (its first failing term and the values it read).
run explain explain.icp --account included.json --as-of 2026-11-22
expect_out_line '  read: tier = 1, score = 40'
expect_out_line '  rule 1 (line 48) needs excluded; excluded = false'
run explain explain.icp --account route.json --as-of 2026-11-22
expect_out 'route: queue "sdr" sla 72h — rule 3 at explain.icp:50  when tier in [1, 2]'
expect_out_line '  read: tier = 1'
expect_out_line '  rule 1 (line 48) needs excluded; excluded = false'
expect_out_line '  rule 2 (line 49) needs score >= 30; score = 20'

# A built artifact explains exactly as its source (same id, same debug lines); stdin works.
"$ICPC" build explain.icp -o explain.icpb >/dev/null || fail "build failed"
run explain explain.icpb --account included.json --as-of 2026-11-22
expect_status 0
expect_text included
run explain explain.icpb --account - --as-of 2026-11-22 < signals.json
expect_status 0
expect_text signals

# Bad accounts: rejected with the field, expected and found (exit 1); unreadable files and
# bad options are usage errors (exit 2). Nothing goes to stdout.
run explain explain.icp --account bad.json --as-of 2026-11-22
expect_status 1
expect_empty_out
expect_err_line 'icpc: error: bad.json: record `acc-bad` rejected: `employees`: expected an integer, found "many"'
printf '{"id": "acc-x", "employees": 10,' > truncated.json
run explain explain.icp --account truncated.json --as-of 2026-11-22
expect_status 1
expect_err 'truncated.json: record'
printf '{"id": "acc-y", "employees": 10, "country": "US", "tech": [], "is_customer": false}\n' > no_revenue.json
run explain explain.icp --account no_revenue.json --as-of 2026-11-22
expect_status 0
expect_out 'revenue_musd missing'
run explain explain.icp --account missing.json --as-of 2026-11-22
expect_status 2
expect_err 'cannot read `missing.json`'
run explain explain.icp --account included.json --as-of 2026-02-30
expect_status 2
expect_err '--as-of'
head -c 30 explain.icpb > cut.icpb
run explain cut.icpb --account included.json --as-of 2026-11-22
expect_status 2
expect_err 'not a valid icp artifact'
finish
