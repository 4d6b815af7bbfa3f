#!/bin/sh
# Costs of reading JSON account records at and past their limits (docs/reliability.md
# "Costs"): CPU time and peak RSS of `icpc eval` on generated inputs at two sizes 10x apart,
# so that linear growth shows as a 10x ratio and flat memory as a constant. Input: an icpc
# binary. Output: one table row per input, on stdout.
#   bench/record_limits.sh ICPC [WORK_DIR]      (GNU time at /usr/bin/time; about 1.5 GB of
#   scratch files in WORK_DIR, default a temporary folder, removed afterwards unless named)
set -eu
ICPC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
WORK=${2:-}
if [ -z "$WORK" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
cd "$WORK"

cat >rules.icp <<'EOF'
profile "Limits" {
  owner        "ops@example.com"
  reviewed     2026-11-01
  review_every 90d
}

account {
  employees: int
}

signal demo weight 10 within 90d

tier 1 "Fit" = employees >= 100

route {
  when tier == 1 -> queue "ae"
  else -> ignore
}
EOF
"$ICPC" build rules.icp -o rules.icpb >/dev/null

repeat() { head -c "$2" /dev/zero | tr '\0' "$1"; }  # repeat CHAR COUNT
good='{"id":"g","employees":150,"signals":[{"type":"demo","days_ago":3}],"contacts":[{"title":"CFO"}]}'

# long-N: one line of N MiB (an ignored string) between two good records.
long() {
  { echo "$good"; printf '{"id":"long","employees":1,"x":"'; repeat y $(($1 << 20)); printf '"}\n'; echo "$good"; } >"long-$1M.jsonl"
}
# deep-N: one record whose ignored key, before its id, nests N arrays (the decoder stops at
# level 64, then finds the id past them).
deep() {
  { printf '{"x":'; repeat '[' "$1"; repeat ']' "$1"; printf ',"id":"deep","employees":1}\n'; } >"deep-$1.jsonl"
}
# wide-N: one record with N extra columns.
wide() {
  awk -v n="$1" 'BEGIN { printf "{\"id\":\"wide\",\"employees\":150"; for (i = 0; i < n; i++) printf ",\"k%d\":%d", i, i; print "}" }' >"wide-$1.jsonl"
}
# signals-N: one record at its most legitimate: N signal events and N/10 contacts (190,000
# events are 7.7 MB, just under the record limit).
signals() {
  awk -v n="$1" 'BEGIN {
    printf "{\"id\":\"signals\",\"employees\":150,\"signals\":["
    for (i = 0; i < n; i++) printf "%s{\"type\":\"demo\",\"days_ago\":%d}", (i ? "," : ""), i % 400
    printf "],\"contacts\":["
    for (i = 0; i < n / 10; i++) printf "%s{\"title\":\"VP Security %d\"}", (i ? "," : ""), i
    print "]}"
  }' >"signals-$1.jsonl"
}
# lines-N: N good records, one in 1,000 of them replaced by 10,000 nested arrays.
lines() {
  awk -v n="$1" -v good="$good" 'BEGIN {
    deep = ""; for (i = 0; i < 10000; i++) deep = deep "["; close_ = deep; gsub(/\[/, "]", close_)
    for (i = 1; i <= n; i++) {
      if (i % 1000 == 0) printf "{\"id\":\"d%d\",\"employees\":1,\"x\":%s%s}\n", i, deep, close_
      else printf "{\"id\":\"a%d\",\"employees\":%d,\"signals\":[{\"type\":\"demo\",\"days_ago\":3}],\"contacts\":[{\"title\":\"CFO\"}]}\n", i, i % 300
    }
  }' >"lines-$1.jsonl"
}

long 20; long 200
deep 400000; deep 4000000
wide 50000; wide 500000
signals 19000; signals 190000
lines 100000; lines 1000000

printf '| input | bytes | exit | CPU s (user+sys) | wall s | peak RSS MiB |\n|---|---|---|---|---|---|\n'
for input in long-20M long-200M deep-400000 deep-4000000 wide-50000 wide-500000 signals-19000 signals-190000 \
  lines-100000 lines-1000000; do
  status=0
  /usr/bin/time -v "$ICPC" eval rules.icpb --input "$input.jsonl" --as-of 2026-11-22 --output /dev/null \
    --errors /dev/null 2>time.txt || status=$?
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' time.txt)
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' time.txt)
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' time.txt)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$input" "$(wc -c <"$input.jsonl" | tr -d ' ')" "$status" "$cpu" "$wall" "$rss"
done
