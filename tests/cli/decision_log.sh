# The decision log as a user runs it (docs/decision-log.md): `icpc eval --log` writes it,
# `icpc log verify` walks its chain and names each kind of tampering this script makes,
# `icpc log show` finds decisions by id and by account and explains them, `icpc replay`
# decides every entry again (no difference; an edited decision is reported), redaction is
# named rather than replayed, and `icpc replay --with` gives `icpc diff`'s matrix.
. "$(dirname "$0")/lib/common.sh"
EXAMPLES=$(cd "$FIXTURES/../../../examples" && pwd)
AS_OF=2026-11-22
cp "$EXAMPLES/mid-market-security.icp" mid.icp
cp "$EXAMPLES/data/mid-market-accounts.jsonl" accounts.jsonl
fixture diff/mid-market-security-v2.icp v2.icp
fixture diff/accounts.jsonl diff-accounts.jsonl

# --- eval --log: the same decisions, and one entry per decision.
"$ICPC" eval mid.icp --input accounts.jsonl --as-of $AS_OF >plain.jsonl 2>/dev/null
run eval mid.icp --input accounts.jsonl --as-of $AS_OF --log log --log-max-file-size 4K
expect_status 1  # the data's one rejected record, as without --log
cmp -s "$SCRATCH/out" plain.jsonl || fail "eval --log wrote other decisions than eval"
[ "$(cat log/decisions-*.jsonl | wc -l)" -eq "$(wc -l <plain.jsonl)" ] || fail "one entry per decision expected"
[ -f log/programs/$(sed -n '1s/.*"program":"sha256:\([0-9a-f]*\)".*/\1/p' plain.jsonl).icpb ] || fail "the program is not kept"
ls log/decisions-000002.jsonl >/dev/null 2>&1 || fail "4K files should have rotated"
# Each entry's decision is eval's line, byte for byte.
cat log/decisions-*.jsonl | sed 's/.*,"decision":\(.*\),"seq":.*/\1/' >logged.jsonl
cmp -s logged.jsonl plain.jsonl || fail "the logged decisions differ from eval's lines"
# A second run continues the chain.
run eval mid.icp --input accounts.jsonl --as-of $AS_OF --log log --log-max-file-size 4K
expect_status 1

# --- The chain, checked without icpc: each entry's prev is the SHA-256 of the line before.
cat log/decisions-*.jsonl >all.jsonl
n=$(wc -l <all.jsonl)
[ "$n" -eq 20 ] || fail "20 entries expected after two runs (10 decisions each), found $n"
i=1
while [ $i -lt "$n" ]; do
  hash=$(sed -n "${i}p" all.jsonl | sha256sum | cut -d' ' -f1)
  sed -n "$((i + 1))p" all.jsonl | grep -q "\"seq\":$((i + 1)),\"prev\":\"sha256:$hash\"}$" ||
    fail "entry $((i + 1)) does not carry the SHA-256 of entry $i"
  i=$((i + 1))
done

run log verify log
expect_status 0
expect_out "log: intact: 20 entries in"
expect_out "head: entry 20 sha256:"

# --- Tampering, each on a copy: verify names the kind (exit 1); a torn tail is a note (exit 0).
FIRST=decisions-000001.jsonl
tampered() {  # tampered KIND EXPECTED-TEXT COMMAND...: applies COMMAND in copy/, then verifies
  kind=$1 expected=$2
  shift 2
  rm -rf copy && cp -r log copy
  (cd copy && eval "$@")
  run log verify copy
  expect_status "$( [ "$kind" = "torn tail" ] && echo 0 || echo 1)"
  if [ "$kind" = "torn tail" ]; then expect_out "note: torn tail"; else expect_out "copy: broken ($kind): "; fi
  expect_out "$expected"
}
tampered edited "entry 2 (\`$FIRST\`:2) was changed" "sed -i '2s/\"employees\":[0-9]*/\"employees\":9/' $FIRST"
tampered deleted "entry 2 is missing between entry 1" "sed -i 2d $FIRST"
tampered reordered "entries are out of order" "{ sed -n 2p $FIRST; sed -n 1p $FIRST; sed 1,2d $FIRST; } >x && mv x $FIRST"
tampered "missing file" "\`decisions-000002.jsonl\` is missing" "rm decisions-000002.jsonl"
tampered "torn tail" "entry that was never finished" "head -c 100 $FIRST >>\$(ls decisions-*.jsonl | tail -1)"
run log verify no-such-folder
expect_status 2

