# Numbers as a user meets them (docs/reliability.md, "Numbers"): a number past its range is
# an error at the literal from `icpc check`, a program `check` accepts builds with its
# constants exact, and evaluation gives exact numbers or unknown, never a wrong one.
. "$(dirname "$0")/lib/common.sh"
fixture numbers.icp

# At the ends of every range: clean, built, and each constant shown exactly.
run check numbers.icp
expect_status 0
run build numbers.icp -o numbers.icpb
expect_status 0
run dump bytecode numbers.icpb
expect_status 0
expect_out "922337203685477.5807"
expect_out "-922337203685477.5808"
expect_out "sla 876000h (876000h)"
run dump ir numbers.icp
expect_out "let floor : decimal = -922337203685477.5808"
expect_out "constant [0.5, 922337203685477] : list<decimal>"

# An integer past the range in a list of decimals was read as 0; now it is an error.
sed 's/\[0.5, 922337203685477\]/[0.5, 1000000000000000]/' numbers.icp > list.icp
run check list.icp
expect_status 1
expect_out "list.icp:20:36: error[E0005]: integer \`1000000000000000\` is too large"
# An integer past it elsewhere passed check and failed build; now check refuses it.
sed 's/let most  = 922337203685477/let most  = 922337203685478/' numbers.icp > most.icp
run check most.icp
expect_status 1
expect_out "most.icp:15:13: error[E0005]"
run build most.icp
expect_status 1
expect_err "error[E0005]"
# A duration that overflowed to "due every -1 days".
sed 's/review_every 36500d/review_every 9223372036854775807d/' numbers.icp > review.icp
run check review.icp
expect_status 1
expect_out "review.icp:5:16: error[E0005]: duration \`9223372036854775807d\` is longer than 100 years"
# Constant arithmetic with no exact 4-place value.
sed 's/let most  = 922337203685477/let most  = 1 \/ 3/' numbers.icp > third.icp
run check third.icp
expect_status 1
expect_out "third.icp:15:13: error[E0313]: \`1 / 3\` has more than 4 fractional digits"

# Evaluation: an int past the range reads as unknown, a score that overflows is null.
printf '%s\n' '{"id":"a","employees":922337203685477}' '{"id":"b","employees":922337203685478}' \
  '{"id":"c","employees":1,"revenue":0,"signals":[{"type":"visit","days_ago":1},{"type":"visit","days_ago":2}]}' \
  '{"id":"d","employees":1,"revenue":0}' > accounts.jsonl
run eval numbers.icpb --input accounts.jsonl --as-of 2026-11-22
expect_status 0
expect_out '"id":"a","profile":"Numbers"'
grep '"id":"a"' "$SCRATCH/out" | grep -q '"tier":1' || fail "a is tier 1"
grep '"id":"b"' "$SCRATCH/out" | grep -q '"verdict":"no_fit"' || fail "b's employees are unknown: no fit"
grep '"id":"c"' "$SCRATCH/out" | grep -q '"score":null' || fail "c's score overflows to null"
grep '"id":"d"' "$SCRATCH/out" | grep -q '"verdict":"no_fit"' || fail "revenue 0 is not in [0.5, 922337203685477]"
run eval numbers.icpb --input accounts.jsonl --as-of 2026-11-22 --audit
grep '"id":"b"' "$SCRATCH/out" | grep -q '"employees":922337203685478' || fail "b's audit shows the value it read"
grep '"id":"b"' accounts.jsonl > b.json
run explain numbers.icp --account b.json --as-of 2026-11-22
expect_out "unknown (employees out of range)"
finish
