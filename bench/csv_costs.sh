#!/bin/sh
# Costs of reading CSV accounts and side files (docs/reliability.md "Costs"): CPU time and
# peak RSS of `icpc eval` on generated inputs at two sizes 10x apart, so that linear growth
# shows as a 10x ratio and flat memory as a constant. Input: an icpc binary and
# bench_generate_accounts. Output: one table row per input, on stdout.
#   bench/csv_costs.sh ICPC GENERATOR [WORK_DIR]    (GNU time at /usr/bin/time; python3;
#   about 1.5 GB of scratch files in WORK_DIR, default a temporary folder, removed afterwards
#   unless named; files already there are reused)
set -eu
ICPC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
GENERATOR=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
BENCH=$(cd "$(dirname "$0")" && pwd)
WORK=${3:-}
if [ -z "$WORK" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
cd "$WORK"

# measure NAME FILES ARGS...: one row: name, bytes of FILES (a space-separated list), CPU s,
# peak RSS MiB, exit code, decisions written.
measure() {
  name=$1
  bytes=$(cat $2 | wc -c | tr -d ' ')
  shift 2
  /usr/bin/time -v -o time.txt "$ICPC" eval "$BENCH/rules.icp" --as-of 2026-11-22 --output out.jsonl \
    --errors errors.jsonl "$@" 2>/dev/null && status=0 || status=$?
  cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' time.txt)
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.1f", $2 / 1024}' time.txt)
  printf '| `%s` | %s | %s | %s | %s | %s |\n' "$name" "$bytes" "$cpu" "$rss" "$status" \
    "$(wc -l <out.jsonl | tr -d ' ')"
}

generate() {  # generate N FOLDER [--hostile]
  [ -f "$2/accounts.csv" ] || python3 "$BENCH/generate_csv.py" --generator "$GENERATOR" ${3:-} "$1" "$2"
}

echo '| input (`bench/csv_costs.sh`) | bytes | CPU s | peak RSS MiB | exit | decisions |'
echo '|---|---|---|---|---|---|'
for n in 300000 3000000; do
  generate $n "accounts-$n"
  measure "accounts-$n" "accounts-$n/accounts.csv" --input "accounts-$n/accounts.csv"
done
for n in 300000 3000000; do
  generate $n "hostile-$n" --hostile
  measure "hostile-$n" "hostile-$n/accounts.csv" --input "hostile-$n/accounts.csv"
done
for n in 300000 3000000; do
  # Each row opens a quote that the next row's quote closes: every row is refused and read twice.
  [ -f "quotes-$n.csv" ] ||
    awk -v n=$n 'BEGIN {
      print "id,employees,revenue_musd,naics,country,funding_stage,tech,is_customer"
      for (i = 0; i < n; i++) printf "a%d,120,1,511210,US,seed,okta,\"x\n", i
    }' >"quotes-$n.csv"
  measure "quotes-$n" "quotes-$n.csv" --input "quotes-$n.csv"
done
for mb in 20 200; do
  # One line of MB megabytes between two good rows.
  [ -f "long-$mb.csv" ] || {
    printf 'id,employees,revenue_musd,naics,country,funding_stage,tech,is_customer\n'
    printf 'a1,120,1,511210,US,seed,okta,false\na2,'
    head -c $((mb * 1000000)) /dev/zero | tr '\0' '9'
    printf '\na3,300,1,511210,US,seed,okta,false\n'
  } >"long-$mb.csv"
  measure "long-$mb" "long-$mb.csv" --input "long-$mb.csv"
done
for n in 100000 1000000; do
  generate $n "side-$n"
  measure "side-$n" "side-$n/accounts.csv side-$n/signals.csv side-$n/contacts.csv" --input "side-$n/accounts.csv" --signals "side-$n/signals.csv" \
    --contacts "side-$n/contacts.csv"
done
