# Events dated after the as-of date are never counted (LANGUAGE.md, "Signal points"): `icpc
# eval`, `explain`, `diff` and `test` say so on stderr, with a count and the first record,
# the same for any thread count (issue 19). And `icpc explain --id` picks one account from
# a JSON Lines file.
. "$(dirname "$0")/lib/common.sh"
fixture explain/explain.icp explain.icp

cat > accounts.jsonl <<'EOF'
{"id":"a-1","employees":300,"country":"US","tech":[],"is_customer":false,"signals":[{"type":"demo_request","at":"2026-11-20"}]}
{"id":"a-2","employees":300,"country":"US","tech":[],"is_customer":false,"signals":[{"type":"webinar","days_ago":2},{"type":"demo_request","at":"2026-12-01"}]}
{"id":"a-3","employees":"many","country":"US","tech":[],"is_customer":false}
{"id":"a-4","employees":900,"country":"GB","tech":["dbt"],"is_customer":false,"signals":[{"type":"pricing_view","at":"2027-01-05"}]}
{"id":"a-5","employees":900,"country":"GB","tech":["dbt"],"is_customer":false}
EOF
warning='icpc: warning: 2 records have events after the as-of date 2026-11-22 (they are not counted); the first: line 2, a-2, signals[1] demo_request at 2026-12-01'

# --- eval: the count and the first record, whatever --threads, audited or not.
for threads in 1 4; do
  run eval explain.icp --input accounts.jsonl --as-of 2026-11-22 --threads "$threads"
  expect_status 1  # a-3 is rejected; the others are decided
  expect_err_line "$warning"
  [ "$(grep -c warning "$SCRATCH/err")" -eq 1 ] || fail "one warning line expected with --threads $threads"
done
run eval explain.icp --input accounts.jsonl --as-of 2026-11-22 --audit
expect_err_line "$warning"
# Decisions are unchanged by the warning: the same bytes as before it existed.
run eval explain.icp --input accounts.jsonl --as-of 2026-11-22 --output decisions.jsonl
[ "$(wc -l < decisions.jsonl)" -eq 4 ] || fail "four decisions expected"
# Once the as-of date is past every event, nothing to say.
run eval explain.icp --input accounts.jsonl --as-of 2027-02-01
expect_status 1
grep -q warning "$SCRATCH/err" && fail "no warning expected when no event is after the as-of date"
# One account, one JSON document: "1 record has".
sed -n 4p accounts.jsonl > a4.json
run eval explain.icp --input a4.json --as-of 2026-11-22
expect_status 0
expect_err_line 'icpc: warning: 1 record has events after the as-of date 2026-11-22 (they are not counted): line 1, a-4, signals[0] pricing_view at 2027-01-05'
# CSV with a signals side file: the row's line, the event's place among the account's events.
printf 'id,employees,country,tech,is_customer\nc-1,300,US,snowflake,false\nc-2,900,GB,dbt,false\n' > accounts.csv
printf 'account_id,type,at\nc-2,webinar,2026-11-20\nc-2,demo_request,2026-11-30\n' > signals.csv
run eval explain.icp --input accounts.csv --signals signals.csv --as-of 2026-11-22 --threads 2
expect_status 0
expect_err_line 'icpc: warning: 1 record has events after the as-of date 2026-11-22 (they are not counted): line 3, c-2, signals[1] demo_request at 2026-11-30'

# --- explain: the account's own events, on stderr beside its explanation.
run explain explain.icp --account accounts.jsonl --id a-4 --as-of 2026-11-22 --color never
expect_status 0
expect_out 'a-4 — '
expect_out 'ignored: pricing_view in the future (2027-01-05)'
expect_err_line 'icpc: warning: 1 record has events after the as-of date 2026-11-22 (they are not counted): line 4, a-4, signals[0] pricing_view at 2027-01-05'
run explain explain.icp --account a4.json --as-of 2026-11-22 --color never
expect_status 0
expect_err 'line 1, a-4, signals[0] pricing_view at 2027-01-05'
run explain explain.icp --account accounts.jsonl --id a-5 --as-of 2026-11-22 --color never
expect_status 0
expect_out 'a-5 — '
[ -s "$SCRATCH/err" ] && fail "no warning expected for an account without future events"

# --- explain --id on JSON Lines: the same text as the account on its own.
sed -n 5p accounts.jsonl > a5.json
run explain explain.icp --account a5.json --as-of 2026-11-22 --color never
cp "$SCRATCH/out" a5-alone.txt
run explain explain.icp --account accounts.jsonl --id a-5 --as-of 2026-11-22 --color never
cmp -s a5-alone.txt "$SCRATCH/out" || fail "explain --id explains otherwise than the account alone"
sed -n 5p accounts.jsonl > one.jsonl
run explain explain.icp --account one.jsonl --as-of 2026-11-22 --color never
expect_status 0
cmp -s a5-alone.txt "$SCRATCH/out" || fail "a JSON Lines file of one account needs no --id"
run explain explain.icp --account - --id a-5 --as-of 2026-11-22 --color never < accounts.jsonl
expect_status 0
cmp -s a5-alone.txt "$SCRATCH/out" || fail "explain --id reads JSON Lines from stdin"
run explain explain.icp --account accounts.jsonl --as-of 2026-11-22
expect_status 2
expect_empty_out
expect_err_line 'icpc: error: accounts.jsonl: the file holds 5 accounts (a-1, a-2, a-3, a-4, a-5); name the one to explain with --id'
run explain explain.icp --account accounts.jsonl --id a-9 --as-of 2026-11-22
expect_status 2
expect_err_line 'icpc: error: accounts.jsonl: no account `a-9` in the file'
run explain explain.icp --account accounts.jsonl --id a-3 --as-of 2026-11-22
expect_status 1
expect_err_line 'icpc: error: accounts.jsonl: record `a-3` rejected: `employees`: expected an integer, found "many"'
run explain explain.icp --account a5.json --id a-5 --as-of 2026-11-22
expect_status 2
expect_err '--id picks an account of a JSON Lines file'

# --- diff: the sample's future events, counted once per account.
run diff explain.icp explain.icp --input accounts.jsonl --as-of 2026-11-22 --threads 3
expect_status 0
expect_err_line "$warning"

# --- test: the cases whose account has events after the case's as_of.
cat > future.test.toml <<'EOF'
rules = "explain.icp"
as_of = 2026-11-22

[[case]]
name    = "a demo booked for next month is not intent yet"
verdict = "tier"
tier    = 3

[case.account]
id          = "acc-next-month"
employees   = 300
country     = "US"
tech        = []
is_customer = false
signals     = [{ type = "demo_request", at = 2026-12-10 }]
EOF
run test future.test.toml --color never
expect_status 0
expect_err_line 'icpc: warning: 1 record has events after their as-of date (they are not counted): future.test.toml:4 case `a demo booked for next month is not intent yet`, acc-next-month, signals[0] demo_request at 2026-12-10'
finish