# --- The end of the log has no successor to tell on it: the head verify printed, kept
# elsewhere, does (an edit of the last entry, or a cut end, verifies without it).
run log verify log
head=$(sed -n 's/.*; head: entry \([0-9]*\) \(sha256:[0-9a-f]*\)$/\1:\2/p' "$SCRATCH/out")
[ -n "$head" ] || fail "verify printed no head"
LAST=$(cd log && ls decisions-*.jsonl | tail -1)
run log verify log --anchor "$head"
expect_status 0
rm -rf copy && cp -r log copy && sed -i '$s/"employees":[0-9]*/"employees":9/' copy/$LAST
run log verify copy
expect_status 0
run log verify copy --anchor "$head"
expect_status 1
expect_out "copy: broken (edited): entry 20 ("
expect_out "is not the entry anchored"
rm -rf copy && cp -r log copy && sed -i '$d' copy/$LAST
run log verify copy --anchor "$head"
expect_status 1
expect_out "copy: broken (deleted): entry 20, anchored, is not in the log: it ends at entry 19"
run log verify log --anchor 20:sha256:abc
expect_status 2

# --- log show: by decision id, by account (two runs: two entries), by time.
id=$(sed -n '3s/^{"decision_id":"\([^"]*\)".*/\1/p' all.jsonl)
run log show log --decision "$id" --color never
expect_status 0
expect_out "entry 3 ("
expect_out "  decision_id  $id"
expect_out "acc-000003 — tier 2 \"Near fit\""
expect_out "criteria"
expect_out "route: queue \"sdr-outbound\""
run log show log --account acc-000003 --color never
expect_status 0
[ "$(grep -c '^entry ' "$SCRATCH/out")" -eq 2 ] || fail "acc-000003 was decided twice"
run log show log --account acc-000003 --from 2020-01-01 --to 2020-12-31
expect_status 1
expect_err "no entry of \`log\` matches"
run log show log --account acc-000003 --from yesterday
expect_status 2
run log show log
expect_status 2

# --- replay: no difference; a decision edited in the log is one.
run replay log
expect_status 0
expect_out "log: 20 entries selected, 20 replayed with 1 program: no difference"
rm -rf edited && cp -r log edited
sed -i '3s/"tier":2,"tier_label":"Near fit"/"tier":1,"tier_label":"Perfect fit"/' edited/$FIRST
run replay edited
expect_status 1
expect_out "1 differs"
expect_out "differs: entry 3 (\`$FIRST\`:3), decision $id, account \`acc-000003\`"

# --- Redaction: the fields are not in the log; replay names the entries instead of differing.
run eval mid.icp --input accounts.jsonl --as-of $AS_OF --log redacted --log-redact employees,contacts
expect_status 1
sed 's/.*,"input":\(.*\),"redacted":.*/\1/' redacted/*.jsonl >inputs.jsonl
[ "$(wc -l <inputs.jsonl)" -eq 10 ] || fail "10 redacted entries expected"
if grep -q '"employees"\|"contacts"\|Head of Security' inputs.jsonl; then fail "redacted fields were logged"; fi
grep -q '"redacted":\["employees","contacts"\]' redacted/$FIRST || fail "entries should name what they leave out"
run replay redacted
expect_status 0
expect_out "redacted: 10 entries selected, 0 replayed with 0 programs: no difference; 10 not replayed (redacted input)"
expect_out "not replayed: entry 1 (\`$FIRST\`:1), decision"
expect_out "its input leaves out \`employees\`, \`contacts\`"
run log show redacted --account acc-000001
expect_status 0
expect_out "not explained: the logged input leaves out \`employees\`, \`contacts\`"
run eval mid.icp --input accounts.jsonl --as-of $AS_OF --log bad --log-redact id
expect_status 2
expect_err "cannot leave out \`id\`"
# A misspelt field would be logged after all: refused before anything is written.
run eval mid.icp --input accounts.jsonl --as-of $AS_OF --log bad --log-redact employes
expect_status 2
expect_err "\`mid\` declares no such field"
[ ! -e bad ] || fail "a refused --log-redact must not create the log"
run eval mid.icp --input accounts.jsonl --as-of $AS_OF --log bad --log-fsync sometimes
expect_status 2

# --- replay --with: the report `icpc diff` gives for the same accounts (those the logged
# program accepted, as a rejected record has no decision to log; no blank line, so that an
# account's line in the file is its entry's seq in the log).
grep '^{' diff-accounts.jsonl | grep -v '"d-05"\|"d-10"' >accepted.jsonl
"$ICPC" eval mid.icp --input accepted.jsonl --as-of $AS_OF --log difflog >/dev/null || fail "eval of the accepted accounts"
run diff mid.icp v2.icp --input accepted.jsonl --as-of $AS_OF --format json
expect_status 0
sed 's/^.*"as_of":"2026-11-22",//' "$SCRATCH/out" >diff.json
run replay difflog --with v2.icp --format json
expect_status 0
sed 's/^.*"as_of":"2026-11-22",//' "$SCRATCH/out" >replay.json
grep -q '"matrix":\[\[2,1,0,0,1,0\]' replay.json || fail "the fixture's matrix changed"
cmp -s diff.json replay.json || fail "replay --with and diff differ: $(diff diff.json replay.json)"
run replay difflog --with v2.icp
expect_status 0
expect_out "icpc replay --with: 14 accounts from difflog"
expect_out "    d-02 (entry 2)"
run replay difflog --with v2.icp --format markdown
expect_status 0
expect_out "### icpc replay --with: \`v2.icp\`"
finish
