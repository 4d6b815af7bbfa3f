#!/bin/sh
# Lays out the seed corpus of every fuzz harness from the project's own inputs, so seeds follow
# the examples, goldens and fixtures as they change instead of being copied into fuzz/.
# Input: an icpc binary (to build the .icpb seeds) and an output folder. Output: one folder per
# harness under it, replaced whole. Used by `tools/run fuzz` and by the replay tests (ctest).
#   fuzz/seeds.sh ICPC OUT
# KEEP IN SYNC: the harness list in fuzz/CMakeLists.txt and tools/run.
set -eu

if [ $# -ne 2 ]; then
  echo "usage: fuzz/seeds.sh ICPC OUT" >&2
  exit 2
fi
icpc=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

rm -rf "$out"
for harness in source manifest test_file mapping artifact jsonl csv c_api team exports previous_queue decision_log; do
  mkdir -p "$out/$harness"
  # Hand-written seeds (small, committed) come first.
  if [ -d "fuzz/seeds/$harness" ]; then
    cp fuzz/seeds/"$harness"/* "$out/$harness/"
  fi
done

# A seed's name: its path with / turned into _, so files of the same name do not collide.
name_of() { printf '%s' "$1" | tr '/' '_'; }

profiles=$(find examples stdlib tests/golden tests/cli/fixtures fuzz/profiles bench -name '*.icp' -type f | sort)

# .icp source: every profile, module and golden input, broken ones included.
for file in $profiles; do cp "$file" "$out/source/$(name_of "$file")"; done

# icp.toml and decision tests wherever the project has them.
for file in $(find examples tests bench -name icp.toml -type f | sort); do
  cp "$file" "$out/manifest/$(name_of "$file")"
done
for file in $(find examples tests -name '*.test.toml' -type f | sort); do
  cp "$file" "$out/test_file/$(name_of "$file")"
done

# Mapping: mapping.toml NUL accounts.csv NUL opportunities.csv (mapping_fuzzer.cpp).
join_nul() {
  target=$1
  shift
  first=1
  : >"$target"
  for part in "$@"; do
    [ $first -eq 1 ] || printf '\000' >>"$target"
    first=0
    cat "$part" >>"$target"
  done
}
fixtures=tests/cli/fixtures/backtest
join_nul "$out/mapping/fixture-crm" $fixtures/mapping.toml $fixtures/crm_accounts.csv $fixtures/crm_opportunities.csv
empty=$(mktemp)
join_nul "$out/mapping/fixture-default" "$empty" $fixtures/accounts.csv $fixtures/opportunities.csv
pipeline=$(mktemp)
head -n 40 examples/crm-sample/data/sales_pipeline.csv >"$pipeline"
join_nul "$out/mapping/crm-sample" examples/crm-sample/mapping.toml examples/crm-sample/data/accounts.csv "$pipeline"
# An accounts history (several rows per account, [accounts] valid_from) and bad history rows.
join_nul "$out/mapping/fixture-history" $fixtures/history/mapping.toml $fixtures/history/accounts.csv \
  $fixtures/history/opportunities.csv
join_nul "$out/mapping/fixture-history-bad" $fixtures/history/mapping.toml $fixtures/history/bad_accounts.csv \
  $fixtures/history/opportunities.csv
rm -f "$empty" "$pipeline"

# Artifacts: every profile that builds, as `icpc build` writes it.
for file in $profiles; do
  "$icpc" build "$file" -o "$out/artifact/$(name_of "$file").icpb" >/dev/null 2>&1 ||
    rm -f "$out/artifact/$(name_of "$file").icpb"
done

# JSON records: whole files and each line on its own, for the JSON harness and the C API.
for file in $(find examples/data tests/cli/fixtures -name '*.jsonl' -o -name '*.json' | sort); do
  cp "$file" "$out/jsonl/$(name_of "$file")"
  n=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    printf '%s\n' "$line" >"$out/jsonl/$(name_of "$file")-$n"
  done <"$file"
done
cp "$out"/jsonl/* "$out/c_api/"
cp "$out"/artifact/*.icpb "$out/c_api/"

# CSV: the CRM samples' account files alone (no side files); fuzz/seeds/csv has full sets.
cp examples/crm-sample/data/accounts.csv "$out/csv/crm-sample-accounts.csv"
cp $fixtures/accounts.csv "$out/csv/fixture-accounts.csv"

# team.toml, exports.toml: every one the project has. exports also as exports.toml NUL decision
# lines NUL accounts export (exports_fuzzer.cpp), from the export fixture as tests/cli/export.sh
# decides it.
for file in $(find examples tests -name 'team*.toml' -type f | sort); do
  cp "$file" "$out/team/$(name_of "$file")"
done
for file in $(find examples tests -name 'exports*.toml' -type f | sort); do
  cp "$file" "$out/exports/$(name_of "$file")"
done
export_fixture=tests/cli/fixtures/export
scratch=$(mktemp -d)
"$icpc" eval $export_fixture/profile.icp --input $export_fixture/accounts.csv --map $export_fixture/mapping.toml \
  --as-of 2026-12-01 --output "$scratch/decisions.jsonl" >/dev/null 2>&1 || true
join_nul "$out/exports/fixture-all" $export_fixture/exports.toml "$scratch/decisions.jsonl" $export_fixture/accounts.csv

# queue.json as `icpc queue` writes it, for --previous: the queue fixture's week and the CRM
# sample's.
queue_fixture=tests/cli/fixtures/queue
"$icpc" queue $export_fixture/profile.icp --input $queue_fixture/accounts.csv --map $queue_fixture/mapping.toml \
  --team $queue_fixture/team.toml --week 2026-W49 --output-dir "$scratch/fixture" >/dev/null 2>&1 || true
"$icpc" queue examples/crm-sample/crm-hardware.icp --input examples/crm-sample/data/accounts.csv \
  --map examples/crm-sample/mapping.toml --opportunities examples/crm-sample/data/sales_pipeline.csv \
  --team examples/crm-sample/team.toml --week 2026-W49 --output-dir "$scratch/crm-sample" >/dev/null 2>&1 || true
for week in fixture crm-sample; do
  [ -f "$scratch/$week/queue.json" ] && cp "$scratch/$week/queue.json" "$out/previous_queue/$week-queue.json"
done

# Decision logs: entries file NUL kept program (decision_log_fuzzer.cpp), as `icpc eval --log`
# writes them: whole, redacted, and the first three entries alone.
sample=examples/data/mid-market-accounts.jsonl
"$icpc" eval examples/mid-market-security.icp --input $sample --as-of 2026-11-22 --log "$scratch/log" \
  >/dev/null 2>&1 || true
"$icpc" eval examples/mid-market-security.icp --input $sample --as-of 2026-11-22 --log "$scratch/redacted" \
  --log-redact contacts >/dev/null 2>&1 || true
for log in log redacted; do
  program=$(ls "$scratch/$log/programs/"*.icpb 2>/dev/null | head -n 1)
  [ -n "$program" ] || continue
  join_nul "$out/decision_log/$log" "$scratch/$log/decisions-000001.jsonl" "$program"
  head -n 3 "$scratch/$log/decisions-000001.jsonl" >"$scratch/$log/first3.jsonl"
  join_nul "$out/decision_log/$log-first3" "$scratch/$log/first3.jsonl" "$program"
  cp "$scratch/$log/decisions-000001.jsonl" "$out/decision_log/$log-entries-only"
done
rm -rf "$scratch"

for harness in source manifest test_file mapping artifact jsonl csv c_api team exports previous_queue decision_log; do
  echo "$harness: $(ls "$out/$harness" | wc -l) seeds"
done
