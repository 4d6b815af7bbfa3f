# A decision log of 100,000 decisions (the benchmark's generated accounts and rules, decided
# by `icpc eval --log` on two threads, rotating every 16 MiB) verifies intact and replays with
# no difference; `log show` finds one of them by account and by decision id.
# Usage: decision_log_replay.sh ICPC BENCH_GENERATE_ACCOUNTS SOURCE_DIR
set -u
ICPC=$1 GENERATE=$2 SOURCE=$3
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

"$GENERATE" 100000 --output accounts.jsonl || fail "the generator failed"
"$ICPC" eval "$SOURCE/bench/rules.icp" --input accounts.jsonl --as-of 2026-11-22 --threads 2 --output decisions.jsonl \
  --log log --log-max-file-size 16M 2>eval.err
status=$?
[ $status -le 1 ] || fail "eval --log exited $status: $(cat eval.err)"
decided=$(wc -l <decisions.jsonl)
[ "$decided" -ge 99000 ] || fail "only $decided decisions"
[ "$(cat log/decisions-*.jsonl | wc -l)" -eq "$decided" ] || fail "not one entry per decision"
[ "$(ls log/decisions-*.jsonl | wc -l)" -ge 3 ] || fail "16 MiB files should have rotated"

"$ICPC" log verify log >verify.out || fail "verify: $(cat verify.out)"
grep -q "log: intact: $decided entries in" verify.out || fail "verify: $(cat verify.out)"

"$ICPC" replay log >replay.out
status=$?
[ $status -eq 0 ] || fail "replay exited $status: $(head -20 replay.out)"
grep -qx "log: $decided entries selected, $decided replayed with 1 program: no difference" replay.out ||
  fail "replay: $(head -5 replay.out)"

account=$(sed -n '54321s/^{"id":"\([^"]*\)".*/\1/p' decisions.jsonl)
"$ICPC" log show log --account "$account" --color never >show.out || fail "log show --account $account"
[ "$(grep -c '^entry ' show.out)" -eq 1 ] || fail "one entry of $account expected"
id=$(sed -n 's/^  decision_id  //p' show.out)
"$ICPC" log show log --decision "$id" --color never >by_id.out || fail "log show --decision $id"
cmp -s show.out by_id.out || fail "the entry found by id differs from the one found by account"
sed -n 54321p decisions.jsonl | grep -qF "$(sed -n 's/^  decision     //p' show.out)" || fail "the decision shown is not eval's"
echo ok
