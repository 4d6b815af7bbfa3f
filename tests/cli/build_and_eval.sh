# `icpc build`, `icpc eval` and `icpc dump bytecode` as a user runs them.
. "$(dirname "$0")/lib/common.sh"
fixture clean.icp
fixture error.icp

# build: byte-identical artifacts, the id printed, errors exit 1.
run build clean.icp -o a.icpb
expect_status 0
expect_out "a.icpb:"
expect_out "program sha256:"
run build clean.icp -o b.icpb
cmp -s a.icpb b.icpb || fail "two builds of the same source differ"
run build clean.icp
expect_status 0
[ -f clean.icpb ] || fail "build without -o should write clean.icpb"
run build error.icp -o bad.icpb
expect_status 1
expect_err "error[E0210]"
[ ! -f bad.icpb ] || fail "a failed build must not write an artifact"

# dump bytecode: from source with source lines, from an artifact too.
run dump bytecode clean.icp
expect_status 0
expect_out "LOAD_FIELD"
expect_out "RETURN"
run dump bytecode a.icpb
expect_status 0
expect_out "LOAD_FIELD"

# A corrupted artifact is refused with exit 2, never a crash.
head -c 20 a.icpb > truncated.icpb
run eval truncated.icpb --input - --as-of 2026-11-22 </dev/null
expect_status 2
expect_err "not a valid icp artifact"

# eval: one decision per record, the as-of date in each, rejected records reported.
printf '%s\n' '{"id":"a-1","employees":150}' '' '{"id":"a-2","employees":"many"}' '{"id":"a-3","employees":5}' > accounts.jsonl
run eval clean.icp --input accounts.jsonl --as-of 2026-11-22
expect_status 1
expect_out '"id":"a-1"'
expect_out '"as_of":"2026-11-22"'
expect_out '"verdict":"tier","tier":1'
expect_out '"id":"a-3"'
expect_out '"verdict":"no_fit"'
expect_no_out '"id":"a-2"'
expect_err 'accounts.jsonl:3: record `a-2` rejected: `employees`: expected an integer, found "many"'
expect_err "1 of 3 records rejected"

# The artifact gives the same decisions as the source; stdin works; --errors writes JSON.
run eval a.icpb --input - --as-of 2026-11-22 --errors rejected.jsonl < accounts.jsonl
expect_status 1
grep -q '"line":3,"id":"a-2","field":"employees"' rejected.jsonl || fail "--errors file lacks the rejection"
"$ICPC" eval clean.icp --input accounts.jsonl --as-of 2026-11-22 2>/dev/null > from_source.jsonl
cmp -s "$SCRATCH/out" from_source.jsonl || fail "artifact and source decisions differ"

# --audit adds the trace with the input digest; threads do not change a byte.
run eval clean.icp --input accounts.jsonl --as-of 2026-11-22 --audit --threads 3
expect_out '"input_digest":"sha256:'
"$ICPC" eval clean.icp --input accounts.jsonl --as-of 2026-11-22 --audit --threads 1 2>/dev/null > one.jsonl
cmp -s "$SCRATCH/out" one.jsonl || fail "--threads 3 and --threads 1 differ"

# One account as a (pretty-printed) JSON object, and CSV with a header row.
printf '{\n  "id": "a-9",\n  "employees": 300\n}\n' > one.json
run eval clean.icp --input one.json --as-of 2026-11-22
expect_status 0
expect_out '"id":"a-9"'
printf 'id,employees,notes\na-5,120,"big, growing"\na-6,,x\n' > accounts.csv
run eval clean.icp --input accounts.csv --as-of 2026-11-22
expect_status 1
expect_out '"id":"a-5"'
expect_err 'accounts.csv:3: record `a-6` rejected'

# Usage errors exit 2.
run eval clean.icp --input missing.jsonl --as-of 2026-11-22
expect_status 2
run eval clean.icp --input accounts.jsonl --as-of 2026-13-01
expect_status 2
expect_err "--as-of"
run eval clean.icp --input accounts.jsonl --signals s.csv
expect_status 2
finish
