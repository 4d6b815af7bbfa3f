# CSV account input as a user runs it (issue 12, docs/reliability.md "CSV exports and side
# files"): hostile rows are reported at their first line and never take good rows with them,
# counts are exact, --errors is JSON Lines only, side files are checked, and the decisions of
# good rows are byte for byte those of the same accounts given as JSON Lines.
. "$(dirname "$0")/lib/common.sh"
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3

cat >csv.icp <<'EOF'
profile "Csv" {
  owner        "ops@example.com"
  reviewed     2026-11-01
  review_every 90d
}

account {
  employees: int
  name:      string?
}

signal g2_visit weight 10 within 30d

tier 1 "Fit" = employees >= 100

route {
  when tier == 1 -> queue "ae"
  else -> ignore
}
EOF

# ids FILE: the decided ids, in order, on one line.
ids() { sed -n 's/^{"id":"\([^"]*\)".*/\1/p' "$1" | tr '\n' ' '; }

# Every line of FILE is one JSON object.
expect_json_lines() {
  "$PYTHON" -c 'import json, sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if not isinstance(json.loads(line), dict): sys.exit(f"line {n} is not an object")' "$1" ||
    fail "$1 is not JSON Lines only"
}

# 1. An unbalanced quote in the middle: the row is rejected at its first line, the good rows
#    it swallowed are read again and decided (before, everything after it vanished).
printf 'id,employees,name\na1,120,Acme\na2,150,"Beta\na3,300,Gamma\na4,20,Delta\n' >quote.csv
run eval csv.icp --input quote.csv --as-of 2026-11-22
expect_status 1
[ "$(ids "$SCRATCH/out")" = "a1 a3 a4 " ] || fail "the rows after the stray quote were not all decided"
expect_err_line 'quote.csv:3: record (no readable id) rejected: expected a well-formed CSV row, found an unterminated quoted cell starting at line 3, column 8'
expect_err_line 'icpc: 1 of 4 records rejected'

# 2. A quote closed by a later row's quote: the error names the row's first line (before, the
#    line where parsing failed), and the rows in between are decided.
printf 'id,employees,name\na1,120,"Acme\na2,150,Beta\na3,300,"Gamma"\n' >span.csv
run eval csv.icp --input span.csv --as-of 2026-11-22
expect_status 1
[ "$(ids "$SCRATCH/out")" = "a2 a3 " ] || fail "the swallowed rows were not decided"
expect_err 'span.csv:2: record (no readable id) rejected: expected a well-formed CSV row, found text after a closing quote at line 4, column 9'

# A legitimately multi-line row is one record, named by its first line.
printf 'id,employees,name\na1,"12\n0",x\na2,many,"two\nlines"\n' >multi.csv
run eval csv.icp --input multi.csv --as-of 2026-11-22
expect_status 1
expect_err_line 'multi.csv:2: record `a1` rejected: `employees`: expected an integer, found "12\n0"'
expect_err_line 'multi.csv:4: record `a2` rejected: `employees`: expected an integer, found "many"'

# 3. Invalid UTF-8 in a field: rejected with the field named (it reached the decisions before).
printf 'id,employees,name\na1,120,Acme \377\na2,150,B\303\251ta\n' >utf8.csv
run eval csv.icp --input utf8.csv --as-of 2026-11-22 --errors utf8.jsonl
expect_status 1
[ "$(ids "$SCRATCH/out")" = "a2 " ] || fail "invalid UTF-8 was decided"
expect_json_lines utf8.jsonl
grep -qF '{"line":2,"id":"a1","field":"name","expected":"UTF-8 text","found":"invalid UTF-8 (the byte 0xff) at line 2, column 13"' utf8.jsonl ||
  fail "utf8.jsonl lacks the rejection naming \`name\`"

# 4. Side files: unknown accounts are counted and reported; side-file problems are not
#    records ("4 of 3" before); --errors holds JSON objects only, each naming its file.
printf 'id,employees\na1,120\na2,20\na3,"oops\n' >accounts.csv
printf 'account_id,type,days_ago\na1,g2_visit,3\nzz,g2_visit,2\nzz,g2_visit,1\n,g2_visit,1\n' >signals.csv
printf 'account_id,title\na2,CFO\nyy,CEO\n' >contacts.csv
run eval csv.icp --input accounts.csv --signals signals.csv --contacts contacts.csv --as-of 2026-11-22
expect_status 1
expect_err_line 'icpc: 1 of 3 records rejected'
expect_err_line 'icpc: 3 of 4 rows of `signals.csv` not used'
expect_err_line 'icpc: 1 of 2 rows of `contacts.csv` not used'
expect_err_line 'signals.csv:3: `account_id`: expected the id of an account row read from the accounts file, found "zz" (2 rows)'
expect_err_line 'signals.csv:5: `account_id`: expected a non-empty account id, found an empty cell'
expect_err_line 'contacts.csv:3: `account_id`: expected the id of an account row read from the accounts file, found "yy"'
run eval csv.icp --input accounts.csv --signals signals.csv --contacts contacts.csv --as-of 2026-11-22 --errors side.jsonl
expect_status 1
expect_json_lines side.jsonl
[ "$(wc -l <side.jsonl)" -eq 4 ] || fail "side.jsonl should hold 4 objects"
grep -qF '{"side":"signals","file":"signals.csv","line":3,"account_id":"zz","field":"account_id",' side.jsonl ||
  fail "side.jsonl lacks the unknown account"
