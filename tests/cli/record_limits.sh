# JSON account records at and past the stated limits (docs/reliability.md "Account records"):
# 50,000 nested arrays in an ignored key (which overflowed the stack) and a 9 MiB line, each
# between good records. The hostile record is rejected with its line, id, field and what was
# expected; the good ones are decided byte for byte as without it, by `icpc eval` (1 and 3
# threads, stdin, --errors, one JSON document), `explain`, `diff` and `test`. Inputs are
# generated here, never committed.
. "$(dirname "$0")/lib/common.sh"
fixture clean.icp
AS_OF=2026-11-22

repeat() { printf "%$2s" '' | tr ' ' "$1"; }  # repeat CHAR COUNT
good1='{"id":"a-1","employees":150}'
good3='{"id":"a-3","employees":5}'
plain2='{"id":"a-2","employees":150}'
record2() { printf '{"id":"a-2","employees":150,"x":%s}' "$1"; }  # record2 VALUE
big_head='{"id":"a-2","employees":150,"x":"'
big_bytes=$(( ${#big_head} + 9437184 + 2 ))
depth_error='`x`: expected arrays and objects nested at most 64 deep, found deeper nesting'
size_error="record too large: expected at most 8388608 bytes (8 MiB), found $big_bytes bytes"

record2 "$(repeat '[' 50000)$(repeat ']' 50000)" >deep.json
record2 "$(repeat '[' 63)$(repeat ']' 63)" >at-limit.json
record2 "$(repeat '[' 64)$(repeat ']' 64)" >over-limit.json
{ printf '%s' "$big_head"; head -c 9437184 /dev/zero | tr '\0' y; printf '"}'; } >big.json
for name in deep at-limit over-limit big; do
  { echo "$good1"; cat $name.json; echo; echo "$good3"; } >$name.jsonl
done
printf '%s\n' "$good1" "$good3" >good.jsonl
printf '%s\n' "$good1" "$plain2" "$good3" >plain.jsonl
"$ICPC" eval clean.icp --input good.jsonl --as-of $AS_OF >good.out 2>/dev/null || fail "eval of good records failed"
"$ICPC" eval clean.icp --input plain.jsonl --as-of $AS_OF >plain.out 2>/dev/null || fail "eval of plain records failed"

# expect_out_file FILE: stdout is FILE, byte for byte.
expect_out_file() { cmp -s "$SCRATCH/out" "$1" || fail "stdout differs from $1"; }

# --- eval: the hostile line is rejected (exit 1), the others decided as without it.
for threads in 1 3; do
  run eval clean.icp --input deep.jsonl --as-of $AS_OF --threads $threads
  expect_status 1
  expect_out_file good.out
  expect_err_line "deep.jsonl:2: record \`a-2\` rejected: $depth_error"
  expect_err_line "icpc: 1 of 3 records rejected"
  run eval clean.icp --input over-limit.jsonl --as-of $AS_OF --threads $threads
  expect_status 1
  expect_out_file good.out
  expect_err_line "over-limit.jsonl:2: record \`a-2\` rejected: $depth_error"
  run eval clean.icp --input big.jsonl --as-of $AS_OF --threads $threads
  expect_status 1
  expect_out_file good.out
  expect_err_line "big.jsonl:2: record \`a-2\` rejected: $size_error"
  expect_err_line "icpc: 1 of 3 records rejected"
  run eval clean.icp --input at-limit.jsonl --as-of $AS_OF --threads $threads
  expect_status 0
  expect_out_file plain.out
done
"$ICPC" eval clean.icp --input - --as-of $AS_OF --errors rejected.jsonl <big.jsonl >"$SCRATCH/out" 2>"$SCRATCH/err"
status=$?
expect_status 1
expect_out_file good.out
grep -qxF "{\"line\":2,\"id\":\"a-2\",\"field\":\"\",\"expected\":\"at most 8388608 bytes (8 MiB)\",\"found\":\"$big_bytes bytes\",\"message\":\"$size_error\"}" rejected.jsonl ||
  fail "--errors lacks the over-long record: $(cut -c1-300 rejected.jsonl)"

# One JSON document (.json, or --input-format json): the same limits, read whole no further.
run eval clean.icp --input deep.json --as-of $AS_OF
expect_status 1
expect_empty_out
expect_err_line "deep.json:1: record \`a-2\` rejected: $depth_error"
run eval clean.icp --input - --input-format json --as-of $AS_OF <big.json
expect_status 1
expect_err_line "-:1: record \`a-2\` rejected: $size_error"
run eval clean.icp --input at-limit.json --as-of $AS_OF
expect_status 0
expect_out '"id":"a-2"'

# --- explain: the account file is one record.
run explain clean.icp --account deep.json --as-of $AS_OF --color never
expect_status 1
expect_empty_out
expect_err_line "icpc: error: deep.json: record \`a-2\` rejected: $depth_error"
run explain clean.icp --account big.json --as-of $AS_OF --color never
expect_status 1
expect_err_line "icpc: error: big.json: record \`a-2\` rejected: $size_error"
printf '%s' "$plain2" >plain.json
"$ICPC" explain clean.icp --account plain.json --as-of $AS_OF --color never >plain.explain 2>/dev/null
run explain clean.icp --account at-limit.json --as-of $AS_OF --color never
expect_status 0
expect_out_file plain.explain

# --- diff: the hostile record is rejected by both versions, as any rejected record (exit 0).
for name in deep big; do
  run diff clean.icp clean.icp --input $name.jsonl --as-of $AS_OF --format json
  expect_status 0
  expect_out '"accounts":3,'
  expect_out '"rejected":{"old":1,"new":1}'
done
run diff clean.icp clean.icp --input deep.jsonl --as-of $AS_OF
expect_err_line "deep.jsonl:2: record \`a-2\` rejected by both versions: $depth_error"
run diff clean.icp clean.icp --input big.jsonl --as-of $AS_OF
expect_err_line "big.jsonl:2: record \`a-2\` rejected by both versions: $size_error"
run diff clean.icp clean.icp --input big.json --as-of $AS_OF
expect_err_line "big.json:1: record \`a-2\` rejected by both versions: $size_error"

# --- test: a case naming the hostile record fails with the rejection; the record after it
# is still found and passes.
cat >limits.test.toml <<'EOF'
rules = "clean.icp"
as_of = 2026-11-22

[[case]]
name = "deep"
verdict = "tier"
account_file = "deep.jsonl"
account_id = "a-2"

[[case]]
name = "after deep"
verdict = "no_fit"
account_file = "deep.jsonl"
account_id = "a-3"

[[case]]
name = "big"
verdict = "tier"
account_file = "big.jsonl"
account_id = "a-2"

[[case]]
name = "after big"
verdict = "no_fit"
account_file = "big.jsonl"
account_id = "a-3"

[[case]]
name = "big document"
verdict = "tier"
account_file = "big.json"

[[case]]
name = "at the depth limit"
verdict = "tier"
account_file = "at-limit.json"
EOF
run test limits.test.toml --color never
expect_status 1
expect_out "error: account of case \`deep\` rejected: deep.jsonl:2: $depth_error"
expect_out "error: account of case \`big\` rejected: big.jsonl:2: $size_error"
expect_out "error: account of case \`big document\` rejected: big.json: $size_error"
expect_out_line "icpc test: 3 passed, 3 failed (1 file)"
finish