grep -qF '{"side":"contacts","file":"contacts.csv","line":3,"account_id":"yy",' side.jsonl || fail "side.jsonl lacks yy"
grep -qF '{"side":"signals","file":"signals.csv","line":5,"account_id":null,' side.jsonl || fail "side.jsonl lacks line 5"
grep -qF '{"line":4,"id":null,"field":"","expected":"a well-formed CSV row",' side.jsonl || fail "side.jsonl lacks line 4"

# Every side row used: exit 0, nothing on stderr.
printf 'account_id,type,days_ago\na1,g2_visit,3\n' >used.csv
printf 'id,employees\na1,120\na2,20\n' >good.csv
run eval csv.icp --input good.csv --signals used.csv --as-of 2026-11-22
expect_status 0
[ ! -s "$SCRATCH/err" ] || fail "stderr should be empty"

# 5. A missing, misspelt or unreadable side file is exit 2 with nothing decided (before, it
#    was ignored: every account scored without its signals, exit 1).
for side in signal.csv folder.csv; do
  mkdir -p folder.csv
  run eval csv.icp --input good.csv --signals "$side" --as-of 2026-11-22
  expect_status 2
  expect_empty_out
done
expect_err "cannot read \`folder.csv\`: Is a directory"
run eval csv.icp --input good.csv --contacts contacts.txt --as-of 2026-11-22
expect_status 2
run diff csv.icp csv.icp --input good.csv --signals signal.csv --as-of 2026-11-22
expect_status 2
expect_err 'cannot read `signal.csv`: No such file or directory'

# A malformed header is an error for the file.
printf 'id,"employees\na1,1\n' >header.csv
run eval csv.icp --input header.csv --as-of 2026-11-22
expect_status 1
expect_err 'header.csv:1: the header row: an unterminated quoted cell starting at line 1, column 4'
expect_empty_out

# 6. Limits: a row over 8 MiB and one over 4,096 cells are rejected; the rows after them
#    are decided.
{
  printf 'id,employees,name\na1,120,x\na2,150,'
  head -c 8400000 /dev/zero | tr '\0' 'x'
  printf '\na3,300,"'
  head -c 8400000 /dev/zero | tr '\0' 'y'
  printf '\na4,400,"z"\na5,500,'
  head -c 5000 /dev/zero | tr '\0' ','
  printf '\na6,600,ok\n'
} >limits.csv
run eval csv.icp --input limits.csv --as-of 2026-11-22 --errors limits.jsonl
expect_status 1
[ "$(ids "$SCRATCH/out")" = "a1 a4 a6 " ] || fail "the rows after the over-long ones were not decided"
expect_err_line 'icpc: 3 of 6 records rejected'
grep -qF '"line":3,"id":null,"field":"","expected":"a well-formed CSV row","found":"a row longer than 8388608 bytes (the limit), starting at line 3"' limits.jsonl ||
  fail "limits.jsonl lacks the long row"
grep -qF '"line":4,"id":null,"field":"","expected":"a well-formed CSV row","found":"an unterminated quoted cell starting at line 4, column 8 (no closing quote within the row limit of 8388608 bytes)"' limits.jsonl ||
  fail "limits.jsonl lacks the long quoted cell"
grep -qF '"line":6,"id":null,"field":"","expected":"a well-formed CSV row","found":"5003 cells, more than the limit of 4096"' limits.jsonl ||
  fail "limits.jsonl lacks the wide row"

# 7. Good rows decide byte for byte as the same accounts in JSON Lines, audit and input
#    digest included, from a file and from stdin.
printf 'id,employees,name\nb1,120,"Acme, ""Inc"""\r\nb2,20,\r\nb3,300,"multi\nline"\r\n' >same.csv
printf 'account_id,type,at,days_ago\nb1,g2_visit,,3\nb3,g2_visit,2026-11-20,\nb1,job_post,,1\n' >same_signals.csv
cat >same.jsonl <<'EOF'
{"id":"b1","employees":120,"name":"Acme, \"Inc\"","signals":[{"type":"g2_visit","days_ago":3},{"type":"job_post","days_ago":1}]}
{"id":"b2","employees":20}
{"id":"b3","employees":300,"name":"multi\nline","signals":[{"type":"g2_visit","at":"2026-11-20"}]}
EOF
run eval csv.icp --input same.jsonl --as-of 2026-11-22 --audit
expect_status 0
cp "$SCRATCH/out" from_jsonl.out
run eval csv.icp --input same.csv --signals same_signals.csv --as-of 2026-11-22 --audit
expect_status 0
cmp -s "$SCRATCH/out" from_jsonl.out || fail "CSV decisions differ from the JSON Lines ones"
run eval csv.icp --input - --input-format csv --signals same_signals.csv --as-of 2026-11-22 --audit <same.csv
expect_status 0
cmp -s "$SCRATCH/out" from_jsonl.out || fail "CSV from stdin differs"

# 8. backtest reads side files the same way: unknown accounts reported and counted (exit 1),
#    a missing side file exit 2.
mkdir -p bt
for name in profile.icp accounts.csv opportunities.csv; do fixture "backtest/$name" "bt/$name"; done
printf 'account_id,type,days_ago\nAcme,g2_visit,3\nNobody,g2_visit,3\n' >bt/signals.csv
run backtest bt/profile.icp --accounts bt/accounts.csv --opportunities bt/opportunities.csv --signals bt/signals.csv
expect_status 1
expect_err_line 'bt/signals.csv:3: `account_id`: expected the id of an account row read from the accounts file, found "Nobody"'
expect_err_line 'icpc: 1 of 2 rows of `bt/signals.csv` not used'
run backtest bt/profile.icp --accounts bt/accounts.csv --opportunities bt/opportunities.csv --signals bt/signal.csv
expect_status 2
expect_empty_out
finish
